/**
 * Pools of entities under supervision (检查对象名录库): named per body, filled by uploading a list
 * (CSV or XLSX, UTF-8 or GBK) that is checked as a whole at once (unreadable, no 名称 or 统一社会信用代码
 * column: 422, nothing stored) and then row by row as a background job with progress. A list with
 * refused rows makes no version (its error report says which and why); one whose canonical content
 * equals the latest version's makes none either; any other becomes the next version, hashed.
 */
import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import type pg from "pg";
import { assertActsForBody, bodyFor, type SessionUser } from "../../../lib/auth.js";
import { isUniqueViolation } from "../../../lib/database.js";
import { ConflictError, NotFoundError } from "../../../lib/errors.js";
import { readUploadedFile } from "../../../lib/uploads.js";
import { newId } from "../../../shared/ids.js";
import { poolSha256 } from "../../../shared/inspections/draw.js";
import { checkPoolRows, isPoolHeader, poolColumns, type RowProblem } from "../../../shared/inspections/pool.js";
import { problemMessageOf } from "../../../shared/messages.js";
import { readTable, withHeader, writeCsv } from "../../../shared/tabular.js";
import type { CreatePoolParams, PoolJobView, PoolView } from "../contract.js";
import { inTransaction, iso, refusing, type InspectionsDeps } from "./deps.js";

/** Entities written per statement, and the progress written after each. */
const BATCH = 2000;
/** A running job whose heartbeat is older than this was left by a process that died: taken again. */
const STALE_SECONDS = 60;

interface PoolRowDb {
  id: string;
  body_id: string;
  name: string;
  latest_version: number;
  created_at: Date;
}

async function poolRow(db: pg.Pool | pg.PoolClient, id: string, lock = false): Promise<PoolRowDb> {
  const { rows } = await db.query<PoolRowDb>(
    `select * from inspections.pools where id = $1${lock ? " for update" : ""}`,
    [id],
  );
  if (!rows[0]) throw new NotFoundError("Pool", id);
  return rows[0];
}

async function poolView(db: pg.Pool, p: PoolRowDb): Promise<PoolView> {
  const { rows } = await db.query<{ version: number; sha256: string; size: number; created_at: Date }>(
    `select version, sha256, size, created_at from inspections.pool_versions where pool_id = $1 order by version desc`,
    [p.id],
  );
  return {
    id: p.id,
    bodyId: p.body_id,
    name: p.name,
    latestVersion: p.latest_version,
    versions: rows.map((v) => ({ version: v.version, sha256: v.sha256, size: v.size, createdAt: iso(v.created_at) })),
    createdAt: iso(p.created_at),
  };
}

export async function createPool(deps: InspectionsDeps, user: SessionUser, p: CreatePoolParams): Promise<PoolView> {
  const bodyId = bodyFor(user, p.bodyId);
  const row: PoolRowDb = { id: newId(), body_id: bodyId, name: p.name, latest_version: 0, created_at: deps.now() };
  try {
    await deps.db.query(
      `insert into inspections.pools (id, body_id, name, created_by, created_at) values ($1, $2, $3, $4, $5)`,
      [row.id, bodyId, p.name, user.id, row.created_at],
    );
  } catch (err) {
    if (isUniqueViolation(err, "pools_body_name_unique"))
      throw new ConflictError("the body has a pool of that name", "POOL_NAME_TAKEN");
    throw err;
  }
  return poolView(deps.db, row);
}

export async function listPools(deps: InspectionsDeps, user: SessionUser, p: { bodyId?: string }): Promise<PoolView[]> {
  const bodyId = bodyFor(user, p.bodyId);
  const { rows } = await deps.db.query<PoolRowDb>(
    `select * from inspections.pools where body_id = $1 order by created_at desc`,
    [bodyId],
  );
  return Promise.all(rows.map((r) => poolView(deps.db, r)));
}

