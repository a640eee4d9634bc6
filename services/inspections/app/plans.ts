/**
 * Draw plans (双随机抽查计划): published with everything the draw will read frozen and a commitment to
 * a secret seed nobody sees (officers included) until the draw; drawn once, at or after the drawing
 * time, by the published algorithm (shared/inspections/draw.ts), revealing the seed; never drawn
 * again. A correction is a new plan naming the old one with a reason: the old one stays public,
 * marked superseded, and its seed is revealed, so anyone sees what it would have drawn.
 */
import { randomBytes } from "node:crypto";
import type pg from "pg";
import { assertActsForBody, bodyFor, type SessionUser } from "../../../lib/auth.js";
import { call } from "../../../lib/contract.js";
import { ConflictError, dependencyCall, fieldProblem, NotFoundError } from "../../../lib/errors.js";
import { isUniqueViolation } from "../../../lib/database.js";
import { nudgeFeed } from "../../../lib/outbox.js";
import { newId } from "../../../shared/ids.js";
import {
  checkDrawable,
  commitmentOf,
  draw,
  DRAW_ALGORITHM,
  SEED_BYTES,
  sizeOf,
  type Conflict,
  type PoolEntity,
} from "../../../shared/inspections/draw.js";
import { RESULT_WORKING_DAYS } from "../../../shared/inspections/results.js";
import { workingCalendar } from "../../../lib/working-calendar.js";
import { duties } from "../../duties/contract.js";
import type { CreatePlanParams, PlanOfficer, PublicPlan, SelectedEntity } from "../contract.js";
import { inTransaction, refusing, type InspectionsDeps } from "./deps.js";
import { PLAN_COLUMNS, planRow, viewsOf, type PlanRowDb } from "./views.js";

async function poolEntities(db: pg.Pool | pg.PoolClient, poolId: string, version: number): Promise<PoolEntity[]> {
  const { rows } = await db.query<{ credit_code: string; name: string; category: string }>(
    `select credit_code, name, category from inspections.pool_entities where pool_id = $1 and version = $2
     order by credit_code`,
    [poolId, version],
  );
  return rows.map((r) => ({ creditCode: r.credit_code, name: r.name, category: r.category }));
}

/** The plan's public view as it is now in this transaction, into the outbox. */
export async function appendEvent(deps: InspectionsDeps, client: pg.PoolClient, planId: string): Promise<void> {
  const row = (await planRow(client, planId)) as PlanRowDb;
  const [view] = await viewsOf(client, deps.publicBaseUrl, [row], deps.now());
  // One writer at a time, so the outbox's sequence numbers commit in order (lib/outbox.ts).
  await client.query(`select pg_advisory_xact_lock(hashtext('inspections.events'))`);
  await client.query(`insert into inspections.events (plan_id, at, view) values ($1, now(), $2)`, [
    planId,
    JSON.stringify(view),
  ]);
}

/** The pool version a plan names: the latest when none is named (422 when the pool has none, or not that one). */
async function frozenPool(deps: InspectionsDeps, bodyId: string, p: CreatePlanParams) {
  const { rows } = await deps.db.query<{ id: string; body_id: string; name: string; latest_version: number }>(
    `select id, body_id, name, latest_version from inspections.pools where id = $1`,
    [p.poolId],
  );
  const pool = rows[0];
  if (!pool || pool.body_id !== bodyId) throw fieldProblem("poolId", "PLAN_POOL_UNKNOWN", "no such pool of the body");
  const version = p.poolVersion ?? pool.latest_version;
  const { rows: versions } = await deps.db.query<{ sha256: string }>(
    `select sha256 from inspections.pool_versions where pool_id = $1 and version = $2`,
    [pool.id, version],
  );
  if (!versions[0]) throw fieldProblem("poolVersion", "PLAN_POOL_VERSION_UNKNOWN", "the pool has no such version yet");
  return {
    id: pool.id,
    name: pool.name,
    version,
    sha256: versions[0].sha256,
    entities: await poolEntities(deps.db, pool.id, version),
  };
}

function checkTimes(deps: InspectionsDeps, p: CreatePlanParams): Date {
  const drawAt = new Date(p.drawAt);
  if (Number.isNaN(drawAt.getTime()) || drawAt.getTime() < deps.now().getTime() - 1000) {
    throw fieldProblem("drawAt", "PLAN_DRAW_IN_PAST", "the draw is published before it happens: a time to come");
  }
  if (p.inspectBy < drawAt.toISOString().slice(0, 10)) {
    throw fieldProblem("inspectBy", "RANGE_REVERSED", "the inspections end after the draw");
  }
  return drawAt;
}

