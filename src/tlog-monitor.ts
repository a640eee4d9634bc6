/**
 * The transparency log's monitor (issue 18): `npm run tlog:monitor -- <base url> [--key <verifier
 * key | file>] [--state <file>] [--interval <s>] [--once]`. Each round it fetches the checkpoint
 * and checks its signature with the pinned key (given, or fetched on the first run and kept in the
 * state file), checks it is consistent with the checkpoint seen before (a size going backwards or
 * two roots for one size is a fork), downloads every tile and entry bundle and recomputes the tree
 * from the entries itself. Any mismatch: a message naming it and exit code 1; the log not
 * answering: exit code 2. Only shared/tlog, node:fs and fetch.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  arrayReader,
  canonicalJson,
  leafHash,
  openNote,
  parseCheckpoint,
  parseEntryBundle,
  parseVerifierKey,
  rootHash,
  tilePath,
  verifyConsistency,
  TILE_HEIGHT,
  TILE_WIDTH,
  type Checkpoint,
  type Hash,
  type Json,
} from "../shared/tlog.js";

/** What the monitor remembers between rounds. */
export interface MonitorState {
  /** The pinned verifier key. */
  key?: string;
  /** The latest checkpoint seen and verified. */
  latest?: { size: number; root: string; note: string };
  /** The roots seen, by size (the latest ones): one size must never show two. */
  roots?: Record<string, string>;
}

export interface RoundResult {
  /** Everything wrong, each naming what; empty when the log checks out. */
  problems: string[];
  /** What was checked. */
  notes: string[];
  state: MonitorState;
}

/** Sizes remembered with their roots. */
const REMEMBERED = 1000;

class Unreachable extends Error {}

async function get(base: string, route: string): Promise<Buffer> {
  let res: Response;
  try {
    res = await fetch(`${base}${route}`, { signal: AbortSignal.timeout(30_000) });
  } catch (err) {
    throw new Unreachable(`${route}: ${(err as Error).message}`);
  }
  if (!res.ok) throw new Unreachable(`${route}: HTTP ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}

const b64 = (h: Uint8Array) => Buffer.from(h).toString("base64");

/** The tiles of a tree of `size` at a level: [index, width] of each full tile and of the partial one. */
function tilesAt(level: number, size: number): [number, number][] {
  const count = Math.floor(size / TILE_WIDTH ** level);
  const tiles: [number, number][] = [];
  for (let n = 0; n * TILE_WIDTH < count; n++) tiles.push([n, Math.min(TILE_WIDTH, count - n * TILE_WIDTH)]);
  return tiles;
}

/** Recomputes the tree of the checkpoint from the entry bundles and compares every served tile with it. */
async function checkTree(base: string, cp: Checkpoint, problems: string[]): Promise<Hash[]> {
  const leaves: Hash[] = [];
  for (const [n, width] of tilesAt(0, cp.size)) {
    const ref = { level: "entries" as const, index: n, width };
    let entries: Buffer[];
    try {
      entries = parseEntryBundle(await get(base, `/api/public/tlog/${tilePath(ref)}`));
    } catch (err) {
      if (err instanceof Unreachable) throw err;
      problems.push(`entry bundle ${n} is malformed: ${(err as Error).message}`);
      continue;
    }
    if (entries.length !== width) problems.push(`entry bundle ${n} holds ${entries.length} entries, not ${width}`);
    entries.forEach((e, i) => {
      const index = n * TILE_WIDTH + i;
      try {
        if (canonicalJson(JSON.parse(e.toString("utf8")) as Json) !== e.toString("utf8")) {
          problems.push(`entry ${index} is not canonical JSON (RFC 8785)`);
        }
      } catch {
        problems.push(`entry ${index} is not JSON`);
      }
      leaves.push(leafHash(e));
    });
  }
  const tree = arrayReader(leaves);
  for (let level = 0; TILE_WIDTH ** level <= cp.size; level++) {
    for (const [n, width] of tilesAt(level, cp.size)) {
      const route = `/api/public/tlog/${tilePath({ level, index: n, width })}`;
      const tile = await get(base, route);
      if (tile.length !== width * 32) {
        problems.push(`tile ${level}/${n} is ${tile.length} bytes, not ${width * 32}`);
        continue;
      }
      for (let i = 0; i < width; i++) {
        const index = n * TILE_WIDTH + i;
        let expected: Hash;
        try {
          expected = tree.perfect(level * TILE_HEIGHT, index);
        } catch {
          continue; // fewer entries than the tiles say: reported with the bundle
        }
        if (Buffer.compare(tile.subarray(i * 32, i * 32 + 32), Buffer.from(expected)) !== 0) {
          problems.push(
            level === 0
              ? `entry ${index}: its leaf hash differs from the one tile 0/${n} holds (the entry was changed)`
              : `tile ${level}/${n}: hash ${i} differs from the one the entries give`,
          );
        }
      }
    }
  }
  if (leaves.length === cp.size) {
    const root = rootHash(tree, cp.size);
    if (Buffer.compare(Buffer.from(root), Buffer.from(cp.root)) !== 0) {
      problems.push(`the entries give root ${b64(root)}, the checkpoint of size ${cp.size} says ${b64(cp.root)}`);
    }
  }
  return leaves;
}

/** One round: the checkpoint, consistency with the previous one, the whole tree. Throws Unreachable. */
export async function monitorRound(base: string, prior: MonitorState, givenKey?: string): Promise<RoundResult> {
  const problems: string[] = [];
  const notes: string[] = [];
  const state: MonitorState = { ...prior, roots: { ...prior.roots } };
  if (givenKey && state.key && givenKey !== state.key) {
    problems.push(`the key given is not the one pinned in the state file (${state.key})`);
    return { problems, notes, state };
  }
  state.key ??= givenKey ?? (await get(base, "/api/public/tlog/key")).toString("utf8").trim();
  const verifier = parseVerifierKey(state.key);
  const note = (await get(base, "/api/public/tlog/checkpoint")).toString("utf8");
  let cp: Checkpoint;
  try {
    cp = parseCheckpoint(openNote(note, [verifier]).text);
  } catch (err) {
    problems.push(`the checkpoint does not verify with ${verifier.name}'s key: ${(err as Error).message}`);
    return { problems, notes, state };
  }
  notes.push(`checkpoint of size ${cp.size} signed by ${verifier.name}`);
  if (cp.origin !== verifier.name) problems.push(`the checkpoint names origin ${cp.origin}, the key ${verifier.name}`);
  const root = b64(cp.root);
  const seen = state.roots?.[cp.size];
  if (seen && seen !== root) problems.push(`two roots for size ${cp.size}: ${seen} before, ${root} now`);
  const prev = state.latest;
  if (prev && cp.size < prev.size) {
    problems.push(`the size went backwards: ${cp.size} after ${prev.size}`);
  } else if (prev && cp.size > prev.size) {
    const answer = JSON.parse(
      (await get(base, `/api/public/tlog/proof/consistency?old=${prev.size}&new=${cp.size}`)).toString("utf8"),
    ) as { hashes: string[] };
    const proof = answer.hashes.map((h) => Buffer.from(h, "base64"));
    if (verifyConsistency(prev.size, cp.size, Buffer.from(prev.root, "base64"), cp.root, proof)) {
      notes.push(`consistent with the checkpoint of size ${prev.size} seen before`);
    } else {
      problems.push(
        `the checkpoint of size ${cp.size} is not consistent with the one of size ${prev.size} seen before`,
      );
    }
  }
  const leaves = await checkTree(base, cp, problems);
  if (leaves.length !== cp.size)
    problems.push(`the entry bundles hold ${leaves.length} entries, the checkpoint ${cp.size}`);
  else notes.push(`the tree of ${cp.size} entries recomputed from the entry bundles matches the tiles and the root`);
  if (!problems.length) {
    // Only a checkpoint that checked out becomes the one the next round must extend.
    state.latest = { size: cp.size, root, note };
    state.roots = Object.fromEntries(
      Object.entries<string>({ ...state.roots, [cp.size]: root })
        .sort(([a], [b]) => Number(b) - Number(a))
        .slice(0, REMEMBERED),
    );
  }
  return { problems, notes, state };
}