export async function getPool(deps: InspectionsDeps, user: SessionUser, id: string): Promise<PoolView> {
  const p = await poolRow(deps.db, id);
  assertActsForBody(user, p.body_id);
  return poolView(deps.db, p);
}

/** Takes an upload: the file checked as a whole (422 on an unreadable one), then queued as a job. */
export async function upload(
  deps: InspectionsDeps,
  user: SessionUser,
  poolId: string,
  stream: Readable | undefined,
  contentType: string | undefined,
): Promise<{ id: string }> {
  const pool = await poolRow(deps.db, poolId);
  assertActsForBody(user, pool.body_id);
  const { bytes } = await readUploadedFile(stream, contentType, deps.maxUploadBytes);
  const table = refusing("body", () => withHeader(readTable(bytes), isPoolHeader));
  refusing("body", () => poolColumns(table.header));
  const id = newId();
  const now = deps.now();
  await deps.db.query(
    `insert into inspections.pool_jobs (id, pool_id, body_id, status, file, file_sha256, format, encoding, total,
       created_by, created_at, updated_at)
     values ($1, $2, $3, 'queued', $4, $5, $6, $7, $8, $9, $10, $10)`,
    [
      id,
      pool.id,
      pool.body_id,
      Buffer.from(bytes),
      createHash("sha256").update(bytes).digest("hex"),
      table.format,
      table.encoding,
      table.rows.length,
      user.id,
      now,
    ],
  );
  deps.kick();
  return { id };
}

interface JobRowDb {
  id: string;
  pool_id: string;
  body_id: string;
  status: PoolJobView["status"];
  total: number;
  done: number;
  failed: number;
  outcome: PoolJobView["outcome"];
  version: number | null;
  format: string;
  encoding: string | null;
  problems: RowProblem[];
  created_at: Date;
  updated_at: Date;
}

const JOB_COLUMNS = `id, pool_id, body_id, status, total, done, failed, outcome, version, format, encoding, created_at, updated_at`;

async function jobRow(deps: InspectionsDeps, user: SessionUser, id: string, columns = JOB_COLUMNS): Promise<JobRowDb> {
  const { rows } = await deps.db.query<JobRowDb>(`select ${columns} from inspections.pool_jobs where id = $1`, [id]);
  const job = rows[0];
  if (!job) throw new NotFoundError("Upload", id);
  assertActsForBody(user, job.body_id);
  return job;
}

export async function getJob(deps: InspectionsDeps, user: SessionUser, id: string): Promise<PoolJobView> {
  const j = await jobRow(deps, user, id);
  return {
    id: j.id,
    poolId: j.pool_id,
    status: j.status,
    total: j.total,
    done: j.done,
    failed: j.failed,
    outcome: j.outcome,
    version: j.version,
    format: j.format,
    encoding: j.encoding,
    errorsUrl: j.failed > 0 ? `${deps.publicBaseUrl}/api/pools/uploads/${j.id}/errors.csv` : null,
    createdAt: iso(j.created_at),
    updatedAt: iso(j.updated_at),
  };
}

/** The refused rows as CSV (UTF-8 with BOM): 行号, 统一社会信用代码, 问题 in Chinese. */
export async function jobErrors(deps: InspectionsDeps, user: SessionUser, id: string): Promise<string> {
  const job = await jobRow(deps, user, id, `body_id, problems`);
  const rows = job.problems.map((p) => [
    p.line,
    p.creditCode,
    problemMessageOf({ type: p.type, ...p.values }) ?? p.type,
  ]);
  return Buffer.from(writeCsv([["行号", "统一社会信用代码", "问题"], ...rows])).toString("utf8");
}

/** Takes the oldest queued job (or one a dead process left running), or none. */
async function claimJob(
  deps: InspectionsDeps,
): Promise<{ id: string; pool_id: string; file: Buffer; created_by: string } | null> {
  const { rows } = await deps.db.query(
    `update inspections.pool_jobs set status = 'running', heartbeat_at = now(), updated_at = now()
     where id = (select id from inspections.pool_jobs
                 where status = 'queued' or (status = 'running' and heartbeat_at < now() - make_interval(secs => $1))
                 order by created_at limit 1 for update skip locked)
     returning id, pool_id, file, created_by`,
    [STALE_SECONDS],
  );
  return rows[0] ?? null;
}

