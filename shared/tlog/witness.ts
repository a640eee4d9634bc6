/**
 * C2SP tlog-witness and tlog-cosignature (Ed25519, v1), the pure parts: cosigner verifier keys
 * (signature type 0x04), the cosigned message, cosignature lines, the add-checkpoint request body
 * and the witness's answers. The log's pusher, the tests' witness and the monitor use them.
 */
import { createHash, sign, verify, type KeyObject } from "node:crypto";
import { HASH_SIZE, type Hash } from "./merkle.js";
import { isKeyName, NoteError, parseNote, publicKeyFromRaw, rawPublicKey } from "./note.js";

/** The signed-note signature type of an Ed25519 timestamped cosignature (tlog-cosignature). */
export const COSIGNATURE_V1 = 0x04;
/** tlog-witness: a client sends at most 63 consistency proof lines. */
export const MAX_PROOF_LINES = 63;
/** The media type of a 409 answer: the witness's latest cosigned size. */
export const TLOG_SIZE_TYPE = "text/x.tlog.size";
const DASH = "\u2014";
const SIZE = /^(0|[1-9][0-9]*)$/;

export interface Cosigner {
  name: string;
  id: Buffer;
  key: KeyObject;
}

/** SHA-256(name || "\n" || 0x04 || public key)[:4]. */
export function cosignerKeyId(name: string, publicKey: Uint8Array): Buffer {
  return createHash("sha256")
    .update(Buffer.from(`${name}\n`, "utf8"))
    .update(Uint8Array.of(COSIGNATURE_V1))
    .update(publicKey)
    .digest()
    .subarray(0, 4);
}

/** A cosigner's verifier key: `name+hex(id)+base64(0x04 || key)`. */
export function cosignerVerifierKey(name: string, publicKey: KeyObject): string {
  if (!isKeyName(name)) throw new NoteError("a key name is non-empty, without spaces or +");
  const raw = rawPublicKey(publicKey);
  const material = Buffer.concat([Uint8Array.of(COSIGNATURE_V1), raw]).toString("base64");
  return `${name}+${cosignerKeyId(name, raw).toString("hex")}+${material}`;
}

export function parseCosignerKey(vkey: string): Cosigner {
  const m = /^([^+]+)\+([^+]*)\+(.+)$/.exec(vkey.trim());
  if (!m) throw new NoteError("a verifier key is name+id+key");
  const [, name, idHex, keyB64] = m as unknown as [string, string, string, string];
  if (!isKeyName(name) || !/^[0-9a-f]{8}$/.test(idHex)) throw new NoteError("malformed verifier key");
  const material = Buffer.from(keyB64, "base64");
  if (material.length !== 33 || material[0] !== COSIGNATURE_V1 || material.toString("base64") !== keyB64) {
    throw new NoteError("not an Ed25519 cosignature (type 0x04) verifier key");
  }
  const raw = material.subarray(1);
  const id = Buffer.from(idHex, "hex");
  if (!cosignerKeyId(name, raw).equals(id)) throw new NoteError("the verifier key's id does not match its key");
  return { name, id, key: publicKeyFromRaw(raw) };
}

/** The message an Ed25519 cosignature signs: `cosignature/v1`, `time <t>`, then the checkpoint's note text. */
export function cosignedMessage(checkpointText: string, timestamp: number): Buffer {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new NoteError("a timestamp is a POSIX time in seconds");
  return Buffer.from(`cosignature/v1\ntime ${timestamp}\n${checkpointText}`, "utf8");
}

/** One cosignature line: `— <name> base64(key id || u64 timestamp || signature)`. */
export function cosignatureLine(
  checkpointText: string,
  name: string,
  privateKey: KeyObject,
  timestamp: number,
): string {
  const stamp = Buffer.alloc(8);
  stamp.writeBigUInt64BE(BigInt(timestamp));
  const sig = sign(null, cosignedMessage(checkpointText, timestamp), privateKey);
  const id = cosignerKeyId(name, rawPublicKey(privateKey));
  return `${DASH} ${name} ${Buffer.concat([id, stamp, sig]).toString("base64")}\n`;
}

export interface Cosignature {
  /** The signature line as received, ending in a newline. */
  line: string;
  /** When the witness cosigned (POSIX seconds). */
  timestamp: number;
}

/**
 * The cosignatures in signature lines (a witness's 200 answer, or a note's signature block) that
 * `cosigner` made over the checkpoint's text; lines by other keys are ignored, as both specs ask.
 * A line of the cosigner's name and key id that does not verify throws: the witness lied.
 */
export function cosignaturesOf(lines: string, checkpointText: string, cosigner: Cosigner): Cosignature[] {
  const { signatures } = parseNote(`${checkpointText}\n${lines}`);
  const found: Cosignature[] = [];
  for (const s of signatures) {
    if (s.name !== cosigner.name || !s.id.equals(cosigner.id)) continue;
    if (s.signature.length !== 8 + 64) throw new NoteError(`the cosignature of ${s.name} is not 72 bytes`);
    const stamp = s.signature.readBigUInt64BE(0);
    if (stamp > BigInt(Number.MAX_SAFE_INTEGER))
      throw new NoteError(`the cosignature of ${s.name} is from beyond time`);
    const timestamp = Number(stamp);
    if (!verify(null, cosignedMessage(checkpointText, timestamp), cosigner.key, s.signature.subarray(8))) {
      throw new NoteError(`the cosignature of ${s.name} does not verify`);
    }
    const bytes = Buffer.concat([s.id, s.signature]).toString("base64");
    found.push({ line: `${DASH} ${s.name} ${bytes}\n`, timestamp });
  }
  return found;
}

