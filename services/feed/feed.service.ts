/**
 * Feed (统一公示平台): the one read model of everything public — notices in every status, bodies,
 * officers, powers with their history and the random-inspection list — built only from the owning
 * services' outboxes (pulled in sequence order, idempotently), and every public read: lists with
 * Chinese keyword search, facets, Atom and the 双公示 CSV.
 */
import { Readable } from "node:stream";
import type { Context, ServiceSchema, ServiceSettingSchema } from "moleculer";
import pg from "pg";
import type { Meta } from "../../lib/auth.js";
import { DatabaseMixin, type DatabaseMethods, type DatabaseVars } from "../../lib/database.js";
import { DependencyUnavailableError, errorSummary, invalid, NotFoundError } from "../../lib/errors.js";
import type { Runtime } from "../../lib/runtime.js";
import { OFFICER_STATUSES, POWER_CATEGORIES } from "../../shared/domain.js";
import { isId } from "../../shared/ids.js";
import { DEFAULT_LIMIT, decodeCursor, likePattern, toPage } from "../../shared/paging.js";
import { fieldsOf, sectionsOf, type PublicRecord } from "../../shared/public-record.js";
import { isTakenDown, TAKEN_DOWN_STATUSES, tombstoneFields } from "../../shared/tombstone.js";
import {
  ID,
  OPTIONAL_DATE,
  optionalText,
  pagingParams,
  strictParams,
  type RuleObject,
} from "../../shared/validation.js";
import { cacheKey, ReadCache } from "../../lib/read-cache.js";
import { atomDocument } from "./atom.js";
import { csvHeader, csvRow } from "./csv.js";
import { DATABASE } from "./database.js";
import { publicEvent } from "./public-text.js";
import {
  applyDutiesEvent,
  applyNoticeEvent,
  applyReplyEvent,
  SOURCES,
  type DutiesEventIn,
  type NoticeEventIn,
  type ReplyEventIn,
  type Source,
} from "./read-model.js";
import {
  noticeFacets as facetsOf,
  searchNotices as search,
  type NoticeQuery,
  type NoticeRow,
  type Queryable,
} from "./search.js";

/** The search module rejects a cursor or query it cannot use with a RangeError: that is bad input (422). */
function asInputError<A extends unknown[], R>(fn: (...args: A) => Promise<R>) {
  return async (...args: A): Promise<R> => {
    try {
      return await fn(...args);
    } catch (err) {
      if (err instanceof RangeError) throw invalid(/cursor/i.test(err.message) ? "cursor" : "q", err.message);
      throw err;
    }
  };
}
const searchNotices = asInputError((db: Queryable, q: NoticeQuery) => search(db, q));
const noticeFacets = asInputError((db: Queryable, q: NoticeQuery) => facetsOf(db, q));

interface Vars extends DatabaseVars {
  pool: pg.Pool;
  cache: ReadCache;
  pollTimer?: NodeJS.Timeout;
}
interface Methods extends DatabaseMethods {
  pull(source: Source): Promise<number>;
  applyBatch(client: pg.PoolClient, source: Source): Promise<number>;
  inTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  changed(): Promise<void>;
  cached<T>(ctx: Context, compute: () => Promise<T>): Promise<T>;
  noticeView(row: NoticeRow | Omit<NoticeRow, "record">): Record<string, unknown>;
  listTable(
    table: string,
    where: Record<string, string | undefined>,
    textColumns: string[],
    p: ListParams,
  ): Promise<unknown>;
  noticeQuery(p: NoticeListParams, limit?: number): NoticeQuery;
}

interface ListParams {
  q?: string;
  limit?: number;
  cursor?: string;
}

interface NoticeListParams extends ListParams {
  bodyId?: string;
  kind?: string;
  status?: string;
  from?: string;
  to?: string;
  sort?: "date" | "relevance";
  facets?: boolean;
}

const OPTIONAL_ID = { ...ID, optional: true };
const NOTICE_STATUSES = ["published", "withdrawn", "corrected", "expired"];
const BATCH = 500;

