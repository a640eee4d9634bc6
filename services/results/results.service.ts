/**
 * Results (事后公开): a case's decision with its 双公示 fields, its statutory publication
 * deadline on the official working-day calendar, and its publication, withdrawal (撤下) and
 * correction (更正) as signed public notices. Owns the rule table and the calendar years.
 */
import type { Context, ServiceSchema, ServiceSettingSchema } from "moleculer";
import { STAFF, WRITERS, assertActsForBody, userOf, type Meta } from "../../lib/auth.js";
import { DatabaseMixin, isUniqueViolation, type DatabaseMethods, type DatabaseVars } from "../../lib/database.js";
import { ConflictError, dependencyCall, invalid, InvalidInputError, NotFoundError } from "../../lib/errors.js";
import type { Runtime } from "../../lib/runtime.js";
import { validateYearCalendar, WorkingCalendar, type YearCalendar } from "../../shared/calendar.js";
import { chinaToday, isCalendarDate } from "../../shared/dates.js";
import { POWER_CATEGORIES, type PowerCategory } from "../../shared/domain.js";
import { isId, newId } from "../../shared/ids.js";
import { DEFAULT_LIMIT, decodeCursor, toPage } from "../../shared/paging.js";
import { renderNotice } from "../../shared/pdf/notice.js";
import {
  correctedLicence,
  correctionNeedsReview,
  correctionRefusals,
  decisionContent,
  decisionRefusals,
  fineNeedsReview,
  previewDecision,
  publicationRefusals,
  type DecisionCase,
  type DecisionChecks,
  type DecisionPreview,
  type Refusal,
} from "../../shared/decision-content.js";
import { buildPublicNotice, type DecisionContent } from "../../shared/public-record.js";
import { partyNames, partySecrets, redactReason } from "../../shared/tombstone.js";
import {
  DEFAULT_RULES,
  PENALTY_CATEGORIES,
  publicationDeadlineDays,
  publicityEnds,
  RULE_TABLE_SCHEMA,
  type RuleTable,
} from "../../shared/rules.js";
import {
  ID,
  DATE,
  optionalText,
  pagingParams,
  strictParams,
  text,
  type ParamsSchema,
} from "../../shared/validation.js";
import {
  CalendarYear,
  Result,
  ResultRevision,
  RuleTableRow,
  type Licence,
  type Penalty,
  type ResultStatus,
} from "./entities.js";
import { DATABASE } from "./database.js";

interface Vars extends DatabaseVars {
  calendar: WorkingCalendar;
  rules: RuleTable;
}
interface Methods extends DatabaseMethods {
  loadResult(ctx: Context<unknown, Meta>, id: string): Promise<Result>;
  resultView(r: Result): Record<string, unknown>;
  previewView(p: DecisionPreview): Record<string, unknown>;
  publishRefusals(r: Result): Refusal[];
  decisionChecks(bodyId: string, caseId: string, decisionNo: string): Promise<DecisionChecks>;
  reloadTables(): Promise<void>;
  dueBy(decidedOn: string, kind: PowerCategory): { dueBy: string; dueByProvisional: boolean };
  today(): string;
  issueNotice(
    ctx: Context<unknown, Meta>,
    r: Result,
    predecessorId: string | null,
    reason?: string,
  ): Promise<IssuedNotice>;
}

interface IssuedNotice {
  noticeId: string;
  verifyCode: string;
  sha256: string;
  publishedAt: string;
  expiresOn: string;
}

interface CaseForDecision extends DecisionCase {
  id: string;
  bodyId: string;
  category: PowerCategory;
}

const LICENCE_CATEGORIES = ["普通", "特许", "认可", "核准", "登记", "其他"];

const penaltyRule = {
  type: "object",
  props: {
    categories: {
      type: "array",
      min: 1,
      max: 14,
      unique: true,
      items: { type: "enum", values: [...PENALTY_CATEGORIES] },
    },
    content: text(5000),
    fineAmount: { type: "number", min: 0, max: 1e12, optional: true },
    confiscatedAmount: { type: "number", min: 0, max: 1e12, optional: true },
    licenceAction: optionalText(500),
    violationType: optionalText(200),
    validUntil: { ...DATE, optional: true },
  },
};

