/**
 * C2SP tlog-witness and tlog-cosignature, the pure parts: cosigner keys, the cosigned message,
 * cosignature lines, the add-checkpoint body (the specification's example request) and the
 * reading of a witness's answers.
 */
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  addCheckpointBody,
  arrayReader,
  checkpointText,
  consistencyProof,
  cosignatureLine,
  cosignaturesOf,
  cosignedMessage,
  cosignerKeyId,
  cosignerVerifierKey,
  leafHash,
  openNote,
  parseAddCheckpointBody,
  parseCosignerKey,
  parseVerifierKey,
  parseWitnessSize,
  rawPublicKey,
  readWitnessAnswer,
  signNote,
  verifierKey,
  NoteError,
} from "../../shared/tlog.js";

const SPEC_CHECKPOINT = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

// The example request body of tlog-witness, verbatim.
const SPEC_REQUEST =
  "old 20852014\n" +
  "PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=\n" +
  "jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=\n" +
  "5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=\n" +
  "/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=\n" +
  "\n" +
  SPEC_CHECKPOINT +
  "\n" +
  "\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n" +
  "\u2014 example.com/behind-the-sofa opLqBQsREYCgu6xQkYQwJr9fo45a62DN9EdmHXnZdXNqlcVGlCum2Wks+49/V6267UEjw6QUXTS5Rovnzv++qbSzm9Q=\n";

// The cosignature of tlog-cosignature's example checkpoint.
const SPEC_COSIGNATURE =
  "\u2014 witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n";

function witnessKeys(name = "witness.example.cn/w1") {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const vkey = cosignerVerifierKey(name, publicKey);
  return { name, privateKey, vkey, sut: parseCosignerKey(vkey) };
}

describe("tlog-witness add-checkpoint bodies", () => {
  it("reads the specification's example request and writes it back byte for byte", () => {
    const sut = parseAddCheckpointBody(SPEC_REQUEST);
    expect(sut.oldSize).toBe(20852014);
    expect(sut.proof).toHaveLength(4);
    expect(sut.checkpoint.startsWith(SPEC_CHECKPOINT)).toBe(true);
    expect(addCheckpointBody(sut.oldSize, sut.proof, sut.checkpoint)).toBe(SPEC_REQUEST);
  });

  it("sends `old 0` with no proof the first time, and the consistency proof from the witness's size after", () => {
    const leaves = Array.from({ length: 13 }, (_, i) => leafHash(Buffer.from(`entry ${i}`)));
    const tree = arrayReader(leaves);
    const note = "log.example.cn/tlog\n13\nAAAA\n\n\u2014 log.example.cn/tlog AAAA\n";
    expect(addCheckpointBody(0, [], note)).toBe(`old 0\n\n${note}`);
    const proof = consistencyProof(tree, 7, 13);
    const body = addCheckpointBody(7, proof, note);
    expect(body.split("\n").slice(0, 1 + proof.length + 1)).toEqual([
      "old 7",
      ...proof.map((h) => Buffer.from(h).toString("base64")),
      "",
    ]);
    expect(parseAddCheckpointBody(body)).toMatchObject({ oldSize: 7, proof: proof.map((h) => Buffer.from(h)) });
  });

  it("refuses malformed requests: leading zeroes, a proof from 0, a bad hash, too many lines, no blank line", () => {
    const cp = `${SPEC_CHECKPOINT}\n\u2014 x AAAA\n`;
    const hash = "PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=";
    for (const body of [
      `old 07\n\n${cp}`,
      `old -1\n\n${cp}`,
      `old 0\n${hash}\n\n${cp}`,
      `old 5\nnot-a-hash\n\n${cp}`,
      `old 5\n${`${hash}\n`.repeat(64)}\n${cp}`,
      `old 5\n${hash}\n`,
      `new 5\n\n${cp}`,
    ]) {
      expect(() => parseAddCheckpointBody(body), body.slice(0, 20)).toThrow(NoteError);
    }
    expect(() => addCheckpointBody(0, [Buffer.alloc(32)], cp)).toThrow(NoteError);
    expect(() => addCheckpointBody(3, [Buffer.alloc(31)], cp)).toThrow(NoteError);
  });

  it("reads a 409's size only as text/x.tlog.size, one decimal line", () => {
    expect(parseWitnessSize("text/x.tlog.size", "42\n")).toBe(42);
    expect(parseWitnessSize("text/x.tlog.size; charset=utf-8", "0\n")).toBe(0);
    expect(parseWitnessSize("text/plain", "42\n")).toBeNull();
    expect(parseWitnessSize("text/x.tlog.size", "42")).toBeNull();
    expect(parseWitnessSize("text/x.tlog.size", "042\n")).toBeNull();
    expect(parseWitnessSize(null, "42\n")).toBeNull();
  });
});

