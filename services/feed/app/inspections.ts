/** 双随机、一公开 from the read model: drawn entities with their results (search, CSV) and the plans' Atom feed. */
import { atomDocument, feedUrl } from "../../../shared/atom.js";
import { decodeCursor, encodeCursor } from "../../../shared/paging.js";
import { writeCsv } from "../../../shared/tabular.js";
import { bigramsOf, normalizeText } from "../search-text.js";
import type { InspectedEntity, InspectedParams } from "../inspections-contract.js";
import type { Queryable } from "../search.js";
import { invalid } from "../../../lib/errors.js";
import { likePattern } from "../../../shared/paging.js";

export interface InspectionReadDeps {
  db: Queryable;
  publicBaseUrl: string;
}

const STATUS: Record<string, string> = { committed: "已公布，待抽取", drawn: "已抽取", superseded: "已被更正" };
/** Rows one CSV answer holds at most. */
const CSV_ROWS = 10_000;

interface EntityRow {
  plan_id: string;
  rank: number;
  credit_code: string;
  name: string;
  body_id: string;
  drawn_at: Date;
  outcome: InspectedEntity["outcome"];
  inspected_on: string | null;
  title: string;
  body_name: string;
}

/** The WHERE of a search: all words in the name (or code, or plan title), the code, the body, the result. */
function whereOf(p: InspectedParams): { sql: string; values: unknown[] } {
  const values: unknown[] = [];
  const where: string[] = [];
  if (p.q) {
    const words = [...new Set(normalizeText(p.q).split(" ").filter(Boolean))];
    const bigrams = [...new Set(words.flatMap(bigramsOf))];
    if (!bigrams.length) throw invalid("q", "a search word has at least 2 characters", "BAD_QUERY");
    values.push(bigrams);
    where.push(`feed.bigrams(e.search_text) @> $${values.length}::text[]`);
    for (const w of words) {
      values.push(likePattern(w));
      where.push(`e.search_text like $${values.length}`);
    }
  }
  if (p.creditCode) {
    values.push(p.creditCode);
    where.push(`e.credit_code = $${values.length}`);
  }
  if (p.bodyId) {
    values.push(p.bodyId);
    where.push(`e.body_id = $${values.length}`);
  }
  if (p.outcome === "待公开") where.push(`e.outcome is null`);
  else if (p.outcome) {
    values.push(p.outcome);
    where.push(`e.outcome = $${values.length}`);
  }
  return { sql: where.length ? where.join(" and ") : "true", values };
}

async function entityRows(deps: InspectionReadDeps, p: InspectedParams, limit: number, after?: string[]) {
  const { sql, values } = whereOf(p);
  let cursor = "";
  if (after) {
    values.push(after[0], after[1], Number(after[2]));
    const n = values.length;
    cursor = ` and (e.drawn_at, e.plan_id, -e.rank) < ($${n - 2}::timestamptz, $${n - 1}, -$${n}::int)`;
  }
  values.push(limit);
  const { rows } = await deps.db.query<EntityRow>(
    `select e.plan_id, e.rank, e.credit_code, e.name, e.body_id, e.drawn_at, e.outcome,
       to_char(e.inspected_on, 'YYYY-MM-DD') as inspected_on, p.title, p.view ->> 'bodyName' as body_name
     from feed.inspection_entities e join feed.inspection_plans p on p.id = e.plan_id
     where ${sql}${cursor}
     order by e.drawn_at desc, e.plan_id desc, e.rank asc limit $${values.length}`,
    values,
  );
  return rows;
}

const entityOf = (base: string, r: EntityRow): InspectedEntity => ({
  planId: r.plan_id,
  planTitle: r.title,
  planUrl: `${base}/inspection-plans/${r.plan_id}`,
  bodyId: r.body_id,
  bodyName: r.body_name,
  drawnAt: r.drawn_at.toISOString(),
  rank: r.rank,
  creditCode: r.credit_code,
  name: r.name,
  outcome: r.outcome,
  inspectedOn: r.inspected_on,
});

const isCursor = (key: string) => /^[^|]+\|[0-9a-f-]{36}\|\d{1,7}$/.test(key);

/** Drawn entities, the latest draws first; a page at a time. */
export async function inspected(
  deps: InspectionReadDeps,
  p: InspectedParams,
): Promise<{ items: InspectedEntity[]; nextCursor: string | null }> {
  const limit = p.limit ?? 20;
  const key = p.cursor ? decodeCursor(p.cursor, isCursor) : undefined;
  if (p.cursor && !key) throw invalid("cursor", "not a cursor of this list", "BAD_CURSOR");
  const rows = await entityRows(deps, p, limit + 1, key?.split("|"));
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map((r) => entityOf(deps.publicBaseUrl, r)),
    nextCursor:
      rows.length > limit && last ? encodeCursor(`${last.drawn_at.toISOString()}|${last.plan_id}|${last.rank}`) : null,
  };
}

/** The same as CSV in Chinese headers (UTF-8 with BOM). */
export async function inspectedCsv(deps: InspectionReadDeps, p: InspectedParams): Promise<string> {
  const rows = await entityRows(deps, p, CSV_ROWS);
  const table = [
    ["抽查计划", "执法主体", "抽取时间", "序号", "检查对象", "统一社会信用代码", "检查结果", "检查日期", "计划网址"],
    ...rows.map((r) => {
      const e = entityOf(deps.publicBaseUrl, r);
      return [
        e.planTitle,
        e.bodyName,
        e.drawnAt,
        e.rank,
        e.name,
        e.creditCode,
        e.outcome ?? "待公开",
        e.inspectedOn,
        e.planUrl,
      ];
    }),
  ];
  return Buffer.from(writeCsv(table)).toString("utf8");
}

/** Atom 1.0 of the plans, the latest changed first: each entry a plan as it stands (published, drawn, results). */
export async function planAtom(deps: InspectionReadDeps, p: { bodyId?: string }): Promise<string> {
  const { rows } = await deps.db.query<{
    id: string;
    title: string;
    status: string;
    published_at: Date;
    updated_at: Date;
    view: { bodyName: string; size: number; selected: { result?: unknown }[] | null; commitment: string };
  }>(
    `select id, title, status, published_at, updated_at, view from feed.inspection_plans
     where ($1::text is null or body_id = $1) order by updated_at desc, id desc limit 50`,
    [p.bodyId ?? null],
  );
  const base = deps.publicBaseUrl;
  const self = feedUrl(base, "/api/public/inspection-plans.atom", p);
  return atomDocument({
    id: self,
    title: "双随机抽查",
    subtitle: "随机抽查计划、抽取结果和检查结果",
    self,
    site: `${base}/inspection-plans`,
    language: "zh-CN",
    rights: "依法公开的政府信息",
    generator: "执法公示",
    entries: rows.map((r) => {
      const results = r.view.selected?.filter((s) => s.result).length ?? 0;
      return {
        id: `urn:uuid:${r.id}`,
        title: `${r.title}（${STATUS[r.status] ?? r.status}）`,
        link: `${base}/inspection-plans/${r.id}`,
        updated: new Date(r.updated_at),
        published: new Date(r.published_at),
        summary:
          r.status === "drawn"
            ? `抽取 ${r.view.size} 个对象，已公开 ${results} 个检查结果`
            : `抽取 ${r.view.size} 个对象；承诺值 ${r.view.commitment}`,
        author: r.view.bodyName,
        category: "双随机抽查",
      };
    }),
  });
}
