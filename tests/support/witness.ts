/**
 * A small witness of the tests' own: a real HTTP server implementing the witness side of C2SP
 * tlog-witness `add-checkpoint`. It trusts the logs it is told to (origin → verifier key), checks
 * the checkpoint's signature, the old size against the size it holds (409 with text/x.tlog.size),
 * the consistency proof from it (422), refuses a second root for a size (409), and cosigns with its
 * own Ed25519 key (tlog-cosignature). A lying one answers with a cosignature that does not verify.
 */
import { generateKeyPairSync, type KeyObject } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import {
  cosignatureLine,
  cosignerKeyId,
  cosignerVerifierKey,
  EMPTY_ROOT,
  openNote,
  parseAddCheckpointBody,
  parseCheckpoint,
  parseNote,
  parseVerifierKey,
  rawPublicKey,
  TLOG_SIZE_TYPE,
  verifyConsistency,
  type Hash,
  type Verifier,
} from "../../shared/tlog.js";

export interface TestWitness {
  name: string;
  /** Its verifier key (type 0x04), for TLOG_WITNESSES and for checking its cosignatures. */
  vkey: string;
  /** Its submission prefix. */
  url: string;
  /** Trusts a log from now on (its verifier key names its origin). */
  trust(logVkey: string): void;
  /** The size it holds for an origin (0 before it cosigned any). */
  sizeOf(origin: string): number;
  /** Every answer it gave, in order. */
  answers: { status: number; oldSize?: number; size?: number }[];
  stop(): Promise<void>;
}

export async function startWitness(name: string, options: { lie?: boolean } = {}): Promise<TestWitness> {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  // A liar signs with another key under its own name and key id: its lines never verify.
  const signer: KeyObject = options.lie ? generateKeyPairSync("ed25519").privateKey : privateKey;
  const vkey = cosignerVerifierKey(name, publicKey);
  const logs = new Map<string, Verifier>();
  const held = new Map<string, { size: number; root: Hash }>();
  const answers: TestWitness["answers"] = [];

  const addCheckpoint = (body: string): { status: number; type?: string; text: string } => {
    let request;
    let text: string;
    try {
      request = parseAddCheckpointBody(body);
      text = parseNote(request.checkpoint).text;
    } catch (err) {
      return { status: 400, text: `${(err as Error).message}\n` };
    }
    const origin = text.slice(0, text.indexOf("\n"));
    const log = logs.get(origin);
    if (!log) return { status: 404, text: "unknown log\n" };
    try {
      openNote(request.checkpoint, [log]);
    } catch {
      return { status: 403, text: "no trusted signature\n" };
    }
    const cp = parseCheckpoint(text);
    if (request.oldSize > cp.size) return { status: 400, text: "old size beyond the checkpoint\n" };
    const mine = held.get(origin) ?? { size: 0, root: EMPTY_ROOT };
    const conflict = { status: 409, type: TLOG_SIZE_TYPE, text: `${mine.size}\n` };
    if (request.oldSize !== mine.size) return conflict;
    if (request.oldSize === cp.size) {
      if (Buffer.compare(Buffer.from(mine.root), Buffer.from(cp.root)) !== 0) return conflict;
    } else if (request.oldSize > 0 && !verifyConsistency(request.oldSize, cp.size, mine.root, cp.root, request.proof)) {
      return { status: 422, text: "inconsistent\n" };
    }
    // Checked and recorded with no await between: two requests cannot roll the size back.
    held.set(origin, { size: cp.size, root: cp.root });
    const line = cosignatureLine(text, name, signer, Math.floor(Date.now() / 1000));
    // The liar's line carries the real key's id, so a client cannot tell it from an honest one but by verifying.
    return { status: 200, text: options.lie ? withKeyId(line, cosignerKeyId(name, rawPublicKey(publicKey))) : line };
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > 1_000_000) req.destroy();
      else chunks.push(c);
    });
    req.on("end", () => {
      const answer =
        req.method === "POST" && req.url === "/add-checkpoint"
          ? addCheckpoint(Buffer.concat(chunks).toString("utf8"))
          : { status: 404, text: "not found\n" };
      const oldSize = /^old (\d+)\n/.exec(Buffer.concat(chunks).toString("utf8"))?.[1];
      answers.push({ status: answer.status, ...(oldSize === undefined ? {} : { oldSize: Number(oldSize) }) });
      res.writeHead(answer.status, { "Content-Type": answer.type ?? "text/plain; charset=utf-8" });
      res.end(answer.text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    name,
    vkey,
    url: `http://127.0.0.1:${port}`,
    trust(logVkey) {
      const v = parseVerifierKey(logVkey);
      logs.set(v.name, v);
    },
    sizeOf: (origin) => held.get(origin)?.size ?? 0,
    answers,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function withKeyId(line: string, id: Buffer): string {
  const [dash, name, b64] = line.trim().split(" ") as [string, string, string];
  const bytes = Buffer.from(b64, "base64");
  id.copy(bytes, 0);
  return `${dash} ${name} ${bytes.toString("base64")}\n`;
}
