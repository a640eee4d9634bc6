/**
 * Notices (事后公开): renders a decision's redacted public record as an A4 PDF in Chinese, signs
 * it (PAdES) with the body's certificate on worker threads (render-pool.ts), keeps it in object
 * storage under a stable key and its SHA-256 in the database, and answers the public: the notice,
 * its PDF, and verification by code or by the file's bytes. Withdrawal, correction and expiry
 * change its status, never erase it. Every change goes to an outbox in the same transaction,
 * which consumers pull by sequence. The use cases are in app/; this is the Moleculer wiring.
 */
import type { Readable } from "node:stream";
import type { ActionSchema, Context, ServiceSchema, ServiceSettingSchema } from "moleculer";
import type { Meta } from "../../lib/auth.js";
import type { ActionContext, Caller, EventsSinceParams } from "../../lib/contract.js";
import { DatabaseMixin, type DatabaseMethods, type DatabaseVars } from "../../lib/database.js";
import { errorSummary } from "../../lib/errors.js";
import type { Runtime } from "../../lib/runtime.js";
import { loadSigners, type Signers } from "../../lib/signing.js";
import { chinaToday } from "../../shared/dates.js";
import type { IssueDeps, NoticesDeps } from "./app/deps.js";
import { issueNotice } from "./app/issue.js";
import { issueLetter, letterPdf } from "./app/letters.js";
import { eventsSince, noticePdf, verifyByBytes, verifyByCode } from "./app/read.js";
import { expireDue, withdrawNotice } from "./app/take-down.js";
import { notices, type IssueParams, type WithdrawParams } from "./contract.js";
import { DATABASE } from "./database.js";
import { RenderPool } from "./render-pool.js";

interface Vars extends DatabaseVars {
  signers: Signers;
  renderPool: RenderPool;
  expiryTimer?: NodeJS.Timeout;
}
interface Methods extends DatabaseMethods {
  deps(caller: Caller): NoticesDeps;
  issueDeps(caller: Caller): IssueDeps;
}

export function noticesService(rt: Runtime): ServiceSchema {
  const { config, storage } = rt;
  const schema: ServiceSchema<ServiceSettingSchema & { rest: string }, Methods, Vars> = {
    name: "notices",
    mixins: [DatabaseMixin(rt, DATABASE)],
    settings: { rest: "/" },

    actions: {
      /** For the results service: render, sign, store and record one version of a notice. Idempotent. */
      issue: {
        visibility: "public",
        params: notices.issue.params,
        handler(ctx: Context<IssueParams>) {
          return issueNotice(this.issueDeps(ctx), ctx.params);
        },
      },

      /** For the results service: withdraw (撤下) with a public reason. Idempotent. */
      withdraw: {
        visibility: "public",
        params: notices.withdraw.params,
        handler(ctx: Context<WithdrawParams>) {
          return withdrawNotice(this.deps(ctx), ctx.params);
        },
      },

      getNoticePdf: {
        rest: "GET /public/notices/:id/pdf",
        summary:
          "The signed PDF of a notice; a notice taken down (withdrawn, expired, or superseded by a correction) answers 410",
        params: notices.getNoticePdf.params,
        async handler(ctx: Context<{ id: string }, Meta>) {
          const { stream, headers } = await noticePdf({ em: this.em(), storage }, ctx.params.id);
          ctx.meta.$responseType = "application/pdf";
          ctx.meta.$responseHeaders = headers;
          return stream;
        },
      },

      verifyCode: {
        rest: "GET /public/verify/:code",
        summary: "Verify a notice by the code printed on it: its current status, hash, reason and successor",
        params: notices.verifyCode.params,
        handler(ctx: Context<{ code: string }>) {
          return verifyByCode(this.deps(ctx), ctx.params.code);
        },
      },

      verifyPdf: {
        // A stream alias: the request body reaches the action as ctx.stream, unparsed and unbuffered.
        rest: { method: "POST", path: "/public/verify", type: "stream" } as unknown as ActionSchema["rest"],
        summary: "Verify a PDF file (Content-Type: application/pdf, raw bytes): is it a notice this platform issued?",
        params: notices.verifyPdf.params,
        handler(ctx: Context<unknown, Meta>) {
          return verifyByBytes(this.deps(ctx), ctx.stream as Readable | undefined);
        },
      },

      /** For the requests service: render, sign and store the letter answering one source. Idempotent. */
      issueLetter: {
        visibility: "public",
        params: notices.issueLetter.params,
        handler(ctx: ActionContext<typeof notices.issueLetter>) {
          return issueLetter(this.issueDeps(ctx), ctx.params);
        },
      },

      /** For the requests service, once it has checked who asks: a letter's PDF. */
      letterPdf: {
        visibility: "public",
        params: notices.letterPdf.params,
        async handler(ctx: ActionContext<typeof notices.letterPdf>) {
          const { stream, headers } = await letterPdf({ em: this.em(), storage }, ctx.params.letterId);
          ctx.meta.$responseType = "application/pdf";
          ctx.meta.$responseHeaders = headers;
          return stream;
        },
      },

      /** For the feed: outbox events after a sequence number, oldest first, with each notice's public view. */
      eventsSince: {
        visibility: "public",
        params: notices.eventsSince.params,
        handler(ctx: Context<EventsSinceParams>) {
          return eventsSince(this.deps(ctx), ctx.params);
        },
      },

      /** Marks notices whose publicity period has ended as expired; also runs on a timer. */
      expire: {
        visibility: "public",
        params: notices.expire.params,
        async handler() {
          return { expired: await expireDue(this.deps(this.broker)) };
        },
      },
    },

    events: {
      /** SIGTERM: take no new work from the timer; what runs now finishes. */
      "$shutdown.begin"() {
        clearInterval(this.expiryTimer);
      },
    },

    methods: {
      deps(caller: Caller): NoticesDeps {
        return {
          em: this.em(),
          now: () => new Date(),
          today: chinaToday,
          publicBaseUrl: config.publicBaseUrl,
          caller,
          log: this.logger,
        };
      },

      issueDeps(caller: Caller): IssueDeps {
        return {
          ...this.deps(caller),
          storage,
          renderPool: this.renderPool,
          signers: this.signers,
          signingLocation: config.signing.location,
        };
      },
    },

    async started() {
      this.signers = await loadSigners(config, this.logger);
      this.renderPool = await RenderPool.start(config.noticeRenderThreads);
      const tick = () =>
        // By its class and code: a driver's message carries the statement with its values.
        expireDue(this.deps(this.broker)).catch((err: unknown) =>
          this.logger.warn("expiry check failed:", errorSummary(err)),
        );
      await tick();
      this.expiryTimer = setInterval(tick, config.expiryCheckSeconds * 1000);
      this.expiryTimer.unref();
    },

    async stopped() {
      clearInterval(this.expiryTimer);
      await this.renderPool?.close();
    },
  };
  return schema as ServiceSchema;
}
