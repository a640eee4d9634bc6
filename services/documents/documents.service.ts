/**
 * 规范性文件 with their 政策解读, and 重大决策预公开 (issue 16): officers register, interpret, publish
 * and keep documents valid (废止, 修改, 清理); consultations take public comments within their
 * window and end with an adoption report. Everything public reaches the feed through the outbox;
 * the public reads come from the feed. The use cases live in app/; this file is the wiring.
 */
import type { Readable } from "node:stream";
import type { ActionSchema, Context, ServiceSchema, ServiceSettingSchema } from "moleculer";
import { STAFF, userOf, WRITERS, type Meta } from "../../lib/auth.js";
import { serveFile, type ActionContext, type Caller } from "../../lib/contract.js";
import { DatabaseMixin, type DatabaseMethods, type DatabaseVars } from "../../lib/database.js";
import { errorSummary } from "../../lib/errors.js";
import type { Runtime } from "../../lib/runtime.js";
import * as consultations from "./app/consultations.js";
import type { DocumentsDeps } from "./app/deps.js";
import * as docs from "./app/documents.js";
import * as files from "./app/files.js";
import { eventsSince } from "./app/public.js";
import { reportDocuments } from "./app/report-records.js";
import { clientKeyOf, RateLimitedError } from "../../lib/rate-limit.js";
import { amend, cleanup, expireDue, repeal, review, setBasis } from "./app/validity.js";
import { documents, guides } from "./contract.js";
import { editGuide, getGuide } from "./app/guides.js";
import { DATABASE } from "./database.js";

type CommentMeta = Meta & { clientIp?: string; idempotencyKey?: string };

interface Methods extends DatabaseMethods {
  deps(caller: Caller): DocumentsDeps;
}
interface Vars extends DatabaseVars {
  expiryTimer?: NodeJS.Timeout;
}

