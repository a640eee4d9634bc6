/** Published annual reports from the read model: the portal's register and pages, and the Atom feed. */
import { NotFoundError } from "../../../lib/errors.js";
import type { PublicReport } from "../../reports/contract.js";
import { atomDocument, feedUrl, WEBSUB_PATH } from "../../../shared/atom.js";
import type { Queryable } from "../search.js";

export interface ReportReadDeps {
  db: Queryable;
  publicBaseUrl: string;
}

const KIND_LABELS: Record<string, string> = {
  "gov-info": "政府信息公开工作年度报告",
  enforcement: "行政执法年度数据",
};

/** Atom 1.0 of published annual reports, newest first. */
export async function reportAtom(deps: ReportReadDeps, p: { bodyId?: string; limit?: number }): Promise<string> {
  const values: unknown[] = [];
  let filter = "";
  if (p.bodyId) {
    values.push(p.bodyId);
    filter = "where body_id = $1";
  }
  values.push(p.limit ?? 50);
  const { rows } = await deps.db.query<{
    id: string;
    kind: string;
    year: number;
    title: string;
    published_at: Date;
    view: { bodyName?: string };
  }>(
    `select id, kind, year, title, published_at, view from feed.reports ${filter}
     order by published_at desc, id desc limit $${values.length}`,
    values,
  );
  const base = deps.publicBaseUrl;
  const self = feedUrl(base, "/api/public/reports.atom", p);
  return atomDocument({
    id: self,
    title: "年度报告",
    subtitle: "政府信息公开工作年度报告和行政执法年度数据",
    self,
    hub: `${base}${WEBSUB_PATH}`,
    site: `${base}/reports`,
    language: "zh-CN",
    rights: "依法公开的政府信息",
    generator: "执法公示",
    entries: rows.map((r) => ({
      id: `urn:uuid:${r.id}`,
      title: r.title,
      link: `${base}/reports/${r.id}`,
      updated: new Date(r.published_at),
      published: new Date(r.published_at),
      summary: `${r.year}年${KIND_LABELS[r.kind] ?? ""}`,
      author: r.view.bodyName ?? "",
      category: KIND_LABELS[r.kind] ?? "年度报告",
    })),
  });
}

/** Published reports, newest first, by body and year (the portal's register). */
export async function listReports(
  deps: ReportReadDeps,
  p: { bodyId?: string; year?: number },
): Promise<{ items: PublicReport[] }> {
  const values: unknown[] = [];
  const where: string[] = [];
  if (p.bodyId) {
    values.push(p.bodyId);
    where.push(`body_id = $${values.length}`);
  }
  if (p.year) {
    values.push(p.year);
    where.push(`year = $${values.length}`);
  }
  const { rows } = await deps.db.query<{ view: PublicReport }>(
    `select view from feed.reports ${where.length ? `where ${where.join(" and ")}` : ""}
     order by year desc, published_at desc, id limit 500`,
    values,
  );
  return { items: rows.map((r) => r.view) };
}

/** One published report (404 when the feed has none). */
export async function getReport(deps: ReportReadDeps, p: { id: string }): Promise<PublicReport> {
  const { rows } = await deps.db.query<{ view: PublicReport }>(`select view from feed.reports where id = $1`, [p.id]);
  const found = rows[0];
  if (!found) throw new NotFoundError("Report", p.id);
  return found.view;
}
