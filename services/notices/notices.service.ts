/**
 * Notices (事后公开): renders a decision's redacted public record as an A4 PDF in Chinese, signs
 * it (PAdES) with the body's certificate on worker threads (render-pool.ts), keeps it in object
 * storage under a stable key and its SHA-256 in the database, and answers the public: the notice,
 * its PDF, and verification by code or by the file's bytes. Withdrawal, correction and expiry
 * change its status, never erase it. Every change goes to an outbox in the same transaction,
 * which consumers pull by sequence.
 */
import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import { LockMode, type EntityManager } from "@mikro-orm/postgresql";
import type { ActionSchema, Context, ServiceSchema, ServiceSettingSchema } from "moleculer";
import { Errors } from "moleculer";
import type { Meta } from "../../lib/auth.js";
import { DatabaseMixin, isUniqueViolation, type DatabaseMethods, type DatabaseVars } from "../../lib/database.js";
import { ConflictError, errorSummary, invalid, NotFoundError } from "../../lib/errors.js";
import { appendOutbox, EVENTS_SINCE_PARAMS, nudgeFeed, outboxAfter, type EventsSinceParams } from "../../lib/outbox.js";
import type { Runtime } from "../../lib/runtime.js";
import { loadSigners, type Signers } from "../../lib/signing.js";
import { chinaToday } from "../../shared/dates.js";
import { POWER_CATEGORIES } from "../../shared/domain.js";
import { newId } from "../../shared/ids.js";
import { isTakenDown, partyNames, publicNoticeView, redactReason } from "../../shared/tombstone.js";
import { newVerifyCode, normalizeVerifyCode } from "../../shared/verify-code.js";
import { ID, strictParams } from "../../shared/validation.js";
import { Notice, NoticeEvent, type NoticeStatus, type PublicField } from "./entities.js";
import { DATABASE } from "./database.js";
import { RenderPool } from "./render-pool.js";

interface Vars extends DatabaseVars {
  signers: Signers;
  renderPool: RenderPool;
  expiryTimer?: NodeJS.Timeout;
}
interface Methods extends DatabaseMethods {
  publicView(n: Notice, formerNames?: string[]): Record<string, unknown>;
  formerNames(n: Notice, evenIfPublished?: boolean): Promise<string[]>;
  verification(n: Notice, formerNames?: string[]): Record<string, unknown>;
  storedReason(reason: string | null, n: Notice, names: string[]): Promise<string | null>;
  recordEvent(em: EntityManager, type: string, noticeId: string): Promise<void>;
  expireDue(): Promise<number>;
}

interface IssueParams {
  resultId: string;
  version: number;
  bodyId: string;
  bodyName: string;
  bodyCreditCode: string;
  kind: Notice["kind"];
  title: string;
  decisionNo: string;
  decidedOn: string;
  partyName: string;
  record: Record<string, unknown>;
  fields: PublicField[];
  text: { heading: string; body: string }[];
  expiresOn: string;
  predecessorId: string | null;
  reason: string | null;
  maskNames?: string[];
}

/** Names of other persons marked on the decision: masked in a take-down reason beside the party's. */
const MASK_NAMES = { type: "array", optional: true, max: 50, items: { type: "string", max: 50 } };

/** Largest PDF accepted for verification by upload; our notices are a few dozen KB. */
const MAX_VERIFY_BYTES = 20 * 1024 * 1024;

function issuedView(n: Notice) {
  return {
    noticeId: n.id,
    verifyCode: n.verifyCode,
    sha256: n.sha256,
    publishedAt: n.publishedAt.toISOString(),
    expiresOn: n.expiresOn,
  };
}

async function sha256Of(stream: Readable, limit: number): Promise<{ sha256: string; size: number }> {
  const hash = createHash("sha256");
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      stream.destroy();
      throw new Errors.MoleculerClientError(`A notice PDF is never larger than ${limit} bytes`, 413, "TOO_LARGE");
    }
    hash.update(chunk as Buffer);
  }
  return { sha256: hash.digest("hex"), size };
}

