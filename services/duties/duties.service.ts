/**
 * Duties (事前公开): enforcement bodies, their officers, their powers (权责清单, every change a
 * new version) and their random-inspection list; written by admins and the body's own officers.
 * Every change goes to an outbox; the public reads these records from the feed's read model.
 * The wiring only: the use cases live in app/, the params and replies in contract.ts.
 */
import type { Context, ServiceSchema, ServiceSettingSchema } from "moleculer";
import { WRITERS, userOf } from "../../lib/auth.js";
import type { ActionContext } from "../../lib/contract.js";
import { DatabaseMixin, type DatabaseMethods, type DatabaseVars } from "../../lib/database.js";
import type { Runtime } from "../../lib/runtime.js";
import { bodyExists, caseContext, createBody, getBody, updateBody } from "./app/bodies.js";
import type { DutiesDeps } from "./app/changes.js";
import { eventsSince } from "./app/events.js";
import { createInspectionItem, getInspectionItem, updateInspectionItem } from "./app/inspections.js";
import { createOfficer, getOfficer, roster, setOfficerStatus, updateOfficer } from "./app/officers.js";
import { createPower, getPower, powerCategories, revisePower } from "./app/powers.js";
import { powerNames, statsScope } from "./app/stats.js";
import { getSeal, removeSeal, setSeal } from "./app/seals.js";
import { duties } from "./contract.js";
import { DATABASE } from "./database.js";

