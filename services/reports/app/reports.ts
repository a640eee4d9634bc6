/**
 * The officer's flow: count a body's report of a year (a draft, counted afresh each time until
 * published), write its sections and correct cells, and publish — checked first (the year is
 * over, sections 一 and 五 written, the tables add up: else 409/422 and nothing written), then
 * signed as a PDF by the notices service, frozen, and announced to the feed.
 */
import type { EntityManager } from "@mikro-orm/postgresql";
import type { SessionUser } from "../../../lib/auth.js";
import { call } from "../../../lib/contract.js";
import { ConflictError, dependencyCall, NotFoundError } from "../../../lib/errors.js";
import { isUniqueViolation } from "../../../lib/database.js";
import { appendOutbox, nudgeFeed } from "../../../lib/outbox.js";
import { newId } from "../../../shared/ids.js";
import { checkDisclosureReport, checkYearOver, pastReportYear, reportDeadline } from "../../../shared/reports.js";
import { duties } from "../../duties/contract.js";
import type { EditReportParams, ListReportsParams, ReportKey, ReportList, ReportView } from "../contract.js";
import { AnnualReport, REPORT_KINDS, ReportsEvent } from "../entities.js";
import { countReport, printed, type Counted } from "./counted.js";
import { refusing, todayOf, type ReportsDeps } from "./deps.js";
import { bodyFor } from "../../../lib/auth.js";
import { signReport } from "./sign.js";
import { EMPTY_NARRATIVE, reportItem, reportView } from "./views.js";

const keyOf = (user: SessionUser, p: ReportKey) => ({ bodyId: bodyFor(user, p.bodyId), kind: p.kind, year: p.year });

async function find(em: EntityManager, key: ReturnType<typeof keyOf>): Promise<AnnualReport | null> {
  return em.findOne(AnnualReport, key);
}

/** Counts the records now, checking the year first (422 YEAR_OUT_OF_RANGE). */
function counting(deps: ReportsDeps, key: ReturnType<typeof keyOf>): Promise<Counted> {
  refusing(() => reportDeadline(key.year, todayOf(deps)));
  return countReport(deps.caller, key.kind, key.bodyId, key.year);
}

/** The report as stored, or a new draft counted now (the body must exist: 404). */
async function draftOf(deps: ReportsDeps, user: SessionUser, key: ReturnType<typeof keyOf>): Promise<AnnualReport> {
  const existing = await find(deps.em(), key);
  if (existing) return existing;
  const counted = await counting(deps, key);
  const body = await dependencyCall("duties", () => call(deps.caller, duties.getBody, { id: key.bodyId }));
  const now = deps.now();
  const r = Object.assign(new AnnualReport(), {
    id: newId(),
    ...key,
    bodyName: body.name,
    status: "draft",
    narrative: { ...EMPTY_NARRATIVE },
    overrides: [],
    counted,
    countedAt: now,
    publishedAt: null,
    publishedOn: null,
    letterId: null,
    verifyCode: null,
    sha256: null,
    createdBy: user.id,
    createdAt: now,
    updatedAt: now,
  });
  const em = deps.em();
  try {
    await em.persist(r).flush();
    return r;
  } catch (err) {
    // Another officer created it at the same moment: theirs stands.
    if (isUniqueViolation(err, "reports_body_kind_year_unique")) return (await find(deps.em(), key)) as AnnualReport;
    throw err;
  }
}

const viewOf = (deps: ReportsDeps, r: AnnualReport): ReportView => reportView(deps.publicBaseUrl, r, todayOf(deps));

/** Counts the draft afresh (creating it the first time); a published report stays as published. */
export async function count(deps: ReportsDeps, user: SessionUser, p: ReportKey): Promise<ReportView> {
  const key = keyOf(user, p);
  const r = await draftOf(deps, user, key);
  if (r.status === "published") return viewOf(deps, r);
  const counted = await counting(deps, key);
  const em = deps.em();
  const fresh = await em.findOneOrFail(AnnualReport, { id: r.id });
  if (fresh.status === "draft") {
    Object.assign(fresh, { counted, countedAt: deps.now(), updatedAt: deps.now() });
    await em.flush();
  }
  return viewOf(deps, fresh);
}

/** The report (404 before it was first counted). */
export async function get(deps: ReportsDeps, user: SessionUser, p: ReportKey): Promise<ReportView> {
  const r = await find(deps.em(), keyOf(user, p));
  if (!r) throw new NotFoundError("Report");
  return viewOf(deps, r);
}

