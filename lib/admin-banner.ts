/**
 * The framed block that hands an administrator's password to whoever starts the platform (first
 * start, `npm run admin:reset-password`). Written to stdout apart from the log, after the start-up
 * lines, so it is not lost among them; the password stands alone on its line, to copy it whole.
 */
const RULE = "=".repeat(72);

export function adminPasswordBanner(opts: { title: string; url: string; username: string; password?: string }): string {
  const lines = [
    "",
    RULE,
    opts.title,
    `  Console:  ${opts.url}`,
    `  Username: ${opts.username}`,
    ...(opts.password === undefined
      ? ["  Password: the one in ADMIN_PASSWORD"]
      : ["  Password (shown once; a lost one is reset with `npm run admin:reset-password`):", "", opts.password, ""]),
    RULE,
    "",
  ];
  return lines.join("\n") + "\n";
}