/** Publishes a plan with its commitment (and, for a correction, supersedes the plan it corrects). */
export async function createPlan(deps: InspectionsDeps, user: SessionUser, p: CreatePlanParams): Promise<PublicPlan> {
  const bodyId = bodyFor(user, p.bodyId);
  if ((p.size === undefined) === (p.ratio === undefined)) {
    throw fieldProblem("size", "PLAN_SIZE_OR_RATIO", "give the sample as a size or as a ratio, one of them");
  }
  if (p.corrects && !p.correctionReason) {
    throw fieldProblem("correctionReason", "REASON_REQUIRED", "a correction says why");
  }
  const drawAt = checkTimes(deps, p);
  const item = await dependencyCall("duties", () =>
    call(deps.caller, duties.getInspectionItem, { id: p.inspectionItemId }).catch((err: unknown) => {
      if (err instanceof NotFoundError) return null;
      throw err;
    }),
  );
  if (!item || item.bodyId !== bodyId) {
    throw fieldProblem("inspectionItemId", "PLAN_ITEM_UNKNOWN", "not an item of the body's 随机抽查事项清单");
  }
  const pool = await frozenPool(deps, bodyId, p);
  const body = await dependencyCall("duties", () => call(deps.caller, duties.getBody, { id: bodyId }));
  const roster = await dependencyCall("duties", () => call(deps.caller, duties.roster, { bodyId }));
  const officers: PlanOfficer[] = roster
    .filter((o) => o.fields.includes(p.officerField))
    .map((o) => ({ id: o.id, name: o.name, certificateNo: o.certificateNo }));
  const inPool = new Set(pool.entities.map((e) => e.creditCode));
  const { rows: declared } = await deps.db.query<{ officer_id: string; credit_code: string }>(
    `select officer_id, credit_code from inspections.conflicts
     where body_id = $1 and withdrawn_at is null and officer_id = any($2::text[]) order by officer_id, credit_code`,
    [bodyId, officers.map((o) => o.id)],
  );
  const conflicts: Conflict[] = declared
    .filter((c) => inPool.has(c.credit_code))
    .map((c) => ({ officerId: c.officer_id, creditCode: c.credit_code }));
  const size = sizeOf(pool.entities.length, p);
  const officersPerEntity = p.officersPerEntity ?? 2;
  refusing("officersPerEntity", () =>
    checkDrawable({ entities: pool.entities, size, officersPerEntity, officers, conflicts }),
  );
  // Each result is due 20 working days after its inspection: all of them, at the latest, after 检查截止.
  const resultsDueOn = (await workingCalendar(deps)).workingDaysAfter(p.inspectBy, RESULT_WORKING_DAYS).date;
  const seed = randomBytes(SEED_BYTES).toString("hex");
  const id = newId();
  const now = deps.now();
  try {
    await inTransaction(deps, async (client) => {
      if (p.corrects) await supersede(client, bodyId, p.corrects);
      await client.query(
        `insert into inspections.plans (id, body_id, body_name, title, item, pool_id, pool_name, pool_version,
           pool_sha256, pool_size, size, ratio, officers_per_entity, officer_field, officers, conflicts, algorithm,
           commitment, seed, draw_at, inspect_by, status, corrects, correction_reason, created_by, created_at, updated_at,
           results_due_on)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21,
           'committed', $22, $23, $24, $25, $25, $26)`,
        [
          id,
          bodyId,
          body.name,
          p.title,
          JSON.stringify(item),
          pool.id,
          pool.name,
          pool.version,
          pool.sha256,
          pool.entities.length,
          size,
          p.ratio ?? null,
          officersPerEntity,
          p.officerField,
          JSON.stringify(officers),
          JSON.stringify(conflicts),
          DRAW_ALGORITHM,
          commitmentOf(seed),
          seed,
          drawAt,
          p.inspectBy,
          p.corrects ?? null,
          p.corrects ? p.correctionReason : null,
          user.id,
          now,
          resultsDueOn,
        ],
      );
      if (p.corrects) {
        await client.query(`update inspections.plans set superseded_by = $2 where id = $1`, [p.corrects, id]);
        await appendEvent(deps, client, p.corrects);
      }
      await appendEvent(deps, client, id);
    });
  } catch (err) {
    if (isUniqueViolation(err, "plans_corrects_unique"))
      throw new ConflictError("the plan has already been corrected", "PLAN_ALREADY_CORRECTED");
    throw err;
  }
  await nudgeFeed(deps.caller, "inspections");
  return getPlanView(deps, id);
}

