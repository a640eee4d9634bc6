/** A plan's row and its public view (the seed only once revealed), and the public reads. */
import type pg from "pg";
import { NotFoundError } from "../../../lib/errors.js";
import { decodeCursor, toPage, type Page } from "../../../shared/paging.js";
import { poolSha256 } from "../../../shared/inspections/draw.js";
import type {
  InspectionsChange,
  PlanOfficer,
  PlanResult,
  PublicPlan,
  PublicPool,
  SelectedEntity,
} from "../contract.js";
import { chinaToday } from "../../../shared/dates.js";
import { overdueEntities } from "../../../shared/inspections/results.js";
import { publicText } from "../../../shared/redaction.js";
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
  results_due_on: string | null;
  created_at: Date;
  updated_at: Date;
}

/** Every column; the dates as text (node-pg keeps the last of two same-named columns). */
export const PLAN_COLUMNS = `*, to_char(inspect_by, 'YYYY-MM-DD') as inspect_by,
  to_char(results_due_on, 'YYYY-MM-DD') as results_due_on`;

interface ResultRowDb {
  plan_id: string;
  credit_code: string;
  outcome: PlanResult["outcome"];
  inspected_on: string;
  summary: string;
  notice_id: string | null;
  due_on: string;
  late: boolean;
  recorded_at: Date;
  updated_at: Date;
}

/** The recorded results of these plans, by plan and credit code. */
async function resultsOf(
  db: pg.Pool | pg.PoolClient,
  planIds: string[],
): Promise<Map<string, Map<string, PlanResult>>> {
  const byPlan = new Map<string, Map<string, PlanResult>>();
  if (!planIds.length) return byPlan;
  const { rows } = await db.query<ResultRowDb>(
    `select plan_id, credit_code, outcome, to_char(inspected_on, 'YYYY-MM-DD') as inspected_on, summary, notice_id,
       to_char(due_on, 'YYYY-MM-DD') as due_on, late, recorded_at, updated_at
     from inspections.results where plan_id = any($1::text[])`,
    [planIds],
  );
  for (const r of rows) {
    const results = byPlan.get(r.plan_id) ?? new Map<string, PlanResult>();
    results.set(r.credit_code, {
      outcome: r.outcome,
      inspectedOn: r.inspected_on,
      summary: r.summary,
      noticeId: r.notice_id,
      dueOn: r.due_on,
      late: r.late,
      recordedAt: iso(r.recorded_at),
      updatedAt: iso(r.updated_at),
    });
    byPlan.set(r.plan_id, results);
  }
  return byPlan;
}

/** The plans' public views with their results, as of `now`. */
export async function viewsOf(
  db: pg.Pool | pg.PoolClient,
  baseUrl: string,
  rows: PlanRowDb[],
  now: Date,
): Promise<PublicPlan[]> {
  const results = await resultsOf(
    db,
    rows.filter((r) => r.selected).map((r) => r.id),
  );
  const today = chinaToday(now);
  return rows.map((r) => planView(baseUrl, r, results.get(r.id) ?? new Map(), today));
}

export async function planRow(db: pg.Pool | pg.PoolClient, id: string, lock = false): Promise<PlanRowDb | null> {
  const { rows } = await db.query<PlanRowDb>(
    `select ${PLAN_COLUMNS} from inspections.plans where id = $1${lock ? " for update" : ""}`,
    [id],
  );
  return rows[0] ?? null;
}

export function planView(
  baseUrl: string,
  r: PlanRowDb,
  results: ReadonlyMap<string, PlanResult>,
  today: string,
): PublicPlan {
  const selected =
    r.selected?.map((s) => {
      const result = results.get(s.creditCode);
      // Officers write the summaries: personal data in them is masked as in every public text.
      return { ...s, result: result ? { ...result, summary: result.summary && publicText(result.summary) } : null };
    }) ?? null;
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
    selected,
    corrects: r.corrects ? { planId: r.corrects, reason: publicText(r.correction_reason ?? "") } : null,
    supersededBy: r.superseded_by,
    resultsDueOn: r.results_due_on,
    overdue:
      r.status === "drawn" && r.selected
        ? overdueEntities(r.selected, new Set(results.keys()), r.results_due_on, today).length
        : 0,
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
  return { items: await viewsOf(deps.db, deps.publicBaseUrl, page.items, deps.now()), nextCursor: page.nextCursor };
}

export async function publicPlan(deps: InspectionsDeps, id: string): Promise<PublicPlan> {
  const row = await planRow(deps.db, id);
  if (!row) throw new NotFoundError("Plan", id);
  return (await viewsOf(deps.db, deps.publicBaseUrl, [row], deps.now()))[0] as PublicPlan;
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