/** The draft's sections and corrections with those given (政府信息公开 only). */
function edited(r: AnnualReport, p: Pick<EditReportParams, "narrative" | "overrides">) {
  const narrative = { ...EMPTY_NARRATIVE, ...r.narrative, ...(r.kind === "gov-info" ? p.narrative : {}) };
  const overrides = r.kind === "gov-info" && p.overrides ? p.overrides : r.overrides;
  return { narrative, overrides };
}

/** Writes sections and corrections of a draft (409 REPORT_PUBLISHED once published). */
export async function edit(deps: ReportsDeps, user: SessionUser, p: EditReportParams): Promise<ReportView> {
  const key = keyOf(user, p);
  await draftOf(deps, user, key);
  const em = deps.em();
  const r = (await find(em, key)) as AnnualReport;
  if (r.status === "published") throw new ConflictError("the report is published", "REPORT_PUBLISHED");
  const { narrative, overrides } = edited(r, p);
  // The corrections must name cells of the tables and be counts (422), checked before anything is written.
  refusing(() => printed(r.counted as Counted, { ...r, narrative, overrides }));
  Object.assign(r, { narrative, overrides, updatedAt: deps.now() });
  await em.flush();
  return viewOf(deps, r);
}

/**
 * Publishes the report, with the sections and corrections given in the same request if any:
 * counted afresh, checked (nothing written on a refusal), signed, frozen and put in the outbox.
 * Publishing again answers the published report.
 */
export async function publish(deps: ReportsDeps, user: SessionUser, p: EditReportParams): Promise<ReportView> {
  const key = keyOf(user, p);
  const draft = await draftOf(deps, user, key);
  if (draft.status === "published") return viewOf(deps, draft);
  const counted = await counting(deps, key);
  const today = todayOf(deps);
  const candidate = Object.assign(new AnnualReport(), draft, { counted, ...edited(draft, p) });
  const shown = refusing(() => printed(counted, candidate));
  refusing(() => {
    if (counted.kind === "enforcement") return checkYearOver(key.year, today);
    checkDisclosureReport(
      {
        bodyName: draft.bodyName,
        year: key.year,
        tables: shown.data as never,
        narrative: candidate.narrative,
        informationFees: counted.informationFees,
      },
      today,
    );
  });
  const signed = await signReport(deps, candidate, shown);
  const published = await deps.em().transactional(async (tx) => {
    const r = await tx.findOneOrFail(AnnualReport, { id: draft.id });
    if (r.status === "published") return r;
    const now = deps.now();
    Object.assign(r, {
      status: "published",
      narrative: candidate.narrative,
      overrides: candidate.overrides,
      counted,
      countedAt: now,
      publishedAt: now,
      publishedOn: today,
      letterId: signed.letterId,
      verifyCode: signed.verifyCode,
      sha256: signed.sha256,
      updatedAt: now,
    });
    await tx.flush();
    await appendOutbox(tx, "reports.outbox", Object.assign(new ReportsEvent(), { reportId: r.id, at: now }));
    return r;
  });
  await nudgeFeed(deps.caller, "reports");
  return viewOf(deps, published);
}

/**
 * The body's reports (admins: every body's, or the one named), newest year first, and the state of
 * the past year's two reports: the console warns from 15 January while one is unpublished.
 */
export async function list(deps: ReportsDeps, user: SessionUser, p: ListReportsParams): Promise<ReportList> {
  const where: Record<string, unknown> = {};
  const bodyId = user.role === "admin" ? p.bodyId : bodyFor(user, undefined);
  if (bodyId) where.bodyId = bodyId;
  if (p.year) where.year = p.year;
  if (p.kind) where.kind = p.kind;
  const rows = await deps
    .em()
    .find(AnnualReport, where, { orderBy: { year: "desc", kind: "asc", bodyName: "asc" }, limit: 500 });
  const today = todayOf(deps);
  const past = pastReportYear(today);
  const due = bodyId
    ? REPORT_KINDS.map((kind) => {
        const r = rows.find((x) => x.kind === kind && x.year === past);
        return { bodyId, kind, year: past, deadline: reportDeadline(past, today, r?.publishedOn ?? null) };
      })
    : [];
  return { items: rows.map((r) => reportItem(r, today)), due };
}
