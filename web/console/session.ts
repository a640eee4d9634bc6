/**
 * Console sessions in the browser: one HttpOnly, SameSite=Strict cookie (Secure when the site is
 * served over HTTPS) holding a random session id the accounts service resolves; every form carries
 * the session's CSRF token, and a POST whose token or Origin does not match is refused. The sign-in
 * form, which has no session yet, uses a double-submit token in a short-lived cookie of its own.
 */
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { proxyTrust, type ProxyTrust } from "../../shared/client-address.js";

export const SESSION_COOKIE = "zfgs_console";
export const LOGIN_COOKIE = "zfgs_login";
export const CONSOLE_PATH = "/console";

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (name && !Object.hasOwn(out, name)) out[name] = value;
  }
  return out;
}

export interface CookieOptions {
  secure: boolean;
  /** Seconds; 0 deletes the cookie; absent makes a browser-session cookie. */
  maxAge?: number;
}

export function cookie(name: string, value: string, opts: CookieOptions): string {
  const parts = [`${name}=${value}`, `Path=${CONSOLE_PATH}`, "HttpOnly", "SameSite=Strict"];
  if (opts.secure) parts.push("Secure");
  if (opts.maxAge !== undefined) parts.push(`Max-Age=${opts.maxAge}`);
  return parts.join("; ");
}

/** Where the site is served from and which proxies we trust (Config's PUBLIC_BASE_URL and TRUST_PROXY). */
export interface SiteOrigin {
  publicBaseUrl: string;
  trustProxy: boolean;
  trustedProxies?: readonly string[];
}

/** One ProxyTrust per TRUST_PROXY list, built on first use rather than on every request. */
const trusts = new WeakMap<readonly string[], ProxyTrust>();

function trustOf(site: SiteOrigin): ProxyTrust {
  if (!site.trustedProxies) return proxyTrust(site.trustProxy);
  let trust = trusts.get(site.trustedProxies);
  if (!trust) trusts.set(site.trustedProxies, (trust = proxyTrust(site.trustedProxies)));
  return trust;
}

/**
 * Served over HTTPS: the public base URL says so, or the socket's peer is one of our proxies
 * (TRUST_PROXY, as for the client address: `true` or a list of addresses / CIDRs) and forwarded an
 * https request. X-Forwarded-Proto from any other peer is the client's to write and is ignored.
 */
export function isSecure(req: IncomingMessage, site: SiteOrigin): boolean {
  if (site.publicBaseUrl.startsWith("https:")) return true;
  if (!trustOf(site).trusts(req.socket?.remoteAddress ?? "")) return false;
  return (
    String(req.headers["x-forwarded-proto"] ?? "")
      .split(",")[0]
      ?.trim()
      .toLowerCase() === "https"
  );
}

export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Constant-time comparison of two tokens; an absent or empty one never matches. */
export function sameToken(a: string | undefined | null, b: string | undefined | null): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * A state-changing request must come from our own pages: when the browser names its Origin (all
 * current ones do on POST), it must be this site's — the public base URL's or the Host it asked.
 */
export function sameOrigin(req: IncomingMessage, publicBaseUrl: string): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (origin === "null") return false;
  if (origin === new URL(publicBaseUrl).origin) return true;
  const host = req.headers.host;
  return host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
}

/** Where to go after signing in: only a console path of this site (never an open redirect). */
export function safeNext(next: string | undefined | null): string {
  if (!next || !next.startsWith(`${CONSOLE_PATH}/`) || next.startsWith(`${CONSOLE_PATH}/login`)) return CONSOLE_PATH;
  // Printable ASCII only (a Location header takes nothing else), no backslash, no scheme-relative form.
  if (!/^[\x21-\x7e]+$/.test(next) || next.includes("\\") || next.startsWith("//")) return CONSOLE_PATH;
  return next;
}
