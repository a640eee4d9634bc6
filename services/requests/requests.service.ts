/**
 * Requests for government information (依申请公开, 政府信息公开条例 2019): submitted online by the
 * public or registered by the body's officers, handled step by step on the legal clocks — receipt,
 * the one 补正, the one extension, consultation and fee pauses, the answer by the annual report's
 * types, archive, later remedies — every step appended to the request's trail. The clocks are
 * shared/requests' rules, counted on the results service's working-day calendar, of which this
 * service holds a copy (app/calendar.ts). Applicants' identities are personal data: the body's
 * officers see them, the public tracking view and the outbox never do. The use cases live in app/;
 * this file is the Moleculer wiring.
 */
import type { Readable } from "node:stream";
import type { ActionSchema, Context, ServiceSchema, ServiceSettingSchema } from "moleculer";
import { ADMIN_ONLY, userOf, WRITERS, type Meta, type SessionUser } from "../../lib/auth.js";
import { call, serveFile, type Action, type ActionContext, type Caller } from "../../lib/contract.js";
import { DatabaseMixin, type DatabaseMethods, type DatabaseVars } from "../../lib/database.js";
import { dependencyCall, errorSummary } from "../../lib/errors.js";
import { clientKeyOf, RateLimitedError } from "../../lib/rate-limit.js";
import type { Runtime } from "../../lib/runtime.js";
import { results } from "../results/contract.js";
import { attachmentFile, publicAttachmentFile, uploadAttachment } from "./app/attachments.js";
import { CalendarCache } from "./app/calendar.js";
import { linkSameAs, listTasks, taskDone } from "./app/disclosure.js";
import { auditLog, openIdentity } from "./app/identity.js";
import { lapseDue } from "./app/lapse.js";
import { issueLetter, letterPdfFor } from "./app/letters.js";
import { eventsSince, feeQuote, stats, statsResponses, track } from "./app/public.js";
import { get, list } from "./app/queue.js";
import { reportRecords } from "./app/report-records.js";
import type { RequestsDeps } from "./app/records.js";
import { addRemedy, remedyOutcome } from "./app/remedies.js";
import {
  answer,
  archive,
  confirm,
  correctionReceived,
  extend,
  feeNotice,
  feePaid,
  pause,
  requestCorrection,
  resume,
  sendCorrection,
} from "./app/steps.js";
import { register, submit } from "./app/submit.js";
import { requests } from "./contract.js";
import { DATABASE } from "./database.js";

/** A missed `results.tablesChanged` heals after this long: the copy is fetched again. */
const CALENDAR_MAX_AGE_MS = 10 * 60_000;

interface Vars extends DatabaseVars {
  calendar: CalendarCache;
  lapseTimer?: NodeJS.Timeout;
}
interface Methods extends DatabaseMethods {
  deps(caller: Caller): RequestsDeps;
}

/** An officer's step on one request of their body: its route, its summary, its use case. */
function officerStep<P>(
  a: Action<P, unknown>,
  rest: string | string[],
  summary: string,
  run: (deps: RequestsDeps, user: SessionUser, p: P) => Promise<unknown>,
) {
  return {
    rest,
    summary,
    roles: WRITERS,
    params: a.params,
    handler(this: Methods, ctx: Context<P, Meta>) {
      return run(this.deps(ctx), userOf(ctx), ctx.params);
    },
  };
}

