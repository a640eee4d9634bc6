/**
 * How the platform starts: with nothing configured (embedded PostgreSQL and S3 under DATA_DIR),
 * in one process without NATS, and `npm run migrate`.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { freePort } from "../../lib/embedded.js";
import { DATABASES } from "../../src/services.js";
import { creditCode } from "../support/fixtures.js";
import { publishNotice, setUpOffice } from "../support/flow.js";
import {
  Api,
  createDatabase,
  startPlatform,
  startProcess,
  stopProcess,
  waitReady,
  NATS_URL,
  type Proc,
} from "../support/platform.js";

// Each test's processes stop when it ends: platforms left up hold their database connections.
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/**
 * Starts `npm start` on a free port and waits until it is ready. A port found free can be taken before
 * the gateway listens (by a server of a suite running beside, or the process's own embedded S3 or
 * PostgreSQL, which start first): that start is retried on a fresh port, as startPlatform does.
 */
async function startOnFreePort(name: string, env: Record<string, string>): Promise<{ proc: Proc; baseUrl: string }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const proc = startProcess(name, { ...env, PORT: String(port) });
    cleanups.push(async () => void (await stopProcess(proc)));
    const baseUrl = `http://127.0.0.1:${port}`;
    try {
      await waitReady(baseUrl, [proc], 150_000);
      return { proc, baseUrl };
    } catch (err) {
      await stopProcess(proc);
      if (attempt >= 3 || !proc.output.join("").includes("EADDRINUSE")) throw err;
    }
  }
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

describe("npm start with nothing configured", () => {
  it("starts embedded PostgreSQL and S3 under DATA_DIR, prints a generated admin password once, and keeps data across restarts", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "zfgs-embedded-"));
    // Enterable by other users: as root, the embedded PostgreSQL (user "postgres") keeps its cluster inside.
    fs.chmodSync(dataDir, 0o755);
    cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
    const env = { HOST: "127.0.0.1", DATA_DIR: dataDir };
    const { proc: first, baseUrl } = await startOnFreePort("embedded", env);

    const printed = await printedPassword([first]);
    expect(printed).toBeDefined();
    const api = new Api(baseUrl);
    const admin = await api.login("admin", printed as string);
    const code = creditCode();
    expect(
      (await api.post("/api/bodies", { name: "嵌入式测试局", creditCode: code, region: "舟山市" }, admin)).status,
    ).toBe(201);

    const pgPort = Number(fs.readFileSync(path.join(dataDir, "postgres", "postmaster.pid"), "utf8").split("\n")[3]);
    expect(await portOpen(pgPort)).toBe(true);
    expect(await stopProcess(first)).toBe(0);
    expect(await portOpen(pgPort)).toBe(false);

    // The same data on another port: the data, not the address, is what is kept.
    const { proc: second, baseUrl: againUrl } = await startOnFreePort("embedded-again", env);
    const bodies = await new Api(againUrl).get(`/api/public/bodies?q=${encodeURIComponent("嵌入式")}`);
    expect(bodies.body.items.map((b: { creditCode: string }) => b.creditCode)).toEqual([code]);
    expect(await printedPassword([second], 1000)).toBeUndefined();
    expect(await stopProcess(second)).toBe(0);
  });
});

