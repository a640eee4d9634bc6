/**
 * Results (事后公开): a case's decision with its 双公示 fields, its statutory publication
 * deadline on the official working-day calendar, and its publication, withdrawal (撤下) and
 * correction (更正) as signed public notices. Owns the rule table and the calendar years.
 * The use cases live in app/; this is the Moleculer wiring.
 */
import type { Context, ServiceSchema, ServiceSettingSchema } from "moleculer";
import { INTAKE_ONLY, STAFF, WRITERS, userOf, type Meta } from "../../lib/auth.js";
import type { ActionContext } from "../../lib/contract.js";
import { DatabaseMixin, type DatabaseMethods, type DatabaseVars } from "../../lib/database.js";
import { RateLimitedError } from "../../lib/rate-limit.js";
import type { Runtime } from "../../lib/runtime.js";
import type { YearCalendar } from "../../shared/calendar.js";
import { chinaToday } from "../../shared/dates.js";
import type { RuleTable } from "../../shared/rules.js";
import {
  calendarSnapshot,
  getCalendar,
  loadCalendarYear,
  workingDaysBetween,
  workingDeadline,
} from "./app/calendar.js";
import { decide, previewDecision } from "./app/decide.js";
import { importRecords, publishImported } from "./app/imports.js";
import { resultImports } from "./import-contract.js";
import { loadTables, type ResultsDeps, type Tables } from "./app/deps.js";
import { correct, publish, withdraw } from "./app/publication.js";
import { editDraft, getDraft, listDrafts, pushDraft, submitDraft } from "./app/intake.js";
import { intake } from "./intake-contract.js";
import { getResult, listResults, previewPdf, previewResult } from "./app/queries.js";
import { reportDecisions } from "./app/report-records.js";
import { putRules } from "./app/rules.js";
import { statsDecisions } from "./app/stats.js";
import { results } from "./contract.js";
import { DATABASE } from "./database.js";

type Vars = DatabaseVars & Tables;
interface Methods extends DatabaseMethods {
  /** The use cases' dependencies for one call: other services are called on behalf of ctx. */
  deps(ctx: Context<unknown, Meta>): ResultsDeps;
  /** Holds the tables now in force and tells the other instances to reload theirs. */
  useTables(ctx: Context, tables: Tables): void;
}