export function requestsService(rt: Runtime): ServiceSchema {
  const { config } = rt;

  const schema: ServiceSchema<ServiceSettingSchema & { rest: string }, Methods, Vars> = {
    name: "requests",
    mixins: [DatabaseMixin(rt, DATABASE)],
    settings: { rest: "/" },

    actions: {
      submit: {
        rest: "POST /public/requests",
        summary: "Request government information (依申请公开); returns a tracking code",
        params: requests.submit.params,
        async handler(
          ctx: ActionContext<typeof requests.submit, Meta & { clientIp?: string; idempotencyKey?: string }>,
        ) {
          const sender = {
            clientKey: clientKeyOf(config.namespace, ctx.meta.clientIp),
            idempotencyKey: ctx.meta.idempotencyKey?.slice(0, 200) || null,
          };
          try {
            const reply = await submit(this.deps(ctx), sender, ctx.params);
            ctx.meta.$statusCode = 201;
            return reply;
          } catch (err) {
            if (err instanceof RateLimitedError) ctx.meta.$responseHeaders = { "Retry-After": String(err.retryAfter) };
            throw err;
          }
        },
      },

      track: {
        rest: "GET /public/requests/:trackingCode",
        summary: "One's own request by its tracking code: state, due date, working days left, steps, answer",
        params: requests.track.params,
        handler(ctx: ActionContext<typeof requests.track>) {
          return track(this.deps(ctx), ctx.params);
        },
      },

      sendCorrection: {
        rest: "POST /public/requests/:trackingCode/correction",
        summary: "Send the 补正 the body asked for; the answer period starts again from today",
        params: requests.sendCorrection.params,
        handler(ctx: ActionContext<typeof requests.sendCorrection>) {
          return sendCorrection(this.deps(ctx), ctx.params);
        },
      },

      feeQuote: {
        rest: "GET /public/request-fees",
        summary: "The information processing fee (信息处理费) by items or by pages (国办函〔2020〕109号)",
        params: requests.feeQuote.params,
        handler(ctx: ActionContext<typeof requests.feeQuote>) {
          return feeQuote(ctx.params);
        },
      },

      /** For the public statistics (reports): received and answered in a period, counted in SQL. */
      statsResponses: {
        visibility: "public",
        params: requests.statsResponses.params,
        handler(ctx: ActionContext<typeof requests.statsResponses>) {
          return statsResponses(this.deps(ctx), ctx.params);
        },
      },

      stats: {
        rest: "GET /public/request-stats",
        summary: "A body's requests in a year: received, ended by type, overdue, median working days",
        params: requests.stats.params,
        handler(ctx: ActionContext<typeof requests.stats>) {
          return stats(this.deps(ctx), ctx.params);
        },
      },

      register: {
        rest: "POST /requests",
        summary: "Register a request received in person, by post, by letter or by fax, with its day of receipt",
        roles: WRITERS,
        params: requests.register.params,
        async handler(ctx: ActionContext<typeof requests.register>) {
          const view = await register(this.deps(ctx), userOf(ctx), ctx.params);
          ctx.meta.$statusCode = 201;
          return view;
        },
      },

      list: {
        rest: "GET /requests",
        summary: "The body's requests by due date, overdue first (admins: every body's)",
        roles: WRITERS,
        params: requests.list.params,
        handler(ctx: ActionContext<typeof requests.list>) {
          return list(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      get: {
        rest: "GET /requests/:id",
        summary: "One request (the applicant masked), its clock, its full trail and remedies",
        roles: WRITERS,
        params: requests.get.params,
        handler(ctx: ActionContext<typeof requests.get>) {
          return get(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      openIdentity: officerStep(
        requests.openIdentity,
        "POST /requests/:id/identity",
        "Open the applicant's whole identity, giving a reason the audit log keeps with who and when",
        openIdentity,
      ),

      auditLog: {
        rest: "GET /request-audit",
        summary: "The audit log of requests (administrators): every step and every look at an identity",
        roles: ADMIN_ONLY,
        params: requests.auditLog.params,
        handler(ctx: ActionContext<typeof requests.auditLog>) {
          return auditLog(this.deps(ctx), ctx.params);
        },
      },

      issueLetter: officerStep(
        requests.issueLetter,
        "POST /requests/:id/letter",
        "Issue the answer letter (答复告知书) of an answered request again, when it could not be issued with the answer",
        issueLetter,
      ),

      letterPdf: {
        rest: "GET /public/requests/:trackingCode/letter",
        summary: "The signed answer letter (答复告知书) of one's own request, by its tracking code",
        params: requests.letterPdf.params,
        async handler(ctx: ActionContext<typeof requests.letterPdf>) {
          const { stream, headers } = await letterPdfFor(this.deps(ctx), ctx.params.trackingCode);
          ctx.meta.$responseType = "application/pdf";
          ctx.meta.$responseHeaders = headers;
          return stream;
        },
      },

      uploadAttachment: {
        // A stream alias: the file is the request body, unparsed; `?name=` gives its name.
        rest: { method: "POST", path: "/requests/:id/attachments", type: "stream" } as unknown as ActionSchema["rest"],
        summary:
          "Attach a file to the answer before answering (raw bytes; PDF, JPEG, PNG, docx, xlsx, pptx; ≤ 20 MB, ≤ 10 files), cleaned of hidden metadata before it is kept",
        roles: WRITERS,
        params: requests.uploadAttachment.params,
        async handler(ctx: ActionContext<typeof requests.uploadAttachment>) {
          const view = await uploadAttachment(
            this.deps(ctx),
            userOf(ctx),
            ctx.params,
            ctx.stream as Readable | undefined,
          );
          ctx.meta.$statusCode = 201;
          return view;
        },
      },

      attachment: {
        rest: "GET /requests/:id/attachments/:n",
        summary: "One file of the answer, as kept (cleaned), for the body's officers",
        roles: WRITERS,
        params: requests.attachment.params,
        async handler(ctx: ActionContext<typeof requests.attachment>) {
          return serveFile(ctx, await attachmentFile(this.deps(ctx), userOf(ctx), ctx.params));
        },
      },

      publicAttachment: {
        rest: "GET /public/requests/:trackingCode/attachments/:n",
        summary: "One file of the answer to one's own request, by its tracking code; 404 until answered",
        params: requests.publicAttachment.params,
        async handler(ctx: ActionContext<typeof requests.publicAttachment>) {
          return serveFile(ctx, await publicAttachmentFile(this.deps(ctx), ctx.params));
        },
      },

      linkSameAs: officerStep(
        requests.linkSameAs,
        "POST /requests/:id/same-as",
        "Link a request of the body asking the same information (Art. 44: three applicants raise a task)",
        linkSameAs,
      ),

      disclosureTasks: officerStep(
        requests.disclosureTasks,
        "GET /request-tasks",
        "Tasks to publish actively what three or more applicants asked within twelve months (Art. 44)",
        listTasks,
      ),

      taskDone: officerStep(
        requests.taskDone,
        "POST /request-tasks/:groupId/done",
        "Close an Art. 44 task with what was done (published where, or why not)",
        taskDone,
      ),

      confirm: officerStep(
        requests.confirm,
        "POST /requests/:id/confirm",
        "Confirm receipt of an online or fax request (收到日, Art. 31)",
        confirm,
      ),
      requestCorrection: officerStep(
        requests.requestCorrection,
        "POST /requests/:id/correction",
        "Ask once for a 补正, within 7 working days of receipt, with what to add and by when",
        requestCorrection,
      ),
      correctionReceived: officerStep(
        requests.correctionReceived,
        "POST /requests/:id/correction-received",
        "Record the corrected request's arrival; the answer period starts again from that day",
        correctionReceived,
      ),
      extend: officerStep(
        requests.extend,
        "POST /requests/:id/extend",
        "Extend the answer period once, by at most 20 working days, with an approver and a reason",
        extend,
      ),
      pause: officerStep(
        requests.pause,
        "POST /requests/:id/pause",
        "Stop the clock to consult a third party (15 working days) or another agency",
        pause,
      ),
      resume: officerStep(
        requests.resume,
        "POST /requests/:id/resume",
        "Start the clock again after a consultation",
        resume,
      ),
      answer: officerStep(
        requests.answer,
        "POST /requests/:id/answer",
        "Answer the request: a type of the annual report's table 三, the text, each document's result",
        answer,
      ),
      feeNotice: officerStep(
        requests.feeNotice,
        "POST /requests/:id/fee-notice",
        "Send a fee notice by the 109号 rule; the clock stops until it is paid",
        feeNotice,
      ),
      feePaid: officerStep(
        requests.feePaid,
        "POST /requests/:id/fee-paid",
        "Record the fee's payment; the clock runs again",
        feePaid,
      ),
      archive: officerStep(requests.archive, "POST /requests/:id/archive", "Archive (归档) an ended request", archive),
      addRemedy: officerStep(
        requests.addRemedy,
        // `/remedy` is the handbook's name of the same route.
        ["POST /requests/:id/remedies", "POST /requests/:id/remedy"],
        "Record an administrative reconsideration (行政复议) or lawsuit (行政诉讼) and its outcome",
        addRemedy,
      ),
      remedyOutcome: officerStep(
        requests.remedyOutcome,
        "POST /requests/:id/remedies/:remedyId",
        "Record a reconsideration's or lawsuit's outcome once decided",
        remedyOutcome,
      ),

      /** For the feed: changed requests after a sequence number, without identity. */
      /** For the reports service: a body's records of a year for tables 三 and 四. */
      reportRecords: {
        visibility: "public",
        params: requests.reportRecords.params,
        handler(ctx: ActionContext<typeof requests.reportRecords>) {
          return reportRecords(this.deps(ctx), ctx.params);
        },
      },

      eventsSince: {
        visibility: "public",
        params: requests.eventsSince.params,
        handler(ctx: ActionContext<typeof requests.eventsSince>) {
          return eventsSince(this.deps(ctx), ctx.params);
        },
      },

      /** Closes requests whose applicant let the 补正 or payment deadline pass; also runs on a timer. */
      lapseDue: {
        visibility: "public",
        params: requests.lapseDue.params,
        async handler() {
          return { closed: await lapseDue(this.deps(this.broker)) };
        },
      },
    },

    events: {
      /** The results service changed the calendar (or the rules): fetch the calendar again on next use. */
      "results.tablesChanged"() {
        this.calendar.invalidate();
      },
      /** SIGTERM: take no new work from the timer; what runs now finishes. */
      "$shutdown.begin"() {
        clearInterval(this.lapseTimer);
      },
    },

    methods: {
      deps(caller: Caller): RequestsDeps {
        return {
          em: () => this.em(),
          now: () => new Date(),
          caller,
          calendar: () => this.calendar.get(),
          config: config.requests,
          storage: rt.storage,
          log: this.logger,
        };
      },
    },

    created() {
      this.calendar = new CalendarCache(async () => {
        const snapshot = await dependencyCall("results", () => call(this.broker, results.calendarSnapshot, {}));
        return snapshot.years;
      }, CALENDAR_MAX_AGE_MS);
    },

    started() {
      const tick = () =>
        lapseDue(this.deps(this.broker))
          .then((closed) => {
            if (closed) this.logger.info(`${closed} request(s) closed: the applicant's deadline passed`);
          })
          // By its class and code: a driver's message carries the statement with its values.
          .catch((err: unknown) => this.logger.warn("lapse check failed:", errorSummary(err)));
      void tick();
      this.lapseTimer = setInterval(tick, config.expiryCheckSeconds * 1000);
      this.lapseTimer.unref();
    },

    stopped() {
      clearInterval(this.lapseTimer);
    },
  };
  return schema as ServiceSchema;
}
