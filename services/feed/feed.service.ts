/**
 * Feed (统一公示平台): the one read model of everything public — notices in every status, bodies,
 * officers, powers with their history and the random-inspection list — built only from the owning
 * services' outboxes (pulled in sequence order, idempotently), and every public read: lists with
 * Chinese keyword search, facets, Atom and the 双公示 CSV. The use cases are in app/; this is the
 * Moleculer wiring, the cache and the fan-out that empties other replicas' caches.
 */
import type { Context, ServiceSchema, ServiceSettingSchema } from "moleculer";
import pg from "pg";
import type { Meta } from "../../lib/auth.js";
import { DatabaseMixin, type DatabaseMethods, type DatabaseVars } from "../../lib/database.js";
import { errorSummary } from "../../lib/errors.js";
import { cacheKey, jsonBytes, ReadCache } from "../../lib/read-cache.js";
import type { Runtime } from "../../lib/runtime.js";
import type { FeedDeps } from "./app/deps.js";
import { call, type ActionContext } from "../../lib/contract.js";
import { gateway } from "../gateway/contract.js";
import {
  documentAtom,
  documentCsv,
  getConsultation,
  getDocument,
  listConsultations,
  listDocuments,
} from "./app/documents.js";
import { pull, rebuild } from "./app/ingest.js";
import { changesSince, pruneChanges } from "./app/changes.js";
import { bodyOpenness, categoryRecords } from "./app/openness.js";
import { openness, type OpennessCategoryParams } from "./openness-contract.js";
import { getReport, listReports, reportAtom } from "./app/reports.js";
import { getNotice, listNotices, noticeAtom, noticeCsv, type NoticeReadDeps } from "./app/notices.js";
import {
  getBody,
  getOfficer,
  getPower,
  listBodies,
  listInspectionItems,
  listOfficers,
  listPowers,
  listReplies,
} from "./app/registers.js";
import {
  feed,
  type AtomParams,
  type BodyListParams,
  type ListParams,
  type ListRepliesParams,
  type NoticeCsvParams,
  type NoticeListParams,
  type Source,
  type ConsultationListParams,
  type DocumentAtomParams,
  type DocumentListParams,
} from "./contract.js";
import { DATABASE } from "./database.js";
import { bulkMixin } from "./bulk-actions.js";
import { inspectionsMixin } from "./inspections-actions.js";
import { bodyChoices, bodyPageData, noticePageData, searchPageData } from "./app/pages.js";
import { sitemapEntries, sitemapFiles } from "./app/sitemap.js";
import { SOURCES } from "./read-model.js";
import { feedLinkHeader, feedUrl } from "../../shared/atom.js";

interface Vars extends DatabaseVars {
  pool: pg.Pool;
  cache: ReadCache;
  pollTimer?: NodeJS.Timeout;
  deps: FeedDeps;
  reads: NoticeReadDeps;
}
interface Methods extends DatabaseMethods {
  changed(): Promise<void>;
  cached<T>(ctx: Context, compute: () => Promise<T>): Promise<T>;
  /** Every body's id and name, through the read cache: the same for every page that offers them. */
  bodyChoices(): Promise<{ id: string; name: string }[]>;
}

type ById = Context<{ id: string }>;

/** An Atom answer with its WebSub discovery links (the hub, the feed itself with its filters). */
function atomAnswer(ctx: Context<object, Meta>, base: string, path: string, xml: string): string {
  ctx.meta.$responseType = "application/atom+xml; charset=utf-8";
  ctx.meta.$responseHeaders = { Link: feedLinkHeader(base, feedUrl(base, path, ctx.params)) };
  return xml;
}

