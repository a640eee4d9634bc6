/**
 * Public feedback (群众意见反馈互动机制): anyone comments on, complains about, asks about, or reports
 * an error in a notice, power, officer or body (or in general), gets a tracking code, and sees the
 * answer. Each item goes to the body that owns its target, which must reply within a number of
 * working days. Contact details are kept for the body only and never leave in public output.
 * The use cases live in app/; this file is the Moleculer wiring.
 */
import type { Readable } from "node:stream";
import type { Context, ServiceSchema, ServiceSettingSchema } from "moleculer";
import { STAFF, userOf, type Meta } from "../../lib/auth.js";
import type { ActionContext, Caller } from "../../lib/contract.js";
import { DatabaseMixin, type DatabaseMethods, type DatabaseVars } from "../../lib/database.js";
import type { Runtime } from "../../lib/runtime.js";
import { evidenceDisposition } from "../../shared/evidence.js";
import { strictParams } from "../../shared/validation.js";
import { accept, close, get, list, markSpam, replyTo, resolveNotice } from "./app/handling.js";
import { eventsSince, stats, statsResponses, track } from "./app/public.js";
import { RateLimitedError } from "../../lib/rate-limit.js";
import type { FeedbackDeps } from "./app/records.js";
import { evidenceFile, readEvidence, type EvidenceUpload } from "./app/evidence.js";
import { clientKeyOf, submit, type Sender } from "./app/submit.js";
import { feedback, submitParams, submitWithEvidenceParams, type SubmitParams, type SubmitReply } from "./contract.js";
import { DATABASE } from "./database.js";

export { publicContent } from "./app/public.js";

type SubmitMeta = Meta & { clientIp?: string; idempotencyKey?: string };

interface Methods extends DatabaseMethods {
  deps(caller: Caller): FeedbackDeps;
  submitFrom(ctx: Context<unknown, SubmitMeta>, p: SubmitParams, uploads?: EvidenceUpload[]): Promise<SubmitReply>;
}
const HANDLERS = ["admin", "officer"] as const;

