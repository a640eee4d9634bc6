/**
 * The background work of imports, on every replica: (1) jobs — a queued job, or a running one whose
 * runner stopped renewing its lease (a crash, a restart), is claimed with `for update skip locked`
 * so two replicas never take the same one, then its unfinished rows are mapped and recorded a batch
 * at a time, each batch's outcomes and the job's counts written in one transaction; (2) notices —
 * the imported rows' notices are issued (rendered and signed behind every live notice, a bounded
 * number at once), each row leased while it is, so a crashed renderer's rows are taken up again.
 */
import { call } from "../../../lib/contract.js";
import { mapRow, rowReason, columnSet, type ImportedDecision, type RowProblem } from "../../../shared/imports.js";
import { notices } from "../../notices/contract.js";
import { resultImports, type ImportedRow } from "../../results/import-contract.js";
import { ImportJob } from "../entities.js";
import { storeRows } from "./start.js";
import { todayOf, type ImportsDeps } from "./deps.js";

/** Rows recorded per batch (one call to the results service, one transaction here). */
export const BATCH = 500;
/** How long a notice is held while it is issued before another runner may take it up. */
const NOTICE_LEASE_SECONDS = 600;

/** Claims the oldest job that is queued or whose runner is gone; undefined when there is none. */
export async function claimJob(deps: ImportsDeps): Promise<string | undefined> {
  const rows: { id: string }[] = await deps
    .em()
    .getConnection()
    .execute(
      `update "imports"."jobs" set status = 'running', lease_until = now() + make_interval(secs => ${deps.settings.leaseSeconds}),
         started_at = coalesce(started_at, now()), updated_at = now()
       where id = (select id from "imports"."jobs"
                   where status = 'queued' or (status = 'running' and lease_until < now())
                   order by created_at limit 1 for update skip locked)
       returning id`,
    );
  return rows[0]?.id;
}

interface Outcome {
  line: number;
  outcome: string;
  problem_field: string | null;
  problem_type: string | null;
  problem_message: string | null;
  result_id: string | null;
  notice_state: "due" | null;
  public_until: string | null;
}

function refusal(line: number, problems: RowProblem[]): Outcome {
  return {
    line,
    outcome: "refused",
    problem_field: problems.map((p) => p.field).join(","),
    problem_type: problems[0]?.type ?? null,
    problem_message: problems.map(rowReason).join("；"),
    result_id: null,
    notice_state: null,
    public_until: null,
  };
}

/** Records one batch of a job's unfinished rows; false when none was left (the job is then done). */
export async function runBatch(deps: ImportsDeps, job: ImportJob): Promise<boolean> {
  const conn = deps.em().getConnection();
  const pending: { line: number; cells: string[] }[] = await conn.execute(
    `select line, cells from "imports"."rows" where job_id = ? and outcome is null order by line limit ?`,
    [job.id, BATCH],
  );
  if (pending.length === 0) return false;
  const set = columnSet(job.header);
  if (!set) throw new Error(`import ${job.id}: its header is no longer a known column set`);
  const today = todayOf(deps);
  const outcomes: Outcome[] = [];
  const valid: { line: number; decision: ImportedDecision }[] = [];
  for (const row of pending) {
    const mapped = mapRow(set, row.cells, today);
    if (mapped.decision) valid.push({ line: row.line, decision: mapped.decision });
    else outcomes.push(refusal(row.line, mapped.problems));
  }
  if (valid.length) {
    const { rows } = await call(deps.caller, resultImports.importRecords, {
      importId: job.id,
      bodyId: job.bodyId,
      bodyName: job.bodyName,
      bodyCreditCode: job.bodyCreditCode,
      userId: job.createdBy,
      dryRun: job.dryRun,
      rows: valid,
    });
    const publicUntil = new Map(valid.map((v) => [v.line, v.decision.publicUntil ?? null]));
    for (const r of rows as ImportedRow[]) {
      if (r.problem) {
        outcomes.push(refusal(r.line, [r.problem]));
        continue;
      }
      outcomes.push({
        line: r.line,
        outcome: r.outcome,
        problem_field: null,
        problem_type: null,
        problem_message: null,
        result_id: r.resultId ?? null,
        notice_state: r.noticeDue && !job.dryRun ? "due" : null,
        public_until: publicUntil.get(r.line) ?? null,
      });
    }
  }
  const failed = outcomes.filter((o) => o.outcome === "refused").length;
  const due = outcomes.filter((o) => o.notice_state === "due").length;
  await deps.em().transactional(async (em) => {
    const tx = em.getConnection();
    await tx.execute(
      `update "imports"."rows" r set outcome = v.outcome, problem_field = v.problem_field,
         problem_type = v.problem_type, problem_message = v.problem_message, result_id = v.result_id,
         notice_state = v.notice_state, public_until = v.public_until::date
       from jsonb_to_recordset(?::jsonb) as v(line int, outcome text, problem_field text, problem_type text,
         problem_message text, result_id text, notice_state text, public_until text)
       where r.job_id = ? and r.line = v.line and r.outcome is null`,
      [JSON.stringify(outcomes), job.id],
      "run",
      em.getTransactionContext(),
    );
    await tx.execute(
      `update "imports"."jobs" set done = done + ?, failed = failed + ?, notices_due = notices_due + ?,
         lease_until = now() + make_interval(secs => ${deps.settings.leaseSeconds}), updated_at = now()
       where id = ?`,
      [outcomes.length, failed, due, job.id],
      "run",
      em.getTransactionContext(),
    );
  });
  return true;
}

