/**
 * POST-redirect-GET for every console form: what a POST would have shown (a refusal beside the
 * fields with the input kept, or a preview) is kept here for a minute and the browser is sent with
 * 303 to the form's GET address, which shows it once. The address bar never holds a POST, so a
 * reload never posts again. Kept in this gateway's memory under a random id in a cookie, tied to
 * the session and the address; a GET that finds nothing (expired, or answered by another gateway
 * replica without sticky sessions) shows the page afresh.
 */
import { createHash, randomBytes } from "node:crypto";

export const FLASH_COOKIE = "zfgs_flash";
/** Seconds a kept page waits for its GET. */
export const FLASH_SECONDS = 60;
/** Pages kept at once; the oldest go first (a refusal is read at once or not at all). */
const MAX_PAGES = 1000;

interface KeptPage {
  session: string;
  path: string;
  status: number;
  body: string;
  headers: Record<string, string>;
  expires: number;
}

const pages = new Map<string, KeptPage>();

function digest(sessionId: string): string {
  return createHash("sha256").update(sessionId).digest("base64url");
}

/**
 * Keeps a page for the session's next GET of `path` (the sign-in page: for the sign-in form's
 * token); answers the id for the cookie. `headers` go with it (a throttled sign-in's Retry-After).
 */
export function keepPage(
  sessionId: string,
  path: string,
  status: number,
  body: string,
  now = Date.now(),
  headers: Record<string, string> = {},
): string {
  for (const [id, page] of pages) if (page.expires <= now || pages.size >= MAX_PAGES) pages.delete(id);
  const id = randomBytes(16).toString("base64url");
  pages.set(id, { session: digest(sessionId), path, status, body, headers, expires: now + FLASH_SECONDS * 1000 });
  return id;
}

/** The page kept under `id` for this session and path, once; undefined when there is none. */
export function takePage(
  id: string,
  sessionId: string,
  path: string,
  now = Date.now(),
): { status: number; body: string; headers: Record<string, string> } | undefined {
  const page = pages.get(id);
  if (!page || page.session !== digest(sessionId) || page.path !== path) return undefined;
  pages.delete(id);
  return page.expires > now ? { status: page.status, body: page.body, headers: page.headers } : undefined;
}

/**
 * The GET address a POST route's form lives at: the same path when it has a GET page, else the
 * nearest parent path that has one (`/console/results/:id/publish` → `/console/results/:id`).
 */
export function formPageOf(postPattern: string, getPatterns: ReadonlySet<string>): string {
  for (let p = postPattern; p.startsWith("/console"); p = p.slice(0, p.lastIndexOf("/"))) {
    if (getPatterns.has(p)) return p;
  }
  return "/console";
}

/**
 * Where to send the browser: the form's page with the query it was opened with (the Referer of a
 * post from it, such as `?feedback=…`), else the page alone. The `ok` of an earlier success is
 * dropped: its message would be shown beside this answer again.
 */
export function formAddress(formPage: string, referer: string | undefined): string {
  if (!referer) return formPage;
  try {
    const from = new URL(referer);
    if (from.pathname !== formPage) return formPage;
    from.searchParams.delete("ok");
    return formPage + from.search;
  } catch {
    return formPage;
  }
}
