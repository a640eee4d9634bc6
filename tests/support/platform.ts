/**
 * Starts the platform for integration tests as real processes (`src/main.ts`), against the real
 * PostgreSQL (a fresh database per suite), the real NATS server (a fresh namespace per suite) and
 * a real S3 server (s3rver), and drives it over HTTP.
 */
// Response bodies are untyped JSON that tests inspect field by field; `any` keeps assertions terse.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createHash, randomBytes } from "node:crypto";
import pg from "pg";
import { ServiceBroker } from "moleculer";
import S3rver from "s3rver";
import { freePort } from "../../lib/embedded.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
export const PG_ADMIN_URL = process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
export const NATS_URL = process.env.TEST_NATS_URL ?? "nats://127.0.0.1:4222";
export const ADMIN_PASSWORD = "admin-test-password";

export interface Proc {
  name: string;
  child: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
}

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

function databaseUrl(name: string): string {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function asAdmin<T>(fn: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

/**
 * A fresh database for one suite: empty, or (`migrated`) a copy of a template database holding
 * every service's migrations, so that a suite's platform does not migrate fifteen schemas again.
 */
export async function createDatabase(opts: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const name = `zfgs_test_${randomBytes(5).toString("hex")}`;
  const template = opts.migrated ? await migratedTemplate() : undefined;
  await asAdmin((admin) => admin.query(`create database ${name}${template ? ` template ${template}` : ""}`));
  return {
    url: databaseUrl(name),
    drop: () => asAdmin((admin) => admin.query(`drop database if exists ${name} with (force)`)).then(() => {}),
  };
}

/** What the schema of a migrated database follows from: the migrations and the code applying them. */
function migrationSources(): string[] {
  const services = path.join(ROOT, "services");
  const files = [path.join(ROOT, "lib", "database.ts"), path.join(ROOT, "lib", "audit.ts")];
  for (const svc of fs.readdirSync(services).sort()) {
    const dir = path.join(services, svc, "migrations");
    if (fs.existsSync(path.join(services, svc, "database.ts"))) files.push(path.join(services, svc, "database.ts"));
    if (fs.existsSync(dir))
      files.push(
        ...fs
          .readdirSync(dir)
          .sort()
          .map((f) => path.join(dir, f)),
      );
  }
  return files;
}

let template: Promise<string> | undefined;

/**
 * The template database named after a hash of the migrations (so a changed migration makes a new
 * one), built once by `npm run migrate` under an advisory lock shared by every test process, and
 * published by a rename only once complete.
 */
function migratedTemplate(): Promise<string> {
  template ??= (async () => {
    const hash = createHash("sha256");
    for (const file of migrationSources()) hash.update(file).update(fs.readFileSync(file));
    const name = `zfgs_tpl_${hash.digest("hex").slice(0, 16)}`;
    await asAdmin(async (admin) => {
      await admin.query("select pg_advisory_lock(hashtext('zfgs test template'))");
      const found = await admin.query("select 1 from pg_database where datname = $1", [name]);
      if (found.rowCount) return;
      const building = `${name}_build`;
      await admin.query(`drop database if exists ${building} with (force)`);
      await admin.query(`create database ${building}`);
      await runMigrate(databaseUrl(building));
      await admin.query(`alter database ${building} rename to ${name}`);
      // Templates of earlier migrations are of no more use (one in use by a copy stays).
      const stale = await admin.query(
        "select datname from pg_database where datname like 'zfgs\\_tpl\\_%' and datname <> $1",
        [name],
      );
      for (const row of stale.rows) await admin.query(`drop database if exists ${row.datname}`).catch(() => {});
    });
    return name;
  })();
  template.catch(() => (template = undefined));
  return template;
}

function runMigrate(url: string): Promise<void> {
  const proc = startProcess("migrate", { DATABASE_URL: url }, "src/migrate.ts");
  return proc.exited.then((code) => {
    if (code !== 0) throw new Error(`npm run migrate exited with ${code}:\n${proc.output.join("")}`);
  });
}

export interface TestS3 {
  endpoint: string;
  close(): Promise<void>;
}

export async function startS3(bucket: string): Promise<TestS3> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zfgs-s3-"));
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    directory: dir,
    silent: true,
    configureBuckets: [{ name: bucket }],
  });
  const addr = await server.run();
  return {
    endpoint: `http://127.0.0.1:${addr.port}`,
    async close() {
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts the platform's entry point as production does (`dist/main.mjs`, built by `npm run build`;
 * the test runners build it first when the sources are newer), or a TypeScript script through tsx.
 */
export function startProcess(name: string, env: Record<string, string>, script = "dist/main.mjs"): Proc {
  const args = script.endsWith(".ts") ? ["--import", "tsx", script] : [script];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    // No metrics port unless a test asks for one: parallel platforms would contend for the default.
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      LOG_LEVEL: "warn",
      METRICS_PORT: "0",
      // Every JSON answer is checked against its documented schema (lib/replies.ts): a mismatch is a 500.
      CHECK_REPLIES: "true",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  child.stdout?.on("data", (d: Buffer) => output.push(d.toString()));
  child.stderr?.on("data", (d: Buffer) => output.push(d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { name, child, output, exited };
}

export async function stopProcess(proc: Proc, signal: NodeJS.Signals = "SIGTERM"): Promise<number | null> {
  if (proc.child.exitCode !== null) return proc.child.exitCode;
  proc.child.kill(signal);
  const timer = setTimeout(() => proc.child.kill("SIGKILL"), 20_000);
  const code = await proc.exited;
  clearTimeout(timer);
  return code;
}

export async function waitReady(baseUrl: string, procs: Proc[], timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    for (const p of procs) {
      if (p.child.exitCode !== null)
        throw new Error(`${p.name} exited with ${p.child.exitCode}:\n${p.output.join("")}`);
    }
    try {
      const res = await fetch(`${baseUrl}/health/ready`);
      last = await res.text();
      if (res.status === 200) return;
    } catch (err) {
      last = String(err);
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(
    `not ready in ${timeoutMs} ms: ${last}\n${procs.map((p) => `--- ${p.name}\n${p.output.join("")}`).join("\n")}`,
  );
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export class Api {
  constructor(readonly baseUrl: string) {}

  async request<T = any>(
    method: string,
    url: string,
    opts: {
      body?: unknown;
      token?: string;
      raw?: string | Buffer;
      contentType?: string;
      headers?: Record<string, string>;
    } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let payload: string | Buffer | undefined;
    if (opts.raw !== undefined) {
      payload = opts.raw;
      headers["content-type"] = opts.contentType ?? "application/json";
    } else if (opts.body !== undefined) {
      payload = JSON.stringify(opts.body);
      headers["content-type"] = "application/json";
    }
    const res = await fetch(this.baseUrl + url, { method, headers, body: payload });
    const text = await res.text();
    let body: unknown = text;
    if ((res.headers.get("content-type") ?? "").includes("json") && text) body = JSON.parse(text);
    return { status: res.status, body: body as T, headers: res.headers };
  }

  get<T = any>(url: string, token?: string) {
    return this.request<T>("GET", url, { token });
  }
  post<T = any>(url: string, body: unknown, token?: string) {
    return this.request<T>("POST", url, { body, token });
  }
  put<T = any>(url: string, body: unknown, token?: string) {
    return this.request<T>("PUT", url, { body, token });
  }
  patch<T = any>(url: string, body: unknown, token?: string) {
    return this.request<T>("PATCH", url, { body, token });
  }

  async login(username: string, password: string): Promise<string> {
    const res = await this.post("/api/auth/login", { username, password });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.token as string;
  }
}

export interface Platform {
  api: Api;
  baseUrl: string;
  db: TestDatabase;
  procs: Proc[];
  env: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * Starts the platform. `groups` lists the SERVICES value of each process: one group means one
 * process without NATS; several groups join one NATS namespace. The first group must hold the gateway.
 */
export async function startPlatform(
  groups: string[] = [
    "gateway",
    "accounts,duties,cases,results,notices,feed,feedback,requests,documents,tlog,reports,subscriptions,inspections,imports",
  ],
  extraEnv: Record<string, string> = {},
): Promise<Platform> {
  // A free port can be taken by another suite between freePort() and the gateway's listen: start
  // again on fresh ports then (a genuine failure is thrown as it is).
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(groups, extraEnv);
    } catch (err) {
      if (attempt >= 3 || !String(err).includes("EADDRINUSE")) throw err;
    }
  }
}

async function startOnce(groups: string[], extraEnv: Record<string, string>): Promise<Platform> {
  const bucket = "notices";
  const [db, s3, port, metricsPort] = await Promise.all([
    createDatabase({ migrated: true }),
    startS3(bucket),
    freePort(),
    freePort(),
  ]);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "zfgs-data-"));
  const env: Record<string, string> = {
    PORT: String(port),
    HOST: "127.0.0.1",
    METRICS_PORT: String(metricsPort),
    DATABASE_URL: db.url,
    // Small pools: the two test streams run a platform each, within PostgreSQL's 100 connections.
    DATABASE_POOL_MAX: "3",
    S3_ENDPOINT: s3.endpoint,
    S3_ACCESS_KEY: "S3RVER",
    S3_SECRET_KEY: "S3RVER",
    S3_BUCKET: bucket,
    DATA_DIR: dataDir,
    ADMIN_PASSWORD,
    PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    NAMESPACE: `test-${randomBytes(4).toString("hex")}`,
    ...extraEnv,
  };
  if (groups.length > 1) env.NATS_URL ??= NATS_URL;
  const procs = groups.map((services, i) =>
    startProcess(`node${i}[${services}]`, { ...env, SERVICES: services, NODE_ID: `node${i}-${env.NAMESPACE}` }),
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await Promise.all(procs.map((p) => stopProcess(p)));
    await s3.close();
    await db.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitReady(baseUrl, procs);
  } catch (err) {
    await stop();
    throw err;
  }
  return { api: new Api(baseUrl), baseUrl, db, procs, env, stop };
}

/** A second gateway process on a platform's bus, on its own HTTP port (and no metrics port). */
export async function startSecondGateway(platform: Platform): Promise<{ api: Api; proc: Proc }> {
  const port = await freePort();
  const proc = startProcess("gateway-2", {
    ...platform.env,
    SERVICES: "gateway",
    PORT: String(port),
    METRICS_PORT: "0",
    NODE_ID: `gw2-${platform.env.NAMESPACE}`,
  });
  platform.procs.push(proc);
  await waitReady(`http://127.0.0.1:${port}`, [proc]);
  return { api: new Api(`http://127.0.0.1:${port}`), proc };
}

/** A bare broker that joins a platform's NATS namespace, to call internal actions the way services do. */
export async function joinBus(platform: Platform): Promise<ServiceBroker> {
  const broker = new ServiceBroker({
    namespace: platform.env.NAMESPACE,
    nodeID: `test-client-${randomBytes(3).toString("hex")}`,
    transporter: { type: "NATS", options: { url: NATS_URL } },
    logger: false,
  });
  await broker.start();
  await broker.waitForServices(["notices", "results", "cases"], 10_000);
  return broker;
}
