/**
 * Benchmarks (issue 7): `npm run bench [-- --quick] [--rounds N] [--only publicRead,search,publish,tlog,subscriptions,inspections,imports]`.
 * Needs PostgreSQL (TEST_PG_URL, default postgres@127.0.0.1:5432) and NATS (TEST_NATS_URL, default
 * 127.0.0.1:4222), like the integration tests. Writes bench/results/latest.json. Reports numbers
 * only: nothing here asserts on timings, and it is not part of `npm test`.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { ensureBuilt } from "../src/build.js";
import { PG_ADMIN_URL } from "../tests/support/platform.js";
import type { SuiteOptions } from "./suites/common.js";
import { publicRead } from "./suites/public-read.js";
import { publish } from "./suites/publish.js";
import { search } from "./suites/search.js";
import { tlogSuite } from "./suites/tlog.js";
import { subscriptionsSuite } from "./suites/subscriptions.js";
import { importsSuite } from "./suites/imports.js";
import { inspectionsSuite } from "./suites/inspections.js";

const SUITES: Record<string, (opts: SuiteOptions) => Promise<unknown>> = {
  publicRead,
  search,
  publish,
  tlog: tlogSuite,
  subscriptions: subscriptionsSuite,
  inspections: inspectionsSuite,
  imports: importsSuite,
};

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function postgresVersion(): Promise<string> {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  const { rows } = await c.query<{ v: string }>("select version() as v");
  await c.end();
  return rows[0]?.v ?? "unknown";
}

async function main(): Promise<void> {
  const quick = process.argv.includes("--quick");
  const rounds = Number(arg("rounds") ?? (quick ? 3 : 5));
  const only = arg("only")?.split(",") ?? Object.keys(SUITES);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  // The platforms measured run dist/main.mjs, as production does.
  await ensureBuilt();
  const started = Date.now();
  const out: Record<string, unknown> = {
    startedAt: new Date(started).toISOString(),
    mode: quick ? "quick" : "full",
    rounds,
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? "unknown",
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      platform: `${os.platform()} ${os.release()}`,
      node: process.version,
      postgres: await postgresVersion(),
    },
    suites: {} as Record<string, unknown>,
  };
  const suites = out.suites as Record<string, unknown>;
  for (const name of only) {
    const suite = SUITES[name];
    if (!suite) throw new Error(`unknown suite ${name}; known: ${Object.keys(SUITES).join(", ")}`);
    const t = Date.now();
    suites[name] = await suite({ quick, rounds, log });
    log(`${name} done in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  out.totalSeconds = Math.round((Date.now() - started) / 1000);
  const dir = path.join(import.meta.dirname, "results");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "latest.json");
  fs.writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  log(`wrote ${path.relative(process.cwd(), file)} (${out.totalSeconds} s)`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
