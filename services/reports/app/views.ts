/** The report's views: the officer's (draft or published), the public's, a list item. */
import { reportDeadline, type DisclosureNarrative } from "../../../shared/reports.js";
import type { PublicReport, ReportItem, ReportView } from "../contract.js";
import type { AnnualReport } from "../entities.js";
import { printed, type Counted } from "./counted.js";

export const EMPTY_NARRATIVE: DisclosureNarrative = { overview: "", problems: "", other: "" };

const KIND_TITLES = { "gov-info": "政府信息公开工作年度报告", enforcement: "行政执法年度数据" } as const;

export function reportTitle(r: Pick<AnnualReport, "bodyName" | "year" | "kind">): string {
  return `${r.bodyName}${r.year}年${KIND_TITLES[r.kind]}`;
}

/** Where the public reads a report (the portal page, its CSV and PDF). */
export function reportUrls(publicBaseUrl: string, r: Pick<AnnualReport, "id" | "kind" | "year" | "bodyId">) {
  const api = `${publicBaseUrl}/api/public/reports/${r.kind}/${r.year}`;
  const query = `?bodyId=${encodeURIComponent(r.bodyId)}`;
  return { htmlUrl: `${publicBaseUrl}/reports/${r.id}`, csvUrl: `${api}.csv${query}`, pdfUrl: `${api}/pdf${query}` };
}

export function reportView(publicBaseUrl: string, r: AnnualReport, today: string): ReportView {
  const p = printed(r.counted as Counted, r);
  const urls = reportUrls(publicBaseUrl, r);
  return {
    id: r.id,
    bodyId: r.bodyId,
    bodyName: r.bodyName,
    kind: r.kind,
    year: r.year,
    title: p.title,
    status: r.status,
    publishedAt: r.publishedAt?.toISOString() ?? null,
    publishedOn: r.publishedOn,
    sections: p.sections,
    data: p.data,
    verifyCode: r.verifyCode,
    sha256: r.sha256,
    htmlUrl: urls.htmlUrl,
    csvUrl: urls.csvUrl,
    pdfUrl: r.letterId ? urls.pdfUrl : null,
    narrative: { ...EMPTY_NARRATIVE, ...r.narrative },
    overrides: p.overrides,
    problems: p.problems,
    countedAt: r.countedAt.toISOString(),
    deadline: reportDeadline(r.year, today, r.publishedOn),
  };
}

/** A published report as the public reads it: no corrections, no problems, no drafting state. */
export function publicReport(publicBaseUrl: string, r: AnnualReport): PublicReport {
  const p = printed(r.counted as Counted, r);
  const urls = reportUrls(publicBaseUrl, r);
  return {
    id: r.id,
    bodyId: r.bodyId,
    bodyName: r.bodyName,
    kind: r.kind,
    year: r.year,
    title: p.title,
    publishedAt: (r.publishedAt as Date).toISOString(),
    publishedOn: r.publishedOn as string,
    updatedAt: (r.publishedAt as Date).toISOString(),
    sections: p.sections,
    data: p.data,
    verifyCode: r.verifyCode,
    sha256: r.sha256,
    htmlUrl: urls.htmlUrl,
    csvUrl: urls.csvUrl,
    pdfUrl: r.letterId ? urls.pdfUrl : null,
  };
}

export function reportItem(r: AnnualReport, today: string): ReportItem {
  return {
    id: r.id,
    bodyId: r.bodyId,
    bodyName: r.bodyName,
    kind: r.kind,
    year: r.year,
    title: reportTitle(r),
    status: r.status,
    publishedOn: r.publishedOn,
    deadline: reportDeadline(r.year, today, r.publishedOn),
  };
}