interface Methods extends DatabaseMethods {
  deps(ctx: Context): DutiesDeps;
}
export function dutiesService(rt: Runtime): ServiceSchema {
  const schema: ServiceSchema<ServiceSettingSchema & { rest: string }, Methods, DatabaseVars> = {
    name: "duties",
    mixins: [DatabaseMixin(rt, DATABASE)],
    settings: { rest: "/" },

    actions: {
      // ---- bodies (执法主体)
      createBody: {
        rest: "POST /bodies",
        summary: "Register an enforcement body (admin)",
        roles: ["admin"],
        params: duties.createBody.params,
        async handler(ctx: ActionContext<typeof duties.createBody>) {
          const body = await createBody(this.deps(ctx), ctx.params);
          ctx.meta.$statusCode = 201;
          return body;
        },
      },

      updateBody: {
        rest: "PUT /bodies/:id",
        summary:
          "Change a body's registered details (admin, or an officer of the body for all but its name and credit code)",
        roles: WRITERS,
        params: duties.updateBody.params,
        handler(ctx: ActionContext<typeof duties.updateBody>) {
          return updateBody(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      /** For other services: does a body with this id exist? */
      bodyExists: {
        visibility: "public",
        params: duties.bodyExists.params,
        handler(ctx: ActionContext<typeof duties.bodyExists>) {
          return bodyExists(this.em(), ctx.params);
        },
      },

      /**
       * For the cases service: the body, the current version of the power and the named officers
       * in one round trip, so it can check that they belong together.
       */
      caseContext: {
        visibility: "public",
        params: duties.caseContext.params,
        handler(ctx: ActionContext<typeof duties.caseContext>) {
          return caseContext(this.em(), ctx.params);
        },
      },

      /** For random-inspection plans: the body's active officers. */
      roster: {
        visibility: "public",
        params: duties.roster.params,
        handler(ctx: ActionContext<typeof duties.roster>) {
          return roster(this.em(), ctx.params);
        },
      },

      getInspectionItem: {
        visibility: "public",
        params: duties.getInspectionItem.params,
        handler(ctx: ActionContext<typeof duties.getInspectionItem>) {
          return getInspectionItem(this.em(), ctx.params);
        },
      },

      // ---- officers (执法人员)
      createOfficer: {
        rest: "POST /officers",
        summary: "Add an officer to a body's roster (admin, or an officer of the body)",
        roles: WRITERS,
        params: duties.createOfficer.params,
        async handler(ctx: ActionContext<typeof duties.createOfficer>) {
          const officer = await createOfficer(this.deps(ctx), userOf(ctx), ctx.params);
          ctx.meta.$statusCode = 201;
          return officer;
        },
      },

      updateOfficer: {
        rest: "PUT /officers/:id",
        summary: "Change an officer's name, certificate, fields or region",
        roles: WRITERS,
        params: duties.updateOfficer.params,
        handler(ctx: ActionContext<typeof duties.updateOfficer>) {
          return updateOfficer(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      setOfficerStatus: {
        rest: "POST /officers/:id/status",
        summary: "Suspend, reinstate or revoke an officer (a revoked officer stays listed as revoked)",
        roles: WRITERS,
        params: duties.setOfficerStatus.params,
        handler(ctx: ActionContext<typeof duties.setOfficerStatus>) {
          return setOfficerStatus(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      // ---- powers (权责清单)
      createPower: {
        rest: "POST /powers",
        summary: "Add a power to a body's 权责清单 (admin, or an officer of the body)",
        roles: WRITERS,
        params: duties.createPower.params,
        async handler(ctx: ActionContext<typeof duties.createPower>) {
          const power = await createPower(this.deps(ctx), userOf(ctx), ctx.params);
          ctx.meta.$statusCode = 201;
          return power;
        },
      },

      revisePower: {
        rest: "PUT /powers/:id",
        summary: "Revise a power: a new version; earlier versions stay readable (动态调整)",
        roles: WRITERS,
        params: duties.revisePower.params,
        handler(ctx: ActionContext<typeof duties.revisePower>) {
          return revisePower(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      // ---- random-inspection list (随机抽查事项清单)
      createInspectionItem: {
        rest: "POST /inspections",
        summary: "Add an item to a body's random-inspection list",
        roles: WRITERS,
        params: duties.createInspectionItem.params,
        async handler(ctx: ActionContext<typeof duties.createInspectionItem>) {
          const item = await createInspectionItem(this.deps(ctx), userOf(ctx), ctx.params);
          ctx.meta.$statusCode = 201;
          return item;
        },
      },

      updateInspectionItem: {
        rest: "PUT /inspections/:id",
        summary: "Change an item of the random-inspection list",
        roles: WRITERS,
        params: duties.updateInspectionItem.params,
        handler(ctx: ActionContext<typeof duties.updateInspectionItem>) {
          return updateInspectionItem(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      /** For other services: one body. */
      getBody: {
        visibility: "public",
        params: duties.getBody.params,
        handler(ctx: ActionContext<typeof duties.getBody>) {
          return getBody(this.em(), ctx.params);
        },
      },

      /** For the reports service: the categories of a body's powers. */
      powerCategories: {
        visibility: "public",
        params: duties.powerCategories.params,
        handler(ctx: ActionContext<typeof duties.powerCategories>) {
          return powerCategories(this.em(), ctx.params);
        },
      },

      /** For the public statistics (reports): the bodies of a scope. */
      statsScope: {
        visibility: "public",
        params: duties.statsScope.params,
        handler(ctx: ActionContext<typeof duties.statsScope>) {
          return statsScope(this.em(), ctx.params);
        },
      },

      /** For the public statistics (reports): the current names of the powers used most. */
      powerNames: {
        visibility: "public",
        params: duties.powerNames.params,
        handler(ctx: ActionContext<typeof duties.powerNames>) {
          return powerNames(this.em(), ctx.params);
        },
      },

      /** For other services: one officer of the roster. */
      setSeal: {
        visibility: "public",
        roles: ["admin"],
        params: duties.setSeal.params,
        handler(ctx: ActionContext<typeof duties.setSeal>) {
          return setSeal(this.deps(ctx), ctx.params);
        },
      },

      removeSeal: {
        visibility: "public",
        roles: ["admin"],
        params: duties.removeSeal.params,
        handler(ctx: ActionContext<typeof duties.removeSeal>) {
          return removeSeal(this.em(), ctx.params);
        },
      },

      getSeal: {
        visibility: "public",
        params: duties.getSeal.params,
        handler(ctx: ActionContext<typeof duties.getSeal>) {
          return getSeal(this.em(), ctx.params);
        },
      },

      getPower: {
        visibility: "public",
        params: duties.getPower.params,
        handler(ctx: ActionContext<typeof duties.getPower>) {
          return getPower(this.em(), ctx.params);
        },
      },

      getOfficer: {
        visibility: "public",
        params: duties.getOfficer.params,
        handler(ctx: ActionContext<typeof duties.getOfficer>) {
          return getOfficer(this.em(), ctx.params);
        },
      },

      /** For the feed: changes after a sequence number, oldest first, each with the record's public view now. */
      eventsSince: {
        visibility: "public",
        params: duties.eventsSince.params,
        handler(ctx: ActionContext<typeof duties.eventsSince>) {
          return eventsSince(this.em(), ctx.params);
        },
      },
    },

    methods: {
      /** A write's dependencies: this request's EntityManager, the context as the broker port, the clock. */
      deps(ctx: Context): DutiesDeps {
        return { em: this.em(), caller: ctx, now: () => new Date() };
      },
    },
  };
  return schema as ServiceSchema;
}
