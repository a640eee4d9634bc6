/**
 * PostgreSQL through MikroORM, one Postgres schema per service. `DatabaseMixin` connects with
 * retry in started(), applies the service's committed migrations (under an advisory lock, so
 * several processes starting at once migrate once), hands each request a forked EntityManager,
 * and closes the pool in stopped().
 */
import { MikroORM, type EntityManager, type EntitySchema, type MigrationObject } from "@mikro-orm/postgresql";
import { PostgreSqlDriver } from "@mikro-orm/postgresql";
import { Migrator } from "@mikro-orm/migrations";
import type { Context, Middleware, ServiceSchema, ServiceSettingSchema } from "moleculer";
import pg from "pg";
import { DependencyUnavailableError } from "./errors.js";
import type { StatsQuery } from "./contract.js";
import type { Runtime } from "./runtime.js";

// A SQL date is a calendar date, not an instant: keep it as the "YYYY-MM-DD" text PostgreSQL sends,
// instead of node-postgres's default local-midnight Date, which shifts with the server's time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

export interface DatabaseOptions {
  /** The Postgres schema the service owns. */
  schema: string;
  // EntitySchema's generics differ per entity; the ORM only needs the metadata.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  entities: EntitySchema<any, any>[];
  migrations: MigrationObject[];
}

export interface DatabaseVars {
  orm: MikroORM;
}

export interface DatabaseMethods {
  /** A fresh EntityManager for one request (never share one between requests). */
  em(): EntityManager;
}

function ormConfig(url: string, opts: DatabaseOptions, poolMax: number) {
  return {
    driver: PostgreSqlDriver,
    clientUrl: url,
    schema: opts.schema,
    // Each service's ORM keeps its own transaction context: without this, a service called
    // in-process from inside another's transaction would pick up that transaction's EntityManager.
    contextName: opts.schema,
    entities: opts.entities,
    extensions: [Migrator],
    migrations: {
      migrationsList: opts.migrations,
      tableName: "mikro_orm_migrations",
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
    pool: { min: 0, max: poolMax },
    allowGlobalContext: false,
    debug: false,
    discovery: { warnWhenNoEntities: false },
  };
}

/** Runs fn while holding a Postgres advisory lock named after the schema. */
async function withMigrationLock<T>(url: string, schema: string, fn: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock(hashtext($1))", [`migrate:${schema}`]);
    return await fn();
  } finally {
    await client.query("select pg_advisory_unlock(hashtext($1))", [`migrate:${schema}`]).catch(() => {});
    await client.end();
  }
}

export async function migrate(orm: MikroORM, url: string, schema: string): Promise<string[]> {
  return withMigrationLock(url, schema, async () => {
    const done = await orm.getMigrator().up();
    return done.map((m) => m.name);
  });
}

export async function openDatabase(
  url: string,
  opts: DatabaseOptions,
  log: { info(...a: unknown[]): void; warn(...a: unknown[]): void },
  { attempts = 60, delayMs = 1000, poolMax = 10 } = {},
): Promise<MikroORM> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const orm = await MikroORM.init(ormConfig(url, opts, poolMax));
      if (!(await orm.isConnected())) {
        await orm.close(true);
        throw new Error("database did not answer");
      }
      const applied = await migrate(orm, url, opts.schema);
      if (applied.length) log.info(`schema ${opts.schema}: applied migrations ${applied.join(", ")}`);
      return orm;
    } catch (err) {
      lastError = err;
      log.warn(`schema ${opts.schema}: database not ready (attempt ${attempt}/${attempts}): ${String(err)}`);
      await new Promise((r) => setTimeout(r, delayMs));
    }
  }
  // Stops the start: the operator reads the whole cause (a migration's refusal names what to fix).
  throw new DependencyUnavailableError("PostgreSQL", lastError, { fullCause: true });
}

