/**
 * Starting an import: the file is read and checked as a whole — readable (CSV in UTF-8 or GBK, or
 * XLSX), a known column set, at least one row and not too many — before anything is kept (422
 * otherwise); then the job and its rows are stored in one transaction and the runner is nudged.
 * A 文书号 given twice in the file: its later rows are refused at once (one record per 文书号).
 */
import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import { assertActsForBody, type SessionUser } from "../../../lib/auth.js";
import { call } from "../../../lib/contract.js";
import { dependencyCall, fieldProblem, type ProblemValues } from "../../../lib/errors.js";
import { readUploadedFile } from "../../../lib/uploads.js";
import { columnSet, requiredColumns, rowDecisionNo, rowReason } from "../../../shared/imports.js";
import { newId } from "../../../shared/ids.js";
import { readTable, TableError } from "../../../shared/tabular.js";
import { duties } from "../../duties/contract.js";
import type { StartImportParams } from "../contract.js";
import { ImportJob, ImportRow } from "../entities.js";
import { bodyFor, type ImportsDeps } from "./deps.js";

const INSERT_CHUNK = 1000;

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
  let table;
  try {
    table = readTable(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
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
  const max = deps.settings.maxRows;
  if (rows.length > max) throw fieldProblem("body", "IMPORT_TOO_MANY_ROWS", `at most ${max} rows`, { max });

  const id = newId();
  const now = deps.now();
  const seen = new Set<string>();
  let duplicates = 0;
  const stored = rows.map((r): ImportRow => {
    const decisionNo = rowDecisionNo(set, r.cells);
    const duplicate = decisionNo !== "" && seen.has(decisionNo);
    seen.add(decisionNo);
    if (duplicate) duplicates++;
    const problem = { field: set.kind === "penalty" ? "CF_WSH" : "XK_WSH", type: "IMPORT_DUPLICATE_IN_FILE" };
    return Object.assign(new ImportRow(), {
      jobId: id,
      line: r.line,
      decisionNo,
      cells: r.cells,
      outcome: duplicate ? "refused" : null,
      problemField: duplicate ? problem.field : null,
      problemType: duplicate ? problem.type : null,
      problemMessage: duplicate ? rowReason({ ...problem, message: "" }) : null,
      resultId: null,
      noticeState: null,
      noticeLease: null,
      publicUntil: null,
    });
  });
  const job = Object.assign(new ImportJob(), {
    id,
    bodyId,
    bodyName: body.name,
    bodyCreditCode: body.creditCode,
    kind: set.kind,
    dryRun: p.dryRun === true,
    status: "queued" as const,
    format: table.format,
    encoding: table.encoding,
    filename: p.name || filename || null,
    header: table.header,
    sha256: createHash("sha256").update(bytes).digest("hex"),
    total: rows.length,
    done: duplicates,
    failed: duplicates,
    noticesDue: 0,
    noticesDone: 0,
    leaseUntil: null,
    createdBy: user.id,
    createdAt: now,
    updatedAt: now,
    startedAt: null,
    finishedAt: null,
  });
  await deps.em().transactional(async (em) => {
    await em.insert(ImportJob, job);
    for (let i = 0; i < stored.length; i += INSERT_CHUNK) {
      await em.insertMany(ImportRow, stored.slice(i, i + INSERT_CHUNK));
    }
  });
  return { id };
}