/** The add-checkpoint request body: `old <size>`, the proof's hashes in base64, a blank line, the signed checkpoint. */
export function addCheckpointBody(oldSize: number, proof: readonly Hash[], signedCheckpoint: string): string {
  if (!Number.isSafeInteger(oldSize) || oldSize < 0) throw new NoteError("the old size is a non-negative integer");
  if (proof.length > MAX_PROOF_LINES) throw new NoteError(`at most ${MAX_PROOF_LINES} proof lines`);
  if (oldSize === 0 && proof.length) throw new NoteError("the proof from size 0 is empty");
  const lines = proof.map((h) => {
    if (h.length !== HASH_SIZE) throw new NoteError("a proof line is one SHA-256 hash");
    return `${Buffer.from(h).toString("base64")}\n`;
  });
  return `old ${oldSize}\n${lines.join("")}\n${signedCheckpoint}`;
}

export interface AddCheckpointRequest {
  oldSize: number;
  proof: Buffer[];
  /** The signed checkpoint as sent (note text, blank line, signatures). */
  checkpoint: string;
}

/** The witness's reading of an add-checkpoint body; malformed → NoteError (a 400). */
export function parseAddCheckpointBody(body: string): AddCheckpointRequest {
  const blank = body.indexOf("\n\n");
  if (blank < 0) throw new NoteError("the request has a blank line before the checkpoint");
  const [oldLine, ...proofLines] = body.slice(0, blank).split("\n");
  const m = /^old (\d+)$/.exec(oldLine ?? "");
  if (!m || !SIZE.test(m[1] as string) || !Number.isSafeInteger(Number(m[1]))) {
    throw new NoteError("the first line is `old <size>` without leading zeroes");
  }
  if (proofLines.length > MAX_PROOF_LINES) throw new NoteError(`more than ${MAX_PROOF_LINES} proof lines`);
  const proof = proofLines.map((line) => {
    const hash = Buffer.from(line, "base64");
    if (hash.length !== HASH_SIZE || hash.toString("base64") !== line) {
      throw new NoteError("a proof line is one base64 SHA-256 hash");
    }
    return hash;
  });
  const oldSize = Number(m[1]);
  if (oldSize === 0 && proof.length) throw new NoteError("the proof from size 0 is empty");
  return { oldSize, proof, checkpoint: body.slice(blank + 2) };
}

/** A 409's body (`text/x.tlog.size`): the witness's latest cosigned size; null when it is not one. */
export function parseWitnessSize(contentType: string | null, body: string): number | null {
  if (!contentType || contentType.split(";")[0]?.trim().toLowerCase() !== TLOG_SIZE_TYPE) return null;
  const m = /^(0|[1-9][0-9]*)\n$/.exec(body);
  if (!m || !Number.isSafeInteger(Number(m[1]))) return null;
  return Number(m[1]);
}

/** What a witness's answer to add-checkpoint means for the log that sent it. */
export type WitnessAnswer =
  | { kind: "cosigned"; cosignatures: Cosignature[] }
  /** The witness holds another size: send again with the proof from it. */
  | { kind: "conflict"; witnessSize: number }
  | { kind: "refused"; reason: string };

/**
 * Reads an add-checkpoint answer per tlog-witness: 200 with cosignature lines by the witness's key
 * (one that fails to verify, or none at all, is a refusal: the witness is not trusted), 409 with
 * the witness's size, and the other statuses the specification gives their meaning.
 */
export function readWitnessAnswer(
  answer: { status: number; contentType: string | null; body: string },
  checkpointText: string,
  cosigner: Cosigner,
): WitnessAnswer {
  const { status, body } = answer;
  if (status === 200) {
    let cosignatures: Cosignature[];
    try {
      cosignatures = cosignaturesOf(body, checkpointText, cosigner);
    } catch (err) {
      return { kind: "refused", reason: `bad cosignature: ${(err as Error).message}` };
    }
    if (!cosignatures.length) return { kind: "refused", reason: "bad cosignature: none by the witness's key" };
    return { kind: "cosigned", cosignatures };
  }
  if (status === 409) {
    const witnessSize = parseWitnessSize(answer.contentType, body);
    if (witnessSize === null)
      return { kind: "refused", reason: "409 without the witness's size (another root for the size?)" };
    return { kind: "conflict", witnessSize };
  }
  const meaning: Record<number, string> = {
    400: "400: the witness could not read the request",
    403: "403: the witness does not trust the log's key",
    404: "404: the witness does not know the log's origin",
    422: "422: the witness found the consistency proof wrong",
  };
  return { kind: "refused", reason: meaning[status] ?? `HTTP ${status}` };
}
