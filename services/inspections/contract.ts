/**
 * The inspections service's contract (双随机、一公开): pools of entities under supervision uploaded
 * as CSV/XLSX and versioned by the SHA-256 of their canonical content; officers' declared conflicts
 * (回避); draw plans published with a commitment to a secret seed, drawn once by the published
 * algorithm (shared/inspections/draw.ts), corrected only by a new plan naming the old one.
 */
import { action, EVENTS_SINCE_PARAMS, type EventsSinceParams } from "../../lib/contract.js";
import { arr, BOOL, INT, json, media, nullable, NUM, obj, oneOf, opt, page, STR } from "../../lib/replies.js";
import { INSPECTION_OUTCOMES, type InspectionOutcome } from "../../shared/inspections/results.js";
import type { Page } from "../../shared/paging.js";
import { ID, optionalText, pagingParams, text, DATE } from "../../shared/validation.js";

export const JOB_STATUSES = ["queued", "running", "done", "failed"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const JOB_OUTCOMES = ["version", "unchanged", "refused"] as const;
export type JobOutcome = (typeof JOB_OUTCOMES)[number];
export const PLAN_STATUSES = ["committed", "drawn", "superseded"] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

export interface PoolVersionView {
  version: number;
  sha256: string;
  size: number;
  createdAt: string;
}

export interface PoolView {
  id: string;
  bodyId: string;
  name: string;
  latestVersion: number;
  versions: PoolVersionView[];
  createdAt: string;
}

/** An upload of a pool's list: `GET /api/pools/uploads/:id` while it runs and after. */
export interface PoolJobView {
  id: string;
  poolId: string;
  status: JobStatus;
  total: number;
  done: number;
  failed: number;
  /** When done: a new version, the same content as the latest (unchanged), or refused rows (no version). */
  outcome: JobOutcome | null;
  version: number | null;
  format: string;
  encoding: string | null;
  errorsUrl: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ConflictView {
  id: string;
  bodyId: string;
  officerId: string;
  creditCode: string;
  reason: string;
  declaredAt: string;
  withdrawnAt: string | null;
}

export interface PlanOfficer {
  id: string;
  name: string;
  certificateNo: string;
}

/** The result of inspecting a drawn entity (检查结果). */
export interface PlanResult {
  outcome: InspectionOutcome;
  inspectedOn: string;
  summary: string;
  /** The case's notice when the inspection led to one (已立案查处). */
  noticeId: string | null;
  /** Due 20 working days after the inspection; `late` when recorded after that. */
  dueOn: string;
  late: boolean;
  recordedAt: string;
  updatedAt: string;
}

export interface SelectedEntity {
  rank: number;
  creditCode: string;
  name: string;
  category: string;
  key: string;
  officers: PlanOfficer[];
  /** Filled in when the result is recorded (not part of the draw). */
  result?: PlanResult | null;
}

/** A plan as anyone reads it: everything the draw reads, and after the draw the seed and the selection. */
export interface PublicPlan {
  id: string;
  bodyId: string;
  bodyName: string;
  title: string;
  status: PlanStatus;
  algorithm: string;
  inspectionItem: {
    id: string;
    project: string;
    subItem: string | null;
    subject: string;
    basis: string;
    method: string;
    content: string;
  };
  pool: { id: string; name: string; version: number; size: number; url: string };
  poolSha256: string;
  size: number;
  ratio: number | null;
  officersPerEntity: number;
  officerField: string;
  officers: PlanOfficer[];
  conflicts: { officerId: string; creditCode: string }[];
  commitment: string;
  drawAt: string;
  inspectBy: string;
  /** Revealed at the draw (or when the plan is superseded before it): hex. */
  seed: string | null;
  drawnAt: string | null;
  selected: SelectedEntity[] | null;
  corrects: { planId: string; reason: string } | null;
  supersededBy: string | null;
  /** Results are due by this day at the latest (20 working days after inspectBy). */
  resultsDueOn: string | null;
  /** Drawn entities without a result after resultsDueOn. */
  overdue: number;
  publishedAt: string;
  updatedAt: string;
  url: string;
}

/** A pool version's entities as the plan's draw read them (no addresses: not public, not hashed). */
export interface PublicPool {
  poolId: string;
  version: number;
  sha256: string;
  entities: { creditCode: string; name: string; category: string }[];
}

export interface CreatePoolParams {
  name: string;
  bodyId?: string;
}

export interface CreatePlanParams {
  bodyId?: string;
  title: string;
  inspectionItemId: string;
  poolId: string;
  poolVersion?: number;
  size?: number;
  ratio?: number;
  officersPerEntity?: number;
  officerField: string;
  drawAt: string;
  inspectBy: string;
  corrects?: string;
  correctionReason?: string;
}

export interface DeclareConflictParams {
  officerId: string;
  creditCode: string;
  reason: string;
}

export interface RecordResultParams {
  id: string;
  creditCode: string;
  outcome: InspectionOutcome;
  inspectedOn: string;
  summary?: string;
  noticeId?: string;
}

export interface InspectionsChange {
  seq: string;
  at: string;
  id: string;
  view: PublicPlan;
}

const POOL_VERSION_VIEW = obj({ version: INT, sha256: STR, size: INT, createdAt: STR });
const POOL_VIEW = obj({
  id: STR,
  bodyId: STR,
  name: STR,
  latestVersion: INT,
  versions: arr(POOL_VERSION_VIEW),
  createdAt: STR,
});
const JOB_VIEW = obj({
  id: STR,
  poolId: STR,
  status: oneOf(JOB_STATUSES),
  total: INT,
  done: INT,
  failed: INT,
  outcome: nullable(oneOf(JOB_OUTCOMES)),
  version: nullable(INT),
  format: STR,
  encoding: nullable(STR),
  errorsUrl: nullable(STR),
  createdAt: STR,
  updatedAt: STR,
});
const CONFLICT_VIEW = obj({
  id: STR,
  bodyId: STR,
  officerId: STR,
  creditCode: STR,
  reason: STR,
  declaredAt: STR,
  withdrawnAt: nullable(STR),
});
const OFFICER = obj({ id: STR, name: STR, certificateNo: STR });
const RESULT = obj({
  outcome: oneOf(INSPECTION_OUTCOMES),
  inspectedOn: STR,
  summary: STR,
  noticeId: nullable(STR),
  dueOn: STR,
  late: BOOL,
  recordedAt: STR,
  updatedAt: STR,
});
const PLAN_VIEW = obj({
  id: STR,
  bodyId: STR,
  bodyName: STR,
  title: STR,
  status: oneOf(PLAN_STATUSES),
  algorithm: STR,
  inspectionItem: obj({
    id: STR,
    project: STR,
    subItem: nullable(STR),
    subject: STR,
    basis: STR,
    method: STR,
    content: STR,
  }),
  pool: obj({ id: STR, name: STR, version: INT, size: INT, url: STR }),
  poolSha256: STR,
  size: INT,
  ratio: nullable(NUM),
  officersPerEntity: INT,
  officerField: STR,
  officers: arr(OFFICER),
  conflicts: arr(obj({ officerId: STR, creditCode: STR })),
  commitment: STR,
  drawAt: STR,
  inspectBy: STR,
  seed: nullable(STR),
  drawnAt: nullable(STR),
  selected: nullable(
    arr(
      obj({
        rank: INT,
        creditCode: STR,
        name: STR,
        category: STR,
        key: STR,
        officers: arr(OFFICER),
        result: opt(nullable(RESULT)),
      }),
    ),
  ),
  corrects: nullable(obj({ planId: STR, reason: STR })),
  supersededBy: nullable(STR),
  resultsDueOn: nullable(STR),
  overdue: INT,
  publishedAt: STR,
  updatedAt: STR,
  url: STR,
});

const BODY_ID = { ...ID, optional: true };
const CREDIT_CODE = text(18, { uppercase: true });

export const inspections = {
  createPool: action<CreatePoolParams, PoolView>(
    "inspections.createPool",
    { name: text(100), bodyId: BODY_ID },
    json(POOL_VIEW),
  ),
  listPools: action<{ bodyId?: string }, PoolView[]>(
    "inspections.listPools",
    { bodyId: BODY_ID },
    json(arr(POOL_VIEW)),
  ),
  getPool: action<{ id: string }, PoolView>("inspections.getPool", { id: ID }, json(POOL_VIEW)),
  upload: action<{ id: string }, { id: string }>("inspections.upload", { id: ID }, json(obj({ id: STR }))),
  getJob: action<{ id: string }, PoolJobView>("inspections.getJob", { id: ID }, json(JOB_VIEW)),
  jobErrors: action<{ id: string }, string>(
    "inspections.jobErrors",
    { id: ID },
    media("text/csv", "The refused rows of an upload: 行号, 统一社会信用代码, 名称, 问题 (UTF-8 with BOM)"),
  ),
  declareConflict: action<DeclareConflictParams, ConflictView>(
    "inspections.declareConflict",
    { officerId: ID, creditCode: CREDIT_CODE, reason: text(500) },
    json(CONFLICT_VIEW),
  ),
  listConflicts: action<{ bodyId?: string; officerId?: string }, ConflictView[]>(
    "inspections.listConflicts",
    { bodyId: BODY_ID, officerId: { ...ID, optional: true } },
    json(arr(CONFLICT_VIEW)),
  ),
  withdrawConflict: action<{ id: string }, ConflictView>(
    "inspections.withdrawConflict",
    { id: ID },
    json(CONFLICT_VIEW),
  ),
  createPlan: action<CreatePlanParams, PublicPlan>(
    "inspections.createPlan",
    {
      bodyId: BODY_ID,
      title: text(200),
      inspectionItemId: ID,
      poolId: ID,
      poolVersion: { type: "number", integer: true, positive: true, optional: true },
      size: { type: "number", integer: true, positive: true, max: 1_000_000, optional: true },
      ratio: { type: "number", positive: true, max: 1, optional: true },
      officersPerEntity: { type: "number", integer: true, min: 2, max: 10, optional: true },
      officerField: text(50),
      drawAt: { type: "date", convert: true },
      inspectBy: DATE,
      corrects: { ...ID, optional: true },
      correctionReason: optionalText(500),
    },
    json(PLAN_VIEW),
  ),
  listPlans: action<{ bodyId?: string }, PublicPlan[]>(
    "inspections.listPlans",
    { bodyId: BODY_ID },
    json(arr(PLAN_VIEW)),
  ),
  getPlan: action<{ id: string }, PublicPlan>("inspections.getPlan", { id: ID }, json(PLAN_VIEW)),
  drawPlan: action<{ id: string }, PublicPlan>("inspections.drawPlan", { id: ID }, json(PLAN_VIEW)),
  recordResult: action<RecordResultParams, PublicPlan>(
    "inspections.recordResult",
    {
      id: ID,
      creditCode: CREDIT_CODE,
      outcome: { type: "enum", values: INSPECTION_OUTCOMES },
      inspectedOn: DATE,
      summary: optionalText(1000),
      noticeId: { ...ID, optional: true },
    },
    json(PLAN_VIEW),
  ),
  publicPlans: action<{ bodyId?: string; limit?: number; cursor?: string }, Page<PublicPlan>>(
    "inspections.publicPlans",
    { bodyId: BODY_ID, ...pagingParams },
    json(page(PLAN_VIEW)),
  ),
  publicPlan: action<{ id: string }, PublicPlan>("inspections.publicPlan", { id: ID }, json(PLAN_VIEW)),
  publicPool: action<{ id: string }, PublicPool>(
    "inspections.publicPool",
    { id: ID },
    json(
      obj({
        poolId: STR,
        version: INT,
        sha256: STR,
        entities: arr(obj({ creditCode: STR, name: STR, category: STR })),
      }),
    ),
  ),
  /** Due plans drawn now (the timer's pass; tests call it). */
  drawDue: action<{ now?: Date }, { drawn: number }>("inspections.drawDue", {
    now: { type: "date", convert: true, optional: true },
  }),
  eventsSince: action<EventsSinceParams, InspectionsChange[]>("inspections.eventsSince", EVENTS_SINCE_PARAMS),
};
