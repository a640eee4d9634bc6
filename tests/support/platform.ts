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
import { randomBytes } from "node:crypto";
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

export async function createDatabase(): Promise<TestDatabase> {
  const name = `zfgs_test_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
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

export function startProcess(name: string, env: Record<string, string>): Proc {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
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
  const [db, s3, port, metricsPort] = await Promise.all([createDatabase(), startS3(bucket), freePort(), freePort()]);
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
