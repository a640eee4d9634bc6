/**
 * Verification codes printed on notices: 16 symbols of Crockford base32 (80 random bits), shown
 * as four groups of four. Unguessable, yet short enough to type or read aloud; ambiguous
 * symbols (I, L, O, U) are not used, and typing them is forgiven on input.
 */
import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

export function newVerifyCode(): string {
  const bytes = randomBytes(10);
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out.match(/.{4}/g)!.join("-");
}

/** Normalises what a person typed (case, spaces, dashes, look-alike letters) to the stored form. */
export function normalizeVerifyCode(input: string): string | undefined {
  const cleaned = input.toUpperCase().replace(/[\s-]/g, "").replace(/[IL]/g, "1").replace(/O/g, "0");
  if (!/^[0-9A-HJKMNP-TV-Z]{16}$/.test(cleaned)) return undefined;
  return cleaned.match(/.{4}/g)!.join("-");
}