export function resultsService(rt: Runtime): ServiceSchema {
  const schema: ServiceSchema<ServiceSettingSchema & { rest: string }, Methods, Vars> = {
    name: "results",
    mixins: [DatabaseMixin(rt, DATABASE)],
    settings: { rest: "/" },

    actions: {
      decide: {
        rest: "POST /cases/:id/decision",
        summary: "Record the decision of a case (from notified, or from an approved review); creates a draft result",
        roles: WRITERS,
        params: results.decide.params,
        async handler(ctx: ActionContext<typeof results.decide>) {
          const view = await decide(this.deps(ctx), userOf(ctx), ctx.params);
          ctx.meta.$statusCode = 201;
          return view;
        },
      },

      getResult: {
        rest: "GET /results/:id",
        summary: "A result with its deadline, publication state and revisions (the body's staff)",
        roles: STAFF,
        params: results.getResult.params,
        handler(ctx: ActionContext<typeof results.getResult>) {
          return getResult(this.deps(ctx), userOf(ctx), ctx.params.id);
        },
      },

      listResults: {
        rest: "GET /results",
        summary:
          "Results of the caller's body, by status; overdue=true lists drafts past their deadline; expiresBefore notices whose publicity period ends by then",
        roles: STAFF,
        params: results.listResults.params,
        handler(ctx: ActionContext<typeof results.listResults>) {
          return listResults(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      previewResult: {
        rest: "GET /results/:id/preview",
        summary: "Exactly what the public will see, with every redaction and the rule that made it",
        roles: STAFF,
        params: results.previewResult.params,
        handler(ctx: ActionContext<typeof results.previewResult>) {
          return previewResult(this.deps(ctx), userOf(ctx), ctx.params.id);
        },
      },

      previewDecision: {
        rest: "POST /cases/:id/decision/preview",
        summary:
          "What the public would see of a decision not yet recorded: the same checks as the decision, nothing written",
        roles: WRITERS,
        params: results.previewDecision.params,
        handler(ctx: ActionContext<typeof results.previewDecision>) {
          return previewDecision(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      previewPdf: {
        rest: "GET /results/:id/preview.pdf",
        summary: "The notice PDF as it would be published, marked as a preview and not signed",
        roles: STAFF,
        params: results.previewPdf.params,
        async handler(ctx: ActionContext<typeof results.previewPdf>) {
          const { result, pdf } = await previewPdf(this.deps(ctx), userOf(ctx), ctx.params.id, rt.config.publicBaseUrl);
          ctx.meta.$responseType = "application/pdf";
          ctx.meta.$responseHeaders = {
            "Content-Disposition": `inline; filename="preview-${result.id}.pdf"`,
            "Cache-Control": "no-store",
          };
          return pdf;
        },
      },

      publish: {
        rest: "POST /results/:id/publish",
        summary: "Publish a decision as a signed public notice; publishing again returns the same notice",
        roles: WRITERS,
        params: results.publish.params,
        handler(ctx: ActionContext<typeof results.publish>) {
          return publish(this.deps(ctx), userOf(ctx), ctx.params.id);
        },
      },

      withdraw: {
        rest: "POST /results/:id/withdraw",
        summary: "Withdraw (撤下) a published notice with a public reason; the record stays as a tombstone",
        roles: WRITERS,
        params: results.withdraw.params,
        handler(ctx: ActionContext<typeof results.withdraw>) {
          return withdraw(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      correct: {
        rest: "POST /results/:id/correct",
        summary: "Correct (更正) a decision: a new notice version supersedes the old, which stays on record",
        roles: WRITERS,
        params: results.correct.params,
        handler(ctx: ActionContext<typeof results.correct>) {
          return correct(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      // ---- intake from bodies' case-handling systems (办案系统)

      intakePush: {
        rest: "PUT /intake/decisions/:docNo",
        summary:
          "A case system (API key) pushes a decision by its 文书号: creates (201) or updates (200) its body's draft; types checked, completeness not",
        roles: INTAKE_ONLY,
        params: intake.push.params,
        async handler(ctx: ActionContext<typeof intake.push>) {
          try {
            const { reply, created } = await pushDraft(
              this.deps(ctx),
              userOf(ctx),
              ctx.params,
              rt.config.publicBaseUrl,
            );
            ctx.meta.$statusCode = created ? 201 : 200;
            return reply;
          } catch (err) {
            if (err instanceof RateLimitedError) ctx.meta.$responseHeaders = { "Retry-After": String(err.retryAfter) };
            throw err;
          }
        },
      },

      listIntakeDrafts: {
        rest: "GET /intake/drafts",
        summary: "Decision drafts pushed by the body's case system (办案系统推送), with what each still lacks",
        roles: STAFF,
        params: intake.listDrafts.params,
        handler(ctx: ActionContext<typeof intake.listDrafts>) {
          return listDrafts(this.deps(ctx), userOf(ctx), ctx.params, rt.config.publicBaseUrl);
        },
      },

      getIntakeDraft: {
        rest: "GET /intake/drafts/:id",
        summary: "A pushed decision draft",
        roles: STAFF,
        params: intake.getDraft.params,
        handler(ctx: ActionContext<typeof intake.getDraft>) {
          return getDraft(this.deps(ctx), userOf(ctx), ctx.params.id, rt.config.publicBaseUrl);
        },
      },

      editIntakeDraft: {
        rest: "PATCH /intake/drafts/:id",
        summary: "Complete a pushed draft: each field given replaces the stored one, null removes it",
        roles: WRITERS,
        params: intake.editDraft.params,
        handler(ctx: ActionContext<typeof intake.editDraft>) {
          return editDraft(this.deps(ctx), userOf(ctx), ctx.params, rt.config.publicBaseUrl);
        },
      },

      submitIntakeDraft: {
        rest: "POST /intake/drafts/:id/submit",
        summary:
          "Move a pushed draft out of draft: 422 naming what is missing, else the decision is recorded with every check of POST /cases/:id/decision",
        roles: WRITERS,
        params: intake.submitDraft.params,
        async handler(ctx: ActionContext<typeof intake.submitDraft>) {
          const view = await submitDraft(this.deps(ctx), userOf(ctx), ctx.params.id, rt.config.publicBaseUrl);
          // The decision it called answered 201 into the shared meta; the draft itself is updated.
          ctx.meta.$statusCode = 200;
          return view;
        },
      },

      // ---- the calendar (法定节假日 and 调休 make-up workdays) and the rule table

      /** For the reports service: a body's decisions of a year (kind, date, penalty categories and amounts). */
      reportDecisions: {
        visibility: "public",
        params: results.reportDecisions.params,
        handler(ctx: ActionContext<typeof results.reportDecisions>) {
          return reportDecisions(this.deps(ctx), ctx.params);
        },
      },

      /** For the imports service: a batch of historic rows recorded as results (services/results/app/imports.ts). */
      importRecords: {
        visibility: "public",
        params: resultImports.importRecords.params,
        handler(ctx: ActionContext<typeof resultImports.importRecords>) {
          return importRecords(this.deps(ctx), ctx.params);
        },
      },

      /** For the imports service: an imported result's notice, rendered in the background. */
      publishImported: {
        visibility: "public",
        params: resultImports.publishImported.params,
        handler(ctx: ActionContext<typeof resultImports.publishImported>) {
          return publishImported(this.deps(ctx), ctx.params);
        },
      },

      /** For the public statistics (reports): decisions of bodies in a period, counted in SQL. */
      statsDecisions: {
        visibility: "public",
        params: results.statsDecisions.params,
        handler(ctx: ActionContext<typeof results.statsDecisions>) {
          return statsDecisions(this.deps(ctx), ctx.params);
        },
      },

      getCalendar: {
        rest: "GET /calendar",
        summary: "Years the working-day calendar covers, and years loaded by administrators",
        roles: STAFF,
        params: results.getCalendar.params,
        handler(ctx: Context<unknown, Meta>) {
          return getCalendar(this.deps(ctx));
        },
      },

      loadCalendarYear: {
        rest: "PUT /calendar/:year",
        summary: "Load (or replace) a year's holidays and make-up workdays; open deadlines are recomputed",
        roles: ["admin"],
        params: results.loadCalendarYear.params,
        async handler(ctx: Context<YearCalendar, Meta>) {
          const { reply, tables } = await loadCalendarYear(this.deps(ctx), userOf(ctx), ctx.params);
          this.useTables(ctx, tables);
          return reply;
        },
      },

      /**
       * For other services (feedback): a deadline in working days on the official calendar, by
       * default the rule table's reply time for public feedback; and working days between dates.
       */
      workingDeadline: {
        visibility: "public",
        params: results.workingDeadline.params,
        handler(ctx: ActionContext<typeof results.workingDeadline>) {
          return workingDeadline(this, ctx.params);
        },
      },

      /** For services that hold the calendar (requests): every year's schedule, as stored. */
      calendarSnapshot: {
        visibility: "public",
        params: results.calendarSnapshot.params,
        handler() {
          return calendarSnapshot({ em: () => this.em() });
        },
      },

      workingDaysBetween: {
        visibility: "public",
        params: results.workingDaysBetween.params,
        handler(ctx: ActionContext<typeof results.workingDaysBetween>) {
          return workingDaysBetween(this, ctx.params);
        },
      },

      getRules: {
        rest: "GET /rules",
        summary: "The rule table: deadlines, publicity periods, thresholds",
        roles: STAFF,
        params: results.getRules.params,
        handler(): RuleTable {
          return this.rules;
        },
      },

      putRules: {
        rest: "PUT /rules",
        summary: "Replace the rule table (admin); open deadlines are recomputed",
        roles: ["admin"],
        params: results.putRules.params,
        async handler(ctx: Context<RuleTable, Meta>) {
          const tables = await putRules(this.deps(ctx), userOf(ctx), ctx.params);
          this.useTables(ctx, tables);
          return tables.rules;
        },
      },
    },

    events: {
      /** Another instance changed the calendar or the rules: reload them. */
      async "results.tablesChanged"() {
        Object.assign(this, await loadTables(this.em()));
      },
    },

    methods: {
      deps(ctx: Context<unknown, Meta>): ResultsDeps {
        return {
          em: () => this.em(),
          today: chinaToday,
          calendar: this.calendar,
          rules: this.rules,
          caller: ctx,
        };
      },

      useTables(ctx: Context, tables: Tables) {
        this.calendar = tables.calendar;
        this.rules = tables.rules;
        ctx.broadcast("results.tablesChanged", {});
      },
    },

    async started() {
      Object.assign(this, await loadTables(this.em()));
    },
  };
  return schema as ServiceSchema;
}