export function noticesService(rt: Runtime): ServiceSchema {
  const { config, storage } = rt;
  const schema: ServiceSchema<ServiceSettingSchema & { rest: string }, Methods, Vars> = {
    name: "notices",
    mixins: [DatabaseMixin(rt.databaseUrl, DATABASE)],
    settings: { rest: "/" },

    actions: {
      /** For the results service: render, sign, store and record one version of a notice. Idempotent. */
      issue: {
        visibility: "public",
        params: strictParams({
          resultId: { type: "string", max: 100 },
          version: { type: "number", integer: true, min: 1 },
          bodyId: { type: "string", max: 100 },
          bodyName: { type: "string", max: 200 },
          bodyCreditCode: { type: "string", max: 18 },
          kind: { type: "enum", values: [...POWER_CATEGORIES] },
          title: { type: "string", max: 200 },
          decisionNo: { type: "string", max: 100 },
          decidedOn: { type: "string", max: 10 },
          partyName: { type: "string", max: 200 },
          record: { type: "object" },
          fields: {
            type: "array",
            max: 100,
            items: { type: "object", props: { label: { type: "string" }, value: { type: "string" } } },
          },
          text: {
            type: "array",
            max: 20,
            items: { type: "object", props: { heading: { type: "string" }, body: { type: "string" } } },
          },
          expiresOn: { type: "string", max: 10 },
          predecessorId: { type: "string", max: 100, nullable: true },
          reason: { type: "string", max: 1000, nullable: true },
          maskNames: MASK_NAMES,
        }),
        async handler(ctx: Context<IssueParams>) {
          const p = ctx.params;
          const em = this.em();
          const existing = await em.findOne(Notice, { resultId: p.resultId, version: p.version });
          if (existing) return issuedView(existing);

          const id = newId();
          const verifyCode = newVerifyCode();
          const publishedAt = new Date(Math.floor(Date.now() / 1000) * 1000);
          const identity = this.signers.forBody(p.bodyCreditCode);
          const pdf = await this.renderPool.renderAndSign(
            {
              category: p.kind,
              issuingBody: p.bodyName,
              documentNumber: p.decisionNo,
              fields: p.fields,
              sections: p.text,
              publishedOn: publishedAt,
              verificationCode: verifyCode,
              publicBaseUrl: config.publicBaseUrl,
              createdAt: publishedAt,
            },
            identity,
            { reason: "行政执法公示", location: config.signing.location, signingTime: publishedAt },
          );
          const sha256 = createHash("sha256").update(pdf).digest("hex");
          const objectKey = `notices/${p.bodyId}/${id}.pdf`;
          await storage.client.putObject(storage.bucket, objectKey, pdf, pdf.length, {
            "Content-Type": "application/pdf",
            "x-amz-meta-sha256": sha256,
          });
          const notice = Object.assign(new Notice(), {
            id,
            resultId: p.resultId,
            version: p.version,
            bodyId: p.bodyId,
            bodyName: p.bodyName,
            kind: p.kind,
            title: p.title,
            decisionNo: p.decisionNo,
            decidedOn: p.decidedOn,
            partyName: p.partyName,
            record: p.record,
            verifyCode,
            sha256,
            objectKey,
            size: pdf.length,
            status: "published" as NoticeStatus,
            publishedAt,
            expiresOn: p.expiresOn,
            statusChangedAt: null,
            reason: null,
            predecessorId: p.predecessorId,
            successorId: null,
          });
          try {
            await em.transactional(async (tx) => {
              tx.persist(notice);
              await tx.flush();
              await this.recordEvent(tx, "published", id);
              if (p.predecessorId) {
                const old = await tx.findOne(Notice, { id: p.predecessorId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
                if (!old) throw invalid("predecessorId", "no such notice");
                const names = [...partyNames(p.partyName, p.record), ...(p.maskNames ?? [])];
                Object.assign(old, {
                  status: "corrected" as NoticeStatus,
                  successorId: id,
                  reason: await this.storedReason(p.reason, old, names),
                  statusChangedAt: publishedAt,
                });
                await tx.flush();
                await this.recordEvent(tx, "corrected", old.id);
              }
            });
          } catch (err) {
            await storage.client.removeObject(storage.bucket, objectKey).catch(() => {});
            // A concurrent publish of the same version won: answer with its notice.
            if (isUniqueViolation(err, "notices_result_version_unique")) {
              return issuedView(await this.em().findOneOrFail(Notice, { resultId: p.resultId, version: p.version }));
            }
            throw err;
          }
          await nudgeFeed(ctx, "notices");
          return issuedView(notice);
        },
      },

      /** For the results service: withdraw (撤下) with a public reason. Idempotent. */
      withdraw: {
        visibility: "public",
        params: strictParams({
          noticeId: { type: "string", max: 100 },
          reason: { type: "string", min: 1, max: 1000 },
          maskNames: MASK_NAMES,
        }),
        async handler(ctx: Context<{ noticeId: string; reason: string; maskNames?: string[] }>) {
          const notice = await this.em().transactional(async (tx) => {
            const n = await tx.findOne(Notice, { id: ctx.params.noticeId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
            if (!n) throw new NotFoundError("Notice", ctx.params.noticeId);
            if (n.status === "withdrawn") return n;
            if (n.status === "corrected") {
              throw new ConflictError("a corrected notice is withdrawn through its successor", "SUPERSEDED");
            }
            Object.assign(n, {
              status: "withdrawn" as NoticeStatus,
              reason: await this.storedReason(ctx.params.reason, n, ctx.params.maskNames ?? []),
              statusChangedAt: new Date(),
            });
            await tx.flush();
            await this.recordEvent(tx, "withdrawn", n.id);
            return n;
          });
          await nudgeFeed(ctx, "notices");
          return this.verification(notice);
        },
      },

      getNoticePdf: {
        rest: "GET /public/notices/:id/pdf",
        summary:
          "The signed PDF of a notice; a notice taken down (withdrawn, expired, or superseded by a correction) answers 410",
        params: strictParams({ id: ID }),
        async handler(ctx: Context<{ id: string }, Meta>) {
          const n = await this.em().findOne(Notice, { id: ctx.params.id });
          if (!n) throw new NotFoundError("Notice", ctx.params.id);
          if (isTakenDown(n.status)) {
            const { reason } = publicNoticeView(
              { title: n.title, partyName: n.partyName, record: n.record, status: n.status, reason: n.reason },
              await this.formerNames(n),
            );
            const gone = {
              withdrawn: { message: `该公示已撤下：${reason ?? "未说明原因"}`, type: "NOTICE_WITHDRAWN" },
              corrected: {
                message: `该公示已被更正后的公示取代：${reason ?? "未说明原因"}`,
                type: "NOTICE_CORRECTED",
              },
              expired: { message: `该公示的公示期已于 ${n.expiresOn} 届满`, type: "NOTICE_EXPIRED" },
            }[n.status as "withdrawn" | "corrected" | "expired"];
            throw new Errors.MoleculerClientError(gone.message, 410, gone.type, {
              status: n.status,
              reason,
              ...(n.successorId ? { successorId: n.successorId } : {}),
            });
          }
          const stream = await storage.client.getObject(storage.bucket, n.objectKey);
          ctx.meta.$responseType = "application/pdf";
          ctx.meta.$responseHeaders = {
            "Content-Disposition": `inline; filename="notice-${n.id}.pdf"`,
            "Content-Length": String(n.size),
            "Cache-Control": "public, max-age=60",
            ETag: `"${n.sha256}"`,
          };
          return stream;
        },
      },

      verifyCode: {
        rest: "GET /public/verify/:code",
        summary: "Verify a notice by the code printed on it: its current status, hash, reason and successor",
        params: strictParams({ code: { type: "string", min: 1, max: 40 } }),
        async handler(ctx: Context<{ code: string }>) {
          const code = normalizeVerifyCode(ctx.params.code);
          const n = code ? await this.em().findOne(Notice, { verifyCode: code }) : null;
          if (!n) throw new NotFoundError("Verification code");
          return this.verification(n, await this.formerNames(n));
        },
      },

      verifyPdf: {
        // A stream alias: the request body reaches the action as ctx.stream, unparsed and unbuffered.
        rest: { method: "POST", path: "/public/verify", type: "stream" } as unknown as ActionSchema["rest"],
        summary: "Verify a PDF file (Content-Type: application/pdf, raw bytes): is it a notice this platform issued?",
        params: {},
        async handler(ctx: Context<unknown, Meta>) {
          if (!ctx.stream) throw invalid("body", "send the PDF file as the request body");
          const { sha256, size } = await sha256Of(ctx.stream as Readable, MAX_VERIFY_BYTES);
          if (size === 0) throw invalid("body", "the request body is empty: send the PDF file");
          const n = await this.em().findOne(Notice, { sha256 });
          return n
            ? this.verification(n, await this.formerNames(n))
            : { valid: false, authentic: false, current: false, sha256 };
        },
      },

      /** For the feed: outbox events after a sequence number, oldest first, with each notice's public view. */
      eventsSince: {
        visibility: "public",
        params: strictParams(EVENTS_SINCE_PARAMS),
        async handler(ctx: Context<EventsSinceParams>) {
          const em = this.em();
          const events = await outboxAfter(em, NoticeEvent, ctx.params);
          const notices = await em.find(Notice, { id: { $in: [...new Set(events.map((e) => e.noticeId))] } });
          const byId = new Map(notices.map((n) => [n.id, n]));
          const former = new Map<string, string[]>();
          for (const n of notices) former.set(n.id, await this.formerNames(n));
          return events.map((e) => ({
            seq: String(e.seq),
            type: e.type,
            at: e.at.toISOString(),
            notice: this.publicView(byId.get(e.noticeId) as Notice, former.get(e.noticeId)),
          }));
        },
      },

      /** Marks notices whose publicity period has ended as expired; also runs on a timer. */
      expire: {
        visibility: "public",
        params: {},
        async handler() {
          return { expired: await this.expireDue() };
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
      /** What the public may see of a notice: the whole record while published, a tombstone once taken down. */
      publicView(n: Notice, formerNames: string[] = []) {
        return publicNoticeView(
          {
            id: n.id,
            resultId: n.resultId,
            version: n.version,
            bodyId: n.bodyId,
            bodyName: n.bodyName,
            kind: n.kind,
            title: n.title,
            decisionNo: n.decisionNo,
            decidedOn: n.decidedOn,
            partyName: n.partyName,
            record: n.record,
            status: n.status,
            reason: n.reason,
            statusChangedAt: n.statusChangedAt?.toISOString() ?? null,
            predecessorId: n.predecessorId,
            successorId: n.successorId,
            verifyCode: n.verifyCode,
            sha256: n.sha256,
            publishedAt: n.publishedAt.toISOString(),
            expiresOn: n.expiresOn,
            pdfUrl: `${config.publicBaseUrl}/api/public/notices/${n.id}/pdf` as string | null,
            verifyUrl: `${config.publicBaseUrl}/verify/${n.verifyCode}`,
          },
          formerNames,
        );
      },

      /** The party's names in the earlier versions of a notice taken down (a title may still carry them);
       *  `evenIfPublished`: of a notice being taken down now. */
      async formerNames(n: Notice, evenIfPublished = false): Promise<string[]> {
        const names: string[] = [];
        const seen = new Set([n.id]);
        let id = evenIfPublished || isTakenDown(n.status) ? n.predecessorId : null;
        while (id && !seen.has(id)) {
          seen.add(id);
          const older = await this.em().findOne(Notice, { id });
          if (!older) break;
          names.push(...partyNames(older.partyName, older.record));
          id = older.predecessorId;
        }
        return names;
      },

      /**
       * The answer of verification: `authentic` — these are bytes this platform signed (true for a
       * notice withdrawn, expired or superseded too); `current` — published and in force today.
       * `valid` keeps meaning authentic for older clients (API.md).
       */
      verification(n: Notice, formerNames: string[] = []) {
        const { title, reason } = publicNoticeView(
          { title: n.title, partyName: n.partyName, record: n.record, status: n.status, reason: n.reason },
          formerNames,
        );
        return {
          valid: true,
          authentic: true,
          current: n.status === "published" && n.expiresOn >= chinaToday(),
          status: n.status,
          noticeId: n.id,
          sha256: n.sha256,
          publishedAt: n.publishedAt.toISOString(),
          expiresOn: n.expiresOn,
          title,
          bodyName: n.bodyName,
          decisionNo: n.decisionNo,
          ...(reason ? { reason } : {}),
          ...(n.successorId ? { successorId: n.successorId } : {}),
          ...(n.statusChangedAt ? { statusChangedAt: n.statusChangedAt.toISOString() } : {}),
        };
      },

      /**
       * A take-down reason as it is stored, and so published: the officer types it, and it may
       * name the party (in this version or an earlier one), another person marked for masking, or
       * personal data. Each masked span is logged with its rule, never its value.
       */
      async storedReason(reason: string | null, n: Notice, names: string[]) {
        if (reason === null) return null;
        const all = [...partyNames(n.partyName, n.record), ...names, ...(await this.formerNames(n, true))];
        const { text, redactions } = redactReason(reason, all);
        for (const r of redactions) {
          this.logger.info(`redacted ${r.rule} in the take-down reason of notice ${n.id} at ${r.start}-${r.end}`);
        }
        return text;
      },

      async recordEvent(em: EntityManager, type: string, noticeId: string) {
        await appendOutbox(em, "notices.outbox", Object.assign(new NoticeEvent(), { type, noticeId, at: new Date() }));
      },

      async expireDue(): Promise<number> {
        const today = chinaToday();
        const expired = await this.em().transactional(async (tx) => {
          const due = await tx.find(
            Notice,
            { status: "published", expiresOn: { $lt: today } },
            { lockMode: LockMode.PESSIMISTIC_WRITE, limit: 500 },
          );
          for (const n of due) {
            Object.assign(n, { status: "expired" as NoticeStatus, statusChangedAt: new Date() });
            await this.recordEvent(tx, "expired", n.id);
          }
          return due;
        });
        if (expired.length) {
          this.logger.info(`${expired.length} notice(s) reached the end of their publicity period`);
          await nudgeFeed(this.broker, "notices");
        }
        return expired.length;
      },
    },

    async started() {
      this.signers = await loadSigners(config, this.logger);
      this.renderPool = await RenderPool.start(config.noticeRenderThreads);
      const tick = () =>
        // By its class and code: a driver's message carries the statement with its values.
        this.expireDue().catch((err: unknown) => this.logger.warn("expiry check failed:", errorSummary(err)));
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