export function feedbackService(rt: Runtime): ServiceSchema {
  const { config } = rt;

  const schema: ServiceSchema<ServiceSettingSchema & { rest: string }, Methods, DatabaseVars> = {
    name: "feedback",
    mixins: [DatabaseMixin(rt, DATABASE)],
    settings: { rest: "/" },

    actions: {
      submit: {
        rest: "POST /public/feedback",
        summary: "Send feedback (suggestion, complaint, correction request or inquiry); returns a tracking code",
        // The content limit is the deployment's (FEEDBACK_MAX_LENGTH).
        params: strictParams(submitParams(config.feedback.maxLength)),
        handler(ctx: ActionContext<typeof feedback.submit, SubmitMeta>) {
          return this.submitFrom(ctx, ctx.params);
        },
      },

      /**
       * For the portal's form (not on the API: files never cross the bus as params): the feedback,
       * and its evidence files' bytes in the call's stream, cut by the sizes its params announce.
       */
      submitWithEvidence: {
        visibility: "public",
        params: strictParams(submitWithEvidenceParams(config.feedback.maxLength)),
        async handler(ctx: ActionContext<typeof feedback.submitWithEvidence, SubmitMeta>) {
          const { evidenceFiles, ...p } = ctx.params;
          const uploads = await readEvidence(ctx.stream as Readable | undefined, evidenceFiles);
          return this.submitFrom(ctx, p, uploads);
        },
      },

      /** A stream of one evidence file's bytes; staff of the answering body only, never public. */
      evidenceFile: {
        rest: "GET /feedback/:id/evidence/:n",
        summary: "One evidence file (PDF, JPEG or PNG) sent with a correction request (the answering body's staff)",
        roles: STAFF,
        params: feedback.evidenceFile.params,
        async handler(ctx: ActionContext<typeof feedback.evidenceFile>) {
          const { stream, file } = await evidenceFile(this.deps(ctx), userOf(ctx), ctx.params);
          ctx.meta.$responseType = file.type;
          ctx.meta.$responseHeaders = {
            "Content-Disposition": evidenceDisposition(file.name, ctx.params.n, file.type),
            "Content-Length": String(file.size),
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
          };
          return stream;
        },
      },

      track: {
        rest: "GET /public/feedback/:trackingCode",
        summary: "The status, deadline and reply of one's own feedback, by its tracking code",
        params: feedback.track.params,
        handler(ctx: ActionContext<typeof feedback.track>) {
          return track(this.deps(ctx), ctx.params);
        },
      },

      /** For the public statistics (reports): received and replied in a period, counted in SQL. */
      statsResponses: {
        visibility: "public",
        params: feedback.statsResponses.params,
        handler(ctx: ActionContext<typeof feedback.statsResponses>) {
          return statsResponses(this.deps(ctx), ctx.params);
        },
      },

      stats: {
        rest: "GET /public/feedback-stats",
        summary: "A body's feedback record (received, replied, median working days, overdue), when large enough",
        params: feedback.stats.params,
        handler(ctx: ActionContext<typeof feedback.stats>) {
          return stats(this.deps(ctx), ctx.params);
        },
      },

      list: {
        rest: "GET /feedback",
        summary: "Feedback addressed to the caller's body (admins: all, including general feedback)",
        roles: STAFF,
        params: feedback.list.params,
        handler(ctx: ActionContext<typeof feedback.list>) {
          return list(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      get: {
        rest: "GET /feedback/:id",
        summary: "One feedback item with its handling trail (the answering body's staff)",
        roles: STAFF,
        params: feedback.get.params,
        handler(ctx: ActionContext<typeof feedback.get>) {
          return get(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      accept: {
        rest: "POST /feedback/:id/accept",
        summary: "Accept (受理) a feedback item",
        roles: HANDLERS,
        params: feedback.accept.params,
        handler(ctx: ActionContext<typeof feedback.accept>) {
          return accept(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      replyTo: {
        rest: "POST /feedback/:id/reply",
        summary: "Reply to a feedback item; a public reply shows on the target's public page",
        roles: HANDLERS,
        params: feedback.replyTo.params,
        handler(ctx: ActionContext<typeof feedback.replyTo>) {
          return replyTo(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      close: {
        rest: "POST /feedback/:id/close",
        summary: "Close (办结) a feedback item",
        roles: HANDLERS,
        params: feedback.close.params,
        handler(ctx: ActionContext<typeof feedback.close>) {
          return close(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      markSpam: {
        rest: "POST /feedback/:id/spam",
        summary: "Mark a feedback item as spam; it leaves the queue and the statistics",
        roles: HANDLERS,
        params: feedback.markSpam.params,
        handler(ctx: ActionContext<typeof feedback.markSpam>) {
          return markSpam(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      resolveNotice: {
        rest: "POST /feedback/:id/resolve-notice",
        summary: "For a correction request on a notice: correct or withdraw the notice and reply, in one step",
        roles: HANDLERS,
        params: feedback.resolveNotice.params,
        handler(ctx: ActionContext<typeof feedback.resolveNotice>) {
          return resolveNotice(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      /** For the feed: public replies after a sequence number, with their public view. */
      eventsSince: {
        visibility: "public",
        params: feedback.eventsSince.params,
        handler(ctx: ActionContext<typeof feedback.eventsSince>) {
          return eventsSince(this.deps(ctx), ctx.params);
        },
      },
    },

    methods: {
      deps(caller: Caller): FeedbackDeps {
        return { em: () => this.em(), now: () => new Date(), caller, config: config.feedback, storage: rt.storage };
      },

      /** Files a submission from the API or the portal: the client's key, 201, Retry-After when limited. */
      async submitFrom(ctx, p, uploads = []) {
        const sender: Sender = {
          clientKey: clientKeyOf(config.namespace, ctx.meta.clientIp),
          idempotencyKey: ctx.meta.idempotencyKey?.slice(0, 200) || null,
        };
        try {
          const reply = await submit(this.deps(ctx), sender, p, uploads);
          ctx.meta.$statusCode = 201;
          return reply;
        } catch (err) {
          if (err instanceof RateLimitedError) ctx.meta.$responseHeaders = { "Retry-After": String(err.retryAfter) };
          throw err;
        }
      },
    },
  };
  return schema as ServiceSchema;
}
