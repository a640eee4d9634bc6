/**
 * Bulk data (issue 20): every public table of the read model as whole files — `.csv.gz` (RFC 4180,
 * UTF-8 with BOM, newlines inside values quoted) and `.jsonl.gz` (one public record a line, as the API
 * answers it) — plus, from the second run on, the rows that changed since the run before (a delta:
 * every table row carries the outbox sequence of its last change). Files go to object storage under
 * `bulk/`; `bulk/index.json` lists them. Only the newest full set is kept; deltas for 90 days.
 *
 * A run reads one snapshot (a repeatable-read transaction), a batch of rows at a time, and writes each
 * file through gzip to a temporary file first (its size and SHA-256 known before the upload): memory
 * stays flat whatever the table's size. One run at a time across feed replicas (an advisory lock).
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { createGzip } from "node:zlib";
import type pg from "pg";
import type { Storage } from "../../../lib/storage.js";
import { NotFoundError } from "../../../lib/errors.js";
import { chinaToday } from "../../../shared/dates.js";
import {
  BULK_TABLES,
  bulkFileName,
  keptFiles,
  type BulkFile,
  type BulkFormat,
  type BulkIndex,
  type BulkKind,
  type BulkTable,
} from "../../../shared/bulk.js";
import { withStatus } from "./documents.js";
import { noticeDetail } from "./notices.js";
import { COLUMNS, type NoticeRow } from "../search.js";
import { csvCell } from "../../../shared/csv-cell.js";
import { csvHeader, csvRow } from "../csv.js";
import { BULK_COLUMNS } from "../bulk-columns.js";

export interface BulkDeps {
  db: pg.Pool;
  storage: Storage;
  publicBaseUrl: string;
  log: { info(...args: unknown[]): void; warn(...args: unknown[]): void };
  now?: () => Date;
}

const INDEX_KEY = "bulk/index.json";
const BATCH = 1000;

/** How one table is read (its rows with `id` and `seq`) and each row as its public record. */
interface TableSource {
  select: string;
  /** CSV columns: the record's fields in this order (nested values as JSON). */
  columns: readonly string[];
  record(row: Record<string, unknown>, ctx: RecordContext): Record<string, unknown> | undefined;
}

interface RecordContext {
  publicBaseUrl: string;
  today: string;
}

const VIEW = (row: Record<string, unknown>) => row.view as Record<string, unknown>;
const view = (table: BulkTable): TableSource => ({
  select: `select id, view, seq from feed.${table}`,
  columns: BULK_COLUMNS[table],
  record: VIEW,
});

const NOTICES = `select ${COLUMNS} from feed.notices`;

const SOURCES: Record<BulkTable, TableSource> = {
  notices: {
    select: NOTICES,
    columns: BULK_COLUMNS.notices,
    record: (row, { publicBaseUrl }) =>
      noticeDetail(row as unknown as NoticeRow, publicBaseUrl) as unknown as Record<string, unknown>,
  },
  // Read for its CSV line alone (csvRow): the 双公示 columns of the penalty decisions.
  "notices-xzcf": {
    select: `${NOTICES} where kind = '行政处罚'`,
    columns: [],
    record: (row) => row,
  },
  bodies: view("bodies"),
  officers: view("officers"),
  powers: view("powers"),
  inspections: view("inspections"),
  documents: {
    select: "select id, view, seq from feed.documents",
    columns: BULK_COLUMNS.documents,
    record: (row, { today }) => withStatus(VIEW(row) as never, today) as unknown as Record<string, unknown>,
  },
  reports: view("reports"),
};

/** A CSV cell of a record's field: text as is, nested values as their JSON. */
function cellOf(value: unknown): string | number | null | undefined {
  if (value === null || value === undefined) return value;
  return typeof value === "object" ? JSON.stringify(value) : (value as string | number);
}

/** The file's first lines: the BOM and the header of a CSV; nothing for JSONL. */
function headOf(table: BulkTable, format: BulkFormat): string {
  if (format === "jsonl") return "";
  if (table === "notices-xzcf") return "\uFEFF" + csvHeader("name");
  return "\uFEFF" + SOURCES[table].columns.map((c) => csvCell(c)).join(",") + "\r\n";
}

function lineOf(table: BulkTable, format: BulkFormat, row: Record<string, unknown>, ctx: RecordContext): string {
  if (table === "notices-xzcf") return csvRow(row as never);
  const record = SOURCES[table].record(row, ctx) ?? {};
  if (format === "jsonl") return JSON.stringify(record) + "\n";
  return SOURCES[table].columns.map((c) => csvCell(cellOf(record[c]))).join(",") + "\r\n";
}

/** The index as stored, or an empty one before the first run. */
export async function bulkIndex(deps: BulkDeps): Promise<BulkIndex> {
  try {
    const stream = await deps.storage.client.getObject(deps.storage.bucket, INDEX_KEY);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return JSON.parse(Buffer.concat(chunks).toString("utf8")) as BulkIndex;
  } catch (err) {
    if ((err as { code?: string }).code === "NoSuchKey") return { generatedAt: null, files: [], cursors: {} };
    throw err;
  }
}

