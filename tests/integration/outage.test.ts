/**
 * Readiness and outages tell the truth: a split deployment (gateway | services over NATS) whose
 * services process is stopped (SIGSTOP) or killed (SIGKILL). Readiness turns 503 by itself, and
 * every route that needs the services answers 503 with Retry-After, never 404, and at once: the
 * request timeout is a minute here, and each request of the outage is abandoned after 20 s.
 */
import { afterAll, describe, expect, it } from "vitest";
import { ConsoleBrowser } from "../support/console-browser.js";
import { publishNotice, setUpOffice, type Office, type Published } from "../support/flow.js";
import {
  ADMIN_PASSWORD,
  startPlatform,
  startProcess,
  stopProcess,
  waitReady,
  type Platform,
  type Proc,
} from "../support/platform.js";

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

const SERVICES =
  "accounts,duties,cases,results,notices,feed,feedback,requests,documents,tlog,reports,subscriptions,inspections,imports";

interface Answer {
  status: number;
  retryAfter: string | null;
  type: string;
  body: string;
}

/** A request that gives up long before REQUEST_TIMEOUT_MS (60 s): an answer means a fast one. */
async function ask(platform: Platform, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(platform.baseUrl + path, {
    headers,
    signal: AbortSignal.timeout(20_000),
  });
  return {
    status: res.status,
    retryAfter: res.headers.get("retry-after"),
    type: res.headers.get("content-type") ?? "",
    body: await res.text(),
  };
}

async function until<T>(what: () => Promise<T>, ok: (v: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await what();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Who reads: the officer's bearer token, and the administrator's console session cookie. */
interface Readers {
  officer: Record<string, string>;
  console: Record<string, string>;
}

/** Readiness, a public notice (API and portal page), a signed-in API read and a console page, while the services are away. */
async function expectAway(platform: Platform, office: Office, notice: Published, readers: Readers): Promise<void> {
  const ready = await until(
    () => ask(platform, "/health/ready"),
    (a) => a.status === 503,
    10_000,
  );
  expect(ready.status, ready.body).toBe(503);
  expect(JSON.parse(ready.body).data.checks.services?.ok, ready.body).toBe(false);
  for (const [path, headers, html] of [
    [`/api/public/notices/${notice.noticeId}`, {}, false],
    [`/api/public/notices?bodyId=${office.bodyId}`, {}, false],
    [`/notices/${notice.noticeId}`, {}, true],
    [`/api/results?status=published`, readers.officer, false],
    [`/console`, readers.console, true],
  ] as const) {
    const answer = await ask(platform, path, headers);
    expect(answer.status, `${path}: ${answer.body}`).toBe(503);
    expect(answer.retryAfter, path).toMatch(/^\d+$/);
    expect(answer.type, path).toContain(html ? "text/html" : "application/json");
    if (!html) expect(JSON.parse(answer.body).type, path).toBe("DEPENDENCY_UNAVAILABLE");
  }
}

async function expectBack(platform: Platform, notice: Published, readers: Readers): Promise<void> {
  await waitReady(platform.baseUrl, platform.procs, 60_000);
  expect((await ask(platform, `/api/public/notices/${notice.noticeId}`)).status).toBe(200);
  expect((await ask(platform, `/notices/${notice.noticeId}`)).status).toBe(200);
  expect((await ask(platform, `/api/results?status=published`, readers.officer)).status).toBe(200);
  expect((await ask(platform, `/console`, readers.console)).status).toBe(200);
}

describe("the services process of a split deployment goes away", () => {
  it(
    "stopped (SIGSTOP): readiness and every route answer 503 with Retry-After at once; back after SIGCONT; killed (SIGKILL): the same, until a new process joins",
    {
      timeout: 200_000,
    },
    async () => {
      const platform = await startPlatform(["gateway", SERVICES], {
        REQUEST_TIMEOUT_MS: "60000",
        // Every read goes to the feed: none is answered from the gateway's cache.
        EDGE_CACHE_ENTRIES: "0",
      });
      cleanups.push(platform.stop);
      const office = await setUpOffice(platform.api, "丽水市民政局", "ls.officer");
      const notice = await publishNotice(platform.api, office);
      const browser = new ConsoleBrowser(platform.baseUrl);
      await browser.login("admin", ADMIN_PASSWORD);
      const readers: Readers = {
        officer: { authorization: `Bearer ${office.officer}` },
        console: { cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join("; ") },
      };
      await expectBack(platform, notice, readers);
      const services = platform.procs[1] as Proc;

      services.child.kill("SIGSTOP");
      cleanups.push(async () => void services.child.kill("SIGCONT"));
      await expectAway(platform, office, notice, readers);
      // More refusals than the circuit breaker's minRequestCount (20): they are the gateway's own,
      // not failures of the node, so nothing stays refused once it answers again.
      for (let i = 0; i < 25; i++) {
        expect((await ask(platform, `/api/public/notices/${notice.noticeId}`)).status).toBe(503);
      }
      services.child.kill("SIGCONT");
      await expectBack(platform, notice, readers);

      services.child.kill("SIGKILL");
      await services.exited;
      await expectAway(platform, office, notice, readers);
      // Once the registry has dropped the silent node (heartbeat timeout), its routes are gone too:
      // still 503, not 404.
      const dropped = await until(
        () => ask(platform, "/health/ready"),
        (a) => a.status === 503 && !a.body.includes("not answering"),
        30_000,
      );
      expect(dropped.body).toMatch(/not running: (?!.*not answering)/);
      await expectAway(platform, office, notice, readers);

      const again = startProcess("services-again", {
        ...platform.env,
        SERVICES,
        NODE_ID: `services-again-${platform.env.NAMESPACE}`,
      });
      platform.procs[1] = again;
      cleanups.push(async () => void (await stopProcess(again)));
      await expectBack(platform, notice, readers);
    },
  );
});