export function documentsService(rt: Runtime): ServiceSchema {
  const { config } = rt;

  const schema: ServiceSchema<ServiceSettingSchema & { rest: string }, Methods, Vars> = {
    name: "documents",
    mixins: [DatabaseMixin(rt, DATABASE)],
    settings: { rest: "/" },

    actions: {
      register: {
        rest: "POST /documents",
        summary: "Register a normative document (规范性文件) as a draft: its 文号 checked, its 登记号 given",
        roles: WRITERS,
        params: documents.register.params,
        async handler(ctx: ActionContext<typeof documents.register>) {
          const view = await docs.register(this.deps(ctx), userOf(ctx), ctx.params);
          ctx.meta.$statusCode = 201;
          return view;
        },
      },

      edit: {
        rest: "PATCH /documents/:id",
        summary:
          "Change a draft document (a published text is fixed; its filing — disclosureRule, category — may still change)",
        roles: WRITERS,
        params: documents.edit.params,
        handler(ctx: ActionContext<typeof documents.edit>) {
          return docs.edit(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      list: {
        rest: "GET /documents",
        summary: "The body's documents, drafts included (admins: every body's), newest first",
        roles: STAFF,
        params: documents.list.params,
        handler(ctx: ActionContext<typeof documents.list>) {
          return docs.list(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      get: {
        rest: "GET /documents/:id",
        summary: "One document of the body with its status, history, 解读, files and the actions open today",
        roles: STAFF,
        params: documents.get.params,
        handler(ctx: ActionContext<typeof documents.get>) {
          return docs.get(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      interpret: {
        rest: "POST /documents/:id/interpretation",
        summary: "Add the 解读: on a draft, published with it (同步); on a document in force, 施行后解读 at once",
        roles: WRITERS,
        params: documents.interpret.params,
        handler(ctx: ActionContext<typeof documents.interpret>) {
          return docs.interpret(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      publish: {
        rest: "POST /documents/:id/publish",
        summary:
          "Publish a draft with its 解读 at one instant (409 INTERPRETATION_REQUIRED, 409 ADOPTION_REPORT_REQUIRED)",
        roles: WRITERS,
        params: documents.publish.params,
        handler(ctx: ActionContext<typeof documents.publish>) {
          return docs.publish(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      repeal: {
        rest: "POST /documents/:id/repeal",
        summary: "废止 a published document from a date, for a public reason",
        roles: WRITERS,
        params: documents.repeal.params,
        handler(ctx: ActionContext<typeof documents.repeal>) {
          return repeal(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      amend: {
        rest: "POST /documents/:id/amend",
        summary: "Record that another published document amended this one (已修改) from a date",
        roles: WRITERS,
        params: documents.amend.params,
        handler(ctx: ActionContext<typeof documents.amend>) {
          return amend(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      review: {
        rest: "POST /documents/:id/review",
        summary: "Record a 清理 review that found the document still fit (resets the two-year review clock)",
        roles: WRITERS,
        params: documents.review.params,
        handler(ctx: ActionContext<typeof documents.review>) {
          return review(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      setBasis: {
        rest: "PUT /documents/:id/basis",
        summary: "Mark (or clear) that the document's legal basis was repealed: the 清理 view lists it",
        roles: WRITERS,
        params: documents.setBasis.params,
        handler(ctx: ActionContext<typeof documents.setBasis>) {
          return setBasis(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      cleanup: {
        rest: "GET /documents-cleanup",
        summary:
          "The 清理 view: documents expiring within 180 days, not reviewed for 2 years, or whose basis was repealed",
        roles: STAFF,
        params: documents.cleanup.params,
        handler(ctx: ActionContext<typeof documents.cleanup>) {
          return cleanup(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      upload: {
        // A stream alias: the file is the request body, unparsed; `?purpose=&name=` describe it.
        rest: { method: "POST", path: "/documents/:id/files", type: "stream" } as unknown as ActionSchema["rest"],
        summary:
          "Add a file to a document (raw bytes, ≤ 20 MB): ?purpose=attachment (PDF, docx, xlsx, pptx, PNG, JPEG; drafts only) or graphic (图解: PNG or SVG, sanitised), cleaned of hidden metadata before it is kept",
        roles: WRITERS,
        params: documents.upload.params,
        async handler(ctx: ActionContext<typeof documents.upload>) {
          const view = await files.uploadDocumentFile(
            this.deps(ctx),
            userOf(ctx),
            ctx.params,
            ctx.stream as Readable | undefined,
          );
          ctx.meta.$statusCode = 201;
          return view;
        },
      },

      staffFile: {
        rest: "GET /documents/:id/files/:fileId",
        summary: "A file of one of the body's documents (a draft's too), as kept (cleaned)",
        roles: STAFF,
        params: documents.staffFile.params,
        async handler(ctx: ActionContext<typeof documents.staffFile>) {
          return serveFile(ctx, await files.staffDocumentFile(this.deps(ctx), userOf(ctx), ctx.params));
        },
      },

      publicFile: {
        rest: "GET /public/documents/:id/files/:fileId",
        summary:
          "A file of a published document: an attachment, or a 图解 a published 解读 shows (404 otherwise), cleaned",
        params: documents.publicFile.params,
        async handler(ctx: ActionContext<typeof documents.publicFile>) {
          return serveFile(ctx, await files.publicDocumentFile(this.deps(ctx), ctx.params));
        },
      },

      consultationUpload: {
        rest: {
          method: "POST",
          path: "/consultations/:id/files",
          type: "stream",
        } as unknown as ActionSchema["rest"],
        summary:
          "Add an attachment to a consultation until its window closes (raw bytes, ≤ 20 MB; PDF, docx, xlsx, pptx, PNG, JPEG), cleaned before it is kept and published",
        roles: WRITERS,
        params: documents.consultationUpload.params,
        async handler(ctx: ActionContext<typeof documents.consultationUpload>) {
          const view = await files.uploadConsultationFile(
            this.deps(ctx),
            userOf(ctx),
            ctx.params,
            ctx.stream as Readable | undefined,
          );
          ctx.meta.$statusCode = 201;
          return view;
        },
      },

      staffConsultationFile: {
        rest: "GET /consultations/:id/files/:fileId",
        summary: "A file of one of the body's consultations, as kept (cleaned)",
        roles: STAFF,
        params: documents.staffConsultationFile.params,
        async handler(ctx: ActionContext<typeof documents.staffConsultationFile>) {
          return serveFile(ctx, await files.staffConsultationFile(this.deps(ctx), userOf(ctx), ctx.params));
        },
      },

      publicConsultationFile: {
        rest: "GET /public/consultations/:id/files/:fileId",
        summary: "A file of a consultation, cleaned",
        params: documents.publicConsultationFile.params,
        async handler(ctx: ActionContext<typeof documents.publicConsultationFile>) {
          return serveFile(ctx, await files.publicConsultationFile(this.deps(ctx), ctx.params));
        },
      },

      openConsultation: {
        rest: "POST /consultations",
        summary: "Open a consultation (预公开) on a draft with its window (the minimum by kind, or a public reason)",
        roles: WRITERS,
        params: documents.openConsultation.params,
        async handler(ctx: ActionContext<typeof documents.openConsultation>) {
          const view = await consultations.open(this.deps(ctx), userOf(ctx), ctx.params);
          ctx.meta.$statusCode = 201;
          return view;
        },
      },

      listConsultations: {
        rest: "GET /consultations",
        summary: "The body's consultations (admins: every body's), newest first",
        roles: STAFF,
        params: documents.listConsultations.params,
        handler(ctx: ActionContext<typeof documents.listConsultations>) {
          return consultations.list(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      getConsultation: {
        rest: "GET /consultations/:id",
        summary: "One consultation with every comment (contact included) and its moderation",
        roles: STAFF,
        params: documents.getConsultation.params,
        handler(ctx: ActionContext<typeof documents.getConsultation>) {
          return consultations.get(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      announceHearing: {
        rest: "POST /consultations/:id/hearing",
        summary: "Announce a hearing (听证) at least 7 days ahead, with its participants",
        roles: WRITERS,
        params: documents.announceHearing.params,
        handler(ctx: ActionContext<typeof documents.announceHearing>) {
          return consultations.announceHearing(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      reportAdoption: {
        rest: "POST /consultations/:id/adoption",
        summary: "Publish the adoption report (采纳情况) once the window has closed",
        roles: WRITERS,
        params: documents.reportAdoption.params,
        handler(ctx: ActionContext<typeof documents.reportAdoption>) {
          return consultations.reportAdoption(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      moderate: {
        rest: "POST /consultations/:id/comments/:commentId/moderation",
        summary: "Publish (masked) or reject a public comment",
        roles: WRITERS,
        params: documents.moderate.params,
        handler(ctx: ActionContext<typeof documents.moderate>) {
          return consultations.moderate(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      comment: {
        rest: "POST /public/consultations/:id/comments",
        summary: "Comment on an open consultation (409 outside its window); published only after moderation",
        params: documents.comment.params,
        async handler(ctx: ActionContext<typeof documents.comment, CommentMeta>) {
          const sender = {
            clientKey: clientKeyOf(config.namespace, ctx.meta.clientIp),
            idempotencyKey: ctx.meta.idempotencyKey?.slice(0, 200) || null,
          };
          try {
            const reply = await consultations.comment(this.deps(ctx), sender, ctx.params);
            ctx.meta.$statusCode = 201;
            return reply;
          } catch (err) {
            if (err instanceof RateLimitedError) ctx.meta.$responseHeaders = { "Retry-After": String(err.retryAfter) };
            throw err;
          }
        },
      },

      getGuide: {
        rest: "GET /openness-guides/:bodyId",
        summary: "The body's 政府信息公开指南 with every version (its officers; admins any body's)",
        roles: STAFF,
        params: guides.get.params,
        handler(ctx: ActionContext<typeof guides.get>) {
          return getGuide(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      editGuide: {
        rest: "PUT /openness-guides/:bodyId",
        summary: "A new version of the body's 政府信息公开指南 (the whole text), public at once; earlier versions kept",
        roles: WRITERS,
        params: guides.edit.params,
        handler(ctx: ActionContext<typeof guides.edit>) {
          return editGuide(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      /** For the feed: outbox rows after a sequence number, with each record's public view. */
      eventsSince: {
        visibility: "public",
        params: documents.eventsSince.params,
        handler(ctx: ActionContext<typeof documents.eventsSince>) {
          return eventsSince(this.deps(ctx), ctx.params);
        },
      },

      /** For the reports service: a body's published documents (dates and status events). */
      reportDocuments: {
        visibility: "public",
        params: documents.reportDocuments.params,
        handler(ctx: ActionContext<typeof documents.reportDocuments>) {
          return reportDocuments(this.deps(ctx), ctx.params);
        },
      },

      /** Announces documents that lapsed (失效) to the feed; also runs on a timer. */
      expire: {
        visibility: "public",
        params: documents.expire.params,
        async handler(ctx: Context<Record<string, never>, Meta>) {
          return { expired: await expireDue(this.deps(ctx)) };
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
      deps(caller: Caller): DocumentsDeps {
        return {
          em: () => this.em(),
          now: () => new Date(),
          caller,
          config: config.documents,
          storage: rt.storage,
          log: this.logger,
        };
      },
    },

    async started() {
      const tick = () =>
        expireDue(this.deps(this.broker)).catch((err: unknown) =>
          this.logger.warn("documents: validity check failed:", errorSummary(err)),
        );
      await tick();
      this.expiryTimer = setInterval(tick, config.expiryCheckSeconds * 1000);
      this.expiryTimer.unref();
    },

    async stopped() {
      clearInterval(this.expiryTimer);
    },
  };
  return schema as ServiceSchema;
}