/** One listed file's bytes (404 for a name the index does not list). */
export async function bulkFile(deps: BulkDeps, name: string) {
  const index = await bulkIndex(deps);
  const file = index.files.find((f) => f.name === name);
  if (!file) throw new NotFoundError("Bulk file", name);
  const stream = await deps.storage.client.getObject(deps.storage.bucket, `bulk/${file.name}`);
  return {
    stream,
    type: "application/gzip",
    headers: {
      "Content-Disposition": `attachment; filename="${file.name}"`,
      "Content-Length": String(file.bytes),
      "Cache-Control": "public, max-age=3600",
    },
  };
}

/** Writes lines through gzip into a temporary file: its rows, bytes and SHA-256. */
async function gzipToFile(lines: AsyncIterable<string>, file: string): Promise<{ bytes: number; sha256: string }> {
  const hash = createHash("sha256");
  let bytes = 0;
  const gzip = createGzip({ level: 6 });
  gzip.on("data", (chunk: Buffer) => {
    hash.update(chunk);
    bytes += chunk.length;
  });
  await pipeline(Readable.from(lines), gzip, fs.createWriteStream(file));
  return { bytes, sha256: hash.digest("hex") };
}

/** A table's rows after `afterSeq` (0: all), id order, a batch at a time, within the run's snapshot. */
async function* rowsOf(client: pg.PoolClient, source: TableSource, afterSeq: string) {
  let lastId: string | null = null;
  for (;;) {
    // Keyset pages along the primary key (text ids): each batch one index range scan.
    const { rows }: { rows: Record<string, unknown>[] } = await client.query(
      `select * from (${source.select}) t where seq > $1 ${lastId === null ? "" : "and id > $2"} order by id limit ${BATCH}`,
      lastId === null ? [afterSeq] : [afterSeq, lastId],
    );
    for (const row of rows) yield row;
    if (rows.length < BATCH) return;
    lastId = String(rows[rows.length - 1]?.id);
  }
}

/**
 * Builds the dumps now: full files of every table and, when an earlier run left its cursors, the
 * deltas since. Answers the new index, or null when another run holds the lock.
 */
export async function runBulk(deps: BulkDeps): Promise<BulkIndex | null> {
  const client = await deps.db.connect();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zfgs-bulk-"));
  try {
    const { rows: lock } = await client.query<{ ok: boolean }>(
      `select pg_try_advisory_lock(hashtext('feed.bulk')) as ok`,
    );
    if (!lock[0]?.ok) return null;
    try {
      const now = deps.now?.() ?? new Date();
      const date = chinaToday(now);
      // China time of day (UTC+8), HHMMSS: a delta's name.
      const time = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(11, 19).replace(/:/g, "");
      const previous = await bulkIndex(deps);
      await client.query("begin isolation level repeatable read read only");
      const ctx: RecordContext = { publicBaseUrl: deps.publicBaseUrl, today: date };
      const made: BulkFile[] = [];
      const cursors: Record<string, string> = {};
      for (const { table, formats } of BULK_TABLES) {
        const source = SOURCES[table];
        const { rows: seqRows } = await client.query<{ seq: string | null }>(
          `select max(seq)::text as seq from (${source.select}) t`,
        );
        cursors[table] = seqRows[0]?.seq ?? "0";
        const since = previous.cursors[table];
        const kinds: BulkKind[] = since === undefined ? ["full"] : ["full", "delta"];
        for (const kind of kinds) {
          for (const format of formats) {
            const name = bulkFileName(table, kind, format, date, time);
            let rows = 0;
            const lines = async function* () {
              yield headOf(table, format);
              for await (const row of rowsOf(client, source, kind === "delta" ? (since ?? "0") : "0")) {
                rows++;
                yield lineOf(table, format, row, ctx);
              }
            };
            const local = path.join(dir, name);
            const { bytes, sha256 } = await gzipToFile(lines(), local);
            await deps.storage.client.fPutObject(deps.storage.bucket, `bulk/${name}`, local, {
              "Content-Type": "application/gzip",
            });
            const url = `${deps.publicBaseUrl}/api/public/bulk/files/${name}`;
            const after = kind === "delta" && previous.generatedAt ? { since: previous.generatedAt } : {};
            made.push({ name, table, kind, format, date, ...after, url, rows, bytes, sha256 });
          }
        }
      }
      await client.query("commit");
      const { kept, dropped } = keptFiles(previous.files, made, date);
      const index: BulkIndex = { generatedAt: now.toISOString(), files: kept, cursors };
      const body = Buffer.from(JSON.stringify(index, null, 2));
      await deps.storage.client.putObject(deps.storage.bucket, INDEX_KEY, body, body.length, {
        "Content-Type": "application/json",
      });
      for (const f of dropped)
        await deps.storage.client
          .removeObject(deps.storage.bucket, `bulk/${f.name}`)
          .catch((err: Error) => deps.log.warn("bulk: could not remove", f.name, err.message));
      deps.log.info(`bulk: ${made.length} files written for ${date}, ${dropped.length} dropped`);
      return index;
    } finally {
      await client.query("rollback").catch(() => undefined);
      await client.query(`select pg_advisory_unlock(hashtext('feed.bulk'))`).catch(() => undefined);
    }
  } finally {
    client.release();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
