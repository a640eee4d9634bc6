/**
 * Codes people type or read aloud: Crockford base32 (no I, L, O, U), in groups of four. A notice's
 * verification code has four groups (80 random bits); a feedback tracking code three (60 bits).
 * Unguessable, yet short; typing look-alike letters or lower case is forgiven on input.
 */
import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

function newCode(groups: number): string {
  const bytes = randomBytes(Math.ceil((groups * 4 * 5) / 8));
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5 && out.length < groups * 4) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out.match(/.{4}/g)!.join("-");
}

function normalizeCode(input: string, groups: number): string | undefined {
  const cleaned = input.toUpperCase().replace(/[\s-]/g, "").replace(/[IL]/g, "1").replace(/O/g, "0");
  if (!new RegExp(`^[0-9A-HJKMNP-TV-Z]{${groups * 4}}$`).test(cleaned)) return undefined;
  return cleaned.match(/.{4}/g)!.join("-");
}

export const newVerifyCode = (): string => newCode(4);
export const normalizeVerifyCode = (input: string): string | undefined => normalizeCode(input, 4);
export const newTrackingCode = (): string => newCode(3);
export const normalizeTrackingCode = (input: string): string | undefined => normalizeCode(input, 3);