const licenceRule = {
  type: "object",
  props: {
    // 许可决定文书名称 defaults to the decision's own document; 许可类别 to 普通.
    documentName: optionalText(200),
    category: { type: "enum", values: LICENCE_CATEGORIES, optional: true },
    certificateName: optionalText(200),
    licenceNo: optionalText(100),
    // 许可内容 defaults to the decision's conclusion.
    content: optionalText(5000),
    validFrom: { ...DATE, optional: true },
    validTo: { ...DATE, optional: true },
  },
};

/** Fields a decision carries; a correction may change any of them. */
const decisionFields: ParamsSchema = {
  decisionNo: text(100),
  decidedOn: DATE,
  conclusion: text(5000),
  basis: text(5000),
  facts: optionalText(20_000),
  penalty: { ...penaltyRule, optional: true },
  licence: { ...licenceRule, optional: true },
  maskNames: { type: "array", optional: true, max: 50, items: text(50) },
};

interface DecisionParams {
  id: string;
  decisionNo: string;
  decidedOn: string;
  kind: PowerCategory;
  conclusion: string;
  basis: string;
  facts?: string;
  penalty?: Penalty;
  licence?: Licence;
  maskNames?: string[];
}

/** Checks that apply to a decision's content whether it is made or corrected. */
function checkDecisionContent(p: Partial<DecisionParams>, kind: PowerCategory, today: string): void {
  const problems = [];
  for (const [field, value] of [
    ["decidedOn", p.decidedOn],
    ["penalty.validUntil", p.penalty?.validUntil],
    ["licence.validFrom", p.licence?.validFrom],
    ["licence.validTo", p.licence?.validTo],
  ] as const) {
    if (value !== undefined && !isCalendarDate(value))
      problems.push({ field, message: `${value} is not a calendar date` });
  }
  if (p.decidedOn && p.decidedOn > today)
    problems.push({ field: "decidedOn", message: "a decision date cannot be in the future" });
  if (kind === "行政处罚" && !p.penalty)
    problems.push({ field: "penalty", message: "a 行政处罚 decision needs its penalty" });
  if (kind !== "行政处罚" && p.penalty)
    problems.push({ field: "penalty", message: `a ${kind} decision has no penalty` });
  if (kind === "行政许可" && !p.licence)
    problems.push({ field: "licence", message: "a 行政许可 decision needs its licence" });
  if (p.penalty?.categories.includes("罚款") && p.penalty.fineAmount === undefined) {
    problems.push({ field: "penalty.fineAmount", message: "a 罚款 needs its amount (元)" });
  }
  if (p.licence?.validFrom && p.licence.validTo && p.licence.validTo < p.licence.validFrom) {
    problems.push({ field: "licence.validTo", message: "validity ends before it starts" });
  }
  if (problems.length) throw new InvalidInputError(problems);
}

function contentOf(r: Result): DecisionContent {
  return {
    title: r.title,
    kind: r.kind,
    decisionNo: r.decisionNo,
    decidedOn: r.decidedOn,
    bodyName: r.bodyName,
    bodyCreditCode: r.bodyCreditCode,
    powerCode: r.powerCode,
    powerName: r.powerName,
    party: r.party,
    facts: r.facts,
    conclusion: r.conclusion,
    basis: r.basis,
    penalty: r.penalty ?? undefined,
    licence: r.licence ?? undefined,
    maskNames: r.maskNames,
  };
}

/**
 * A take-down reason as it goes public: the party's names (in every version given), the names
 * marked for masking and the values of the party's never-public fields masked. The notices
 * service masks the names again as it stores it; this side alone knows the party's private fields.
 */
function publicReason(reason: string, ...versions: Pick<DecisionContent, "party" | "maskNames">[]): string {
  const names = versions.flatMap((v) => [...partyNames(v.party.name, { party: v.party }), ...v.maskNames]);
  const secrets = versions.flatMap((v) => partySecrets(v.party as unknown as Record<string, unknown>));
  return redactReason(reason, names, secrets).text;
}

function duplicateDecisionNo(): ConflictError {
  return new ConflictError("This 文书号 is already used by a decision of this body", "DUPLICATE_DECISION_NO", [
    { field: "decisionNo", message: "already used by this body" },
  ]);
}

