/**
 * 双随机、一公开: the draw of a random inspection plan as a published deterministic function, so
 * anyone can recompute it from public data alone (npm run draw:verify; BRIEF.md "双随机、一公开").
 *
 * Algorithm "zfgs-draw-v1":
 * 1. Before the draw the plan is published with everything the draw reads, frozen: the pool's
 *    entities (their canonical content hashes to `poolSha256`), the eligible officers (active, of the
 *    plan's 执法类别), the declared conflicts (回避), the sample size n and officers per entity k, and
 *    `commitment` = hex SHA-256 of the 32 secret seed bytes.
 * 2. At the draw the seed is revealed (hex). Entities are ranked by
 *    HMAC-SHA256(key = seed bytes, "entity\n" + credit code) ascending (bytes compared as hex, ties by
 *    credit code); the first n are drawn, in that order.
 * 3. Officers are assigned entity by entity in the drawn order: those without a conflict with the
 *    entity, ranked by (assignments so far ascending, then HMAC-SHA256(seed, "officer\n" + credit
 *    code + "\n" + officer id) ascending, then officer id); the first k. Workload stays even, and no
 *    officer is chosen by anyone.
 * Every string is UTF-8 of its NFC form; credit codes are upper-case ASCII (GB 32100).
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export const DRAW_ALGORITHM = "zfgs-draw-v1";
export const SEED_BYTES = 32;
export const MIN_OFFICERS_PER_ENTITY = 2;

/** An entity under supervision as it enters the pool's hash (its address stays out: not public). */
export interface PoolEntity {
  creditCode: string;
  name: string;
  category: string;
}

export interface RosterOfficer {
  id: string;
  name: string;
  certificateNo: string;
}

/** An officer's declared conflict (回避) with an entity: never assigned to inspect it. */
export interface Conflict {
  officerId: string;
  creditCode: string;
}

export interface DrawInput {
  seedHex: string;
  entities: PoolEntity[];
  size: number;
  officersPerEntity: number;
  officers: RosterOfficer[];
  conflicts: Conflict[];
}

export interface DrawnEntity {
  creditCode: string;
  name: string;
  category: string;
  /** The entity's rank key: hex HMAC-SHA256(seed, "entity\n" + credit code). */
  key: string;
  officerIds: string[];
}

export class DrawError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly values: Record<string, string | number> = {},
  ) {
    super(message);
  }
}

const sha256Hex = (bytes: Uint8Array | string): string => createHash("sha256").update(bytes).digest("hex");
const nfc = (s: string): string => s.normalize("NFC");

/** One line per entity, sorted by credit code: `code \t name \t category \n` (tabs and newlines never occur in fields). */
export function canonicalPool(entities: PoolEntity[]): string {
  const lines = entities
    .map((e) => `${e.creditCode}\t${nfc(e.name)}\t${nfc(e.category)}\n`)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return lines.join("");
}

/** The pool version's hash: hex SHA-256 of its canonical content. */
export function poolSha256(entities: PoolEntity[]): string {
  return sha256Hex(Buffer.from(canonicalPool(entities), "utf8"));
}

/** The seed's bytes; anything but 64 hex digits is refused. */
export function seedBytes(seedHex: string): Buffer {
  if (!/^[0-9a-f]{64}$/.test(seedHex)) throw new DrawError("DRAW_SEED_INVALID", "the seed is 64 lower-case hex digits");
  return Buffer.from(seedHex, "hex");
}

/** The published commitment to a seed: hex SHA-256 of its bytes. */
export function commitmentOf(seedHex: string): string {
  return sha256Hex(seedBytes(seedHex));
}

/** Whether a revealed seed is the one committed to. */
export function seedMatches(seedHex: string, commitment: string): boolean {
  if (!/^[0-9a-f]{64}$/.test(commitment)) return false;
  const a = Buffer.from(commitmentOf(seedHex), "hex");
  return timingSafeEqual(a, Buffer.from(commitment, "hex"));
}

/**
 * The sample size: as given (checkDrawable refuses one beyond the pool), or a ratio of the pool
 * rounded up, at least one entity when the pool has any.
 */
export function sizeOf(poolSize: number, p: { size?: number; ratio?: number }): number {
  if (p.size !== undefined) return p.size;
  const ratio = p.ratio ?? 0;
  return Math.min(poolSize, Math.max(poolSize > 0 ? 1 : 0, Math.ceil(poolSize * ratio - 1e-9)));
}

const hmacHex = (key: Buffer, message: string): string =>
  createHmac("sha256", key)
    .update(Buffer.from(nfc(message), "utf8"))
    .digest("hex");

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Checks before the commitment that the draw can be made whatever the seed: k ≥ 2, and every
 * entity of the pool has k officers without a conflict with it.
 */
export function checkDrawable(input: Omit<DrawInput, "seedHex">): void {
  const k = input.officersPerEntity;
  if (!Number.isInteger(k) || k < MIN_OFFICERS_PER_ENTITY) {
    throw new DrawError("DRAW_TOO_FEW_OFFICERS_PER_ENTITY", "at least two officers inspect each entity", { min: 2 });
  }
  if (input.size < 1 || input.size > input.entities.length) {
    throw new DrawError("DRAW_SIZE_OUT_OF_RANGE", "the sample size is between 1 and the pool's size", {
      max: input.entities.length,
    });
  }
  const officerIds = new Set(input.officers.map((o) => o.id));
  const conflicted = new Map<string, number>();
  for (const c of input.conflicts) {
    if (officerIds.has(c.officerId)) conflicted.set(c.creditCode, (conflicted.get(c.creditCode) ?? 0) + 1);
  }
  for (const e of input.entities) {
    const free = input.officers.length - (conflicted.get(e.creditCode) ?? 0);
    if (free < k) {
      throw new DrawError("DRAW_NOT_ENOUGH_OFFICERS", "too few eligible officers for an entity of the pool", {
        creditCode: e.creditCode,
        available: free,
        needed: k,
      });
    }
  }
}

/** The draw: the drawn entities in rank order, each with its officers. Same inputs, same answer. */
export function draw(input: DrawInput): DrawnEntity[] {
  checkDrawable(input);
  const key = seedBytes(input.seedHex);
  const ranked = input.entities
    .map((e) => ({ e, key: hmacHex(key, `entity\n${e.creditCode}`) }))
    .sort((a, b) => byText(a.key, b.key) || byText(a.e.creditCode, b.e.creditCode))
    .slice(0, input.size);
  const conflicts = new Set(input.conflicts.map((c) => `${c.officerId}\n${c.creditCode}`));
  const load = new Map<string, number>(input.officers.map((o) => [o.id, 0]));
  return ranked.map(({ e, key: entityKey }) => {
    const chosen = input.officers
      .filter((o) => !conflicts.has(`${o.id}\n${e.creditCode}`))
      .map((o) => ({ id: o.id, load: load.get(o.id) ?? 0, rank: hmacHex(key, `officer\n${e.creditCode}\n${o.id}`) }))
      .sort((a, b) => a.load - b.load || byText(a.rank, b.rank) || byText(a.id, b.id))
      .slice(0, input.officersPerEntity)
      .map((o) => o.id);
    for (const id of chosen) load.set(id, (load.get(id) ?? 0) + 1);
    return { creditCode: e.creditCode, name: e.name, category: e.category, key: entityKey, officerIds: chosen };
  });
}
