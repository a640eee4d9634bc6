/**
 * A body's 政府信息公开 platform from the read model: the four sections in their fixed order, the
 * fifteen categories of 条例 Art. 20 each with the number of the body's public records placed there,
 * and one category's records, paged. Which records a category holds comes from `placeOf` alone
 * (shared/documents/openness.ts), so the counts and the lists agree with it and with each other.
 */
import { fieldProblem, NotFoundError } from "../../../lib/errors.js";
import {
  OPENNESS_ITEM_KINDS,
  OPENNESS_ITEM_KIND_LABELS,
  PLATFORM_SECTIONS,
  RETENTION_LABELS,
  STATUTORY_CATEGORIES,
  categorySelection,
  countByCategory,
  isStatutoryCategoryId,
  retentionOfItem,
  type OpennessItemKind,
  type StatutoryCategory,
  type StatutoryCategoryId,
} from "../../../shared/documents.js";
import { DEFAULT_LIMIT, decodeCursor, toPage } from "../../../shared/paging.js";
import type { PublicDocument } from "../contract.js";
import type {
  BodyOpenness,
  OpennessBody,
  OpennessCategory,
  OpennessCategoryPage,
  OpennessCategoryParams,
  OpennessGuide,
  OpennessItem,
  OpennessReport,
  OpennessSection,
} from "../openness-contract.js";
import { todayOf, withStatus, type DocumentReadDeps } from "./documents.js";

/** The 公开制度 documents listed on the platform's page; the rest are on the documents register. */
const RULES_SHOWN = 100;

async function bodyOf(deps: DocumentReadDeps, id: string): Promise<OpennessBody> {
  const { rows } = await deps.db.query<{ name: string }>(`select name from feed.bodies where id = $1`, [id]);
  if (!rows[0]) throw new NotFoundError("Body", id);
  return { id, name: rows[0].name };
}

/** Counts of the body's public records by what places them. */
async function recordCounts(deps: DocumentReadDeps, bodyId: string) {
  const q = <T extends object>(sql: string) => deps.db.query<T>(sql, [bodyId]).then((r) => r.rows);
  const [notices, powers, documents, officers, consultations] = await Promise.all([
    q<{ kind: string; count: number }>(
      `select kind, count(*)::int as count from feed.notices where body_id = $1 and status = 'published' group by kind`,
    ),
    q<{ category: string; count: number }>(
      `select category, count(*)::int as count from feed.powers where body_id = $1 group by category`,
    ),
    q<{ disclosureRule: boolean; category: string | null; count: number }>(
      `select disclosure_rule as "disclosureRule", category, count(*)::int as count
       from feed.documents where body_id = $1 group by 1, 2`,
    ),
    q<{ n: number }>(`select count(*)::int as n from feed.officers where body_id = $1`),
    q<{ n: number }>(`select count(*)::int as n from feed.consultations where body_id = $1`),
  ]);
  return countByCategory({
    notices,
    powers,
    documents,
    officers: officers[0]?.n ?? 0,
    consultations: consultations[0]?.n ?? 0,
  });
}

function categoryView(c: StatutoryCategory, count: number): OpennessCategory {
  return {
    id: c.id as StatutoryCategoryId,
    item: c.item,
    marker: c.marker,
    title: c.title,
    basis: c.basis,
    retention: c.retention,
    retentionLabel: RETENTION_LABELS[c.retention],
    count,
  };
}

async function guideOf(deps: DocumentReadDeps, bodyId: string): Promise<OpennessGuide | null> {
  const { rows } = await deps.db.query<{ view: OpennessGuide }>(`select view from feed.guides where body_id = $1`, [
    bodyId,
  ]);
  const v = rows[0]?.view;
  return v ? { version: v.version, text: v.text, updatedAt: v.updatedAt, versions: v.versions } : null;
}