/** The 409 a decision is refused with. */
function decisionRefused(r: Refusal, from: string): ConflictError {
  if (r.type === "DUPLICATE_DECISION_NO") return duplicateDecisionNo();
  if (r.type === "ALREADY_DECIDED") return new ConflictError(r.reason, r.type);
  return new ConflictError(r.reason, r.type, { from, to: "decided" });
}

export function resultsService(rt: Runtime): ServiceSchema {
  const schema: ServiceSchema<ServiceSettingSchema & { rest: string }, Methods, Vars> = {
    name: "results",
    mixins: [DatabaseMixin(rt.databaseUrl, DATABASE)],
    settings: { rest: "/" },

    actions: {
      decide: {
        rest: "POST /cases/:id/decision",
        summary: "Record the decision of a case (from notified, or from an approved review); creates a draft result",
        roles: WRITERS,
        params: strictParams({ id: ID, kind: { type: "enum", values: [...POWER_CATEGORIES] }, ...decisionFields }),
        async handler(ctx: Context<DecisionParams, Meta>) {
          const user = userOf(ctx);
          const c = await dependencyCall("cases", () =>
            ctx.call<CaseForDecision, { id: string }>("cases.forDecision", { id: ctx.params.id }),
          );
          assertActsForBody(user, c.bodyId);
          const p = ctx.params;
          if (p.kind !== c.category) {
            throw invalid("kind", `the decision's kind is its power's category: ${c.category}`);
          }
          checkDecisionContent(p, p.kind, this.today());
          const em = this.em();
          const checks = await this.decisionChecks(c.bodyId, c.id, p.decisionNo);
          const body = await dependencyCall("duties", () =>
            ctx.call<{ name: string; creditCode: string }, { id: string }>("duties.getBody", { id: c.bodyId }),
          );
          const content = decisionContent(p, c, body);
          const refused = decisionRefusals(this.rules, content, c, checks)[0];
          if (refused) throw decisionRefused(refused, c.status);
          const now = new Date();
          const result = Object.assign(new Result(), {
            id: newId(),
            caseId: c.id,
            bodyId: c.bodyId,
            bodyName: body.name,
            bodyCreditCode: body.creditCode,
            powerCode: c.powerCode,
            powerName: c.powerName,
            title: c.title,
            decisionNo: p.decisionNo,
            decidedOn: p.decidedOn,
            kind: p.kind,
            conclusion: content.conclusion,
            basis: content.basis,
            facts: content.facts,
            party: content.party,
            maskNames: content.maskNames,
            penalty: content.penalty ?? null,
            licence: content.licence ?? null,
            secret: c.secret,
            status: "draft" as ResultStatus,
            version: 1,
            ...this.dueBy(p.decidedOn, p.kind),
            noticeId: null,
            verifyCode: null,
            sha256: null,
            publishedAt: null,
            expiresOn: null,
            withdrawnAt: null,
            withdrawReason: null,
            redactions: [],
            createdBy: user.id,
            createdAt: now,
            updatedAt: now,
          });
          try {
            // The case moves to decided inside this transaction: if the case refuses (no approving
            // review, wrong state), the result is never written.
            await em.transactional(async (tx) => {
              tx.persist(result);
              await tx.flush();
              await ctx.call("cases.recordDecision", {
                id: c.id,
                resultId: result.id,
                decisionNo: result.decisionNo,
                fineRequiresReview: fineNeedsReview(this.rules, content),
              });
            });
          } catch (err) {
            if (isUniqueViolation(err, "results_body_decision_no_unique")) throw duplicateDecisionNo();
            if (isUniqueViolation(err)) throw new ConflictError("This case already has a decision", "ALREADY_DECIDED");
            throw err;
          }
          ctx.meta.$statusCode = 201;
          return this.resultView(result);
        },
      },

      getResult: {
        rest: "GET /results/:id",
        summary: "A result with its deadline, publication state and revisions (the body's staff)",
        roles: STAFF,
        params: strictParams({ id: ID }),
        async handler(ctx: Context<{ id: string }, Meta>) {
          const r = await this.loadResult(ctx, ctx.params.id);
          const revisions = await this.em().find(ResultRevision, { resultId: r.id }, { orderBy: { version: "asc" } });
          return {
            ...this.resultView(r),
            revisions: revisions.map((v) => ({
              version: v.version,
              content: v.content,
              reason: v.reason,
              noticeId: v.noticeId,
              revisedBy: v.revisedBy,
              revisedAt: v.revisedAt.toISOString(),
            })),
          };
        },
      },

      listResults: {
        rest: "GET /results",
        summary:
          "Results of the caller's body, by status; overdue=true lists drafts past their deadline; expiresBefore notices whose publicity period ends by then",
        roles: STAFF,
        params: strictParams({
          status: { type: "enum", values: ["draft", "published", "withdrawn", "expired"], optional: true },
          overdue: { type: "boolean", convert: true, optional: true },
          expiresBefore: { ...DATE, optional: true },
          bodyId: { ...ID, optional: true },
          ...pagingParams,
        }),
        async handler(
          ctx: Context<
            {
              status?: ResultStatus;
              overdue?: boolean;
              expiresBefore?: string;
              bodyId?: string;
              limit?: number;
              cursor?: string;
            },
            Meta
          >,
        ) {
          const user = userOf(ctx);
          const where: Record<string, unknown> = {};
          if (user.role !== "admin") where.bodyId = user.bodyId;
          else if (ctx.params.bodyId) where.bodyId = ctx.params.bodyId;
          const today = this.today();
          if (ctx.params.status === "expired") Object.assign(where, { status: "published", expiresOn: { $lt: today } });
          else if (ctx.params.status === "published")
            Object.assign(where, { status: "published", expiresOn: { $gte: today } });
          else if (ctx.params.status) where.status = ctx.params.status;
          if (ctx.params.overdue === true) Object.assign(where, { status: "draft", dueBy: { $lt: today } });
          // Notices still public whose publicity period ends on or before the date.
          if (ctx.params.expiresBefore)
            Object.assign(where, { status: "published", expiresOn: { $gte: today, $lte: ctx.params.expiresBefore } });
          if (ctx.params.cursor) {
            const before = decodeCursor(ctx.params.cursor, isId);
            if (!before) throw invalid("cursor", "the cursor is not one this list issued");
            where.id = { $lt: before };
          }
          const limit = ctx.params.limit ?? DEFAULT_LIMIT;
          const rows = await this.em().find(Result, where, { orderBy: { id: "desc" }, limit: limit + 1 });
          const page = toPage(rows, limit, (r) => r.id);
          return { items: page.items.map((r) => this.resultView(r)), nextCursor: page.nextCursor };
        },
      },

      previewResult: {
        rest: "GET /results/:id/preview",
        summary: "Exactly what the public will see, with every redaction and the rule that made it",
        roles: STAFF,
        params: strictParams({ id: ID }),
        async handler(ctx: Context<{ id: string }, Meta>) {
          const r = await this.loadResult(ctx, ctx.params.id);
          const p = previewDecision(this.rules, contentOf(r), {
            secret: r.secret,
            ...(r.status === "draft" ? { dueBy: r.dueBy, today: this.today() } : {}),
          });
          return this.previewView({ ...p, refusals: this.publishRefusals(r) });
        },
      },

      previewDecision: {
        rest: "POST /cases/:id/decision/preview",
        summary:
          "What the public would see of a decision not yet recorded: the same checks as the decision, nothing written",
        roles: WRITERS,
        params: strictParams({ id: ID, kind: { type: "enum", values: [...POWER_CATEGORIES] }, ...decisionFields }),
        async handler(ctx: Context<DecisionParams, Meta>) {
          const c = await dependencyCall("cases", () =>
            ctx.call<CaseForDecision, { id: string }>("cases.forDecision", { id: ctx.params.id }),
          );
          assertActsForBody(userOf(ctx), c.bodyId);
          const p = ctx.params;
          if (p.kind !== c.category)
            throw invalid("kind", `the decision's kind is its power's category: ${c.category}`);
          const today = this.today();
          checkDecisionContent(p, p.kind, today);
          const checks = await this.decisionChecks(c.bodyId, c.id, p.decisionNo);
          const body = await dependencyCall("duties", () =>
            ctx.call<{ name: string; creditCode: string }, { id: string }>("duties.getBody", { id: c.bodyId }),
          );
          return this.previewView(
            previewDecision(this.rules, decisionContent(p, c, body), {
              secret: c.secret,
              case: c,
              checks,
              dueBy: this.dueBy(p.decidedOn, p.kind).dueBy,
              today,
            }),
          );
        },
      },

      previewPdf: {
        rest: "GET /results/:id/preview.pdf",
        summary: "The notice PDF as it would be published, marked as a preview and not signed",
        roles: STAFF,
        params: strictParams({ id: ID }),
        async handler(ctx: Context<{ id: string }, Meta>) {
          const r = await this.loadResult(ctx, ctx.params.id);
          const notice = buildPublicNotice(contentOf(r));
          const pdf = await renderNotice({
            category: r.kind,
            title: `【预览·未发布】${r.kind}决定公示`,
            issuingBody: r.bodyName,
            documentNumber: r.decisionNo,
            fields: notice.fields,
            sections: notice.text,
            publishedOn: this.today(),
            verificationCode: "PREVIEW",
            publicBaseUrl: rt.config.publicBaseUrl,
            createdAt: new Date(),
          });
          ctx.meta.$responseType = "application/pdf";
          ctx.meta.$responseHeaders = {
            "Content-Disposition": `inline; filename="preview-${r.id}.pdf"`,
            "Cache-Control": "no-store",
          };
          return pdf;
        },
      },

      publish: {
        rest: "POST /results/:id/publish",
        summary: "Publish a decision as a signed public notice; publishing again returns the same notice",
        roles: WRITERS,
        params: strictParams({ id: ID }),
        async handler(ctx: Context<{ id: string }, Meta>) {
          const r = await this.loadResult(ctx, ctx.params.id);
          assertActsForBody(userOf(ctx), r.bodyId);
          if (r.status === "published" && r.noticeId) {
            return {
              noticeId: r.noticeId,
              verifyCode: r.verifyCode,
              sha256: r.sha256,
              publishedAt: r.publishedAt?.toISOString(),
              expiresOn: r.expiresOn,
            };
          }
          const refused = this.publishRefusals(r)[0];
          if (refused) {
            throw new ConflictError(
              refused.reason,
              refused.type,
              refused.type === "NOT_PUBLISHABLE" ? { status: r.status } : undefined,
            );
          }
          const issued = await this.issueNotice(ctx, r, null);
          return issued;
        },
      },

      withdraw: {
        rest: "POST /results/:id/withdraw",
        summary: "Withdraw (撤下) a published notice with a public reason; the record stays as a tombstone",
        roles: WRITERS,
        params: strictParams({ id: ID, reason: text(1000) }),
        async handler(ctx: Context<{ id: string; reason: string }, Meta>) {
          const r = await this.loadResult(ctx, ctx.params.id);
          assertActsForBody(userOf(ctx), r.bodyId);
          if (r.status !== "published" || !r.noticeId) {
            throw new ConflictError(
              `only a published result can be withdrawn; this one is ${r.status}`,
              "NOT_PUBLISHED",
            );
          }
          await dependencyCall("notices", () =>
            ctx.call("notices.withdraw", {
              noticeId: r.noticeId,
              reason: publicReason(ctx.params.reason, contentOf(r)),
              maskNames: r.maskNames,
            }),
          );
          const em = this.em();
          const fresh = await em.findOneOrFail(Result, { id: r.id });
          Object.assign(fresh, {
            status: "withdrawn" as ResultStatus,
            withdrawnAt: new Date(),
            withdrawReason: ctx.params.reason,
            updatedAt: new Date(),
          });
          await em.flush();
          return this.resultView(fresh);
        },
      },

      correct: {
        rest: "POST /results/:id/correct",
        summary: "Correct (更正) a decision: a new notice version supersedes the old, which stays on record",
        roles: WRITERS,
        params: strictParams({
          id: ID,
          reason: text(1000),
          ...Object.fromEntries(
            Object.entries(decisionFields).map(([k, rule]) => [k, { ...(rule as object), optional: true }]),
          ),
          partyName: optionalText(200),
        }),
        async handler(
          ctx: Context<Partial<DecisionParams> & { id: string; reason: string; partyName?: string }, Meta>,
        ) {
          const user = userOf(ctx);
          const r = await this.loadResult(ctx, ctx.params.id);
          assertActsForBody(user, r.bodyId);
          if (r.status === "withdrawn") throw new ConflictError("a withdrawn result cannot be corrected", "WITHDRAWN");
          // Its publicity period is over: a corrected notice would make the facts public again.
          if (r.status === "published" && r.expiresOn !== null && r.expiresOn < this.today()) {
            throw new ConflictError(
              `the notice's publicity period ended on ${r.expiresOn}: it cannot be corrected`,
              "NOTICE_EXPIRED",
            );
          }
          const { id: _id, reason, partyName, ...changes } = ctx.params;
          if (Object.keys(changes).length === 0 && !partyName) {
            throw invalid("reason", "a correction must change at least one field");
          }
          const merged = {
            decisionNo: changes.decisionNo ?? r.decisionNo,
            decidedOn: changes.decidedOn ?? r.decidedOn,
            penalty: changes.penalty ?? r.penalty ?? undefined,
            licence: changes.licence ?? r.licence ?? undefined,
          };
          checkDecisionContent(merged, r.kind, this.today());
          if (changes.decisionNo && changes.decisionNo !== r.decisionNo) {
            if (await this.em().count(Result, { bodyId: r.bodyId, decisionNo: changes.decisionNo }))
              throw duplicateDecisionNo();
          }
          const em = this.em();
          const before = contentOf(r);
          // A corrected licence gets the same defaults as a decided one; one whose content was the
          // old conclusion's default follows the new conclusion.
          const licence = correctedLicence(r.licence ?? undefined, changes.licence, r.kind, {
            before: r.conclusion,
            after: changes.conclusion ?? r.conclusion,
          });
          if (licence !== (r.licence ?? undefined)) changes.licence = licence;
          const revised = {
            ...changes,
            party: partyName ? { ...r.party, name: partyName } : r.party,
            maskNames: changes.maskNames ?? r.maskNames,
          };
          // A correction is published at once: it is refused for what a publish would refuse, and
          // for a decision it makes 重大 without an approving legal review. Nothing is written.
          const after: DecisionContent = { ...before, ...revised, penalty: revised.penalty ?? before.penalty };
          const reviewed = correctionNeedsReview(this.rules, before, after)
            ? await dependencyCall("cases", () =>
                ctx.call<CaseForDecision, { id: string }>("cases.forDecision", { id: r.caseId }),
              ).then((c) => c.latestReview?.approve === true)
            : undefined;
          const refused = correctionRefusals(this.rules, before, after, {
            secret: r.secret,
            published: r.status === "published",
            reviewed,
          })[0];
          if (refused) throw new ConflictError(refused.reason, refused.type);
          const updated = Object.assign(await em.findOneOrFail(Result, { id: r.id }), {
            ...revised,
            version: r.version + 1,
            updatedAt: new Date(),
          });
          if (updated.status === "draft") Object.assign(updated, this.dueBy(updated.decidedOn, updated.kind));
          em.persist(
            Object.assign(new ResultRevision(), {
              resultId: r.id,
              version: r.version,
              content: before as unknown as Record<string, unknown>,
              reason,
              noticeId: r.noticeId,
              revisedBy: user.id,
              revisedAt: new Date(),
            }),
          );
          try {
            await em.flush();
          } catch (err) {
            if (isUniqueViolation(err, "results_body_decision_no_unique")) throw duplicateDecisionNo();
            throw err;
          }
          if (updated.status === "published") {
            const issued = await this.issueNotice(ctx, updated, r.noticeId, publicReason(reason, before, after));
            return { ...this.resultView(await this.em().findOneOrFail(Result, { id: r.id })), ...issued };
          }
          return this.resultView(updated);
        },
      },

      // ---- the calendar (法定节假日 and 调休 make-up workdays) and the rule table

      getCalendar: {
        rest: "GET /calendar",
        summary: "Years the working-day calendar covers, and years loaded by administrators",
        roles: STAFF,
        params: strictParams({}),
        async handler() {
          const loaded = await this.em().find(CalendarYear, {}, { orderBy: { year: "asc" } });
          return {
            coveredYears: this.calendar.coveredYears(),
            loaded: loaded.map((y) => ({
              year: y.year,
              holidays: y.holidays,
              workdays: y.workdays,
              loadedAt: y.loadedAt,
            })),
          };
        },
      },

      loadCalendarYear: {
        rest: "PUT /calendar/:year",
        summary: "Load (or replace) a year's holidays and make-up workdays; open deadlines are recomputed",
        roles: ["admin"],
        params: strictParams({
          year: { type: "number", integer: true, min: 2000, max: 2100, convert: true },
          holidays: { type: "array", max: 366, items: { type: "string", max: 10 } },
          workdays: { type: "array", max: 366, items: { type: "string", max: 10 } },
        }),
        async handler(ctx: Context<YearCalendar, Meta>) {
          const checked = validateYearCalendar(ctx.params);
          if (!checked.ok) throw new InvalidInputError(checked.problems);
          const em = this.em();
          await em.upsert(CalendarYear, {
            ...checked.value,
            loadedBy: userOf(ctx).id,
            loadedAt: new Date(),
          });
          await this.reloadTables();
          const open = await em.find(Result, { status: "draft" });
          for (const r of open) Object.assign(r, this.dueBy(r.decidedOn, r.kind));
          await em.flush();
          ctx.broadcast("results.tablesChanged", {});
          return { year: checked.value.year, recomputed: open.length };
        },
      },

      /**
       * For other services (feedback): a deadline in working days on the official calendar, by
       * default the rule table's reply time for public feedback; and working days between dates.
       */
      workingDeadline: {
        visibility: "public",
        params: strictParams({
          from: DATE,
          days: { type: "number", integer: true, min: 0, max: 3650, optional: true },
        }),
        handler(ctx: Context<{ from: string; days?: number }>) {
          const { date, provisional } = this.calendar.workingDaysAfter(
            ctx.params.from,
            ctx.params.days ?? this.rules.feedbackReplyDays,
          );
          return { dueBy: date, provisional };
        },
      },

      workingDaysBetween: {
        visibility: "public",
        params: strictParams({ from: DATE, to: DATE }),
        handler(ctx: Context<{ from: string; to: string }>) {
          return this.calendar.workingDaysBetween(ctx.params.from, ctx.params.to);
        },
      },

      getRules: {
        rest: "GET /rules",
        summary: "The rule table: deadlines, publicity periods, thresholds",
        roles: STAFF,
        params: strictParams({}),
        handler() {
          return this.rules;
        },
      },

      putRules: {
        rest: "PUT /rules",
        summary: "Replace the rule table (admin); open deadlines are recomputed",
        roles: ["admin"],
        params: strictParams(RULE_TABLE_SCHEMA as ParamsSchema),
        async handler(ctx: Context<RuleTable, Meta>) {
          const em = this.em();
          await em.upsert(RuleTableRow, { id: 1, rules: ctx.params, updatedBy: userOf(ctx).id, updatedAt: new Date() });
          await this.reloadTables();
          const open = await em.find(Result, { status: "draft" });
          for (const r of open) Object.assign(r, this.dueBy(r.decidedOn, r.kind));
          await em.flush();
          ctx.broadcast("results.tablesChanged", {});
          return this.rules;
        },
      },
    },

    events: {
      /** Another instance changed the calendar or the rules: reload them. */
      async "results.tablesChanged"() {
        await this.reloadTables();
      },
    },

    methods: {
      async loadResult(ctx: Context<unknown, Meta>, id: string): Promise<Result> {
        const user = userOf(ctx);
        const r = await this.em().findOne(Result, { id });
        if (!r || (user.role !== "admin" && user.bodyId !== r.bodyId)) throw new NotFoundError("Result", id);
        return r;
      },

      today(): string {
        return chinaToday();
      },

      dueBy(decidedOn: string, kind: PowerCategory) {
        const { date, provisional } = this.calendar.workingDaysAfter(
          decidedOn,
          publicationDeadlineDays(this.rules, kind),
        );
        return { dueBy: date, dueByProvisional: provisional };
      },

      async reloadTables() {
        const em = this.em();
        const [years, row] = await Promise.all([em.find(CalendarYear, {}), em.findOne(RuleTableRow, { id: 1 })]);
        let calendar = WorkingCalendar.official();
        for (const y of years)
          calendar = calendar.withYear({ year: y.year, holidays: y.holidays, workdays: y.workdays });
        this.calendar = calendar;
        this.rules = row?.rules ?? DEFAULT_RULES;
      },

      /** Renders, signs and stores the notice (notices service), then records it on the result. */
      async issueNotice(ctx: Context<unknown, Meta>, r: Result, predecessorId: string | null, reason?: string) {
        const notice = buildPublicNotice(contentOf(r));
        const publishedOn = this.today();
        const issued = await dependencyCall("notices", () =>
          ctx.call<IssuedNotice, object>("notices.issue", {
            resultId: r.id,
            version: r.version,
            bodyId: r.bodyId,
            bodyName: r.bodyName,
            kind: r.kind,
            bodyCreditCode: r.bodyCreditCode,
            title: notice.record.title,
            decisionNo: r.decisionNo,
            decidedOn: r.decidedOn,
            partyName: notice.record.party.name,
            record: notice.record,
            fields: notice.fields,
            text: notice.text,
            expiresOn: publicityEnds(this.rules, publishedOn, r.kind, r.penalty ?? undefined),
            predecessorId,
            reason: reason ?? null,
            maskNames: r.maskNames,
          }),
        );
        const em = this.em();
        const fresh = await em.findOneOrFail(Result, { id: r.id });
        Object.assign(fresh, {
          status: "published" as ResultStatus,
          noticeId: issued.noticeId,
          verifyCode: issued.verifyCode,
          sha256: issued.sha256,
          publishedAt: fresh.publishedAt ?? new Date(issued.publishedAt),
          expiresOn: issued.expiresOn,
          redactions: notice.redactions,
          updatedAt: new Date(),
        });
        await em.flush();
        return issued;
      },

      /**
       * What the public would see of a decision, every redaction, every reason the decision or its
       * publication would be refused, and warnings (a late publication). `blocked` is the first
       * never-publish rule, kept for clients that read only that.
       */
      previewView(p: DecisionPreview) {
        const blocked = p.refusals.find((x) => x.stage === "publication" && x.type !== "NOT_PUBLISHABLE");
        return {
          record: p.notice.record,
          fields: p.notice.fields,
          sections: p.notice.text,
          redactions: p.notice.redactions,
          refusals: p.refusals,
          warnings: p.warnings,
          blocked: blocked ? { type: blocked.type, reason: blocked.reason } : null,
        };
      },

      /** Why publishing this result now would be refused: its state, then the never-publish rules. */
      publishRefusals(r: Result): Refusal[] {
        if (r.status === "published") return [];
        const state: Refusal[] =
          r.status === "draft"
            ? []
            : [{ stage: "publication", type: "NOT_PUBLISHABLE", reason: `the result is ${r.status}` }];
        return [...state, ...publicationRefusals(this.rules, contentOf(r), r.secret)];
      },

      async decisionChecks(bodyId: string, caseId: string, decisionNo: string): Promise<DecisionChecks> {
        const em = this.em();
        const [taken, decided] = await Promise.all([
          em.count(Result, { bodyId, decisionNo }),
          em.count(Result, { caseId }),
        ]);
        return { decisionNoTaken: taken > 0, alreadyDecided: decided > 0 };
      },

      resultView(r: Result) {
        const today = this.today();
        const status = r.status === "published" && r.expiresOn !== null && r.expiresOn < today ? "expired" : r.status;
        const left = r.status === "draft" ? this.calendar.workingDaysBetween(today, r.dueBy).days : null;
        return {
          id: r.id,
          caseId: r.caseId,
          bodyId: r.bodyId,
          bodyName: r.bodyName,
          title: r.title,
          decisionNo: r.decisionNo,
          decidedOn: r.decidedOn,
          kind: r.kind,
          conclusion: r.conclusion,
          basis: r.basis,
          facts: r.facts,
          party: r.party,
          maskNames: r.maskNames,
          penalty: r.penalty,
          licence: r.licence,
          status,
          version: r.version,
          dueBy: r.dueBy,
          dueByProvisional: r.dueByProvisional,
          workingDaysLeft: left,
          overdue: r.status === "draft" && r.dueBy < today,
          noticeId: r.noticeId,
          verifyCode: r.verifyCode,
          sha256: r.sha256,
          publishedAt: r.publishedAt?.toISOString() ?? null,
          expiresOn: r.expiresOn,
          withdrawnAt: r.withdrawnAt?.toISOString() ?? null,
          withdrawReason: r.withdrawReason,
          redactions: r.redactions,
          createdAt: r.createdAt.toISOString(),
          updatedAt: r.updatedAt.toISOString(),
        };
      },
    },

    async started() {
      await this.reloadTables();
    },
  };
  return schema as ServiceSchema;
}