/** The filters every notice output (list, Atom, CSV) accepts. */
const noticeFilters = {
  q: optionalText(50),
  bodyId: OPTIONAL_ID,
  kind: { type: "enum", values: [...POWER_CATEGORIES], optional: true },
  status: {
    type: "string",
    optional: true,
    pattern: `^(all|(${NOTICE_STATUSES.join("|")})(,(${NOTICE_STATUSES.join("|")}))*)$`,
    messages: { stringPattern: "status is all, or a comma list of published, withdrawn, corrected, expired" },
  },
  from: OPTIONAL_DATE,
  to: OPTIONAL_DATE,
};

export function feedService(rt: Runtime): ServiceSchema {
  const { config } = rt;
  const schema: ServiceSchema<ServiceSettingSchema & { rest: string }, Methods, Vars> = {
    name: "feed",
    mixins: [DatabaseMixin(rt.databaseUrl, DATABASE)],
    settings: { rest: "/" },

    actions: {
      /** Another feed replica applied outbox events: the cached answers here are out of date. */
      forget: {
        visibility: "public",
        params: strictParams({}),
        handler() {
          this.cache.invalidate();
          return { forgotten: true };
        },
      },

      /** Pulls a source's outbox up to now. The owning services call it after each change. */
      catchUp: {
        visibility: "public",
        params: strictParams({ source: { type: "enum", values: SOURCES } }),
        async handler(ctx: Context<{ source: Source }>) {
          return { applied: await this.pull(ctx.params.source) };
        },
      },

      rebuild: {
        rest: "POST /feed/rebuild",
        summary: "Rebuild the public read model from scratch by replaying the owning services' outboxes (admin)",
        roles: ["admin"],
        params: strictParams({}),
        async handler() {
          // One transaction: readers keep the old model until the new one commits, and a pull
          // racing the rebuild (a timer, a nudge, another replica) waits on the checkpoint rows,
          // then finds nothing left to apply.
          const applied: Record<string, number> = {};
          await this.inTransaction(async (client) => {
            // First the checkpoints, as a pull takes them before the data rows: a racing pull
            // waits here instead of deadlocking on the rows this transaction deletes.
            await client.query(`lock table feed.checkpoints in exclusive mode`);
            for (const table of ["notices", "bodies", "officers", "powers", "inspections", "replies", "checkpoints"]) {
              await client.query(`delete from feed.${table}`);
            }
            for (const source of SOURCES) {
              applied[source] = 0;
              for (;;) {
                const n = await this.applyBatch(client, source);
                applied[source] += n;
                if (n < BATCH) break;
              }
            }
          });
          await this.changed();
          return { rebuilt: true, applied };
        },
      },

      // ---- notices
      listNotices: {
        rest: "GET /public/notices",
        summary: "Public notices, newest first or by relevance; q matches Chinese text (2 characters suffice)",
        params: strictParams({
          ...noticeFilters,
          sort: { type: "enum", values: ["date", "relevance"], optional: true },
          facets: { type: "boolean", convert: true, optional: true },
          ...pagingParams,
        }),
        handler(ctx: Context<NoticeListParams>) {
          const query = this.noticeQuery(ctx.params);
          return this.cached(ctx, async () => {
            const [page, facets] = await Promise.all([
              searchNotices(this.pool, query),
              ctx.params.facets ? noticeFacets(this.pool, query) : undefined,
            ]);
            return {
              // A list carries each notice's summary; its whole public record is on the notice itself.
              items: page.items.map(({ record: _record, ...r }) => this.noticeView(r)),
              nextCursor: page.nextCursor,
              ...(facets ? { facets } : {}),
            };
          });
        },
      },

      getNotice: {
        rest: "GET /public/notices/:id",
        summary:
          "A public notice: its public fields, status (with reason and successor), verification code and PDF link",
        params: strictParams({ id: ID }),
        handler(ctx: Context<{ id: string }>) {
          return this.cached(ctx, async () => {
            const { rows } = await this.pool.query<NoticeRow>(`select * from feed.notices where id = $1`, [
              ctx.params.id,
            ]);
            if (!rows[0]) throw new NotFoundError("Notice", ctx.params.id);
            const view = this.noticeView(rows[0]);
            // A notice taken down shows its tombstone: who decided what, when, and why it came down.
            const r = rows[0];
            if (isTakenDown(r.status)) {
              const fields = tombstoneFields({
                bodyName: r.body_name,
                kind: r.kind,
                decisionNo: r.decision_no,
                decidedOn: isoDate(r.decided_on),
                publishedAt: new Date(r.published_at).toISOString(),
                status: r.status,
                statusChangedAt: r.status_changed_at ? new Date(r.status_changed_at).toISOString() : null,
                expiresOn: isoDate(r.expires_on),
                reason: r.reason,
              });
              return { ...view, fields, sections: [] };
            }
            const record = rows[0].record as unknown as PublicRecord;
            return { ...view, fields: fieldsOf(record), sections: sectionsOf(record) };
          });
        },
      },

      atom: {
        rest: "GET /public/feed.atom",
        summary: "Atom 1.0 feed of public notices (same filters as the list)",
        params: strictParams({ ...noticeFilters, limit: pagingParams.limit as RuleObject }),
        async handler(ctx: Context<NoticeListParams, Meta>) {
          const page = await searchNotices(this.pool, this.noticeQuery(ctx.params, ctx.params.limit ?? 50));
          const base = config.publicBaseUrl;
          // A filtered feed is its own feed: its id and self link carry its filters.
          const filters = Object.entries(ctx.params as Record<string, unknown>)
            .filter(([, v]) => v !== undefined && v !== "")
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([k, v]): [string, string] => [k, String(v)]);
          const query = new URLSearchParams(filters).toString();
          const selfUrl = `${base}/api/public/feed.atom${query ? `?${query}` : ""}`;
          const xml = atomDocument({
            id: selfUrl,
            title: "行政执法公示",
            subtitle: "行政执法决定公示（事后公开）",
            self: selfUrl,
            site: `${base}/`,
            language: "zh-CN",
            rights: "依法公开的政府信息",
            generator: "执法公示",
            entries: page.items.map((r) => ({
              id: `urn:uuid:${r.id}`,
              title: `${r.title}（${r.body_name}）`,
              link: `${base}/notices/${r.id}`,
              updated: new Date(r.status_changed_at ?? r.published_at),
              published: new Date(r.published_at),
              summary: `${r.kind} · ${r.decision_no} · ${STATUS_LABELS[r.status] ?? r.status}${r.reason ? `：${r.reason}` : ""}`,
              content: (r.record as unknown as PublicRecord).conclusion,
              author: r.body_name,
              category: r.kind,
            })),
          });
          ctx.meta.$responseType = "application/atom+xml; charset=utf-8";
          return xml;
        },
      },

      csv: {
        rest: "GET /public/notices.csv",
        summary: "Penalty decisions as CSV in 双公示 column order (UTF-8 with BOM), streamed",
        params: strictParams({
          ...noticeFilters,
          header: { type: "enum", values: ["name", "code"], optional: true },
        }),
        handler(ctx: Context<NoticeListParams & { header?: "name" | "code" }, Meta>) {
          const query = { ...this.noticeQuery({ ...ctx.params, kind: "行政处罚" }, BATCH), sort: "date" as const };
          const pool = this.pool;
          async function* lines() {
            yield "\uFEFF" + csvHeader(ctx.params.header ?? "name");
            let cursor: string | undefined;
            do {
              const page = await searchNotices(pool, { ...query, cursor });
              for (const r of page.items) yield csvRow(r);
              cursor = page.nextCursor ?? undefined;
            } while (cursor);
          }
          ctx.meta.$responseType = "text/csv; charset=utf-8";
          ctx.meta.$responseHeaders = { "Content-Disposition": `attachment; filename="xzcf-notices.csv"` };
          return Readable.from(lines());
        },
      },

      listReplies: {
        rest: "GET /public/replies",
        summary:
          "Public replies to feedback, about one target or one body, newest first; none about a notice taken down",
        params: strictParams({
          targetType: { type: "enum", values: ["notice", "power", "officer", "body"], optional: true },
          targetId: OPTIONAL_ID,
          bodyId: OPTIONAL_ID,
          limit: pagingParams.limit as RuleObject,
        }),
        async handler(ctx: Context<{ targetType?: string; targetId?: string; bodyId?: string; limit?: number }>) {
          const { targetType, targetId, bodyId } = ctx.params;
          if (!!targetType !== !!targetId) throw invalid("targetId", "targetType and targetId go together");
          // A reply about a notice taken down (撤下) is taken down with it: it may repeat its facts or party.
          const { rows } = await this.pool.query<{ view: unknown }>(
            `select r.view from feed.replies r
             where ($1::text is null or (r.target_type = $1 and r.target_id = $2)) and ($3::text is null or r.body_id = $3)
               and not exists (select 1 from feed.notices n
                               where r.target_type = 'notice' and n.id = r.target_id and n.status = any($5::text[]))
             order by r.replied_at desc limit $4`,
            [
              targetType ?? null,
              targetId ?? null,
              bodyId ?? null,
              ctx.params.limit ?? DEFAULT_LIMIT,
              [...TAKEN_DOWN_STATUSES],
            ],
          );
          return { items: rows.map((r) => r.view) };
        },
      },

      // ---- 事前公开: bodies, officers, powers, the random-inspection list
      listBodies: {
        rest: "GET /public/bodies",
        summary: "Enforcement bodies (public)",
        params: strictParams({ q: optionalText(50), region: optionalText(100), ...pagingParams }),
        handler(ctx: Context<ListParams & { region?: string }>) {
          return this.cached(ctx, () =>
            this.listTable("feed.bodies", { region: ctx.params.region }, ["name", "credit_code"], ctx.params),
          );
        },
      },

      getBody: {
        rest: "GET /public/bodies/:id",
        summary: "One enforcement body with the size of its roster, 权责清单 and inspection list (public)",
        params: strictParams({ id: ID }),
        async handler(ctx: Context<{ id: string }>) {
          const { rows } = await this.pool.query<{ view: Record<string, unknown>; counts: Record<string, number> }>(
            `select b.view, json_build_object(
               'officers', (select count(*) from feed.officers o where o.body_id = b.id),
               'activeOfficers', (select count(*) from feed.officers o where o.body_id = b.id and o.status = 'active'),
               'powers', (select count(*) from feed.powers p where p.body_id = b.id),
               'inspections', (select count(*) from feed.inspections i where i.body_id = b.id),
               'notices', (select count(*) from feed.notices n where n.body_id = b.id and n.status = 'published')
             ) as counts
             from feed.bodies b where b.id = $1`,
            [ctx.params.id],
          );
          if (!rows[0]) throw new NotFoundError("Body", ctx.params.id);
          return { ...rows[0].view, counts: rows[0].counts };
        },
      },

      listOfficers: {
        rest: "GET /public/officers",
        summary: "Officers, by body, status or a name / certificate keyword (public)",
        params: strictParams({
          bodyId: OPTIONAL_ID,
          status: { type: "enum", values: [...OFFICER_STATUSES], optional: true },
          q: optionalText(50),
          ...pagingParams,
        }),
        handler(ctx: Context<ListParams & { bodyId?: string; status?: string }>) {
          const { bodyId, status } = ctx.params;
          return this.cached(ctx, () =>
            this.listTable("feed.officers", { body_id: bodyId, status }, ["name", "certificate_no"], ctx.params),
          );
        },
      },

      getOfficer: {
        rest: "GET /public/officers/:id",
        summary: "One officer (public)",
        params: strictParams({ id: ID }),
        async handler(ctx: Context<{ id: string }>) {
          const { rows } = await this.pool.query(`select view from feed.officers where id = $1`, [ctx.params.id]);
          if (!rows[0]) throw new NotFoundError("Officer", ctx.params.id);
          return rows[0].view;
        },
      },

      listPowers: {
        rest: "GET /public/powers",
        summary: "Powers of the 权责清单, by body, category or keyword (public)",
        params: strictParams({
          bodyId: OPTIONAL_ID,
          category: { type: "enum", values: [...POWER_CATEGORIES], optional: true },
          q: optionalText(50),
          ...pagingParams,
        }),
        async handler(ctx: Context<ListParams & { bodyId?: string; category?: string }>) {
          const { bodyId, category } = ctx.params;
          const page = (await this.listTable(
            "feed.powers",
            { body_id: bodyId, category },
            ["name", "code"],
            ctx.params,
          )) as {
            items: { history?: unknown }[];
            nextCursor: string | null;
          };
          // Lists carry the current version; the history is on the power's own page.
          return { ...page, items: page.items.map(({ history: _history, ...current }) => current) };
        },
      },

      getPower: {
        rest: "GET /public/powers/:id",
        summary: "One power: its current version and its whole history, newest first (public)",
        params: strictParams({ id: ID }),
        async handler(ctx: Context<{ id: string }>) {
          const { rows } = await this.pool.query(`select view from feed.powers where id = $1`, [ctx.params.id]);
          if (!rows[0]) throw new NotFoundError("Power", ctx.params.id);
          return rows[0].view;
        },
      },

      listInspectionItems: {
        rest: "GET /public/inspections",
        summary: "The random-inspection list (随机抽查事项清单), by body or keyword (public)",
        params: strictParams({ bodyId: OPTIONAL_ID, q: optionalText(50), ...pagingParams }),
        handler(ctx: Context<ListParams & { bodyId?: string }>) {
          return this.listTable(
            "feed.inspections",
            { body_id: ctx.params.bodyId },
            ["project", "sub_item", "content"],
            ctx.params,
          );
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
        const seen = new Set<string>();
        const targets = this.broker.registry
          .getServiceList({ onlyAvailable: true, skipInternal: true })
          .filter((s) => (s.name === "feed" && s.nodeID !== this.broker.nodeID) || s.name === "gateway")
          .map((s) => ({ name: s.name, nodeID: s.nodeID as string }))
          .filter((t) => !seen.has(`${t.name}@${t.nodeID}`) && seen.add(`${t.name}@${t.nodeID}`));
        await Promise.all(
          targets.map(({ name, nodeID }) =>
            this.broker.call(`${name}.forget`, {}, { nodeID, timeout: 1000, retries: 0 }).catch((err: unknown) => {
              this.logger.warn(`feed: ${name} on ${nodeID} did not empty its cache:`, String(err));
            }),
          ),
        );
      },

      /** A public read answered from the cache while the read model stays as it is. */
      cached<T>(ctx: Context, compute: () => Promise<T>): Promise<T> {
        return this.cache.get(cacheKey(ctx.action?.name ?? "", ctx.params as object), compute);
      },

      /**
       * Applies a source's outbox after the stored checkpoint, batch by batch. The checkpoint row
       * is locked for the whole pull, so concurrent pulls (several feed replicas, a timer and a
       * nudge) apply each event once, in order.
       */
      async pull(source: Source): Promise<number> {
        let applied = 0;
        for (;;) {
          const n = await this.inTransaction((client) => this.applyBatch(client, source));
          if (n) await this.changed();
          applied += n;
          if (n < BATCH) return applied;
        }
      },

      /**
       * Runs `work` in one transaction on a pooled connection. A checked-out client has no error
       * listener of the pool's, so a connection the server ends meanwhile (a PostgreSQL restart)
       * would crash the process: it is logged here, and the failed query rejects instead.
       */
      async inTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
        const client = await this.pool.connect();
        let lost: Error | undefined;
        const onError = (err: Error) => {
          lost = err;
          this.logger.warn("feed: database connection lost:", err.message);
        };
        client.on("error", onError);
        try {
          await client.query("begin");
          const result = await work(client);
          await client.query("commit");
          return result;
        } catch (err) {
          await client.query("rollback").catch(() => {});
          throw err;
        } finally {
          client.off("error", onError);
          client.release(lost);
        }
      },

      /** Applies the next batch of a source's outbox inside the caller's transaction. */
      async applyBatch(client: pg.PoolClient, source: Source): Promise<number> {
        await client.query(`insert into feed.checkpoints (source, seq) values ($1, 0) on conflict do nothing`, [
          source,
        ]);
        const { rows } = await client.query<{ seq: string }>(
          `select seq from feed.checkpoints where source = $1 for update`,
          [source],
        );
        const after = rows[0]?.seq ?? "0";
        let events: (DutiesEventIn | NoticeEventIn | ReplyEventIn)[];
        try {
          events = await this.broker.call(`${source}.eventsSince`, { after, limit: BATCH });
        } catch (err) {
          throw new DependencyUnavailableError(`The ${source} service`, err);
        }
        for (const raw of events) {
          // Masked again on the way in: events written before a redaction rule existed come out clean.
          const e = publicEvent(source, raw);
          if (source === "duties") await applyDutiesEvent(client, e as DutiesEventIn);
          else if (source === "notices") await applyNoticeEvent(client, e as NoticeEventIn);
          else await applyReplyEvent(client, e as ReplyEventIn);
        }
        const last = events[events.length - 1];
        if (last) await client.query(`update feed.checkpoints set seq = $2 where source = $1`, [source, last.seq]);
        return events.length;
      },

      noticeQuery(p: NoticeListParams, limit?: number): NoticeQuery {
        const statuses = !p.status ? ["published"] : p.status === "all" ? NOTICE_STATUSES : p.status.split(",");
        if (p.from && p.to && p.from > p.to) throw invalid("to", "the range ends before it starts");
        return {
          q: p.q,
          bodyId: p.bodyId,
          kind: p.kind,
          statuses: [...new Set(statuses)],
          from: p.from,
          to: p.to,
          sort: p.sort ?? "date",
          limit: limit ?? p.limit ?? DEFAULT_LIMIT,
          cursor: p.cursor,
        };
      },

      noticeView(r: NoticeRow | Omit<NoticeRow, "record">) {
        const down = isTakenDown(r.status);
        return {
          id: r.id,
          resultId: r.result_id,
          version: r.version,
          bodyId: r.body_id,
          bodyName: r.body_name,
          kind: r.kind,
          title: r.title,
          decisionNo: r.decision_no,
          decidedOn: isoDate(r.decided_on),
          partyName: down ? null : r.party_name,
          ...("record" in r ? { record: r.record } : {}),
          status: r.status,
          reason: r.reason,
          statusChangedAt: r.status_changed_at ? new Date(r.status_changed_at).toISOString() : null,
          predecessorId: r.predecessor_id,
          successorId: r.successor_id,
          verifyCode: r.verify_code,
          sha256: r.sha256,
          publishedAt: new Date(r.published_at).toISOString(),
          expiresOn: isoDate(r.expires_on),
          pdfUrl: down ? null : `${config.publicBaseUrl}/api/public/notices/${r.id}/pdf`,
          verifyUrl: `${config.publicBaseUrl}/verify/${r.verify_code}`,
          ...(down ? { takenDown: true } : {}),
        };
      },

      /** A keyset page of one of the small 事前公开 tables, filtered, with a keyword over some columns. */
      async listTable(table: string, where: Record<string, string | undefined>, textColumns: string[], p: ListParams) {
        const conditions: string[] = [];
        const values: unknown[] = [];
        for (const [column, value] of Object.entries(where)) {
          if (value === undefined) continue;
          values.push(value);
          conditions.push(`${column} = $${values.length}`);
        }
        if (p.q) {
          values.push(likePattern(p.q));
          conditions.push(`(${textColumns.map((c) => `${c} ilike $${values.length}`).join(" or ")})`);
        }
        if (p.cursor !== undefined) {
          const after = decodeCursor(p.cursor, isId);
          if (!after) throw invalid("cursor", "the cursor is not one this list issued");
          values.push(after);
          conditions.push(`id > $${values.length}`);
        }
        const limit = p.limit ?? DEFAULT_LIMIT;
        values.push(limit + 1);
        const { rows } = await this.pool.query<{ id: string; view: unknown }>(
          `select id, view from ${table} ${conditions.length ? `where ${conditions.join(" and ")}` : ""}
           order by id limit $${values.length}`,
          values,
        );
        const page = toPage(rows, limit, (r) => r.id);
        return { items: page.items.map((r) => r.view), nextCursor: page.nextCursor };
      },
    },

    created() {
      this.cache = new ReadCache(config.feedCacheEntries, config.feedPollSeconds * 1000);
      this.pool = new pg.Pool({ connectionString: rt.databaseUrl, max: 10 });
      this.pool.on("error", (err) => this.logger.warn("feed pool:", err.message));
    },

    async started() {
      const tick = async () => {
        for (const source of SOURCES) {
          await this.pull(source).catch((err: unknown) =>
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

const STATUS_LABELS: Record<string, string> = {
  published: "已公示",
  withdrawn: "已撤下",
  corrected: "已更正",
  expired: "已过期",
};

function isoDate(value: string | Date): string {
  return typeof value === "string" ? value.slice(0, 10) : value.toISOString().slice(0, 10);
}
