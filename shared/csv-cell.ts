/**
 * One CSV cell (RFC 4180): quoted when it holds a quote, comma, line break or apostrophe; a leading
 * = + - @ (or tab, CR) is prefixed with an apostrophe so spreadsheet programs never run it as a
 * formula. Used by the feed's exports and by shared/tabular.ts's writeCsv.
 */
export function csvCell(value: string | number | undefined | null): string {
  if (value === undefined || value === null) return "";
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n']/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
