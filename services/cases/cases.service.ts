/**
 * Cases (事中, 全过程记录): a case of a body under one of its powers, moved through its states by
 * the body's officers, every step appended to a trail the database refuses to alter; legal
 * review (法制审核) by a reviewer who is not one of the case's officers. The use cases live in
 * app/; this file is the Moleculer wiring.
 */
import type { ServiceSchema, ServiceSettingSchema } from "moleculer";
import { STAFF, userOf } from "../../lib/auth.js";
import type { Caller, ActionContext } from "../../lib/contract.js";
import { DatabaseMixin, type DatabaseMethods, type DatabaseVars } from "../../lib/database.js";
import type { Runtime } from "../../lib/runtime.js";
import { createCase } from "./app/create-case.js";
import { forDecision, getCase, listCases } from "./app/queries.js";
import type { CasesDeps } from "./app/records.js";
import { reportLicenceApplications } from "./app/report-records.js";
import { addNote, recordDecision, review, transition } from "./app/workflow.js";
import { cases } from "./contract.js";
import { DATABASE } from "./database.js";

interface Methods extends DatabaseMethods {
  deps(caller: Caller): CasesDeps;
}
export function casesService(rt: Runtime): ServiceSchema {
  const schema: ServiceSchema<ServiceSettingSchema & { rest: string }, Methods, DatabaseVars> = {
    name: "cases",
    mixins: [DatabaseMixin(rt, DATABASE)],
    settings: { rest: "/" },

    actions: {
      createCase: {
        rest: "POST /cases",
        summary: "File a case (立案) under one of the body's powers",
        roles: ["admin", "officer"],
        params: cases.createCase.params,
        async handler(ctx: ActionContext<typeof cases.createCase>) {
          const view = await createCase(this.deps(ctx), userOf(ctx), ctx.params);
          ctx.meta.$statusCode = 201;
          return view;
        },
      },

      listCases: {
        rest: "GET /cases",
        summary: "Cases of the caller's body, newest first, optionally by status",
        roles: STAFF,
        params: cases.listCases.params,
        handler(ctx: ActionContext<typeof cases.listCases>) {
          return listCases(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      getCase: {
        rest: "GET /cases/:id",
        summary: "A case with its full record trail and reviews (the body's staff only)",
        roles: STAFF,
        params: cases.getCase.params,
        handler(ctx: ActionContext<typeof cases.getCase>) {
          return getCase(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      addNote: {
        rest: "POST /cases/:id/notes",
        summary: "Attach a note (and the documents it concerns) to a case's record trail, without changing its state",
        roles: ["admin", "officer", "reviewer"],
        params: cases.addNote.params,
        async handler(ctx: ActionContext<typeof cases.addNote>) {
          const view = await addNote(this.deps(ctx), userOf(ctx), ctx.params);
          ctx.meta.$statusCode = 201;
          return view;
        },
      },

      transition: {
        rest: "POST /cases/:id/transitions",
        summary: "Move a case to its next state, with a note and the documents issued",
        roles: ["admin", "officer"],
        params: cases.transition.params,
        handler(ctx: ActionContext<typeof cases.transition>) {
          return transition(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      review: {
        rest: "POST /cases/:id/review",
        summary: "Legal review (法制审核) by a reviewer of the body who is not one of the case's officers",
        roles: ["reviewer"],
        params: cases.review.params,
        handler(ctx: ActionContext<typeof cases.review>) {
          return review(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      /** For the results service: the whole case, to snapshot into a decision. */
      forDecision: {
        visibility: "public",
        params: cases.forDecision.params,
        handler(ctx: ActionContext<typeof cases.forDecision>) {
          return forDecision(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      /**
       * For the results service: records the decision (→ decided) if the case may be decided now.
       * `fineRequiresReview` carries the rule-table threshold check of the decided fine.
       */
      recordDecision: {
        visibility: "public",
        params: cases.recordDecision.params,
        handler(ctx: ActionContext<typeof cases.recordDecision>) {
          return recordDecision(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      /** For the reports service: a body's licensing cases of a year (行政许可申请, days only). */
      reportLicenceApplications: {
        visibility: "public",
        params: cases.reportLicenceApplications.params,
        handler(ctx: ActionContext<typeof cases.reportLicenceApplications>) {
          return reportLicenceApplications(this.deps(ctx), ctx.params);
        },
      },
    },

    methods: {
      deps(caller: Caller): CasesDeps {
        return { em: () => this.em(), now: () => new Date(), caller };
      },
    },
  };
  return schema as ServiceSchema;
}