/** The corrected plan: the body's, not yet superseded; marked so, its seed revealed. */
async function supersede(client: pg.PoolClient, bodyId: string, oldId: string): Promise<void> {
  const old = await planRow(client, oldId, true);
  if (!old || old.body_id !== bodyId) throw fieldProblem("corrects", "PLAN_UNKNOWN", "no such plan of the body");
  if (old.status === "superseded")
    throw new ConflictError("the plan has already been corrected", "PLAN_ALREADY_CORRECTED");
  await client.query(
    `update inspections.plans set status = 'superseded', seed_revealed = true, updated_at = now() where id = $1`,
    [oldId],
  );
}

export async function getPlanView(deps: InspectionsDeps, id: string): Promise<PublicPlan> {
  const row = await planRow(deps.db, id);
  if (!row) throw new NotFoundError("Plan", id);
  return (await viewsOf(deps.db, deps.publicBaseUrl, [row], deps.now()))[0] as PublicPlan;
}

export async function getPlan(deps: InspectionsDeps, user: SessionUser, id: string): Promise<PublicPlan> {
  const view = await getPlanView(deps, id);
  assertActsForBody(user, view.bodyId);
  return view;
}

export async function listPlans(
  deps: InspectionsDeps,
  user: SessionUser,
  p: { bodyId?: string },
): Promise<PublicPlan[]> {
  const bodyId = bodyFor(user, p.bodyId);
  const { rows } = await deps.db.query<PlanRowDb>(
    `select ${PLAN_COLUMNS} from inspections.plans where body_id = $1 order by id desc limit 500`,
    [bodyId],
  );
  return viewsOf(deps.db, deps.publicBaseUrl, rows, deps.now());
}

/** The selection with the officers' names, by the published algorithm from the plan's frozen inputs. */
async function selectionOf(client: pg.PoolClient, plan: PlanRowDb): Promise<SelectedEntity[]> {
  const entities = await poolEntities(client, plan.pool_id, plan.pool_version);
  const officers = new Map(plan.officers.map((o) => [o.id, o]));
  const drawn = draw({
    seedHex: plan.seed,
    entities,
    size: plan.size,
    officersPerEntity: plan.officers_per_entity,
    officers: plan.officers,
    conflicts: plan.conflicts,
  });
  return drawn.map((d, i) => ({
    rank: i + 1,
    creditCode: d.creditCode,
    name: d.name,
    category: d.category,
    key: d.key,
    officers: d.officerIds.map((id) => officers.get(id) as PlanOfficer),
  }));
}

/**
 * Draws a plan: once, at or after its time (409 before, and once drawn or superseded). `user` is
 * absent for the service's own pass over due plans.
 */
export async function drawPlan(deps: InspectionsDeps, user: SessionUser | null, id: string): Promise<PublicPlan> {
  await inTransaction(deps, async (client) => {
    const plan = await planRow(client, id, true);
    if (!plan) throw new NotFoundError("Plan", id);
    if (user) assertActsForBody(user, plan.body_id);
    if (plan.status === "drawn")
      throw new ConflictError("the plan has been drawn; a plan is drawn once", "PLAN_ALREADY_DRAWN");
    if (plan.status === "superseded")
      throw new ConflictError("the plan has been corrected by another", "PLAN_SUPERSEDED");
    if (deps.now().getTime() < plan.draw_at.getTime()) {
      throw new ConflictError("the draw is at its published time, not before", "PLAN_DRAW_NOT_YET", {
        drawAt: plan.draw_at.toISOString(),
      });
    }
    const selected = await selectionOf(client, plan);
    await client.query(
      `update inspections.plans set status = 'drawn', seed_revealed = true, drawn_at = $2, selected = $3,
         updated_at = $2 where id = $1`,
      [id, deps.now(), JSON.stringify(selected)],
    );
    await appendEvent(deps, client, id);
  });
  await nudgeFeed(deps.caller, "inspections");
  return getPlanView(deps, id);
}

/** Draws every committed plan whose time has come; answers how many. */
export async function drawDue(deps: InspectionsDeps): Promise<number> {
  const { rows } = await deps.db.query<{ id: string }>(
    `select id from inspections.plans where status = 'committed' and draw_at <= $1 order by draw_at limit 100`,
    [deps.now()],
  );
  let drawn = 0;
  for (const { id } of rows) {
    try {
      await drawPlan(deps, null, id);
      drawn++;
    } catch (err) {
      // Drawn meanwhile by an officer or another replica: nothing to do.
      if (!(err instanceof ConflictError)) throw err;
    }
  }
  return drawn;
}
