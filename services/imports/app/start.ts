/**
 * Starting an import: the file is read and checked as a whole — readable (CSV in UTF-8 or GBK, or
 * XLSX), a known column set, at least one row and not too many — before anything is kept (422
 * otherwise); then the job is stored with the file and the runner nudged (202). The runner stores
 * the rows (storeRows), so a large file is answered within the request timeout.
 */
import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import { assertActsForBody, bodyFor, type SessionUser } from "../../../lib/auth.js";
import { call } from "../../../lib/contract.js";
import { dependencyCall, fieldProblem, type ProblemValues } from "../../../lib/errors.js";
import { readUploadedFile } from "../../../lib/uploads.js";
import { columnSet, requiredColumns, rowDecisionNo, rowReason, type ColumnSet } from "../../../shared/imports.js";
import { newId } from "../../../shared/ids.js";
import { readTable, TableError, type Table } from "../../../shared/tabular.js";
import { duties } from "../../duties/contract.js";
import type { StartImportParams } from "../contract.js";
import { ImportJob, ImportRow } from "../entities.js";
import { type ImportsDeps } from "./deps.js";

/** A file's table, checked whole: its column set and its data rows (blank lines left out). */
export function checkedTable(
  bytes: Uint8Array,
  maxRows: number,
): { table: Table; set: ColumnSet; rows: Table["rows"] } {
  let table;
  try {
    table = readTable(bytes);
  } catch (err) {
    if (err instanceof TableError) {
      throw fieldProblem("body", err.type, err.message, err.values as ProblemValues);
    }
    throw err;
  }
  const set = columnSet(table.header);
  if (!set) {
    const required = `CF: ${requiredColumns("penalty").join(",")}; XK: ${requiredColumns("licence").join(",")}`;
    throw fieldProblem("body", "IMPORT_UNKNOWN_COLUMNS", `the header is neither column set (required ${required})`);
  }
  const rows = table.rows.filter((r) => r.cells.some((c) => c.trim() !== ""));
  if (rows.length === 0) throw fieldProblem("body", "IMPORT_NO_ROWS", "the file has no data rows");
  if (rows.length > maxRows) {
    throw fieldProblem("body", "IMPORT_TOO_MANY_ROWS", `at most ${maxRows} rows`, { max: maxRows });
  }
  return { table, set, rows };
}

export async function startImport(
  deps: ImportsDeps,
  user: SessionUser,
  p: StartImportParams,
  upload: { stream: Readable | undefined; contentType: string | undefined },
): Promise<{ id: string }> {
  const bodyId = bodyFor(user, p.bodyId);
  assertActsForBody(user, p.bodyId ?? bodyId);
  const body = await dependencyCall("duties", () => call(deps.caller, duties.getBody, { id: bodyId }));
  const { bytes, filename } = await readUploadedFile(upload.stream, upload.contentType, deps.settings.maxBytes);
  const { table, set, rows } = checkedTable(
    new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    deps.settings.maxRows,
  );
  const id = newId();
  const now = deps.now();
  const job = Object.assign(new ImportJob(), {
    id,
    bodyId,
    bodyName: body.name,
    bodyCreditCode: body.creditCode,
    kind: set.kind,
    dryRun: p.dryRun === true,
    status: "queued" as const,
    format: table.format,
    // An XLSX has no byte encoding of its own to report (its XML is Unicode).
    encoding: table.encoding ?? "utf-8",
    filename: p.name || filename || null,
    header: table.header,
    file: bytes,
    sha256: createHash("sha256").update(bytes).digest("hex"),
    total: rows.length,
    done: 0,
    failed: 0,
    noticesDue: 0,
    noticesDone: 0,
    leaseUntil: null,
    createdBy: user.id,
    createdAt: now,
    updatedAt: now,
    startedAt: null,
    finishedAt: null,
  });
  await deps.em().insert(ImportJob, job);
  return { id };
}

const INSERT_CHUNK = 1000;

/**
 * Stores the rows of a claimed job whose file is still kept, in one transaction with the file
 * emptied: a 文书号 given twice in the file has its later rows refused at once (one record per 文书号).
 * A runner that dies before it commits leaves the job as it was, for the next one.
 */
export async function storeRows(deps: ImportsDeps, job: ImportJob): Promise<void> {
  const conn = deps.em().getConnection();
  const [kept] = await conn.execute<{ file: Buffer | null }[]>(`select file from "imports"."jobs" where id = ?`, [
    job.id,
  ]);
  if (!kept?.file) return;
  const { set, rows } = checkedTable(new Uint8Array(kept.file), Number.MAX_SAFE_INTEGER);
  const seen = new Set<string>();
  let duplicates = 0;
  const problem = { field: set.kind === "penalty" ? "CF_WSH" : "XK_WSH", type: "IMPORT_DUPLICATE_IN_FILE" };
  const reason = rowReason({ ...problem, message: "" });
  const stored = rows.map((r): ImportRow => {
    const decisionNo = rowDecisionNo(set, r.cells);
    const duplicate = decisionNo !== "" && seen.has(decisionNo);
    seen.add(decisionNo);
    if (duplicate) duplicates++;
    return Object.assign(new ImportRow(), {
      jobId: job.id,
      line: r.line,
      decisionNo,
      cells: r.cells,
      outcome: duplicate ? "refused" : null,
      problemField: duplicate ? problem.field : null,
      problemType: duplicate ? problem.type : null,
      problemMessage: duplicate ? reason : null,
      resultId: null,
      noticeState: null,
      noticeLease: null,
      publicUntil: null,
    });
  });
  await deps.em().transactional(async (em) => {
    for (let i = 0; i < stored.length; i += INSERT_CHUNK) {
      await em.insertMany(ImportRow, stored.slice(i, i + INSERT_CHUNK));
    }
    await em
      .getConnection()
      .execute(
        `update "imports"."jobs" set file = null, done = done + ?, failed = failed + ?, updated_at = now() where id = ?`,
        [duplicates, duplicates, job.id],
        "run",
        em.getTransactionContext(),
      );
  });
}
