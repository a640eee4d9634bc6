/**
 * Cases (事中, 全过程记录): a case of a body under one of its powers, moved through its states by
 * the body's officers, every step appended to a trail the database refuses to alter; legal
 * review (法制审核) by a reviewer who is not one of the case's officers.
 */
import { LockMode } from "@mikro-orm/postgresql";
import type { Context, ServiceSchema, ServiceSettingSchema } from "moleculer";
import { STAFF, userOf, type Meta, type SessionUser } from "../../lib/auth.js";
import { DatabaseMixin, type DatabaseMethods, type DatabaseVars } from "../../lib/database.js";
import {
  ConflictError,
  dependencyCall,
  ForbiddenError,
  invalid,
  InvalidInputError,
  NotFoundError,
} from "../../lib/errors.js";
import type { Runtime } from "../../lib/runtime.js";
import { checkDecision, checkMove, CASE_STATES, type CaseState, type ReviewState } from "../../shared/case-workflow.js";
import { CREDIT_CODE_MESSAGES, creditCodeProblem } from "../../shared/credit-code.js";
import { normalizeCreditCode, normalizeIdNumber } from "../../shared/identifiers.js";
import { isId, newId } from "../../shared/ids.js";
import { DEFAULT_LIMIT, decodeCursor, toPage } from "../../shared/paging.js";
import { isValidResidentId } from "../../shared/redaction.js";
import { ID, optionalText, pagingParams, PHONE_PATTERN, strictParams, text } from "../../shared/validation.js";
import { Case, CaseStep, Review, type CaseDocument, type Party, type StepKind } from "./entities.js";
import { DATABASE } from "./database.js";

interface Methods extends DatabaseMethods {
  loadCase(ctx: Context<unknown, Meta>, id: string): Promise<Case>;
  reviewState(caseId: string, required: boolean): Promise<ReviewState>;
  appendStep(
    c: Case,
    step: { kind: StepKind; from: CaseState | null; to: CaseState; note?: string; documents?: CaseDocument[] },
    actor: Actor,
  ): Promise<void>;
  caseView(c: Case): Promise<Record<string, unknown>>;
}

interface Actor {
  id: string;
  name: string;
  role: string;
}

interface OfficerInfo {
  id: string;
  bodyId: string;
  name: string;
  status: string;
}
interface CaseContext {
  body: { id: string; name: string } | null;
  power: { id: string; bodyId: string; code: string; name: string; category: string } | null;
  officers: OfficerInfo[];
}

const partyRule = {
  type: "object",
  props: {
    type: { type: "enum", values: ["natural", "legal", "individual"] },
    name: text(200),
    creditCode: optionalText(18, { uppercase: true }),
    idNumber: optionalText(18, { uppercase: true }),
    legalRepresentative: optionalText(50),
    address: optionalText(300),
    phone: optionalText(30, { pattern: PHONE_PATTERN }),
    email: optionalText(200, { type: "email" }),
    bankAccount: optionalText(40),
    minor: { type: "boolean", optional: true },
  },
};

const documentsRule = {
  type: "array",
  optional: true,
  max: 20,
  items: { type: "object", props: { name: text(200), number: optionalText(100) } },
};

interface CreateCaseParams {
  bodyId: string;
  powerId: string;
  title: string;
  officerIds: string[];
  facts: string;
  party: Party;
  otherNames?: string[];
  major?: boolean;
  secret?: boolean;
}

function actorOf(user: SessionUser): Actor {
  return { id: user.id, name: user.username, role: user.role };
}

/** A party's identifiers as the registrar writes them: a full-width 统一社会信用代码 is its ASCII twin. */
function partyAsRegistered(party: Party): Party {
  return {
    ...party,
    ...(party.creditCode ? { creditCode: normalizeCreditCode(party.creditCode) } : {}),
    ...(party.idNumber ? { idNumber: normalizeIdNumber(party.idNumber) } : {}),
  };
}

