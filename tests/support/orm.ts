/**
 * A service's own PostgreSQL schema, migrated, in a fresh database, without a broker: for the
 * use-case tests of an application layer (`services/<svc>/app/`), which take an EntityManager.
 */
import type { EntityManager, MikroORM } from "@mikro-orm/postgresql";
import { openDatabase, type DatabaseOptions } from "../../lib/database.js";
import { createDatabase } from "./platform.js";

export interface TestOrm {
  orm: MikroORM;
  url: string;
  /** A fresh EntityManager, as each request gets one. */
  em(): EntityManager;
  close(): Promise<void>;
}

const quiet = { info() {}, warn() {} };

/** Opens one or more services' schemas in one fresh database (dropped by close()). */
export async function openTestOrm(database: DatabaseOptions): Promise<TestOrm> {
  const db = await createDatabase();
  const orm = await openDatabase(db.url, database, quiet, { attempts: 1, delayMs: 0 });
  return {
    orm,
    url: db.url,
    em: () => orm.em.fork(),
    async close() {
      await orm.close(true);
      await db.drop();
    },
  };
}