/** The service's ORM on the process's database (Runtime), its pool as large as DATABASE_POOL_MAX. */
export function DatabaseMixin(
  rt: Pick<Runtime, "databaseUrl" | "config">,
  opts: DatabaseOptions,
): Partial<ServiceSchema> {
  const mixin: Partial<ServiceSchema<ServiceSettingSchema, DatabaseMethods, DatabaseVars>> = {
    methods: {
      em(): EntityManager {
        return this.orm.em.fork();
      },
    },
    async started() {
      this.orm = await openDatabase(rt.databaseUrl, opts, this.logger, { poolMax: rt.config.databasePoolMax });
    },
    async stopped() {
      await this.orm?.close();
    },
  };
  return mixin as Partial<ServiceSchema>;
}

/** True when the error is PostgreSQL's unique_violation on the named constraint. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = err as { code?: string; constraint?: string; name?: string };
  const isUnique = e?.code === "23505" || e?.name === "UniqueConstraintViolationException";
  return isUnique && (constraint === undefined || e.constraint === constraint);
}

/** PostgreSQL is down or restarting (refused, reset, shutting down): a 503 matter, not a bug. */
export function isDatabaseDown(err: unknown): boolean {
  const e = err as { code?: string; name?: string; message?: string };
  if (!e) return false;
  if (e.name === "ConnectionException") return true;
  if (
    [
      "ECONNREFUSED",
      "ECONNRESET",
      "EPIPE",
      "ETIMEDOUT",
      "57P01",
      "57P02",
      "57P03",
      "08000",
      "08001",
      "08003",
      "08006",
    ].includes(e.code ?? "")
  ) {
    return true;
  }
  return /Connection terminated|connection is closed|Client has encountered a connection error|timeout exceeded when trying to connect/i.test(
    e.message ?? "",
  );
}

/** Turns a database outage inside any action into 503 DEPENDENCY_UNAVAILABLE. */
export const DatabaseOutageMiddleware: Middleware = {
  name: "DatabaseOutage",
  localAction(handler) {
    return function databaseGuarded(this: unknown, ctx: Context) {
      return Promise.resolve()
        .then(() => handler.call(this as never, ctx))
        .catch((err: unknown) => {
          throw isDatabaseDown(err) ? new DependencyUnavailableError("PostgreSQL", err) : err;
        });
    };
  },
};

/**
 * Runs `work` in one transaction on a pooled connection (services reading and writing with plain
 * SQL: the feed, the log). A checked-out client has no error listener of the pool's, so a
 * connection the server ends meanwhile (a PostgreSQL restart) would crash the process: it is
 * logged here under `label`, and the failed query rejects instead.
 */
export async function poolTransaction<T>(
  deps: { db: pg.Pool; log: { warn(...args: unknown[]): void } },
  label: string,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await deps.db.connect();
  let lost: Error | undefined;
  const onError = (err: Error) => {
    lost = err;
    deps.log.warn(`${label}: database connection lost:`, err.message);
  };
  client.on("error", onError);
  try {
    await client.query("begin");
    const result = await work(client);
    await client.query("commit");
    return result;
  } catch (err) {
    await client.query("rollback").catch(() => {});
    throw err;
  } finally {
    client.off("error", onError);
    client.release(lost);
  }
}

/**
 * The WHERE clause of a statistics query (lib/contract.ts StatsQuery): `dateColumn` — a date, or
 * an expression giving the China day of an instant — in [from, until), and the body among those
 * named (passed as one JSON array, never spliced into the SQL).
 */
export function statsWhere(q: StatsQuery, dateColumn: string): { sql: string; params: unknown[] } {
  const params: unknown[] = [q.from, q.until];
  let sql = `${dateColumn} >= ?::date and ${dateColumn} < ?::date`;
  if (q.bodyIds) {
    sql += ` and body_id in (select jsonb_array_elements_text(?::jsonb))`;
    params.push(JSON.stringify(q.bodyIds));
  }
  return { sql, params };
}
