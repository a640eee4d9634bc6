/**
 * Graceful shutdown: on SIGTERM the gateway's readiness turns 503 at once, requests in flight
 * finish, and the process exits cleanly.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishNotice, setUpOffice } from "../support/flow.js";
import { startPlatform, stopProcess, type Platform } from "../support/platform.js";

let platform: Platform;

beforeAll(async () => {
  platform = await startPlatform(
    [
      "gateway",
      "accounts,duties,cases,results,notices,feed,feedback,requests,documents,tlog,reports,subscriptions,inspections,imports",
    ],
    {
      SHUTDOWN_DRAIN_MS: "1500",
    },
  );
  const office = await setUpOffice(platform.api, "嘉兴市民政局", "jx.officer");
  await publishNotice(platform.api, office);
});

afterAll(async () => {
  await platform?.stop();
});

describe("SIGTERM during a burst of requests", () => {
  it("fails none of the requests in flight, reports not-ready while draining, and exits 0", async () => {
    const gateway = platform.procs[0];
    if (!gateway) throw new Error("no gateway process");
    const url = `${platform.baseUrl}/api/public/notices?q=${encodeURIComponent("殡仪")}&facets=true`;
    let signalled = false;
    const outcomes: { beforeSignal: boolean; status: number | string }[] = [];
    // Each worker sends requests back to back until the signal; its request then in flight finishes.
    const worker = async () => {
      while (!signalled) {
        const beforeSignal = !signalled;
        try {
          const res = await fetch(url);
          await res.arrayBuffer();
          outcomes.push({ beforeSignal, status: res.status });
        } catch (err) {
          outcomes.push({ beforeSignal, status: String((err as Error).cause ?? err) });
        }
      }
    };
    const workers = Array.from({ length: 16 }, worker);
    await new Promise((r) => setTimeout(r, 300));
    gateway.child.kill("SIGTERM");
    signalled = true;
    const ready = await fetch(`${platform.baseUrl}/health/ready`);
    expect(ready.status).toBe(503);
    await Promise.all(workers);
    const before = outcomes.filter((o) => o.beforeSignal);
    expect(before.length).toBeGreaterThan(16);
    expect(before.filter((o) => o.status !== 200)).toEqual([]);
    expect(await stopProcess(gateway)).toBe(0);
  });
});