export function feedService(rt: Runtime): ServiceSchema {
  const { config } = rt;
  const schema: ServiceSchema<ServiceSettingSchema & { rest: string }, Methods, Vars> = {
    name: "feed",
    mixins: [DatabaseMixin(rt, DATABASE), bulkMixin(rt), inspectionsMixin(rt)],
    settings: { rest: "/" },

    actions: {
      /** Another feed replica applied outbox events: the cached answers here are out of date. */
      forget: {
        visibility: "public",
        params: feed.forget.params,
        handler() {
          this.cache.invalidate();
          return { forgotten: true };
        },
      },

      /** Pulls a source's outbox up to now. The owning services call it after each change. */
      changesSince: {
        visibility: "public",
        params: feed.changesSince.params,
        handler(ctx: ActionContext<typeof feed.changesSince>) {
          return changesSince(this.pool, ctx.params.after, ctx.params.limit);
        },
      },

      catchUp: {
        visibility: "public",
        params: feed.catchUp.params,
        async handler(ctx: Context<{ source: Source }>) {
          return { applied: await pull(this.deps, ctx.params.source) };
        },
      },

      rebuild: {
        rest: "POST /feed/rebuild",
        summary: "Rebuild the public read model from scratch by replaying the owning services' outboxes (admin)",
        roles: ["admin"],
        params: feed.rebuild.params,
        handler() {
          return rebuild(this.deps);
        },
      },

      // ---- notices
      listNotices: {
        rest: "GET /public/notices",
        summary:
          "Public notices, newest first or by relevance; q matches Chinese text (2 characters suffice); count=true adds the total",
        params: feed.listNotices.params,
        handler(ctx: Context<NoticeListParams>) {
          return this.cached(ctx, () => listNotices(this.reads, ctx.params));
        },
      },

      getNotice: {
        rest: "GET /public/notices/:id",
        summary:
          "A public notice: its public fields, status (with reason and successor), verification code and PDF link",
        params: feed.getNotice.params,
        handler(ctx: ById) {
          return this.cached(ctx, () => getNotice(this.reads, ctx.params.id));
        },
      },

      atom: {
        rest: "GET /public/feed.atom",
        summary: "Atom 1.0 feed of public notices (same filters as the list)",
        params: feed.atom.params,
        async handler(ctx: Context<AtomParams, Meta>) {
          return atomAnswer(
            ctx,
            config.publicBaseUrl,
            "/api/public/feed.atom",
            await noticeAtom(this.reads, ctx.params),
          );
        },
      },

      csv: {
        rest: "GET /public/notices.csv",
        summary: "Penalty decisions as CSV in 双公示 column order (UTF-8 with BOM), streamed",
        params: feed.csv.params,
        handler(ctx: Context<NoticeCsvParams, Meta>) {
          const stream = noticeCsv(this.reads, ctx.params);
          ctx.meta.$responseType = "text/csv; charset=utf-8";
          ctx.meta.$responseHeaders = { "Content-Disposition": `attachment; filename="xzcf-notices.csv"` };
          return stream;
        },
      },

      listReplies: {
        rest: "GET /public/replies",
        summary:
          "Public replies to feedback, about one target or one body, newest first; none about a notice taken down",
        params: feed.listReplies.params,
        handler(ctx: Context<ListRepliesParams>) {
          return listReplies(this.reads, ctx.params);
        },
      },

      // ---- the portal's pages, one call each (app/pages.ts)
      noticePage: {
        params: feed.noticePage.params,
        handler(ctx: ById) {
          return this.cached(ctx, () => noticePageData(this.reads, ctx.params.id));
        },
      },

      searchPage: {
        params: feed.searchPage.params,
        handler(ctx: Context<NoticeListParams>) {
          return this.cached(ctx, () =>
            searchPageData(this.reads, ctx.params, () =>
              this.cache.get("feed.bodyChoices", () => bodyChoices(this.reads)),
            ),
          );
        },
      },

      bodyChoices: {
        params: feed.bodyChoices.params,
        async handler() {
          return { items: await this.bodyChoices() };
        },
      },

      bodyPage: {
        params: feed.bodyPage.params,
        handler(ctx: ById) {
          return this.cached(ctx, () => bodyPageData(this.reads, ctx.params.id));
        },
      },

      // ---- 事前公开: bodies, officers, powers, the random-inspection list
      listBodies: {
        rest: "GET /public/bodies",
        summary: "Enforcement bodies with their counts, the total under the filters and every region (public)",
        params: feed.listBodies.params,
        handler(ctx: Context<BodyListParams>) {
          return this.cached(ctx, () => listBodies(this.reads, ctx.params));
        },
      },

      // ---- 规范性文件 and consultations (the documents service's outbox)
      listDocuments: {
        rest: "GET /public/documents",
        summary:
          "Published normative documents, newest first, by body, status on today (valid, expired, repealed, amended), year or words",
        params: feed.listDocuments.params,
        handler(ctx: Context<DocumentListParams>) {
          return this.cached(ctx, () => listDocuments(this.reads, ctx.params));
        },
      },

      getDocument: {
        rest: "GET /public/documents/:id",
        summary:
          "A published document: its text, status on today with its dated history and banner, 解读 and attachments",
        params: feed.getDocument.params,
        handler(ctx: ById) {
          return this.cached(ctx, () => getDocument(this.reads, ctx.params.id));
        },
      },

      documentAtom: {
        rest: "GET /public/documents.atom",
        summary: "Atom 1.0 feed of published documents (same filters as the list)",
        params: feed.documentAtom.params,
        async handler(ctx: Context<DocumentAtomParams, Meta>) {
          const xml = await documentAtom(this.reads, ctx.params);
          return atomAnswer(ctx, config.publicBaseUrl, "/api/public/documents.atom", xml);
        },
      },

      documentCsv: {
        rest: "GET /public/documents.csv",
        summary: "The register of published documents as CSV (same filters as the list; status on today)",
        params: feed.documentCsv.params,
        async handler(ctx: Context<DocumentAtomParams, Meta>) {
          const csv = await documentCsv(this.reads, ctx.params);
          ctx.meta.$responseType = "text/csv; charset=utf-8";
          ctx.meta.$responseHeaders = { "Content-Disposition": `attachment; filename="normative-documents.csv"` };
          return csv;
        },
      },

      reportAtom: {
        rest: "GET /public/reports.atom",
        summary: "Atom 1.0 feed of the published annual reports (政府信息公开工作年度报告, 行政执法年度数据)",
        params: feed.reportAtom.params,
        async handler(ctx: Context<{ bodyId?: string; limit?: number }, Meta>) {
          const xml = await reportAtom(this.reads, ctx.params);
          return atomAnswer(ctx, config.publicBaseUrl, "/api/public/reports.atom", xml);
        },
      },

      /** For the portal: published annual reports. */
      listReports: {
        visibility: "public",
        params: feed.listReports.params,
        handler(ctx: Context<{ bodyId?: string; year?: number }, Meta>) {
          return listReports(this.reads, ctx.params);
        },
      },

      /** For the portal: one published annual report. */
      getReport: {
        visibility: "public",
        params: feed.getReport.params,
        handler(ctx: Context<{ id: string }, Meta>) {
          return getReport(this.reads, ctx.params);
        },
      },

      listConsultations: {
        rest: "GET /public/consultations",
        summary: "Consultations on drafts (预公开), open ones first with the days left",
        params: feed.listConsultations.params,
        handler(ctx: Context<ConsultationListParams>) {
          return listConsultations(this.reads, ctx.params);
        },
      },

      getConsultation: {
        rest: "GET /public/consultations/:id",
        summary: "A consultation: the draft, 起草说明, basis, window, hearing, published comments and adoption report",
        params: feed.getConsultation.params,
        handler(ctx: ById) {
          return getConsultation(this.reads, ctx.params.id);
        },
      },

      // ---- the search engines' sitemaps (the portal serves them as XML)
      sitemapFiles: {
        params: feed.sitemapFiles.params,
        handler(ctx: Context) {
          return this.cached(ctx, () => sitemapFiles(this.reads));
        },
      },

      sitemapEntries: {
        params: feed.sitemapEntries.params,
        handler(ctx: Context<{ file: string }>) {
          return this.cached(ctx, () => sitemapEntries(this.reads, ctx.params.file));
        },
      },

      getBody: {
        rest: "GET /public/bodies/:id",
        summary: "One enforcement body with the size of its roster, 权责清单 and inspection list (public)",
        params: feed.getBody.params,
        handler(ctx: ById) {
          return getBody(this.reads, ctx.params.id);
        },
      },

      // ---- the 政府信息公开 platform of a body (国办公开办函〔2019〕61号)
      openness: {
        rest: "GET /public/bodies/:id/openness",
        summary:
          "A body's 政府信息公开 platform: guide, 公开制度, the 15 categories of 条例 Art. 20 with their counts, annual reports",
        params: openness.body.params,
        handler(ctx: ById) {
          return this.cached(ctx, () => bodyOpenness(this.reads, ctx.params.id));
        },
      },

      opennessCategory: {
        rest: "GET /public/bodies/:id/openness/:categoryId",
        summary: "The body's public records under one category of 条例 Art. 20 (by kind, newest first), paged",
        params: openness.category.params,
        handler(ctx: Context<OpennessCategoryParams>) {
          return this.cached(ctx, () => categoryRecords(this.reads, ctx.params));
        },
      },

      listOfficers: {
        rest: "GET /public/officers",
        summary: "Officers across bodies, by body, status or a name / certificate keyword, with the total (public)",
        params: feed.listOfficers.params,
        handler(ctx: Context<ListParams & { bodyId?: string; status?: string }>) {
          return this.cached(ctx, () => listOfficers(this.reads, ctx.params));
        },
      },

      getOfficer: {
        rest: "GET /public/officers/:id",
        summary: "One officer (public)",
        params: feed.getOfficer.params,
        handler(ctx: ById) {
          return getOfficer(this.reads, ctx.params.id);
        },
      },

      listPowers: {
        rest: "GET /public/powers",
        summary: "Powers of the 权责清单 across bodies, by body, category or keyword, with the total (public)",
        params: feed.listPowers.params,
        handler(ctx: Context<ListParams & { bodyId?: string; category?: string }>) {
          return listPowers(this.reads, ctx.params);
        },
      },

      getPower: {
        rest: "GET /public/powers/:id",
        summary: "One power: its current version and its whole history, newest first (public)",
        params: feed.getPower.params,
        handler(ctx: ById) {
          return getPower(this.reads, ctx.params.id);
        },
      },

      listInspectionItems: {
        rest: "GET /public/inspections",
        summary: "The random-inspection list (随机抽查事项清单), by body or keyword (public)",
        params: feed.listInspectionItems.params,
        handler(ctx: Context<ListParams & { bodyId?: string }>) {
          return listInspectionItems(this.reads, ctx.params);
        },
      },
    },

    events: {
      /** SIGTERM: take no new work from the timer; what runs now finishes. */
      "$shutdown.begin"() {
        clearInterval(this.pollTimer);
      },
    },

    methods: {
      /**
       * The read model changed: empty this replica's cache and, before the writer's nudge returns,
       * every other feed replica's and every gateway's edge cache, so nobody answers with a status
       * older than the change. A node that does not answer in time drops its entries by age (at
       * most FEED_POLL_SECONDS).
       */
      async changed() {
        this.cache.invalidate();
        // Followers of the change stream (the subscriptions) match it now rather than at their next poll.
        this.broker.broadcast("feed.changed", {});
        const seen = new Set<string>();
        const targets = this.broker.registry
          .getServiceList({ onlyAvailable: true, skipInternal: true })
          .filter((s) => (s.name === "feed" && s.nodeID !== this.broker.nodeID) || s.name === "gateway")
          .map((s) => ({ name: s.name, nodeID: s.nodeID as string }))
          .filter((t) => !seen.has(`${t.name}@${t.nodeID}`) && seen.add(`${t.name}@${t.nodeID}`));
        await Promise.all(
          targets.map(({ name, nodeID }) =>
            call(
              this.broker,
              name === "feed" ? feed.forget : gateway.forget,
              {},
              { nodeID, timeout: 1000, retries: 0 },
            ).catch((err: unknown) => {
              this.logger.warn(`feed: ${name} on ${nodeID} did not empty its cache:`, String(err));
            }),
          ),
        );
      },

      /** A public read answered from the cache while the read model stays as it is. */
      cached<T>(ctx: Context, compute: () => Promise<T>): Promise<T> {
        return this.cache.get(cacheKey(ctx.action?.name ?? "", ctx.params as object), compute);
      },

      bodyChoices() {
        return this.cache.get(feed.bodyChoices.name, () => bodyChoices(this.reads));
      },
    },

    created() {
      this.cache = new ReadCache(config.feedCacheEntries, config.feedPollSeconds * 1000, Date.now, {
        max: config.feedCacheMb * 2 ** 20,
        sizeOf: jsonBytes,
      });
      this.pool = new pg.Pool({ connectionString: rt.databaseUrl, max: rt.config.databasePoolMax });
      this.pool.on("error", (err) => this.logger.warn("feed pool:", err.message));
      this.deps = { db: this.pool, caller: this.broker, log: this.logger, changed: () => this.changed() };
      this.reads = { db: this.pool, publicBaseUrl: config.publicBaseUrl };
    },

    async started() {
      let prunedAt = 0;
      const tick = async () => {
        if (Date.now() - prunedAt >= 3600_000) {
          prunedAt = Date.now();
          await pruneChanges(this.pool).catch((err: unknown) =>
            this.logger.debug("feed: changes not pruned:", errorSummary(err)),
          );
        }
        for (const source of SOURCES) {
          // A source not (yet) on the bus is skipped quietly: asking it anyway makes the broker warn
          // "not registered" on every clean start, where the feed starts before the others.
          if (!this.broker.registry.getActionEndpoints(`${source}.eventsSince`)?.hasAvailable()) continue;
          await pull(this.deps, source).catch((err: unknown) =>
            this.logger.debug(`feed: ${source} not pulled:`, errorSummary(err)),
          );
        }
      };
      // The sources may start after us; the timer catches up whatever the nudges missed.
      void tick();
      this.pollTimer = setInterval(() => void tick(), config.feedPollSeconds * 1000);
      this.pollTimer.unref();
    },

    async stopped() {
      clearInterval(this.pollTimer);
      await this.pool.end();
    },
  };
  return schema as ServiceSchema;
}