describe("tlog-cosignature (Ed25519, cosignature/v1)", () => {
  it("signs `cosignature/v1`, `time <t>` and the checkpoint text, as the specification's example message shows", () => {
    expect(cosignedMessage(SPEC_CHECKPOINT, 1679315147).toString()).toBe(
      "cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
    );
    // The example cosignature line carries key id 8d66cf3f and that very timestamp (big-endian u64).
    const bytes = Buffer.from(SPEC_COSIGNATURE.split(" ")[2] as string, "base64");
    expect(bytes).toHaveLength(4 + 8 + 64);
    expect(bytes.subarray(0, 4).toString("hex")).toBe("8d66cf3f");
    expect(Number(bytes.readBigUInt64BE(4))).toBe(1679315147);
  });

  it("keys are type 0x04, their id hashes the name, 0x04 and the key; a log's 0x01 key is not a cosigner key", () => {
    const { name, vkey, sut, privateKey } = witnessKeys();
    expect(Buffer.from(vkey.split("+")[2] as string, "base64")[0]).toBe(0x04);
    expect(sut.id).toEqual(cosignerKeyId(name, rawPublicKey(privateKey)));
    expect(sut.name).toBe(name);
    expect(() => parseCosignerKey(verifierKey(name, privateKey))).toThrow(NoteError);
    expect(() => parseCosignerKey(vkey.replace(/\+[0-9a-f]{8}\+/, "+00000000+"))).toThrow(NoteError);
    expect(() => parseCosignerKey("no-plus-signs")).toThrow(NoteError);
  });

  it("a cosigned checkpoint verifies with the witness key, and still with the log's key alone", () => {
    const log = generateKeyPairSync("ed25519").privateKey;
    const origin = "gs.example.cn/tlog";
    const text = checkpointText({ origin, size: 5, root: Buffer.alloc(32, 7) });
    const note = signNote(text, origin, log);
    const w = witnessKeys();
    const line = cosignatureLine(text, w.name, w.privateKey, 1700000000);
    const [found] = cosignaturesOf(line, text, w.sut);
    expect(found).toEqual({ line, timestamp: 1700000000 });
    // Served as one more signature line: verifiers of the log ignore the unknown key.
    const cosigned = note + line;
    expect(openNote(cosigned, [parseVerifierKey(verifierKey(origin, log))]).signedBy).toEqual([origin]);
    expect(cosignaturesOf(cosigned.slice(text.length + 1), text, w.sut)).toHaveLength(1);
    // Another checkpoint, another time in the message: the cosignature no longer verifies.
    const other = checkpointText({ origin, size: 6, root: Buffer.alloc(32, 7) });
    expect(() => cosignaturesOf(line, other, w.sut)).toThrow(/does not verify/);
    // Another witness's line is ignored.
    expect(cosignaturesOf(line, text, witnessKeys("witness.example.cn/w2").sut)).toEqual([]);
  });

  it("reads a witness's answers: cosigned, 409 with its size, refusals with the specification's meaning", () => {
    const w = witnessKeys();
    const text = checkpointText({ origin: "gs.example.cn/tlog", size: 9, root: Buffer.alloc(32, 1) });
    const line = cosignatureLine(text, w.name, w.privateKey, 1700000000);
    const sut = (status: number, body: string, contentType: string | null = "text/plain") =>
      readWitnessAnswer({ status, contentType, body }, text, w.sut);
    expect(sut(200, line)).toEqual({ kind: "cosigned", cosignatures: [{ line, timestamp: 1700000000 }] });
    expect(sut(409, "4\n", "text/x.tlog.size")).toEqual({ kind: "conflict", witnessSize: 4 });
    // A lying witness: its line under its key id does not verify; or no line by its key at all.
    const forged = witnessKeys(w.name);
    const forgedBytes = Buffer.from(
      (cosignatureLine(text, w.name, forged.privateKey, 1700000000).split(" ")[2] as string).trim(),
      "base64",
    );
    w.sut.id.copy(forgedBytes, 0);
    const lie = `\u2014 ${w.name} ${forgedBytes.toString("base64")}\n`;
    expect(sut(200, lie)).toMatchObject({ kind: "refused", reason: expect.stringMatching(/^bad cosignature/) });
    expect(sut(200, forged.vkey)).toMatchObject({ kind: "refused", reason: expect.stringMatching(/^bad cosignature/) });
    expect(sut(200, "")).toMatchObject({ kind: "refused" });
    expect(sut(404, "")).toEqual({ kind: "refused", reason: "404: the witness does not know the log's origin" });
    expect(sut(403, "")).toEqual({ kind: "refused", reason: "403: the witness does not trust the log's key" });
    expect(sut(422, "")).toEqual({ kind: "refused", reason: "422: the witness found the consistency proof wrong" });
    expect(sut(409, "oops")).toMatchObject({ kind: "refused" });
    expect(sut(502, "")).toEqual({ kind: "refused", reason: "HTTP 502" });
  });
});
