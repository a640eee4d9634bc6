/**
 * Duties (事前公开): enforcement bodies, their officers, their powers (权责清单, every change a
 * new version) and their random-inspection list; written by admins and the body's own officers.
 * Every change goes to an outbox; the public reads these records from the feed's read model.
 */
import { LockMode, type EntityManager } from "@mikro-orm/postgresql";
import type { Context, ServiceSchema, ServiceSettingSchema } from "moleculer";
import { WRITERS, assertActsForBody, userOf, type Meta } from "../../lib/auth.js";
import { DatabaseMixin, isUniqueViolation, type DatabaseMethods, type DatabaseVars } from "../../lib/database.js";
import { ConflictError, ForbiddenError, invalid, NotFoundError } from "../../lib/errors.js";
import { appendOutbox, EVENTS_SINCE_PARAMS, nudgeFeed, outboxAfter, type EventsSinceParams } from "../../lib/outbox.js";
import type { Runtime } from "../../lib/runtime.js";
import { CREDIT_CODE_MESSAGES, creditCodeProblem } from "../../shared/credit-code.js";
import {
  OFFICER_STATUSES,
  POWER_CATEGORIES,
  REMEDY_KINDS,
  type OfficerStatus,
  type PowerCategory,
} from "../../shared/domain.js";
import { newId } from "../../shared/ids.js";
import { normalizeCertificateNo, normalizeCreditCode } from "../../shared/identifiers.js";
import {
  ID,
  optionalText,
  PHONE_PATTERN,
  strictParams,
  text,
  type ParamsSchema,
  type RuleObject,
} from "../../shared/validation.js";
import {
  Body,
  DutiesEvent,
  InspectionItem,
  Officer,
  Power,
  PowerVersion,
  type DutiesEntity,
  type LegalBasis,
  type ProcedureStep,
} from "./entities.js";
import { DATABASE } from "./database.js";
import {
  bodyView,
  inspectionView,
  officerView,
  powerVersionView,
  powerView,
  powerWithHistory,
  publicViews,
} from "./repository.js";

interface Methods extends DatabaseMethods {
  commitChange<T>(
    ctx: Context,
    entity: DutiesEntity,
    entityId: string,
    work: (tx: EntityManager) => Promise<T>,
  ): Promise<T>;
  requireBody(bodyId: string): Promise<Body>;
}

const PHONE = optionalText(30, { pattern: PHONE_PATTERN });

const bodyParams: ParamsSchema = {
  name: text(200),
  creditCode: text(18, { min: 18, uppercase: true }),
  region: text(100),
  phone: PHONE,
  address: optionalText(300),
};

const officerParams: ParamsSchema = {
  bodyId: ID,
  name: text(50),
  certificateNo: text(50),
  fields: { type: "array", max: 30, items: text(50), unique: true },
  region: optionalText(100),
};

const basisItem: RuleObject = {
  type: "object",
  props: { law: text(200), article: text(100), text: optionalText(5000) },
};

const powerParams: ParamsSchema = {
  bodyId: ID,
  code: text(64),
  name: text(200),
  category: { type: "enum", values: [...POWER_CATEGORIES] },
  basis: { type: "array", min: 1, max: 50, items: basisItem },
  // 裁量基准: prose, or rows of circumstance and measure.
  standards: [
    optionalText(20_000),
    {
      type: "array",
      optional: true,
      max: 200,
      items: [
        text(2000),
        {
          type: "object",
          props: { level: optionalText(50), circumstance: text(2000), measure: text(2000) },
        },
      ],
    },
  ],
  // 执法程序: the steps of the flowchart, in order.
  procedure: {
    type: "array",
    optional: true,
    max: 100,
    items: [text(200), { type: "object", props: { name: text(200), description: optionalText(2000) } }],
  },
  timeLimitDays: { type: "number", integer: true, min: 0, max: 3650, optional: true, convert: true },
  // 救济渠道: 行政复议 / 行政诉讼.
  remedies: [
    optionalText(2000),
    {
      type: "array",
      optional: true,
      max: 10,
      items: [
        text(500),
        {
          type: "object",
          props: {
            kind: { type: "enum", values: [...REMEDY_KINDS] },
            organ: optionalText(200),
            timeLimit: optionalText(100),
            note: optionalText(500),
          },
        },
      ],
    },
  ],
  supervisionPhone: PHONE,
};

