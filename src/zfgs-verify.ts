/**
 * The offline verifier (issue 18): `zfgs-verify notice.pdf --key <verifier key> [--proof file.json]
 * [--url <platform>] [--previous <checkpoint file>]`. It trusts nothing but the verifier key: the
 * PDF's SHA-256 must be the one the log entry records, the entry must be in the tree by its
 * inclusion proof, the checkpoint must carry the key's signature, and with `--previous` the newer
 * tree must extend the older one. Only shared/tlog and node:crypto (and fetch, for `--url`).
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import {
  leafHash,
  openNote,
  parseCheckpoint,
  parseVerifierKey,
  verifyConsistency,
  verifyInclusion,
  type Checkpoint,
  type Verifier,
} from "../shared/tlog.js";

/** The verification answer's `log` (or the whole answer holding it). */
export interface LogRecord {
  index: number;
  treeSize: number;
  entry: string;
  inclusionProof: string[];
  checkpoint: string;
}

export interface OfflineInput {
  pdf: Uint8Array;
  /** The verifier key text (name+hash+key). */
  key: string;
  record: LogRecord;
  /** An older signed checkpoint the reader kept, with the consistency proof from it to the record's. */
  previous?: { checkpoint: string; proof: string[] };
}

export interface OfflineResult {
  ok: boolean;
  /** What was checked, in order; the first failure ends the list. */
  checks: { ok: boolean; what: string }[];
  entry?: Record<string, unknown>;
  checkpoint?: Checkpoint;
}

const hashes = (b64: string[]) => b64.map((h) => Buffer.from(h, "base64"));

function openCheckpoint(note: string, key: Verifier): Checkpoint {
  return parseCheckpoint(openNote(note, [key]).text);
}

export function verifyOffline(input: OfflineInput): OfflineResult {
  const checks: OfflineResult["checks"] = [];
  const result = (ok: boolean, extra: Partial<OfflineResult> = {}) => ({ ok, checks, ...extra });
  const check = (ok: boolean, what: string) => (checks.push({ ok, what }), ok);
  let key: Verifier;
  let checkpoint: Checkpoint;
  try {
    key = parseVerifierKey(input.key);
    checkpoint = openCheckpoint(input.record.checkpoint, key);
  } catch (err) {
    check(false, `检查点签名无效 (checkpoint signature): ${(err as Error).message}`);
    return result(false);
  }
  check(true, `检查点由 ${key.name} 签名，日志大小 ${checkpoint.size}`);
  if (!check(checkpoint.size === input.record.treeSize, "检查点的大小与证明的树大小一致")) return result(false);
  const entryBytes = Buffer.from(input.record.entry, "base64");
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(entryBytes.toString("utf8")) as Record<string, unknown>;
  } catch {
    check(false, "日志条目不是有效的 JSON");
    return result(false);
  }
  const sha256 = createHash("sha256").update(input.pdf).digest("hex");
  if (!check(entry.sha256 === sha256, `PDF 的 SHA-256 (${sha256}) 与日志条目记录的一致`))
    return result(false, { entry });
  const included = verifyInclusion(
    leafHash(entryBytes),
    input.record.index,
    input.record.treeSize,
    hashes(input.record.inclusionProof),
    checkpoint.root,
  );
  if (!check(included, `条目 ${input.record.index} 在检查点的日志树中（包含证明）`)) return result(false, { entry });
  if (input.previous) {
    let older: Checkpoint;
    try {
      older = openCheckpoint(input.previous.checkpoint, key);
    } catch (err) {
      check(false, `旧检查点签名无效: ${(err as Error).message}`);
      return result(false, { entry });
    }
    const consistent =
      older.origin === checkpoint.origin &&
      verifyConsistency(older.size, checkpoint.size, older.root, checkpoint.root, hashes(input.previous.proof));
    if (!check(consistent, `大小 ${checkpoint.size} 的日志是大小 ${older.size} 的日志的追加（一致性证明）`)) {
      return result(false, { entry });
    }
  }
  return result(true, { entry, checkpoint });
}

function argsOf(argv: string[]): { file?: string; options: Record<string, string> } {
  const options: Record<string, string> = {};
  let file: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a.startsWith("--")) options[a.slice(2)] = argv[++i] ?? "";
    else file ??= a;
  }
  return { file, options };
}

const USAGE =
  "usage: zfgs-verify notice.pdf --key <verifier key | file> [--proof answer.json] [--url https://platform] [--previous checkpoint.txt]";

async function fetchOk(url: string, init?: RequestInit): Promise<Response> {
  const res = await fetch(url, init);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res;
}

export async function main(argv: string[], out: (line: string) => void = console.log): Promise<number> {
  const { file, options } = argsOf(argv);
  if (!file || !options.key || (!options.proof && !options.url)) {
    out(USAGE);
    return 2;
  }
  const pdf = fs.readFileSync(file);
  const key = fs.existsSync(options.key) ? fs.readFileSync(options.key, "utf8").trim() : options.key;
  const base = options.url?.replace(/\/+$/, "");
  const answer = options.proof
    ? JSON.parse(fs.readFileSync(options.proof, "utf8"))
    : await (
        await fetchOk(`${base}/api/public/verify`, {
          method: "POST",
          headers: { "content-type": "application/pdf" },
          body: pdf,
        })
      ).json();
  const record = (answer.log ?? answer) as LogRecord | null;
  if (!record?.checkpoint) {
    out("✗ 没有日志记录：该文件尚未写入透明日志，或不是本平台签发的公示文件");
    return 1;
  }
  let previous: OfflineInput["previous"];
  if (options.previous) {
    if (!base) {
      out("--previous needs --url to fetch the consistency proof");
      return 2;
    }
    const note = fs.readFileSync(options.previous, "utf8");
    const older = parseCheckpoint(note.slice(0, note.indexOf("\n\n") + 1));
    const proof = await (
      await fetchOk(`${base}/api/public/tlog/proof/consistency?old=${older.size}&new=${record.treeSize}`)
    ).json();
    previous = { checkpoint: note, proof: (proof as { hashes: string[] }).hashes };
  }
  const result = verifyOffline({ pdf, key, record, previous });
  for (const c of result.checks) out(`${c.ok ? "✓" : "✗"} ${c.what}`);
  if (result.ok)
    out(`核验通过：${String(result.entry?.type)} ${String(result.entry?.id)} @ ${String(result.entry?.at)}`);
  return result.ok ? 0 : 1;
}