/** The body's 公开制度 documents, newest first, with their status today. */
async function rulesOf(deps: DocumentReadDeps, bodyId: string) {
  const { rows } = await deps.db.query<{ view: PublicDocument }>(
    `select view from feed.documents where body_id = $1 and disclosure_rule
     order by published_at desc, id desc limit ${RULES_SHOWN}`,
    [bodyId],
  );
  const today = todayOf(deps);
  return rows.map(({ view: v }) => {
    const { validity } = withStatus(v, today);
    return {
      id: v.id,
      title: v.title,
      docNumber: v.docNumber,
      publishedOn: v.publishedOn,
      status: validity.status,
      statusLabel: validity.label,
    };
  });
}

/** The body's published annual reports, newest year first. */
async function reportsOf(deps: DocumentReadDeps, bodyId: string): Promise<OpennessReport[]> {
  const { rows } = await deps.db.query<{ view: OpennessReport }>(
    `select view from feed.reports where body_id = $1 order by year desc, published_at desc, id`,
    [bodyId],
  );
  return rows.map(({ view: r }) => ({
    id: r.id,
    kind: r.kind,
    year: r.year,
    title: r.title,
    publishedOn: r.publishedOn,
    htmlUrl: r.htmlUrl,
  }));
}

/** The platform of one body: its four sections, in order (404 for a body the register does not have). */
export async function bodyOpenness(deps: DocumentReadDeps, id: string): Promise<BodyOpenness> {
  const body = await bodyOf(deps, id);
  const [counts, guide, documents, reports] = await Promise.all([
    recordCounts(deps, id),
    guideOf(deps, id),
    rulesOf(deps, id),
    reportsOf(deps, id),
  ]);
  const sections = PLATFORM_SECTIONS.map((s): OpennessSection => {
    const head = { title: s.title, basis: s.basis };
    switch (s.id) {
      case "guide":
        return { id: s.id, ...head, guide };
      case "rules":
        return { id: s.id, ...head, documents, total: counts.rules };
      case "statutory":
        return {
          id: s.id,
          ...head,
          categories: STATUTORY_CATEGORIES.map((c) => categoryView(c, counts.categories[c.id])),
        };
      case "annual_reports":
        return {
          id: s.id,
          ...head,
          reports,
          requestStatsUrl: `/api/public/request-stats?bodyId=${encodeURIComponent(id)}`,
        };
    }
  });
  return { body, sections };
}

/** Offsets as cursors: the list is ordered by kind, then date. */
function offsetOf(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const key = decodeCursor(cursor, (k) => /^\d{1,7}$/.test(k));
  if (key === undefined) throw fieldProblem("cursor", "BAD_CURSOR", "the cursor is not one this list issued");
  return Number(key);
}

const ITEM_COLUMNS = ["id", "title", "detail", "date", "facet", "rule"];

/**
 * One SQL part per kind of record the category holds, each giving (kind, id, title, detail, date,
 * and the facts its retention depends on), filtered by `placeOf`'s selection. $1 is the body.
 */
