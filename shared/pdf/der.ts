/**
 * A minimal DER writer for the CMS signature. Hand-written on purpose: the structure embeds
 * certificate bytes and names verbatim, and neither asn1js (its RawData cannot sit inside a
 * SEQUENCE) nor pkijs (it re-serialises what it parsed) guarantees that.
 */
import * as asn1js from "asn1js";

export const TAG = {
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  sequence: 0x30,
  set: 0x31,
  utcTime: 0x17,
  generalizedTime: 0x18,
  /** [n] with the constructed bit, for EXPLICIT tags and IMPLICIT SET/SEQUENCE. */
  context: (n: number) => 0xa0 | n,
} as const;

/** One tag-length-value; the length in the shortest form, as DER requires. */
export function tlv(tag: number, ...contents: Uint8Array[]): Buffer {
  const body = Buffer.concat(contents);
  return Buffer.concat([Buffer.from([tag]), encodeLength(body.length), body]);
}

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function sequence(...contents: Uint8Array[]): Buffer {
  return tlv(TAG.sequence, ...contents);
}

/** SET OF in DER order: elements sorted as octet strings, the shorter padded with zeros (X.690 §11.6). */
export function setOf(...elements: Buffer[]): Buffer {
  const sorted = [...elements].sort((a, b) => {
    const length = Math.max(a.length, b.length);
    return Buffer.compare(padEnd(a, length), padEnd(b, length));
  });
  return tlv(TAG.set, ...sorted);
}

function padEnd(value: Buffer, length: number): Buffer {
  return value.length === length ? value : Buffer.concat([value, Buffer.alloc(length - value.length)]);
}

export function oid(dotted: string): Buffer {
  return Buffer.from(new asn1js.ObjectIdentifier({ value: dotted }).toBER(false));
}

export function octetString(value: Uint8Array): Buffer {
  return tlv(TAG.octetString, value);
}

/** A small non-negative INTEGER (versions). */
export function smallInteger(value: number): Buffer {
  return tlv(TAG.integer, Buffer.from([value]));
}

export const NULL = Buffer.from([TAG.null, 0x00]);

/** UTCTime for 1950–2049, GeneralizedTime otherwise, both in UTC with whole seconds (RFC 5280 §4.1.2.5). */
export function time(value: Date): Buffer {
  const iso = value.toISOString(); // 2025-03-01T08:00:00.000Z
  const digits = iso.slice(0, 19).replace(/[-T:]/g, ""); // 20250301080000
  const year = value.getUTCFullYear();
  if (year >= 1950 && year < 2050) return tlv(TAG.utcTime, Buffer.from(`${digits.slice(2)}Z`, "ascii"));
  return tlv(TAG.generalizedTime, Buffer.from(`${digits}Z`, "ascii"));
}