const inspectionParams: ParamsSchema = {
  bodyId: ID,
  project: text(200),
  subItem: optionalText(200),
  subject: text(200),
  basis: text(5000),
  method: text(200),
  content: text(5000),
};

interface BodyParams {
  name: string;
  creditCode: string;
  region: string;
  phone?: string;
  address?: string;
}
interface OfficerParams {
  bodyId: string;
  name: string;
  certificateNo: string;
  fields: string[];
  region?: string;
}
interface PowerParams {
  bodyId: string;
  code: string;
  name: string;
  category: PowerCategory;
  basis: LegalBasis[];
  standards?: unknown;
  procedure?: (string | ProcedureStep)[];
  timeLimitDays?: number;
  remedies?: unknown;
  supervisionPhone?: string;
  changeNote?: string;
}
interface InspectionParams {
  bodyId: string;
  project: string;
  subItem?: string;
  subject: string;
  basis: string;
  method: string;
  content: string;
}

function checkCreditCode(code: string): void {
  const problem = creditCodeProblem(code);
  if (problem) throw invalid("creditCode", CREDIT_CODE_MESSAGES[problem], "INVALID_CREDIT_CODE");
}

function duplicate(field: string, what: string, type: string): ConflictError {
  return new ConflictError(`${what} is already registered`, type, [
    { field, message: `${what} is already registered` },
  ]);
}

function versionOf(powerId: string, version: number, p: PowerParams, userId: string): PowerVersion {
  return Object.assign(new PowerVersion(), {
    powerId,
    version,
    code: p.code,
    name: p.name,
    category: p.category,
    basis: p.basis,
    standards: p.standards ?? null,
    procedure: (p.procedure ?? []).map((s) => (typeof s === "string" ? { name: s } : s)),
    timeLimitDays: p.timeLimitDays ?? null,
    remedies: p.remedies ?? null,
    supervisionPhone: p.supervisionPhone ?? null,
    changeNote: p.changeNote ?? null,
    effectiveFrom: new Date(),
    createdBy: userId,
  });
}