/** Runs a claimed job to its end: its rows stored (once), batch after batch recorded, then done. */
export async function runJob(deps: ImportsDeps, id: string): Promise<void> {
  const job = await deps.em().findOneOrFail(ImportJob, { id });
  await storeRows(deps, job);
  while (await runBatch(deps, job));
  await deps
    .em()
    .getConnection()
    .execute(
      `update "imports"."jobs" set status = 'done', finished_at = now(), lease_until = null, updated_at = now() where id = ?`,
      [id],
    );
}

/** Issues a few due notices (each row leased while it is); answers how many were issued. */
export async function issueDueNotices(deps: ImportsDeps, log: { warn(...a: unknown[]): void }): Promise<number> {
  const claimed: { job_id: string; line: number; result_id: string; public_until: string | null }[] = await deps
    .em()
    .getConnection()
    .execute(
      `update "imports"."rows" set notice_lease = now() + interval '${NOTICE_LEASE_SECONDS} seconds'
       where (job_id, line) in (select job_id, line from "imports"."rows"
                                where notice_state = 'due' and (notice_lease is null or notice_lease < now())
                                order by job_id, line limit ? for update skip locked)
       returning job_id, line, result_id, to_char(public_until, 'YYYY-MM-DD') as public_until`,
      [claimLimit(deps)],
    );
  let issued = 0;
  const queue = [...claimed];
  const worker = async () => {
    for (let row = queue.shift(); row; row = queue.shift()) {
      try {
        await call(deps.caller, resultImports.publishImported, {
          resultId: row.result_id,
          ...(row.public_until ? { publicUntil: row.public_until } : {}),
        });
        await deps
          .em()
          .getConnection()
          .execute(
            `with d as (update "imports"."rows" set notice_state = 'done', notice_lease = null
                        where job_id = ? and line = ? and notice_state = 'due' returning job_id)
             update "imports"."jobs" set notices_done = notices_done + (select count(*) from d), updated_at = now()
             where id = ?`,
            [row.job_id, row.line, row.job_id],
          );
        issued++;
      } catch (err) {
        // Left due: taken up again once its lease runs out.
        log.warn(`import ${row.job_id} line ${row.line}: its notice could not be issued yet`, err);
      }
    }
  };
  await Promise.all(Array.from({ length: deps.settings.noticeConcurrency }, worker));
  // Historic records whose publicity period is over are held as the platform holds them today:
  // expired (notices.expire marks them, 500 at a time), once the due notices are all issued.
  if (issued > 0 && claimed.length < claimLimit(deps)) {
    while ((await call(deps.caller, notices.expire, {})).expired >= 500);
  }
  return issued;
}

const claimLimit = (deps: ImportsDeps) => deps.settings.noticeConcurrency * 4;
