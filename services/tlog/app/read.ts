/**
 * The public reads of the log: tiles and entry bundles (C2SP tlog-tiles), inclusion and
 * consistency proofs (RFC 9162 §2.1), and an item's latest entry with everything a verifier needs.
 */
import { Readable } from "node:stream";
import { fieldProblem, NotFoundError } from "../../../lib/errors.js";
import {
  consistencyProof,
  entryBundle,
  inclusionProof,
  parseTilePath,
  TILE_HEIGHT,
  TILE_WIDTH,
} from "../../../shared/tlog.js";
import type { LogRecord, ProofAnswer } from "../contract.js";
import { latestCheckpoint, signCheckpoint } from "./checkpoints.js";
import type { TlogDeps } from "./deps.js";
import { storedEntries, storedHashes, treeSize, withTree, type Queryable } from "./store.js";

const base64 = (hashes: Uint8Array[]) => hashes.map((h) => Buffer.from(h).toString("base64"));

/** A size the log has reached; a larger one is not found. */
async function reachedSize(db: Queryable, size: number): Promise<void> {
  if (size > (await treeSize(db))) throw new NotFoundError("Tree size", String(size));
}

export async function proveInclusion(deps: Pick<TlogDeps, "db">, index: number, size: number): Promise<ProofAnswer> {
  if (index >= size) throw fieldProblem("index", "TLOG_INDEX_BEYOND_SIZE", "index must be below size");
  await reachedSize(deps.db, size);
  return { hashes: base64(await withTree(deps.db, (tree) => inclusionProof(tree, index, size))) };
}

export async function proveConsistency(deps: Pick<TlogDeps, "db">, older: number, newer: number): Promise<ProofAnswer> {
  if (older > newer) throw fieldProblem("old", "TLOG_OLD_AFTER_NEW", "old must not exceed new");
  await reachedSize(deps.db, newer);
  return { hashes: base64(await withTree(deps.db, (tree) => consistencyProof(tree, older, newer))) };
}

export interface Tile {
  stream: Readable;
  headers: Record<string, string>;
}

/** A tile or entry bundle the tree has now (full, or a partial one of any width it has reached). */
export async function tile(deps: Pick<TlogDeps, "db">, path: string): Promise<Tile> {
  const ref = parseTilePath(path);
  if (!ref) throw new NotFoundError("Tile", path);
  const level = ref.level === "entries" ? 0 : ref.level;
  const hashesAtLevel = Math.floor((await treeSize(deps.db)) / TILE_WIDTH ** level);
  const from = ref.index * TILE_WIDTH;
  if (from + ref.width > hashesAtLevel) throw new NotFoundError("Tile", path);
  const body =
    ref.level === "entries"
      ? entryBundle(await storedEntries(deps.db, from, from + ref.width))
      : Buffer.concat(await storedHashes(deps.db, level * TILE_HEIGHT, from, from + ref.width));
  return {
    stream: Readable.from([body]),
    headers: {
      "Content-Length": String(body.length),
      // A full tile never changes; a partial one is replaced by wider ones as the log grows.
      "Cache-Control": ref.width === TILE_WIDTH ? "public, max-age=31536000, immutable" : "public, max-age=60",
    },
  };
}

/**
 * An item's latest entry with its inclusion proof in the latest checkpoint's tree; a checkpoint is
 * signed first when the entry is newer than it. Null while the item is not logged.
 */
export async function recordOf(
  deps: Pick<TlogDeps, "db" | "origin" | "signingKey">,
  id: string,
): Promise<LogRecord | null> {
  const { rows } = await deps.db.query<{ idx: string; entry: Buffer }>(
    `select idx, entry from tlog.entries where item_id = $1 order by idx desc limit 1`,
    [id],
  );
  const row = rows[0];
  if (!row) return null;
  const index = Number(row.idx);
  let checkpoint = await latestCheckpoint(deps.db);
  if (!checkpoint || checkpoint.size <= index) checkpoint = await signCheckpoint(deps);
  const treeSize = checkpoint.size;
  const proof = await withTree(deps.db, (tree) => inclusionProof(tree, index, treeSize));
  return {
    index,
    treeSize,
    entry: row.entry.toString("base64"),
    inclusionProof: base64(proof),
    checkpoint: checkpoint.note,
  };
}