export function dutiesService(rt: Runtime): ServiceSchema {
  const schema: ServiceSchema<ServiceSettingSchema & { rest: string }, Methods, DatabaseVars> = {
    name: "duties",
    mixins: [DatabaseMixin(rt.databaseUrl, DATABASE)],
    settings: { rest: "/" },

    actions: {
      // ---- bodies (执法主体)
      createBody: {
        rest: "POST /bodies",
        summary: "Register an enforcement body (admin)",
        roles: ["admin"],
        params: strictParams(bodyParams),
        async handler(ctx: Context<BodyParams, Meta>) {
          const creditCode = normalizeCreditCode(ctx.params.creditCode);
          checkCreditCode(creditCode);
          const now = new Date();
          const body = Object.assign(new Body(), {
            id: newId(),
            ...ctx.params,
            creditCode,
            phone: ctx.params.phone ?? null,
            address: ctx.params.address ?? null,
            createdAt: now,
            updatedAt: now,
          });
          try {
            await this.commitChange(ctx, "body", body.id, async (tx) => tx.persist(body));
          } catch (err) {
            if (isUniqueViolation(err)) throw duplicate("creditCode", "This 统一社会信用代码", "DUPLICATE_CREDIT_CODE");
            throw err;
          }
          ctx.meta.$statusCode = 201;
          return bodyView(body);
        },
      },

      updateBody: {
        rest: "PUT /bodies/:id",
        summary:
          "Change a body's registered details (admin, or an officer of the body for all but its name and credit code)",
        roles: WRITERS,
        params: strictParams({ id: ID, ...bodyParams }),
        async handler(ctx: Context<BodyParams & { id: string }, Meta>) {
          const user = userOf(ctx);
          assertActsForBody(user, ctx.params.id);
          const creditCode = normalizeCreditCode(ctx.params.creditCode);
          checkCreditCode(creditCode);
          const { id, ...fields } = ctx.params;
          let body: Body;
          try {
            body = await this.commitChange(ctx, "body", id, async (tx) => {
              const found = await tx.findOne(Body, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
              if (!found) throw new NotFoundError("Body", id);
              // Who the body is (its name and 统一社会信用代码) is the registrar's to say: only an administrator changes it.
              if (user.role !== "admin" && (fields.name !== found.name || creditCode !== found.creditCode)) {
                throw new ForbiddenError(
                  "只有管理员可以修改执法主体的名称或统一社会信用代码",
                  "BODY_IDENTITY_ADMIN_ONLY",
                );
              }
              return Object.assign(found, {
                ...fields,
                creditCode,
                phone: fields.phone ?? null,
                address: fields.address ?? null,
                updatedAt: new Date(),
              });
            });
          } catch (err) {
            if (isUniqueViolation(err)) throw duplicate("creditCode", "This 统一社会信用代码", "DUPLICATE_CREDIT_CODE");
            throw err;
          }
          return bodyView(body);
        },
      },

      /** For other services: does a body with this id exist? */
      bodyExists: {
        visibility: "public",
        params: strictParams({ id: { type: "string", max: 100 } }),
        async handler(ctx: Context<{ id: string }>) {
          return (await this.em().count(Body, { id: ctx.params.id })) > 0;
        },
      },

      /**
       * For the cases service: the body, the current version of the power and the named officers
       * in one round trip, so it can check that they belong together.
       */
      caseContext: {
        visibility: "public",
        params: strictParams({
          bodyId: { type: "string", max: 100 },
          powerId: { type: "string", max: 100 },
          officerIds: { type: "array", max: 50, items: { type: "string", max: 100 } },
        }),
        async handler(ctx: Context<{ bodyId: string; powerId: string; officerIds: string[] }>) {
          const em = this.em();
          const [body, power, officers] = await Promise.all([
            em.findOne(Body, { id: ctx.params.bodyId }),
            em.findOne(Power, { id: ctx.params.powerId }),
            ctx.params.officerIds.length ? em.find(Officer, { id: { $in: ctx.params.officerIds } }) : [],
          ]);
          return {
            body: body ? bodyView(body) : null,
            power: power
              ? {
                  id: power.id,
                  bodyId: power.bodyId,
                  code: power.code,
                  name: power.name,
                  category: power.category,
                  version: power.currentVersion,
                }
              : null,
            officers: officers.map(officerView),
          };
        },
      },

      // ---- officers (执法人员)
      createOfficer: {
        rest: "POST /officers",
        summary: "Add an officer to a body's roster (admin, or an officer of the body)",
        roles: WRITERS,
        params: strictParams(officerParams),
        async handler(ctx: Context<OfficerParams, Meta>) {
          assertActsForBody(userOf(ctx), ctx.params.bodyId);
          await this.requireBody(ctx.params.bodyId);
          const now = new Date();
          const officer = Object.assign(new Officer(), {
            id: newId(),
            ...ctx.params,
            certificateNo: normalizeCertificateNo(ctx.params.certificateNo),
            region: ctx.params.region ?? null,
            status: "active" as const,
            statusReason: null,
            statusChangedAt: now,
            createdAt: now,
            updatedAt: now,
          });
          try {
            await this.commitChange(ctx, "officer", officer.id, async (tx) => tx.persist(officer));
          } catch (err) {
            if (isUniqueViolation(err)) throw duplicate("certificateNo", "This 执法证号", "DUPLICATE_CERTIFICATE_NO");
            throw err;
          }
          ctx.meta.$statusCode = 201;
          return officerView(officer);
        },
      },

      updateOfficer: {
        rest: "PUT /officers/:id",
        summary: "Change an officer's name, certificate, fields or region",
        roles: WRITERS,
        params: strictParams({ id: ID, ...officerParams }),
        async handler(ctx: Context<OfficerParams & { id: string }, Meta>) {
          const user = userOf(ctx);
          try {
            const officer = await this.commitChange(ctx, "officer", ctx.params.id, async (tx) => {
              const found = await tx.findOne(Officer, { id: ctx.params.id });
              if (!found) throw new NotFoundError("Officer", ctx.params.id);
              assertActsForBody(user, found.bodyId);
              if (ctx.params.bodyId !== found.bodyId) {
                throw invalid("bodyId", "an officer cannot move to another body; register them there anew");
              }
              return Object.assign(found, {
                name: ctx.params.name,
                certificateNo: normalizeCertificateNo(ctx.params.certificateNo),
                fields: ctx.params.fields,
                region: ctx.params.region ?? null,
                updatedAt: new Date(),
              });
            });
            return officerView(officer);
          } catch (err) {
            if (isUniqueViolation(err)) throw duplicate("certificateNo", "This 执法证号", "DUPLICATE_CERTIFICATE_NO");
            throw err;
          }
        },
      },

      setOfficerStatus: {
        rest: "POST /officers/:id/status",
        summary: "Suspend, reinstate or revoke an officer (a revoked officer stays listed as revoked)",
        roles: WRITERS,
        params: strictParams({
          id: ID,
          status: { type: "enum", values: [...OFFICER_STATUSES] },
          reason: optionalText(500),
        }),
        async handler(ctx: Context<{ id: string; status: OfficerStatus; reason?: string }, Meta>) {
          const user = userOf(ctx);
          const officer = await this.commitChange(ctx, "officer", ctx.params.id, async (tx) => {
            const found = await tx.findOne(Officer, { id: ctx.params.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
            if (!found) throw new NotFoundError("Officer", ctx.params.id);
            assertActsForBody(user, found.bodyId);
            if (found.status === "revoked" && ctx.params.status !== "revoked") {
              throw new ConflictError(
                "A revoked certificate cannot be reinstated; register a new one",
                "OFFICER_REVOKED",
              );
            }
            if (ctx.params.status !== "active" && !ctx.params.reason) {
              throw invalid("reason", `a reason is required to mark an officer ${ctx.params.status}`);
            }
            const now = new Date();
            return Object.assign(found, {
              status: ctx.params.status,
              statusReason: ctx.params.reason ?? null,
              statusChangedAt: now,
              updatedAt: now,
            });
          });
          return officerView(officer);
        },
      },

      // ---- powers (权责清单)
      createPower: {
        rest: "POST /powers",
        summary: "Add a power to a body's 权责清单 (admin, or an officer of the body)",
        roles: WRITERS,
        params: strictParams(powerParams),
        async handler(ctx: Context<PowerParams, Meta>) {
          const user = userOf(ctx);
          assertActsForBody(user, ctx.params.bodyId);
          await this.requireBody(ctx.params.bodyId);
          const now = new Date();
          const power = Object.assign(new Power(), {
            id: newId(),
            bodyId: ctx.params.bodyId,
            code: ctx.params.code,
            name: ctx.params.name,
            category: ctx.params.category,
            currentVersion: 1,
            createdAt: now,
            updatedAt: now,
          });
          const version = versionOf(power.id, 1, ctx.params, user.id);
          try {
            await this.commitChange(ctx, "power", power.id, async (tx) => {
              tx.persist(power);
              await tx.flush();
              tx.persist(version);
            });
          } catch (err) {
            if (isUniqueViolation(err)) throw duplicate("code", "This power code", "DUPLICATE_POWER_CODE");
            throw err;
          }
          ctx.meta.$statusCode = 201;
          return { ...powerView(power, version), history: [powerVersionView(version)] };
        },
      },

      revisePower: {
        rest: "PUT /powers/:id",
        summary: "Revise a power: a new version; earlier versions stay readable (动态调整)",
        roles: WRITERS,
        params: strictParams({ id: ID, ...powerParams, changeNote: optionalText(500) }),
        async handler(ctx: Context<PowerParams & { id: string }, Meta>) {
          const user = userOf(ctx);
          const existing = await this.em().findOne(Power, { id: ctx.params.id });
          if (!existing) throw new NotFoundError("Power", ctx.params.id);
          assertActsForBody(user, existing.bodyId);
          if (ctx.params.bodyId !== existing.bodyId) {
            throw invalid("bodyId", "a power cannot move to another body");
          }
          try {
            return await this.commitChange(ctx, "power", ctx.params.id, async (em) => {
              // Row lock: concurrent revisions get consecutive versions instead of colliding.
              const power = await em.findOneOrFail(
                Power,
                { id: ctx.params.id },
                { lockMode: LockMode.PESSIMISTIC_WRITE },
              );
              const version = versionOf(power.id, power.currentVersion + 1, ctx.params, user.id);
              Object.assign(power, {
                code: ctx.params.code,
                name: ctx.params.name,
                category: ctx.params.category,
                currentVersion: version.version,
                updatedAt: version.effectiveFrom,
              });
              em.persist(version);
              await em.flush();
              const history = await em.find(PowerVersion, { powerId: power.id }, { orderBy: { version: "desc" } });
              return powerWithHistory(power, history);
            });
          } catch (err) {
            if (isUniqueViolation(err)) throw duplicate("code", "This power code", "DUPLICATE_POWER_CODE");
            throw err;
          }
        },
      },

      // ---- random-inspection list (随机抽查事项清单)
      createInspectionItem: {
        rest: "POST /inspections",
        summary: "Add an item to a body's random-inspection list",
        roles: WRITERS,
        params: strictParams(inspectionParams),
        async handler(ctx: Context<InspectionParams, Meta>) {
          assertActsForBody(userOf(ctx), ctx.params.bodyId);
          await this.requireBody(ctx.params.bodyId);
          const now = new Date();
          const item = Object.assign(new InspectionItem(), {
            id: newId(),
            ...ctx.params,
            subItem: ctx.params.subItem ?? null,
            createdAt: now,
            updatedAt: now,
          });
          await this.commitChange(ctx, "inspection", item.id, async (tx) => tx.persist(item));
          ctx.meta.$statusCode = 201;
          return inspectionView(item);
        },
      },

      updateInspectionItem: {
        rest: "PUT /inspections/:id",
        summary: "Change an item of the random-inspection list",
        roles: WRITERS,
        params: strictParams({ id: ID, ...inspectionParams }),
        async handler(ctx: Context<InspectionParams & { id: string }, Meta>) {
          const user = userOf(ctx);
          const { id, ...fields } = ctx.params;
          const item = await this.commitChange(ctx, "inspection", id, async (tx) => {
            const found = await tx.findOne(InspectionItem, { id });
            if (!found) throw new NotFoundError("Inspection item", id);
            assertActsForBody(user, found.bodyId);
            if (fields.bodyId !== found.bodyId) throw invalid("bodyId", "an item cannot move to another body");
            return Object.assign(found, { ...fields, subItem: fields.subItem ?? null, updatedAt: new Date() });
          });
          return inspectionView(item);
        },
      },

      /** For other services: one body. */
      getBody: {
        visibility: "public",
        params: strictParams({ id: { type: "string", max: 100 } }),
        async handler(ctx: Context<{ id: string }>) {
          const body = await this.em().findOne(Body, { id: ctx.params.id });
          if (!body) throw new NotFoundError("Body", ctx.params.id);
          return bodyView(body);
        },
      },

      /** For other services: one officer of the roster. */
      getOfficer: {
        visibility: "public",
        params: strictParams({ id: { type: "string", max: 100 } }),
        async handler(ctx: Context<{ id: string }>) {
          const officer = await this.em().findOne(Officer, { id: ctx.params.id });
          if (!officer) throw new NotFoundError("Officer", ctx.params.id);
          return officerView(officer);
        },
      },

      /** For the feed: changes after a sequence number, oldest first, each with the record's public view now. */
      eventsSince: {
        visibility: "public",
        params: strictParams(EVENTS_SINCE_PARAMS),
        async handler(ctx: Context<EventsSinceParams>) {
          const em = this.em();
          const events = await outboxAfter(em, DutiesEvent, ctx.params);
          const views = await publicViews(em, events);
          return events.map((e) => ({
            seq: String(e.seq),
            entity: e.entity,
            id: e.entityId,
            at: e.at.toISOString(),
            view: views.get(`${e.entity}:${e.entityId}`) ?? null,
          }));
        },
      },
    },

    methods: {
      /**
       * Runs a write and appends its outbox row in one transaction, then lets the feed pull it, so
       * the public lists show the change by the time the writer gets its answer.
       */
      async commitChange<T>(
        ctx: Context,
        entity: DutiesEntity,
        entityId: string,
        work: (tx: EntityManager) => Promise<T>,
      ) {
        const result = await this.em().transactional(async (tx) => {
          const value = await work(tx);
          await tx.flush();
          await appendOutbox(
            tx,
            "duties.outbox",
            Object.assign(new DutiesEvent(), { entity, entityId, at: new Date() }),
          );
          return value;
        });
        await nudgeFeed(ctx, "duties");
        return result;
      },
      /** The body a write names must exist: otherwise the input is wrong (422), not the URL. */
      async requireBody(bodyId: string): Promise<Body> {
        const body = await this.em().findOne(Body, { id: bodyId });
        if (!body) throw invalid("bodyId", "no enforcement body has this id");
        return body;
      },
    },
  };
  return schema as ServiceSchema;
}
