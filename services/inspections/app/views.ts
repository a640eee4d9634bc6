/** A plan's row and its public view (the seed only once revealed), and the public reads. */
import type pg from "pg";
import { NotFoundError } from "../../../lib/errors.js";
import { decodeCursor, toPage, type Page } from "../../../shared/paging.js";
import { poolSha256 } from "../../../shared/inspections/draw.js";
import type { InspectionsChange, PlanOfficer, PublicPlan, PublicPool, SelectedEntity } from "../contract.js";
import { iso, type InspectionsDeps } from "./deps.js";

export interface PlanRowDb {
  id: string;
  body_id: string;
  body_name: string;
  title: string;
  item: PublicPlan["inspectionItem"] & { bodyId?: string; createdAt?: string; updatedAt?: string };
  pool_id: string;
  pool_name: string;
  pool_version: number;
  pool_sha256: string;
  pool_size: number;
  size: number;
  ratio: string | null;
  officers_per_entity: number;
  officer_field: string;
  officers: PlanOfficer[];
  conflicts: { officerId: string; creditCode: string }[];
  algorithm: string;
  commitment: string;
  seed: string;
  seed_revealed: boolean;
  draw_at: Date;
  inspect_by: string;
  status: PublicPlan["status"];
  drawn_at: Date | null;
  selected: SelectedEntity[] | null;
  corrects: string | null;
  correction_reason: string | null;
  superseded_by: string | null;
  created_at: Date;
  updated_at: Date;
}

/** Every column; the date as text (node-pg keeps the last of two same-named columns). */
const PLAN_COLUMNS = `*, to_char(inspect_by, 'YYYY-MM-DD') as inspect_by`;

export async function planRow(db: pg.Pool | pg.PoolClient, id: string, lock = false): Promise<PlanRowDb | null> {
  const { rows } = await db.query<PlanRowDb>(
    `select ${PLAN_COLUMNS} from inspections.plans where id = $1${lock ? " for update" : ""}`,
    [id],
  );
  return rows[0] ?? null;
}

export function planView(baseUrl: string, r: PlanRowDb): PublicPlan {
  const url = `${baseUrl}/api/public/inspection-plans/${r.id}`;
  const { id, project, subItem, subject, basis, method, content } = r.item;
  return {
    id: r.id,
    bodyId: r.body_id,
    bodyName: r.body_name,
    title: r.title,
    status: r.status,
    algorithm: r.algorithm,
    inspectionItem: { id, project, subItem, subject, basis, method, content },
    pool: { id: r.pool_id, name: r.pool_name, version: r.pool_version, size: r.pool_size, url: `${url}/pool` },
    poolSha256: r.pool_sha256,
    size: r.size,
    ratio: r.ratio === null ? null : Number(r.ratio),
    officersPerEntity: r.officers_per_entity,
    officerField: r.officer_field,
    officers: r.officers,
    conflicts: r.conflicts,
    commitment: r.commitment,
    drawAt: iso(r.draw_at),
    inspectBy: r.inspect_by,
    seed: r.seed_revealed ? r.seed : null,
    drawnAt: r.drawn_at ? iso(r.drawn_at) : null,
    selected: r.selected,
    corrects: r.corrects ? { planId: r.corrects, reason: r.correction_reason ?? "" } : null,
    supersededBy: r.superseded_by,
    publishedAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    url,
  };
}

const isPlanKey = (key: string) => /^[0-9a-f-]{36}$/.test(key);

/** Published plans, newest first (every body's, or one body's). */
export async function publicPlans(
  deps: InspectionsDeps,
  p: { bodyId?: string; limit?: number; cursor?: string },
): Promise<Page<PublicPlan>> {
  const limit = p.limit ?? 20;
  const before = p.cursor ? decodeCursor(p.cursor, isPlanKey) : undefined;
  const { rows } = await deps.db.query<PlanRowDb>(
    `select ${PLAN_COLUMNS} from inspections.plans
     where ($1::text is null or body_id = $1) and ($2::text is null or id < $2) order by id desc limit $3`,
    [p.bodyId ?? null, before ?? null, limit + 1],
  );
  const page = toPage(rows, limit, (r) => r.id);
  return { items: page.items.map((r) => planView(deps.publicBaseUrl, r)), nextCursor: page.nextCursor };
}

export async function publicPlan(deps: InspectionsDeps, id: string): Promise<PublicPlan> {
  const row = await planRow(deps.db, id);
  if (!row) throw new NotFoundError("Plan", id);
  return planView(deps.publicBaseUrl, row);
}

/** The pool version a plan froze, as its hash reads it: credit code, name, category (no addresses). */
export async function publicPool(deps: InspectionsDeps, planId: string): Promise<PublicPool> {
  const plan = await planRow(deps.db, planId);
  if (!plan) throw new NotFoundError("Plan", planId);
  const { rows } = await deps.db.query<{ credit_code: string; name: string; category: string }>(
    `select credit_code, name, category from inspections.pool_entities where pool_id = $1 and version = $2
     order by credit_code`,
    [plan.pool_id, plan.pool_version],
  );
  const entities = rows.map((r) => ({ creditCode: r.credit_code, name: r.name, category: r.category }));
  // The hash is the plan's: a stored version never changes, and this says so on every read.
  if (poolSha256(entities) !== plan.pool_sha256) throw new Error(`pool ${plan.pool_id} v${plan.pool_version} changed`);
  return { poolId: plan.pool_id, version: plan.pool_version, sha256: plan.pool_sha256, entities };
}

/** For the transparency log and the feed: each change of a plan after a sequence number, with its view then. */
export async function eventsSince(
  deps: InspectionsDeps,
  p: { after: string; limit: number },
): Promise<InspectionsChange[]> {
  const { rows } = await deps.db.query<{ seq: string; at: Date; plan_id: string; view: PublicPlan }>(
    `select seq::text as seq, at, plan_id, view from inspections.events where seq > $1::bigint order by seq limit $2`,
    [p.after, p.limit],
  );
  return rows.map((r) => ({ seq: r.seq, at: iso(r.at), id: r.plan_id, view: r.view }));
}
