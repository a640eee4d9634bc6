/**
 * Recomputes a random-inspection draw from public data alone (issue 21):
 * `npm run draw:verify -- <plan url>` — the plan's API address
 * (`…/api/public/inspection-plans/<id>`). It fetches the plan and the pool version it froze, and
 * checks: the algorithm is one this script knows; the pool's entities hash to the published
 * `poolSha256`; the revealed seed hashes to the commitment published before the draw; the selected
 * entities and their officers are exactly what the algorithm gives for that seed, pool and plan.
 * Exit 0 when all hold, 1 naming what does not, 2 when the plan cannot be read, 3 before the draw.
 * Only shared/inspections/draw.ts and fetch: anyone can read it and run it.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { commitmentOf, draw, DRAW_ALGORITHM, poolSha256, type PoolEntity } from "../shared/inspections/draw.js";
import type { PublicPlan, PublicPool } from "../services/inspections/contract.js";

const USAGE = "usage: npm run draw:verify -- <plan url, e.g. https://…/api/public/inspection-plans/<id>>";

class Unreadable extends Error {}

async function getJson<T>(url: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: "application/json" } });
  } catch (err) {
    throw new Unreadable(`${url}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!res.ok) throw new Unreadable(`${url}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

export interface VerifyResult {
  notes: string[];
  problems: string[];
  /** Not drawn yet: nothing to recompute. */
  pending: boolean;
}

/** The checks, on a plan and its pool as fetched. */
export function verifyDraw(plan: PublicPlan, pool: PublicPool): VerifyResult {
  const notes: string[] = [];
  const problems: string[] = [];
  if (plan.algorithm !== DRAW_ALGORITHM) {
    return {
      notes,
      problems: [`unknown algorithm ${plan.algorithm} (this script knows ${DRAW_ALGORITHM})`],
      pending: false,
    };
  }
  const entities: PoolEntity[] = pool.entities;
  const hash = poolSha256(entities);
  if (hash !== plan.poolSha256)
    problems.push(`the pool's ${entities.length} entities hash to ${hash}, the plan publishes ${plan.poolSha256}`);
  else notes.push(`pool version ${pool.version}: ${entities.length} entities, SHA-256 ${hash} as published`);
  if (!plan.seed) {
    notes.push(`not drawn yet: the draw at ${plan.drawAt} will reveal the seed committed to as ${plan.commitment}`);
    return { notes, problems, pending: problems.length === 0 };
  }
  const commitment = commitmentOf(plan.seed);
  if (commitment !== plan.commitment)
    problems.push(`the seed hashes to ${commitment}, the commitment was ${plan.commitment}`);
  else notes.push(`the revealed seed matches the commitment ${plan.commitment}`);
  const expected = draw({
    seedHex: plan.seed,
    entities,
    size: plan.size,
    officersPerEntity: plan.officersPerEntity,
    officers: plan.officers,
    conflicts: plan.conflicts,
  });
  if (!plan.selected) {
    notes.push(`superseded before its draw; it would have drawn: ${expected.map((e) => e.creditCode).join(", ")}`);
    return { notes, problems, pending: false };
  }
  const got = plan.selected.map((s) => `${s.creditCode}:${s.officers.map((o) => o.id).join("+")}`);
  const want = expected.map((e) => `${e.creditCode}:${e.officerIds.join("+")}`);
  if (got.length !== want.length) problems.push(`${got.length} entities published, the algorithm draws ${want.length}`);
  want.forEach((w, i) => {
    if (got[i] !== w) problems.push(`rank ${i + 1}: published ${got[i] ?? "nothing"}, the algorithm gives ${w}`);
  });
  if (!problems.length)
    notes.push(`the ${want.length} drawn entities and their officers are exactly what ${DRAW_ALGORITHM} gives`);
  return { notes, problems, pending: false };
}

export async function main(args: string[], out: (line: string) => void = console.log): Promise<number> {
  const url = args.find((a) => !a.startsWith("-"));
  if (!url || !/^https?:\/\//.test(url)) {
    out(USAGE);
    return 2;
  }
  let plan: PublicPlan;
  let pool: PublicPool;
  try {
    plan = await getJson<PublicPlan>(url);
    pool = await getJson<PublicPool>(plan.pool.url);
  } catch (err) {
    if (!(err instanceof Unreadable)) throw err;
    out(`✗ cannot read the plan: ${err.message}`);
    return 2;
  }
  const result = verifyDraw(plan, pool);
  for (const n of result.notes) out(`✓ ${n}`);
  for (const p of result.problems) out(`✗ ${p}`);
  if (result.problems.length) return 1;
  return result.pending ? 3 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (err: unknown) => {
      console.error(`draw-verify: ${err instanceof Error ? err.message : String(err)}`);
      process.exitCode = 2;
    },
  );
}
