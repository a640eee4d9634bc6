/** Reading imports back: a job's progress and outcomes, its rows page by page, the report of refused rows. */
import { bodyFor, type SessionUser } from "../../../lib/auth.js";
import { errorReportCsv, type RowOutcome } from "../../../shared/imports.js";
import type { ImportJobView, ImportRowView, RowsParams } from "../contract.js";
import { ImportJob, ImportRow } from "../entities.js";
import { loadJob, type ImportsDeps } from "./deps.js";

async function outcomesOf(deps: ImportsDeps, jobId: string): Promise<Partial<Record<RowOutcome, number>>> {
  const counted: { outcome: RowOutcome; n: string }[] = await deps
    .em()
    .getConnection()
    .execute(
      `select outcome, count(*) as n from "imports"."rows" where job_id = ? and outcome is not null group by outcome`,
      [jobId],
    );
  return Object.fromEntries(counted.map((c) => [c.outcome, Number(c.n)]));
}

function jobView(job: ImportJob, outcomes: Partial<Record<RowOutcome, number>>): ImportJobView {
  return {
    id: job.id,
    bodyId: job.bodyId,
    bodyName: job.bodyName,
    kind: job.kind,
    dryRun: job.dryRun,
    status: job.status,
    format: job.format,
    encoding: job.encoding,
    filename: job.filename,
    sha256: job.sha256,
    total: job.total,
    done: job.done,
    failed: job.failed,
    outcomes,
    notices: { due: job.noticesDue, done: job.noticesDone },
    ...(job.failed > 0 ? { errorsUrl: `/api/imports/${job.id}/errors.csv` } : {}),
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}

export async function getJob(deps: ImportsDeps, user: SessionUser, id: string): Promise<ImportJobView> {
  const job = await loadJob(deps, user, id);
  return jobView(job, await outcomesOf(deps, id));
}

/** The body's latest fifty imports, newest first (an administrator: every body's, or the one named). */
export async function listJobs(
  deps: ImportsDeps,
  user: SessionUser,
  p: { bodyId?: string },
): Promise<{ items: ImportJobView[] }> {
  const where = user.role === "admin" && !p.bodyId ? {} : { bodyId: bodyFor(user, p.bodyId) };
  const jobs = await deps.em().find(ImportJob, where, { orderBy: { createdAt: "desc" }, limit: 50 });
  return { items: jobs.map((j) => jobView(j, {})) };
}

export async function listRows(
  deps: ImportsDeps,
  user: SessionUser,
  p: RowsParams,
): Promise<{ items: ImportRowView[]; nextCursor: string | null }> {
  await loadJob(deps, user, p.id);
  const limit = p.limit ?? 100;
  const rows = await deps.em().find(
    ImportRow,
    {
      jobId: p.id,
      line: { $gt: p.cursor ? Number(p.cursor) : 0 },
      ...(p.outcome ? { outcome: p.outcome } : {}),
    },
    { orderBy: { line: "asc" }, limit: limit + 1, fields: rowFields },
  );
  const items = rows.slice(0, limit).map((r): ImportRowView => ({
    line: r.line,
    decisionNo: r.decisionNo,
    outcome: r.outcome,
    field: r.problemField,
    type: r.problemType,
    reason: r.problemMessage,
    resultId: r.resultId,
  }));
  return { items, nextCursor: rows.length > limit ? String(items.at(-1)?.line) : null };
}

const rowFields = [
  "jobId",
  "line",
  "decisionNo",
  "outcome",
  "problemField",
  "problemType",
  "problemMessage",
  "resultId",
] as const;

/** The refused rows as CSV, in line order. */
export async function errorReport(
  deps: ImportsDeps,
  user: SessionUser,
  id: string,
): Promise<{ text: string; filename: string }> {
  await loadJob(deps, user, id);
  const rows = await deps
    .em()
    .find(ImportRow, { jobId: id, outcome: "refused" }, { orderBy: { line: "asc" }, fields: rowFields });
  const text = errorReportCsv(
    rows.map((r) => ({
      line: r.line,
      decisionNo: r.decisionNo,
      field: r.problemField ?? "",
      reason: r.problemMessage ?? "",
    })),
  );
  return { text, filename: `import-${id}-errors.csv` };
}
