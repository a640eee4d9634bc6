/**
 * Signed, expiring bearer tokens: `v1.<payload>.<HMAC-SHA256>` in base64url. The payload names
 * the user and the user's token version at issue; the accounts service re-reads the user on every
 * check, so a deactivated user's token stops working at once, and a token whose version is behind
 * the user's (bumped by a password reset, a deactivation or reactivation, a role or body change)
 * never works again.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export interface TokenClaims {
  sub: string;
  iat: number;
  exp: number;
  /** The user's token version when the token was issued; absent in tokens older than versions (0, below every user's). */
  ver?: number;
}

function sign(secret: string, data: string): string {
  return createHmac("sha256", secret).update(data).digest("base64url");
}

export function issueToken(secret: string, userId: string, ttlSeconds: number, now = Date.now(), version = 0): string {
  const iat = Math.floor(now / 1000);
  const claims: TokenClaims = { sub: userId, iat, exp: iat + ttlSeconds, ver: version };
  const payload = Buffer.from(JSON.stringify(claims)).toString("base64url");
  return `v1.${payload}.${sign(secret, `v1.${payload}`)}`;
}

export type TokenProblem = "malformed" | "signature" | "expired";

export function verifyToken(
  secret: string,
  token: string,
  now = Date.now(),
): { claims: TokenClaims } | { problem: TokenProblem } {
  const parts = token.split(".");
  if (parts.length !== 3 || parts[0] !== "v1" || !parts[1] || !parts[2]) return { problem: "malformed" };
  const expected = Buffer.from(sign(secret, `v1.${parts[1]}`));
  const given = Buffer.from(parts[2]);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { problem: "signature" };
  let claims: TokenClaims;
  try {
    claims = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8")) as TokenClaims;
  } catch {
    return { problem: "malformed" };
  }
  if (
    typeof claims !== "object" ||
    claims === null ||
    typeof claims.sub !== "string" ||
    typeof claims.exp !== "number" ||
    (claims.ver !== undefined && !(Number.isInteger(claims.ver) && claims.ver >= 0))
  ) {
    return { problem: "malformed" };
  }
  if (claims.exp * 1000 <= now) return { problem: "expired" };
  return { claims };
}

/**
 * Users' token versions start here (migration 20261206001000 raised every existing user to it),
 * so a token from before versions, which counts as 0, matches no user and is refused.
 */
export const FIRST_TOKEN_VERSION = 1;

/** The user's token version the token was issued under (tokens from before versions count as 0). */
export function tokenVersionOf(claims: TokenClaims): number {
  return claims.ver ?? 0;
}