async function finishJob(
  db: pg.Pool | pg.PoolClient,
  id: string,
  fields: { done: number; failed: number; outcome: string; version: number | null; problems?: RowProblem[] },
): Promise<void> {
  await db.query(
    `update inspections.pool_jobs set status = 'done', done = $2, failed = $3, outcome = $4, version = $5,
       problems = $6, file = null, updated_at = now(), heartbeat_at = null where id = $1`,
    [id, fields.done, fields.failed, fields.outcome, fields.version, JSON.stringify(fields.problems ?? [])],
  );
}

/** Runs one job to its end: refused rows reported, an unchanged list noted, or the next version written. */
async function runJob(deps: InspectionsDeps, job: { id: string; pool_id: string; file: Buffer; created_by: string }) {
  const table = withHeader(readTable(job.file), isPoolHeader);
  const { entities, problems } = checkPoolRows(poolColumns(table.header), table.rows);
  if (problems.length) {
    await finishJob(deps.db, job.id, {
      done: table.rows.length,
      failed: problems.length,
      outcome: "refused",
      version: null,
      problems,
    });
    return;
  }
  const sha256 = poolSha256(entities);
  await inTransaction(deps, async (client) => {
    const pool = await poolRow(client, job.pool_id, true);
    const { rows } = await client.query<{ sha256: string }>(
      `select sha256 from inspections.pool_versions where pool_id = $1 and version = $2`,
      [pool.id, pool.latest_version],
    );
    if (rows[0]?.sha256 === sha256) {
      await finishJob(client, job.id, {
        done: entities.length,
        failed: 0,
        outcome: "unchanged",
        version: pool.latest_version,
      });
      return;
    }
    const version = pool.latest_version + 1;
    await client.query(
      `insert into inspections.pool_versions (pool_id, version, sha256, size, job_id, created_by, created_at)
       values ($1, $2, $3, $4, $5, $6, now())`,
      [pool.id, version, sha256, entities.length, job.id, job.created_by],
    );
    for (let i = 0; i < entities.length; i += BATCH) {
      const batch = entities.slice(i, i + BATCH);
      await client.query(
        `insert into inspections.pool_entities (pool_id, version, credit_code, name, address, category, line)
         select $1, $2, * from unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::int[])`,
        [
          pool.id,
          version,
          batch.map((e) => e.creditCode),
          batch.map((e) => e.name),
          batch.map((e) => e.address),
          batch.map((e) => e.category),
          batch.map((e) => e.line),
        ],
      );
      // Progress on another connection: seen at once, outside this transaction.
      await deps.db.query(
        `update inspections.pool_jobs set done = $2, heartbeat_at = now(), updated_at = now() where id = $1`,
        [job.id, i + batch.length],
      );
    }
    await client.query(`update inspections.pools set latest_version = $2 where id = $1`, [pool.id, version]);
    await finishJob(client, job.id, { done: entities.length, failed: 0, outcome: "version", version });
  });
}

/** Runs queued jobs until none is left; a job that throws is marked failed (its cause logged, not shown). */
export async function runJobs(deps: InspectionsDeps): Promise<number> {
  let ran = 0;
  for (let job = await claimJob(deps); job; job = await claimJob(deps)) {
    try {
      await runJob(deps, job);
    } catch (err) {
      deps.log.warn(`inspections: upload ${job.id} failed:`, err);
      await deps.db.query(
        `update inspections.pool_jobs set status = 'failed', error = $2, file = null, updated_at = now() where id = $1`,
        [job.id, String(err).slice(0, 500)],
      );
    }
    ran++;
  }
  return ran;
}