describe("npm start with DATA_DIR inside a private folder (mode 700), as root here", () => {
  it("starts: the embedded PostgreSQL keeps its cluster where the user it runs as can enter, and says so", async () => {
    const privateDir = fs.mkdtempSync(path.join(os.tmpdir(), "zfgs-private-"));
    fs.chmodSync(privateDir, 0o700);
    const dataDir = path.join(privateDir, "checkout", ".data");
    const link = path.join(dataDir, "postgres");
    // DATA_DIR private too: it stays so (the S3 objects live in it).
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    cleanups.push(async () => {
      const cluster = fs.existsSync(link) ? fs.realpathSync(link) : undefined;
      fs.rmSync(privateDir, { recursive: true, force: true });
      if (cluster && !cluster.startsWith(privateDir)) {
        fs.rmSync(cluster, { recursive: true, force: true });
        if (fs.readdirSync(path.dirname(cluster)).length === 0) fs.rmdirSync(path.dirname(cluster));
      }
    });
    const { proc } = await startOnFreePort("private", { HOST: "127.0.0.1", DATA_DIR: dataDir });
    const output = proc.output.join("");
    expect(output).not.toMatch(/Permission denied|Failed to start/);
    if (process.getuid?.() === 0) {
      expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
      const cluster = fs.realpathSync(link);
      expect(cluster.startsWith(privateDir)).toBe(false);
      expect(output).toContain(`DATA_DIR ${dataDir} is in a folder the system user "postgres"`);
      // The cluster folder is PostgreSQL's own (700, owned by postgres); DATA_DIR is not opened up.
      expect(fs.statSync(cluster).mode & 0o777).toBe(0o700);
      expect(fs.statSync(cluster).uid).not.toBe(0);
      expect(fs.statSync(privateDir).mode & 0o777).toBe(0o700);
      expect(fs.statSync(dataDir).mode & 0o777).toBe(0o700);
      expect(await stopProcess(proc)).toBe(0);

      // The link lost: the cluster is found again (not opened up to 755, which PostgreSQL refuses).
      fs.unlinkSync(link);
      const { proc: again } = await startOnFreePort("private-again", { HOST: "127.0.0.1", DATA_DIR: dataDir });
      expect(fs.realpathSync(link)).toBe(cluster);
      expect(fs.statSync(cluster).mode & 0o777).toBe(0o700);
      expect(await printedPassword([again], 1000)).toBeUndefined();
      expect(await stopProcess(again)).toBe(0);

      // The cluster folder gone, the link dangling: a new cluster is made there, no ENOENT stack.
      fs.rmSync(cluster, { recursive: true, force: true });
      const { proc: fresh } = await startOnFreePort("private-fresh", { HOST: "127.0.0.1", DATA_DIR: dataDir });
      expect(await printedPassword([fresh])).toBeDefined();
      expect(fs.statSync(cluster).mode & 0o777).toBe(0o700);
      expect(await stopProcess(fresh)).toBe(0);
      return;
    }
    expect(await stopProcess(proc)).toBe(0);
  }, 240_000); // three starts of every service on embedded PostgreSQL, each waited for up to 150 s

  it("stops with one line when DATA_DIR/postgres holds something that is no PostgreSQL cluster", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "zfgs-foreign-"));
    cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
    fs.mkdirSync(path.join(dataDir, "postgres"));
    fs.writeFileSync(path.join(dataDir, "postgres", "notes.txt"), "not a database");
    const proc = startProcess("foreign", { PORT: String(await freePort()), HOST: "127.0.0.1", DATA_DIR: dataDir });
    cleanups.push(async () => void (await stopProcess(proc)));
    expect(await proc.exited).not.toBe(0);
    const output = proc.output.join("");
    expect(output).not.toMatch(/^\s+at /m);
    if (process.getuid?.() === 0) expect(output).toContain(`holds no PostgreSQL cluster (no PG_VERSION)`);
  });
});

describe("a split start on one host with nothing but NATS_URL configured", () => {
  it("shares one embedded PostgreSQL and S3 server between the processes and serves the same API", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "zfgs-split-"));
    // Enterable by other users: as root, the embedded PostgreSQL (user "postgres") keeps its cluster inside.
    fs.chmodSync(dataDir, 0o755);
    cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
    const port = await freePort();
    const env = { PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, NATS_URL, NAMESPACE: `split-${port}` };
    const gateway = startProcess("gateway", { ...env, SERVICES: "gateway" });
    const rest = startProcess("rest", {
      ...env,
      SERVICES:
        "accounts,duties,cases,results,notices,feed,feedback,requests,documents,tlog,reports,subscriptions,inspections,imports",
    });
    cleanups.push(async () => void (await Promise.all([stopProcess(gateway), stopProcess(rest)])));
    const baseUrl = `http://127.0.0.1:${port}`;
    await waitReady(baseUrl, [gateway, rest], 150_000);
    const password = await printedPassword([gateway, rest]);
    expect((gateway.output.join("") + rest.output.join("")).match(/Password \(shown once/g)).toHaveLength(1);
    const api = new Api(baseUrl);
    const admin = await api.login("admin", password as string);
    const res = await api.post(
      "/api/bodies",
      { name: "拆分部署局", creditCode: creditCode(), region: "湖州市" },
      admin,
    );
    expect(res.status).toBe(201);
    expect(
      fs
        .readdirSync(dataDir)
        .filter((f) => f === "postgres" || f === "s3")
        .sort(),
    ).toEqual(["postgres", "s3"]);
    expect(await stopProcess(rest)).toBe(0);
    expect(await stopProcess(gateway)).toBe(0);
  });
});

