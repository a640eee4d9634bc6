/**
 * Signed checkpoints (C2SP tlog-checkpoint as a signed note): one per tree size, stored, so the
 * log never shows two roots for one size; the latest is what the public fetches.
 */
import { checkpointText, rootHash, signNote, verifierKey } from "../../../shared/tlog.js";
import type { TlogDeps } from "./deps.js";
import { treeSize, withTree, type Queryable } from "./store.js";

export interface StoredCheckpoint {
  size: number;
  note: string;
}

export async function latestCheckpoint(db: Queryable): Promise<StoredCheckpoint | null> {
  const { rows } = await db.query<{ size: string; note: string }>(
    `select size, note from tlog.checkpoints order by size desc limit 1`,
  );
  const row = rows[0];
  return row ? { size: Number(row.size), note: row.note } : null;
}

/** Signs a checkpoint of the tree as it is now, unless the latest already covers it; answers the latest. */
export async function signCheckpoint(deps: Pick<TlogDeps, "db" | "origin" | "signingKey">): Promise<StoredCheckpoint> {
  const size = await treeSize(deps.db);
  const latest = await latestCheckpoint(deps.db);
  if (latest && latest.size >= size) return latest;
  const root = await withTree(deps.db, (tree) => rootHash(tree, size));
  const note = signNote(checkpointText({ origin: deps.origin, size, root }), deps.origin, deps.signingKey);
  // Another replica may have signed this size first: its note stands (the same root, by construction).
  await deps.db.query(
    `insert into tlog.checkpoints (size, root, note) values ($1, $2, $3) on conflict (size) do nothing`,
    [size, root, note],
  );
  return (await latestCheckpoint(deps.db)) as StoredCheckpoint;
}

/** The verifier key a citizen or witness trusts: `name+hash+key`, the name being the origin. */
export function logVerifierKey(deps: Pick<TlogDeps, "origin" | "signingKey">): string {
  return verifierKey(deps.origin, deps.signingKey);
}
