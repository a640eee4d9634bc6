/**
 * What the public reads: a body's published reports (and whether last year's is overdue), one
 * report as JSON, its CSV in the form's words (UTF-8 with BOM) and its signed PDF; and, for the
 * feed, the outbox of publications.
 */
import type { Readable } from "node:stream";
import { call, type EventsSinceParams } from "../../../lib/contract.js";
import { dependencyCall, NotFoundError } from "../../../lib/errors.js";
import { outboxAfter } from "../../../lib/outbox.js";
import { pastReportYear, reportDeadline, tablesCsv } from "../../../shared/reports.js";
import { notices } from "../../notices/contract.js";
import type { ListReportsParams, PublicReport, PublicReportKey, PublicReportList, ReportsChange } from "../contract.js";
import { AnnualReport, REPORT_KINDS, ReportsEvent } from "../entities.js";
import { printed, type Counted } from "./counted.js";
import { todayOf, type ReportsDeps } from "./deps.js";
import { publicReport, reportTitle } from "./views.js";

async function published(deps: ReportsDeps, p: PublicReportKey): Promise<AnnualReport> {
  const r = await deps.em().findOne(AnnualReport, { ...p, status: "published" });
  if (!r) throw new NotFoundError("Report");
  return r;
}

export async function publicGet(deps: ReportsDeps, p: PublicReportKey): Promise<PublicReport> {
  return publicReport(deps.publicBaseUrl, await published(deps, p));
}

export async function publicCsv(deps: ReportsDeps, p: PublicReportKey): Promise<{ text: string; filename: string }> {
  const r = await published(deps, p);
  const shown = printed(r.counted as Counted, r);
  const tables = shown.sections.flatMap((s) => (s.table ? [s.table] : []));
  return { text: `\uFEFF${shown.title}\r\n\r\n${tablesCsv(tables)}`, filename: `report-${r.kind}-${r.year}.csv` };
}

export async function publicPdf(
  deps: ReportsDeps,
  p: PublicReportKey,
): Promise<{ stream: Readable; headers: Record<string, string> }> {
  const r = await published(deps, p);
  if (!r.letterId) throw new NotFoundError("Report PDF");
  const stream = (await dependencyCall("notices", () =>
    call(deps.caller, notices.letterPdf, { letterId: r.letterId as string }),
  )) as unknown as Readable;
  return {
    stream,
    headers: {
      "Content-Disposition": `inline; filename="report-${r.kind}-${r.year}.pdf"`,
      "Cache-Control": "public, max-age=300",
      ETag: `"${r.sha256}"`,
    },
  };
}

/**
 * Published reports, newest first (by body, by year); with a body named, also last year's reports
 * not yet published, so the portal can say they are overdue after 31 January.
 */
export async function publicList(deps: ReportsDeps, p: ListReportsParams): Promise<PublicReportList> {
  const where: Record<string, unknown> = { status: "published" };
  if (p.bodyId) where.bodyId = p.bodyId;
  if (p.year) where.year = p.year;
  const rows = await deps
    .em()
    .find(AnnualReport, where, { orderBy: { year: "desc", kind: "asc", bodyName: "asc" }, limit: 500 });
  const today = todayOf(deps);
  const items: PublicReportList["items"] = rows.map((r) => ({
    id: r.id,
    bodyId: r.bodyId,
    bodyName: r.bodyName,
    kind: r.kind,
    year: r.year,
    title: reportTitle(r),
    publishedOn: r.publishedOn,
    published: true,
    deadline: reportDeadline(r.year, today, r.publishedOn),
  }));
  const past = pastReportYear(today);
  if (p.bodyId && (!p.year || p.year === past)) {
    for (const kind of REPORT_KINDS) {
      if (rows.some((r) => r.kind === kind && r.year === past)) continue;
      const deadline = reportDeadline(past, today, null);
      if (!deadline.overdue) continue;
      items.push({
        id: "",
        bodyId: p.bodyId,
        bodyName: "",
        kind,
        year: past,
        title: "",
        publishedOn: null,
        published: false,
        deadline,
      });
    }
  }
  return { items };
}

export async function eventsSince(deps: ReportsDeps, p: EventsSinceParams): Promise<ReportsChange[]> {
  const em = deps.em();
  const events = await outboxAfter(em, ReportsEvent, p);
  const rows = await em.find(AnnualReport, { id: { $in: [...new Set(events.map((e) => e.reportId))] } });
  const byId = new Map(rows.map((r) => [r.id, r]));
  return events.map((e) => {
    const r = byId.get(e.reportId);
    return {
      seq: String(e.seq),
      id: e.reportId,
      view: r && r.status === "published" ? publicReport(deps.publicBaseUrl, r) : null,
    };
  });
}