describe("one process without NATS", () => {
  it("serves the same API with every service in memory", async () => {
    const platform = await startPlatform([""]);
    cleanups.push(platform.stop);
    expect(platform.env.NATS_URL).toBeUndefined();
    const ready = await platform.api.get("/health/ready");
    expect(ready.body.checks).not.toHaveProperty("nats");
    // The whole flow in one process: a service called from inside another's transaction must
    // still use its own database context.
    const office = await setUpOffice(platform.api, "单进程局", "single.officer");
    expect((await platform.api.get(`/api/public/bodies/${office.bodyId}`)).body.name).toBe("单进程局");
    const notice = await publishNotice(platform.api, office);
    expect((await platform.api.get(`/api/public/notices/${notice.noticeId}`)).body.status).toBe("published");
  });
});

describe("npm run migrate", () => {
  it("applies every service's migrations to an empty database, and again is a no-op", async () => {
    const db = await createDatabase();
    cleanups.push(db.drop);
    const run = () =>
      promisify(execFile)(process.execPath, ["--import", "tsx", "src/migrate.ts"], {
        cwd: path.resolve(import.meta.dirname, "../.."),
        env: { PATH: process.env.PATH ?? "", DATABASE_URL: db.url },
      });
    await run();
    await run();
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      for (const { schema, migrations } of DATABASES) {
        const applied = await client.query(`select name from "${schema}".mikro_orm_migrations order by id`);
        expect(applied.rows.map((r) => r.name)).toEqual(migrations.map((m) => m.name));
      }
      const tables = await client.query(
        `select table_schema || '.' || table_name as t from information_schema.tables
         where table_schema in ('accounts', 'documents', 'duties', 'cases', 'results', 'notices', 'feed', 'feedback', 'requests', 'reports', 'tlog', 'subscriptions', 'inspections', 'imports')
           and table_name <> 'mikro_orm_migrations'
         order by 1`,
      );
      expect(tables.rows.map((r) => r.t)).toEqual([
        "accounts.api_keys",
        "accounts.audit_log",
        "accounts.login_failures",
        "accounts.login_successes",
        "accounts.sessions",
        "accounts.settings",
        "accounts.users",
        "cases.case_steps",
        "cases.cases",
        "cases.reviews",
        "documents.comments",
        "documents.consultations",
        "documents.documents",
        "documents.events",
        "documents.files",
        "documents.guides",
        "documents.interpretations",
        "documents.rate_hits",
        "documents.registration_counters",
        "documents.status_events",
        "duties.bodies",
        "duties.body_seals",
        "duties.events",
        "duties.identifier_changes",
        "duties.inspection_items",
        "duties.officers",
        "duties.power_versions",
        "duties.powers",
        "feed.bodies",
        "feed.changes",
        "feed.checkpoints",
        "feed.consultations",
        "feed.documents",
        "feed.guides",
        "feed.inspection_entities",
        "feed.inspection_plans",
        "feed.inspections",
        "feed.notices",
        "feed.officers",
        "feed.powers",
        "feed.replies",
        "feed.reports",
        "feed.requests",
        "feedback.events",
        "feedback.feedback",
        "feedback.rate_hits",
        "feedback.steps",
        "imports.jobs",
        "imports.rows",
        "inspections.conflicts",
        "inspections.events",
        "inspections.plans",
        "inspections.pool_entities",
        "inspections.pool_jobs",
        "inspections.pool_versions",
        "inspections.pools",
        "inspections.results",
        "notices.letters",
        "notices.notice_events",
        "notices.notices",
        "reports.events",
        "reports.reports",
        "requests.attachments",
        "requests.audit_log",
        "requests.disclosure_tasks",
        "requests.events",
        "requests.rate_hits",
        "requests.remedies",
        "requests.requests",
        "requests.steps",
        "results.calendar_years",
        "results.intake_drafts",
        "results.rate_hits",
        "results.result_revisions",
        "results.results",
        "results.rule_tables",
        "subscriptions.attempts",
        "subscriptions.changes",
        "subscriptions.cursors",
        "subscriptions.deliveries",
        "subscriptions.rate_hits",
        "subscriptions.revision",
        "subscriptions.subscriptions",
        "subscriptions.websub_requests",
        "tlog.checkpoints",
        "tlog.cosignatures",
        "tlog.cursors",
        "tlog.entries",
        "tlog.hashes",
      ]);
    } finally {
      await client.end();
    }
  });
});

