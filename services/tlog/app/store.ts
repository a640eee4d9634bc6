/**
 * Reading the stored tree: the size, the stored hashes (leaf hashes at level 0, perfect subtree
 * hashes at every tile level 8, 16, …) and a TreeReader that loads only the hashes a computation needs.
 */
import type pg from "pg";
import { HASH_SIZE, nodeHash, TILE_HEIGHT, type Hash, type TreeReader } from "../../../shared/tlog.js";

export type Queryable = Pick<pg.Pool | pg.PoolClient, "query">;

/** The number of entries logged (committed, as the reader sees them). */
export async function treeSize(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ size: string }>(`select coalesce(max(idx) + 1, 0) as size from tlog.entries`);
  return Number(rows[0]?.size ?? 0);
}

/** Hashes at a stored tree level (0: leaf hashes; a multiple of 8: subtree hashes) in [from, to). */
export async function storedHashes(db: Queryable, level: number, from: number, to: number): Promise<Buffer[]> {
  const { rows } =
    level === 0
      ? await db.query<{ hash: Buffer }>(
          `select leaf_hash as hash from tlog.entries where idx >= $1 and idx < $2 order by idx`,
          [from, to],
        )
      : await db.query<{ hash: Buffer }>(
          `select hash from tlog.hashes where level = $1 and idx >= $2 and idx < $3 order by idx`,
          [level, from, to],
        );
  return rows.map((r) => r.hash);
}

/** The entries' bytes in [from, to). */
export async function storedEntries(db: Queryable, from: number, to: number): Promise<Buffer[]> {
  const { rows } = await db.query<{ entry: Buffer }>(
    `select entry from tlog.entries where idx >= $1 and idx < $2 order by idx`,
    [from, to],
  );
  return rows.map((r) => r.entry);
}

const ZERO = new Uint8Array(HASH_SIZE);

/**
 * Runs a computation over the tree reading only the stored hashes it needs. A first pass records
 * which perfect subtrees it asks for (the RFC recursion depends on indices only, never on hash
 * values); the stored hashes under each are loaded; the second pass computes, hashing up from the
 * nearest stored level (at most 7 levels, 255 node hashes per subtree).
 */
export async function withTree<T>(db: Queryable, compute: (tree: TreeReader) => T): Promise<T> {
  const asked: [number, number][] = [];
  compute({
    perfect(level, index) {
      asked.push([level, index]);
      return ZERO;
    },
  });
  const known = new Map<string, Hash>();
  // Largest first: aligned ranges nest, so a range whose first hash is known is wholly loaded.
  asked.sort((a, b) => b[0] - a[0]);
  for (const [level, index] of asked) {
    const base = level - (level % TILE_HEIGHT);
    const width = 2 ** (level - base);
    const from = index * width;
    if (known.has(`${base}/${from}`)) continue;
    const hashes = await storedHashes(db, base, from, from + width);
    if (hashes.length !== width) throw new Error(`the log lacks hashes at level ${base} from ${from}`);
    hashes.forEach((h, i) => known.set(`${base}/${from + i}`, h));
  }
  const reader: TreeReader = {
    perfect(level, index) {
      const key = `${level}/${index}`;
      let h = known.get(key);
      if (h) return h;
      if (level % TILE_HEIGHT === 0) throw new Error(`hash ${key} was not loaded`);
      h = nodeHash(reader.perfect(level - 1, 2 * index), reader.perfect(level - 1, 2 * index + 1));
      known.set(key, h);
      return h;
    },
  };
  return compute(reader);
}