/** The party's identifiers must be real ones: a wrong ID number is caught at filing, not at publishing. */
function checkParty(party: Party): void {
  const problems = [];
  if (party.creditCode) {
    const problem = creditCodeProblem(party.creditCode);
    if (problem) problems.push({ field: "party.creditCode", message: CREDIT_CODE_MESSAGES[problem] });
  }
  if (party.idNumber && !isValidResidentId(party.idNumber)) {
    problems.push({
      field: "party.idNumber",
      message: "not a valid resident ID number (GB 11643 check digit or birth date)",
    });
  }
  if (party.type === "legal" && party.idNumber) {
    problems.push({
      field: "party.idNumber",
      message: "a legal person is identified by its creditCode, not an ID number",
    });
  }
  if (party.type !== "natural" && party.minor) {
    problems.push({ field: "party.minor", message: "only a natural person can be a minor" });
  }
  if (problems.length) throw new InvalidInputError(problems);
}

export function casesService(rt: Runtime): ServiceSchema {
  const schema: ServiceSchema<ServiceSettingSchema & { rest: string }, Methods, DatabaseVars> = {
    name: "cases",
    mixins: [DatabaseMixin(rt.databaseUrl, DATABASE)],
    settings: { rest: "/" },

    actions: {
      createCase: {
        rest: "POST /cases",
        summary: "File a case (立案) under one of the body's powers",
        roles: ["admin", "officer"],
        params: strictParams({
          bodyId: ID,
          powerId: ID,
          title: text(200),
          officerIds: { type: "array", min: 1, max: 20, unique: true, items: ID },
          facts: text(20_000),
          party: partyRule,
          otherNames: { type: "array", optional: true, max: 50, items: text(50) },
          major: { type: "boolean", optional: true },
          secret: { type: "boolean", optional: true },
          note: optionalText(2000),
        }),
        async handler(ctx: Context<CreateCaseParams & { note?: string }, Meta>) {
          const user = userOf(ctx);
          if (user.role !== "admin" && user.bodyId !== ctx.params.bodyId) {
            throw new ForbiddenError("谁执法谁公示: you may file cases only for your own body", "OTHER_BODY");
          }
          const party = partyAsRegistered(ctx.params.party);
          checkParty(party);
          const context = await dependencyCall("duties", () =>
            ctx.call<CaseContext, object>("duties.caseContext", {
              bodyId: ctx.params.bodyId,
              powerId: ctx.params.powerId,
              officerIds: ctx.params.officerIds,
            }),
          );
          if (!context.body) throw invalid("bodyId", "no enforcement body has this id");
          if (!context.power || context.power.bodyId !== ctx.params.bodyId) {
            throw invalid("powerId", "the power is not in this body's 权责清单");
          }
          const problems = [];
          for (const [i, id] of ctx.params.officerIds.entries()) {
            const officer = context.officers.find((o) => o.id === id);
            if (!officer || officer.bodyId !== ctx.params.bodyId) {
              problems.push({ field: `officerIds[${i}]`, message: "not an officer of this body" });
            } else if (officer.status !== "active") {
              problems.push({ field: `officerIds[${i}]`, message: `officer ${officer.name} is ${officer.status}` });
            }
          }
          if (problems.length) throw new InvalidInputError(problems);
          if (context.power.category === "行政处罚" && ctx.params.officerIds.length < 2) {
            throw invalid(
              "officerIds",
              "行政处罚 needs at least two officers (行政处罚法 Art. 42)",
              "TOO_FEW_OFFICERS",
            );
          }
          const now = new Date();
          const c = Object.assign(new Case(), {
            id: newId(),
            bodyId: ctx.params.bodyId,
            powerId: context.power.id,
            powerCode: context.power.code,
            powerName: context.power.name,
            category: context.power.category,
            title: ctx.params.title,
            officerIds: ctx.params.officerIds,
            facts: ctx.params.facts,
            party,
            otherNames: ctx.params.otherNames ?? [],
            major: ctx.params.major ?? false,
            secret: ctx.params.secret ?? false,
            status: "registered" as const,
            resultId: null,
            createdBy: user.id,
            createdAt: now,
            updatedAt: now,
          });
          const em = this.em();
          await em.transactional(async (tx) => {
            // No ORM relation links the two, so the case is flushed first for the trail's foreign key.
            tx.persist(c);
            await tx.flush();
            tx.persist(
              Object.assign(new CaseStep(), {
                caseId: c.id,
                seq: 1,
                kind: "registered",
                fromStatus: null,
                toStatus: "registered",
                actorId: user.id,
                actorName: user.username,
                actorRole: user.role,
                at: now,
                note: ctx.params.note ?? null,
                documents: [],
              }),
            );
          });
          ctx.meta.$statusCode = 201;
          return this.caseView(c);
        },
      },

      listCases: {
        rest: "GET /cases",
        summary: "Cases of the caller's body, newest first, optionally by status",
        roles: STAFF,
        params: strictParams({
          status: { type: "enum", values: [...CASE_STATES], optional: true },
          bodyId: { ...ID, optional: true },
          ...pagingParams,
        }),
        async handler(ctx: Context<{ status?: CaseState; bodyId?: string; limit?: number; cursor?: string }, Meta>) {
          const user = userOf(ctx);
          const where: Record<string, unknown> = {};
          if (user.role !== "admin") where.bodyId = user.bodyId;
          else if (ctx.params.bodyId) where.bodyId = ctx.params.bodyId;
          if (ctx.params.status) where.status = ctx.params.status;
          if (ctx.params.cursor) {
            const before = decodeCursor(ctx.params.cursor, isId);
            if (!before) throw invalid("cursor", "the cursor is not one this list issued");
            where.id = { $lt: before };
          }
          const limit = ctx.params.limit ?? DEFAULT_LIMIT;
          const rows = await this.em().find(Case, where, { orderBy: { id: "desc" }, limit: limit + 1 });
          const page = toPage(rows, limit, (c) => c.id);
          return {
            items: page.items.map((c) => ({
              id: c.id,
              bodyId: c.bodyId,
              title: c.title,
              category: c.category,
              status: c.status,
              partyName: c.party.name,
              major: c.major,
              resultId: c.resultId,
              createdAt: c.createdAt.toISOString(),
              updatedAt: c.updatedAt.toISOString(),
            })),
            nextCursor: page.nextCursor,
          };
        },
      },

      getCase: {
        rest: "GET /cases/:id",
        summary: "A case with its full record trail and reviews (the body's staff only)",
        roles: STAFF,
        params: strictParams({ id: ID }),
        async handler(ctx: Context<{ id: string }, Meta>) {
          return this.caseView(await this.loadCase(ctx, ctx.params.id));
        },
      },

      addNote: {
        rest: "POST /cases/:id/notes",
        summary: "Attach a note (and the documents it concerns) to a case's record trail, without changing its state",
        roles: ["admin", "officer", "reviewer"],
        params: strictParams({ id: ID, note: text(2000), documents: documentsRule }),
        async handler(ctx: Context<{ id: string; note: string; documents?: CaseDocument[] }, Meta>) {
          const c = await this.loadCase(ctx, ctx.params.id);
          await this.appendStep(
            c,
            { kind: "note", from: c.status, to: c.status, note: ctx.params.note, documents: ctx.params.documents },
            actorOf(userOf(ctx)),
          );
          ctx.meta.$statusCode = 201;
          return this.caseView(c);
        },
      },

      transition: {
        rest: "POST /cases/:id/transitions",
        summary: "Move a case to its next state, with a note and the documents issued",
        roles: ["admin", "officer"],
        params: strictParams({
          id: ID,
          to: { type: "enum", values: [...CASE_STATES] },
          note: optionalText(2000),
          documents: documentsRule,
        }),
        async handler(ctx: Context<{ id: string; to: CaseState; note?: string; documents?: CaseDocument[] }, Meta>) {
          const c = await this.loadCase(ctx, ctx.params.id);
          const user = userOf(ctx);
          if (user.role === "reviewer") throw new ForbiddenError("Reviewers do not move cases", "ROLE_REQUIRED");
          const check = checkMove(c.status, ctx.params.to, await this.reviewState(c.id, c.major));
          if (!check.ok) throw new ConflictError(check.reason, check.type, { from: c.status, to: ctx.params.to });
          if (ctx.params.to === "terminated" && !ctx.params.note) {
            throw invalid("note", "terminating a case (撤销/终止) needs the reason in the note");
          }
          const from = c.status;
          c.status = ctx.params.to;
          c.updatedAt = new Date();
          await this.appendStep(
            c,
            { kind: "transition", from, to: ctx.params.to, note: ctx.params.note, documents: ctx.params.documents },
            actorOf(user),
          );
          return this.caseView(c);
        },
      },

      review: {
        rest: "POST /cases/:id/review",
        summary: "Legal review (法制审核) by a reviewer of the body who is not one of the case's officers",
        roles: ["reviewer"],
        params: strictParams({ id: ID, approve: { type: "boolean" }, opinion: text(5000) }),
        async handler(ctx: Context<{ id: string; approve: boolean; opinion: string }, Meta>) {
          const user = userOf(ctx);
          const c = await this.loadCase(ctx, ctx.params.id);
          if (user.id === c.createdBy || (user.officerId !== null && c.officerIds.includes(user.officerId))) {
            throw new ForbiddenError("法制审核 must be done by someone other than the case's officers", "OWN_CASE");
          }
          if (c.status !== "review") {
            throw new ConflictError(`the case is ${c.status}; move it to review first`, "NOT_IN_REVIEW", {
              status: c.status,
            });
          }
          const now = new Date();
          await this.em().transactional(async (tx) => {
            tx.persist(
              Object.assign(new Review(), {
                id: newId(),
                caseId: c.id,
                reviewerId: user.id,
                reviewerName: user.username,
                approve: ctx.params.approve,
                opinion: ctx.params.opinion,
                at: now,
              }),
            );
          });
          c.updatedAt = now;
          await this.appendStep(
            c,
            {
              kind: "review",
              from: "review",
              to: "review",
              note: `${ctx.params.approve ? "审核通过" : "审核不通过"}: ${ctx.params.opinion}`,
            },
            actorOf(user),
          );
          return this.caseView(c);
        },
      },

      /** For the results service: the whole case, to snapshot into a decision. */
      forDecision: {
        visibility: "public",
        params: strictParams({ id: { type: "string", max: 100 } }),
        async handler(ctx: Context<{ id: string }, Meta>) {
          const c = await this.loadCase(ctx, ctx.params.id);
          // The review round the decision would be checked against, so a preview can say what it lacks.
          const review = await this.reviewState(c.id, c.major);
          return {
            ...(await this.caseView(c)),
            party: c.party,
            otherNames: c.otherNames,
            secret: c.secret,
            latestReview: review.latest ?? null,
          };
        },
      },

      /**
       * For the results service: records the decision (→ decided) if the case may be decided now.
       * `fineRequiresReview` carries the rule-table threshold check of the decided fine.
       */
      recordDecision: {
        visibility: "public",
        params: strictParams({
          id: { type: "string", max: 100 },
          resultId: { type: "string", max: 100 },
          decisionNo: { type: "string", max: 100 },
          fineRequiresReview: { type: "boolean" },
        }),
        async handler(
          ctx: Context<{ id: string; resultId: string; decisionNo: string; fineRequiresReview: boolean }, Meta>,
        ) {
          const user = userOf(ctx);
          const c = await this.loadCase(ctx, ctx.params.id);
          const review = await this.reviewState(c.id, c.major || ctx.params.fineRequiresReview);
          const check = checkDecision(c.status, review);
          if (!check.ok) throw new ConflictError(check.reason, check.type, { from: c.status, to: "decided" });
          const from = c.status;
          c.status = "decided";
          c.resultId = ctx.params.resultId;
          c.updatedAt = new Date();
          await this.appendStep(
            c,
            {
              kind: "decision",
              from,
              to: "decided",
              note: `作出决定 ${ctx.params.decisionNo}`,
              documents: [{ name: "决定书", number: ctx.params.decisionNo }],
            },
            actorOf(user),
          );
          return { id: c.id, status: c.status };
        },
      },
    },

    methods: {
      /** A case of another body is 404, not 403: its existence is not the caller's business. */
      async loadCase(ctx: Context<unknown, Meta>, id: string): Promise<Case> {
        const user = userOf(ctx);
        const c = await this.em().findOne(Case, { id });
        if (!c || (user.role !== "admin" && user.bodyId !== c.bodyId)) throw new NotFoundError("Case", id);
        return c;
      },

      async reviewState(caseId: string, required: boolean): Promise<ReviewState> {
        const em = this.em();
        // Only reviews since the case last entered review count.
        const entered = await em.findOne(
          CaseStep,
          { caseId, kind: "transition", toStatus: "review" },
          { orderBy: { seq: "desc" } },
        );
        const latest = entered
          ? await em.findOne(Review, { caseId, at: { $gte: entered.at } }, { orderBy: { at: "desc" } })
          : null;
        return { required, latest: latest ? { approve: latest.approve } : undefined };
      },

      /**
       * Saves the case's new state and appends one step to its trail, atomically. The row lock
       * and the state re-check make two racing moves from one state end in one move and one 409.
       */
      async appendStep(c, step, actor) {
        await this.em().transactional(async (tx) => {
          const fresh = await tx.findOneOrFail(Case, { id: c.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
          if (step.from !== null && fresh.status !== step.from) {
            throw new ConflictError(`the case moved to ${fresh.status} meanwhile`, "CONCURRENT_CHANGE");
          }
          const last = await tx.findOne(CaseStep, { caseId: c.id }, { orderBy: { seq: "desc" } });
          fresh.status = c.status;
          fresh.resultId = c.resultId;
          fresh.updatedAt = c.updatedAt;
          tx.persist(
            Object.assign(new CaseStep(), {
              caseId: c.id,
              seq: (last?.seq ?? 0) + 1,
              kind: step.kind,
              fromStatus: step.from,
              toStatus: step.to,
              actorId: actor.id,
              actorName: actor.name,
              actorRole: actor.role,
              at: new Date(),
              note: step.note ?? null,
              documents: step.documents ?? [],
            }),
          );
        });
      },

      async caseView(c: Case) {
        const em = this.em();
        const [trail, reviews] = await Promise.all([
          em.find(CaseStep, { caseId: c.id }, { orderBy: { seq: "asc" } }),
          em.find(Review, { caseId: c.id }, { orderBy: { at: "asc" } }),
        ]);
        return {
          id: c.id,
          bodyId: c.bodyId,
          powerId: c.powerId,
          powerCode: c.powerCode,
          powerName: c.powerName,
          category: c.category,
          title: c.title,
          officerIds: c.officerIds,
          facts: c.facts,
          party: c.party,
          otherNames: c.otherNames,
          major: c.major,
          secret: c.secret,
          status: c.status,
          resultId: c.resultId,
          createdBy: c.createdBy,
          createdAt: c.createdAt.toISOString(),
          updatedAt: c.updatedAt.toISOString(),
          trail: trail.map((s) => ({
            seq: s.seq,
            kind: s.kind,
            from: s.fromStatus,
            to: s.toStatus,
            actor: { id: s.actorId, name: s.actorName, role: s.actorRole },
            at: s.at.toISOString(),
            note: s.note,
            documents: s.documents,
          })),
          reviews: reviews.map((r) => ({
            id: r.id,
            reviewer: { id: r.reviewerId, name: r.reviewerName },
            approve: r.approve,
            opinion: r.opinion,
            at: r.at.toISOString(),
          })),
        };
      },
    },
  };
  return schema as ServiceSchema;
}