function readState(file: string | undefined): MonitorState {
  if (!file || !fs.existsSync(file)) return {};
  return JSON.parse(fs.readFileSync(file, "utf8")) as MonitorState;
}

function writeState(file: string | undefined, state: MonitorState): void {
  if (!file) return;
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`);
  fs.renameSync(tmp, file);
}

const USAGE =
  "usage: tlog-monitor <base url> [--key <verifier key | file>] [--state <file>] [--interval <seconds>] [--once]";

export async function main(argv: string[], out: (line: string) => void = console.log): Promise<number> {
  const options: Record<string, string> = {};
  let base: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === "--once") options.once = "1";
    else if (a.startsWith("--")) options[a.slice(2)] = argv[++i] ?? "";
    else base ??= a;
  }
  const interval = Number(options.interval ?? 300);
  if (!base || !/^https?:\/\//.test(base) || !Number.isFinite(interval) || interval < 1) {
    out(USAGE);
    return 2;
  }
  base = base.replace(/\/+$/, "");
  const key = options.key && fs.existsSync(options.key) ? fs.readFileSync(options.key, "utf8").trim() : options.key;
  let state = readState(options.state);
  for (;;) {
    let result: RoundResult;
    try {
      result = await monitorRound(base, state, key);
    } catch (err) {
      if (!(err instanceof Unreachable)) throw err;
      out(`✗ the log does not answer: ${err.message}`);
      if (options.once) return 2;
      await new Promise((r) => setTimeout(r, interval * 1000));
      continue;
    }
    state = result.state;
    writeState(options.state, state);
    for (const n of result.notes) out(`✓ ${n}`);
    for (const p of result.problems) out(`✗ ${p}`);
    if (result.problems.length) return 1;
    if (options.once) return 0;
    await new Promise((r) => setTimeout(r, interval * 1000));
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (err: unknown) => {
      console.error(`tlog-monitor: ${err instanceof Error ? err.message : String(err)}`);
      process.exitCode = 2;
    },
  );
}