/** The password in the framed block the platform or the reset script prints (alone on its line). */
function framedPassword(output: string): string | undefined {
  return /Password \(shown once[^\n]*\n\n(\S+)\n\n=+\n/.exec(output)?.[1];
}

/** The generated password the processes printed, waited for (the framed block follows the "running" line). */
async function printedPassword(procs: Proc[], waitMs = 5000): Promise<string | undefined> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const found = framedPassword(procs.map((p) => p.output.join("")).join(""));
    if (found || Date.now() > deadline) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** `npm run admin:reset-password` against a platform's database; answers what it printed. */
async function resetPassword(env: Record<string, string>): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "src/admin-reset-password.ts"], {
    cwd: path.resolve(import.meta.dirname, "../.."),
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
  });
  return stdout;
}

describe("the start-up log and the administrator's password", () => {
  it("frames the generated password once, prints no route table and no warning, logs a 503 readiness once without a stack; the reset script sets a new password and ends old sessions", async () => {
    const platform = await startPlatform(
      [
        "gateway,accounts,duties,cases,results,notices,feed,feedback,requests,documents,tlog,reports,subscriptions,inspections,imports",
      ],
      {
        LOG_LEVEL: "info",
        ADMIN_PASSWORD: "",
        SHUTDOWN_DRAIN_MS: "4000",
      },
    );
    cleanups.push(() => platform.stop());
    const proc = platform.procs[0] as Proc;
    await printedPassword([proc]);
    const started = proc.output.join("");
    expect(started.match(/^={72}$/gm)).toHaveLength(2);
    expect(started).toContain(`  Console:  ${platform.baseUrl}/console\n  Username: admin\n`);
    const generated = framedPassword(started) as string;
    expect(generated).toMatch(/^\S{12,}$/);
    expect(started.match(new RegExp(generated, "g"))).toHaveLength(1);
    // No route tables at info, no warnings or errors on a clean start.
    expect(started).not.toMatch(/=> |Register route|Generate aliases/);
    expect(started).not.toMatch(/\b(WARN|ERROR)\b/);
    const oldToken = await platform.api.login("admin", generated);
    // OpenAPI lists no route that does not answer: moleculer-web's own listing is not served under /api.
    const doc = await platform.api.get("/api/openapi.json");
    expect(Object.keys(doc.body.paths)).not.toContain("/api/list-aliases");
    expect((await platform.api.get("/api/list-aliases", oldToken)).status).toBe(404);

    // A generated new password: old sessions end, the new one signs in, the old one no longer.
    const printed = await resetPassword({ ...platform.env, ADMIN_PASSWORD: "" });
    const fresh = framedPassword(printed) as string;
    expect(fresh).toMatch(/^\S{12,}$/);
    expect(fresh).not.toBe(generated);
    expect((await platform.api.get("/api/auth/me", oldToken)).status).toBe(401);
    expect((await platform.api.post("/api/auth/login", { username: "admin", password: generated })).status).toBe(401);
    await platform.api.login("admin", fresh);
    // ...or the one in ADMIN_PASSWORD, not printed.
    const chosen = await resetPassword({ ...platform.env, ADMIN_PASSWORD: "chosen-password-1" });
    expect(chosen).toContain("the one in ADMIN_PASSWORD");
    expect(framedPassword(chosen)).toBeUndefined();
    await platform.api.login("admin", "chosen-password-1");

    // Stopping: readiness answers 503 during the drain, logged once, in one line.
    const before = proc.output.length;
    proc.child.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 300));
    for (let i = 0; i < 4; i++) {
      expect((await fetch(`${platform.baseUrl}/health/ready`)).status).toBe(503);
      await new Promise((r) => setTimeout(r, 200));
    }
    const stopping = proc.output.slice(before).join("");
    expect(stopping.match(/Not ready: /g)).toHaveLength(1);
    expect(stopping).toContain("Not ready: shutdown: shutting down");
    expect(stopping).not.toMatch(/^\s+at /m);
    expect(await proc.exited).toBe(0);
  });
});
