/**
 * C2SP signed-note with Ed25519 signatures (type 0x01): key ids, verifier keys
 * (`name+hex(id)+base64(0x01 || key)`), signing a note's text and verifying a note against the
 * keys one trusts. Signatures by unknown keys are ignored, as the specification requires, so a
 * witness's cosignature rides along without the verifier knowing the witness.
 */
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from "node:crypto";

const ED25519 = 0x01;
/** The DER prefix of an Ed25519 SubjectPublicKeyInfo; the raw 32-byte key follows it. */
const SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");
const PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");
const DASH = "\u2014";

export class NoteError extends Error {}

/** A key name: non-empty, without Unicode spaces or plus signs. */
export function isKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name);
}

/** SHA-256(name || 0x0A || 0x01 || public key)[:4]. */
export function keyId(name: string, publicKey: Uint8Array): Buffer {
  return createHash("sha256")
    .update(Buffer.from(`${name}\n`, "utf8"))
    .update(Uint8Array.of(ED25519))
    .update(publicKey)
    .digest()
    .subarray(0, 4);
}

export function rawPublicKey(key: KeyObject): Buffer {
  const der = (key.type === "public" ? key : createPublicKey(key)).export({ format: "der", type: "spki" });
  return der.subarray(der.length - 32);
}

export function publicKeyFromRaw(raw: Uint8Array): KeyObject {
  if (raw.length !== 32) throw new NoteError("an Ed25519 public key is 32 bytes");
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: "der", type: "spki" });
}

/** An Ed25519 private key from its 32-byte seed. */
export function privateKeyFromSeed(seed: Uint8Array): KeyObject {
  if (seed.length !== 32) throw new NoteError("an Ed25519 seed is 32 bytes");
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: "der", type: "pkcs8" });
}

export interface Verifier {
  name: string;
  id: Buffer;
  key: KeyObject;
}

/** The verifier key text of a signer: what a citizen or witness is told to trust. */
export function verifierKey(name: string, publicKey: KeyObject): string {
  if (!isKeyName(name)) throw new NoteError("a key name is non-empty, without spaces or +");
  const raw = rawPublicKey(publicKey);
  return `${name}+${keyId(name, raw).toString("hex")}+${Buffer.concat([Uint8Array.of(ED25519), raw]).toString("base64")}`;
}

export function parseVerifierKey(vkey: string): Verifier {
  // The key's base64 may hold "+" itself: the name and the id end at the first two.
  const m = /^([^+]+)\+([^+]*)\+(.+)$/.exec(vkey.trim());
  if (!m) throw new NoteError("a verifier key is name+id+key");
  const [, name, idHex, keyB64] = m as unknown as [string, string, string, string];
  if (!isKeyName(name) || !/^[0-9a-f]{8}$/.test(idHex)) throw new NoteError("malformed verifier key");
  const material = Buffer.from(keyB64, "base64");
  if (material.length !== 33 || material[0] !== ED25519) throw new NoteError("not an Ed25519 verifier key");
  const raw = material.subarray(1);
  const id = Buffer.from(idHex, "hex");
  if (!keyId(name, raw).equals(id)) throw new NoteError("the verifier key's id does not match its key");
  return { name, id, key: publicKeyFromRaw(raw) };
}

function checkText(text: string): void {
  if (!text.endsWith("\n")) throw new NoteError("a note's text ends with a newline");
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x0a) throw new NoteError("a note holds no control characters but newlines");
  }
}

/** One signature line for the text. */
export function signatureLine(text: string, name: string, privateKey: KeyObject): string {
  checkText(text);
  const raw = rawPublicKey(privateKey);
  const sig = sign(null, Buffer.from(text, "utf8"), privateKey);
  return `${DASH} ${name} ${Buffer.concat([keyId(name, raw), sig]).toString("base64")}\n`;
}

/** The signed note: the text, a blank line, the signature line. */
export function signNote(text: string, name: string, privateKey: KeyObject): string {
  return `${text}\n${signatureLine(text, name, privateKey)}`;
}

export interface NoteSignature {
  name: string;
  id: Buffer;
  signature: Buffer;
}

export function parseNote(note: string): { text: string; signatures: NoteSignature[] } {
  if (note.length > 1_000_000) throw new NoteError("note too large");
  const split = note.lastIndexOf("\n\n");
  if (split < 0) throw new NoteError("a signed note has a blank line before its signatures");
  const text = note.slice(0, split + 1);
  checkText(text);
  const lines = note.slice(split + 2);
  if (!lines.endsWith("\n")) throw new NoteError("a signature line ends with a newline");
  const signatures = lines
    .slice(0, -1)
    .split("\n")
    .map((line) => {
      const m = /^\u2014 (\S+) ([A-Za-z0-9+/]+={0,2})$/.exec(line);
      if (!m) throw new NoteError("malformed signature line");
      const bytes = Buffer.from(m[2] as string, "base64");
      if (bytes.length < 5) throw new NoteError("signature too short");
      return { name: m[1] as string, id: bytes.subarray(0, 4), signature: bytes.subarray(4) };
    });
  if (signatures.length > 100) throw new NoteError("too many signatures");
  return { text, signatures };
}

/**
 * The note's text when at least one trusted key signed it and every signature by a trusted key
 * verifies; signatures by other keys are ignored. Throws NoteError otherwise.
 */
export function openNote(note: string, trusted: readonly Verifier[]): { text: string; signedBy: string[] } {
  const { text, signatures } = parseNote(note);
  const signedBy: string[] = [];
  for (const s of signatures) {
    const v = trusted.find((t) => t.name === s.name && t.id.equals(s.id));
    if (!v) continue;
    if (!verify(null, Buffer.from(text, "utf8"), v.key, s.signature)) {
      throw new NoteError(`the signature of ${s.name} does not verify`);
    }
    signedBy.push(s.name);
  }
  if (!signedBy.length) throw new NoteError("no trusted key signed this note");
  return { text, signedBy };
}