function categoryParts(id: StatutoryCategoryId, values: unknown[]): string[] {
  const sel = categorySelection(id);
  const param = (v: unknown) => {
    values.push(v);
    return `$${values.length}`;
  };
  const parts: string[] = [];
  /** One kind's rows: its (id, title, detail, date, facet, rule) expressions, from and where. */
  const row = (kind: OpennessItemKind, columns: string[], from: string) =>
    `select '${kind}'::text as kind, ${OPENNESS_ITEM_KINDS.indexOf(kind)} as rank, ${columns
      .map((c, i) => `${c} as ${ITEM_COLUMNS[i]}`)
      .join(", ")} from ${from}`;
  if (sel.body) {
    parts.push(
      row(
        "body",
        ["id", "name", "credit_code", "null::text", "null::text", "null::boolean"],
        "feed.bodies where id = $1",
      ),
    );
  }
  if (sel.documentFilings.length) {
    const rules = param(sel.documentFilings.map((f) => f.disclosureRule));
    const categories = param(sel.documentFilings.map((f) => f.category ?? ""));
    parts.push(
      row(
        "document",
        ["id", "title", "doc_number", "published_on::text", "category", "disclosure_rule"],
        `feed.documents where body_id = $1 and (disclosure_rule, coalesce(category, '')) in
           (select * from unnest(${rules}::boolean[], ${categories}::text[]))`,
      ),
    );
  }
  if (sel.powerCategories.length) {
    parts.push(
      row(
        "power",
        ["id", "name", "code", "null::text", "category", "null::boolean"],
        `feed.powers where body_id = $1 and category = any(${param(sel.powerCategories)}::text[])`,
      ),
    );
  }
  if (sel.noticeKinds.length) {
    parts.push(
      row(
        "notice",
        ["id", "title", "decision_no", "published_on::text", "kind", "null::boolean"],
        `feed.notices where body_id = $1 and status = 'published' and kind = any(${param(sel.noticeKinds)}::text[])`,
      ),
    );
  }
  if (sel.consultations) {
    parts.push(
      row(
        "consultation",
        ["id", "title", "null::text", "opens_on::text", "null::text", "null::boolean"],
        "feed.consultations where body_id = $1",
      ),
    );
  }
  if (sel.officers) {
    parts.push(
      row(
        "officer",
        ["id", "name", "certificate_no", "null::text", "null::text", "null::boolean"],
        "feed.officers where body_id = $1",
      ),
    );
  }
  return parts;
}

interface ItemRow {
  kind: OpennessItemKind;
  id: string;
  title: string;
  detail: string | null;
  date: string | null;
  facet: string | null;
  rule: boolean | null;
}

/**
 * The body's public records under one category of Art. 20, by kind (the body, documents, powers,
 * notices, consultations, officers) and newest first within a kind; 404 for an unknown category.
 */
export async function categoryRecords(
  deps: DocumentReadDeps,
  p: OpennessCategoryParams,
): Promise<OpennessCategoryPage> {
  if (!isStatutoryCategoryId(p.categoryId)) throw new NotFoundError("Category", p.categoryId);
  const category = STATUTORY_CATEGORIES.find((c) => c.id === p.categoryId) as StatutoryCategory;
  const body = await bodyOf(deps, p.id);
  const limit = p.limit ?? DEFAULT_LIMIT;
  const offset = offsetOf(p.cursor);
  const values: unknown[] = [p.id];
  const parts = categoryParts(p.categoryId, values);
  if (!parts.length) return { body, category: categoryView(category, 0), items: [], nextCursor: null, total: 0 };
  const all = `(${parts.join("\nunion all\n")}) x`;
  const kindFilter = p.kind ? `where x.kind = $${values.push(p.kind)}` : "";
  const [listed, counted] = await Promise.all([
    deps.db.query<ItemRow>(
      `select kind, id, title, detail, date, facet, rule from ${all} ${kindFilter}
       order by rank, date desc nulls last, id limit $${values.length + 1} offset $${values.length + 2}`,
      [...values, limit + 1, offset],
    ),
    deps.db.query<{ kind: string; n: number }>(
      `select kind, count(*)::int as n from ${all} group by kind`,
      values.slice(0, p.kind ? -1 : undefined),
    ),
  ]);
  const total = counted.rows.reduce((sum, r) => sum + r.n, 0);
  const shown = p.kind ? (counted.rows.find((r) => r.kind === p.kind)?.n ?? 0) : total;
  const items = listed.rows.map((r): OpennessItem => {
    const retention = retentionOfItem(r.kind, { category: r.facet, disclosureRule: r.rule });
    return {
      kind: r.kind,
      kindLabel: OPENNESS_ITEM_KIND_LABELS[r.kind],
      id: r.id,
      title: r.title,
      detail: r.detail,
      date: r.date,
      retention,
      retentionLabel: RETENTION_LABELS[retention],
    };
  });
  const numbered = toPage(
    items.map((item, i) => ({ item, n: offset + i + 1 })),
    limit,
    (x) => String(x.n),
  );
  return {
    body,
    category: categoryView(category, total),
    items: numbered.items.map((x) => x.item),
    nextCursor: numbered.nextCursor,
    total: shown,
  };
}
