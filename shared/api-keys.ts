/**
 * Machine credentials of a body's case-handling system (办案系统): `zfgs_` and 32 random bytes in
 * base64url. The key is shown once, when an administrator creates it; the database keeps only its
 * SHA-256 hash (to find it) and a short public prefix (to tell keys apart in lists and the audit).
 */
import { createHash, randomBytes } from "node:crypto";

export const API_KEY_MARK = "zfgs_";
/** `zfgs_` and 43 base64url characters (32 bytes). */
const API_KEY_PATTERN = /^zfgs_[A-Za-z0-9_-]{43}$/;
/** How much of a key lists show: the mark and 6 characters. */
const PREFIX_LENGTH = API_KEY_MARK.length + 6;

/** A new key; `random` for tests only. */
export function newApiKey(random: Buffer = randomBytes(32)): string {
  if (random.length !== 32) throw new Error("an API key takes 32 random bytes");
  return `${API_KEY_MARK}${random.toString("base64url")}`;
}

/** Whether a bearer credential is meant as an API key (and not a user's token). */
export function looksLikeApiKey(credential: string): boolean {
  return credential.startsWith(API_KEY_MARK);
}

/** Whether the key has the shape of one this platform issues. */
export function isApiKey(credential: string): boolean {
  return API_KEY_PATTERN.test(credential);
}

/** What the database keeps to find a key: its SHA-256, hex. */
export function apiKeyHash(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** The public part shown in lists: `zfgs_` and the first 6 characters. */
export function apiKeyPrefix(key: string): string {
  return key.slice(0, PREFIX_LENGTH);
}
