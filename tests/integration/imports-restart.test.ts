/**
 * An import survives its process: the imports service runs in a process of its own, killed
 * (SIGKILL, no time to settle) in the middle of a job and started again; the job is taken over
 * when its lease runs out and goes on from its first unfinished row — every row recorded once,
 * none twice (a batch recorded but not yet marked comes back unchanged), no duplicate record.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { setUpOffice, type Office } from "../support/flow.js";
import { csv, penaltyRow } from "../support/import-files.js";
import {
  startPlatform,
  startProcess,
  stopProcess,
  waitReady,
  type ApiResponse,
  type Platform,
} from "../support/platform.js";

const ROWS = 4000;

let platform: Platform;
let office: Office;

beforeAll(async () => {
  platform = await startPlatform(
    [
      "gateway",
      "accounts,duties,cases,results,notices,feed,feedback,requests,documents,tlog,reports,subscriptions,inspections,imports",
      "imports",
    ],
    { IMPORT_LEASE_SECONDS: "3" },
  );
  office = await setUpOffice(platform.api, "衢州市市场监督管理局", "qz.imports");
});

afterAll(async () => {
  await platform?.stop();
});

async function job(id: string) {
  const res = await platform.api.get(`/api/imports/${id}`, office.officer);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

it("goes on from where it was after its process is killed mid-job, recording each row once", async () => {
  const rows = Array.from({ length: ROWS }, (_, i) =>
    penaltyRow(`衢市监罚〔2025〕${i + 1}号`, { CF_JDRQ: "2025-06-01" }),
  );
  const res = await platform.api.request("POST", "/api/imports", {
    raw: csv(rows),
    contentType: "text/csv",
    token: office.officer,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  const id = res.body.id as string;

  let view = await job(id);
  for (let i = 0; i < 600 && view.done === 0; i++) {
    await new Promise((r) => setTimeout(r, 50));
    view = await job(id);
  }
  expect(view.done).toBeGreaterThan(0);
  expect(view.done).toBeLessThan(ROWS);
  const proc = platform.procs[2];
  if (!proc) throw new Error("no imports process");
  expect(await stopProcess(proc, "SIGKILL")).toBeNull();
  // While it is down its routes answer 503; nothing else is lost.

  const again = startProcess("imports-again", {
    ...platform.env,
    SERVICES: "imports",
    NODE_ID: `imports2-${platform.env.NAMESPACE}`,
  });
  platform.procs[2] = again;
  await waitReady(platform.baseUrl, [again]);
  for (let i = 0; i < 1200 && view.status !== "done"; i++) {
    await new Promise((r) => setTimeout(r, 100));
    // The gateway may answer 503 until it has seen the new process's services.
    const res = await platform.api.get(`/api/imports/${id}`, office.officer);
    if (res.status === 200) view = res.body;
    else expect(res.status, JSON.stringify(res.body)).toBe(503);
  }
  expect(view).toMatchObject({ status: "done", total: ROWS, done: ROWS, failed: 0 });
  const { imported = 0, unchanged = 0 } = view.outcomes;
  expect(imported + unchanged).toBe(ROWS);
  expect(unchanged).toBeLessThanOrEqual(500);

  // One record per 文书号: the officer's list of the body's results holds each once.
  const numbers: string[] = [];
  let cursor: string | null = null;
  do {
    const page: ApiResponse = await platform.api.get(
      `/api/results?limit=100${cursor ? `&cursor=${cursor}` : ""}`,
      office.officer,
    );
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    numbers.push(...page.body.items.map((r: { decisionNo: string }) => r.decisionNo));
    cursor = page.body.nextCursor;
  } while (cursor);
  expect(numbers).toHaveLength(ROWS);
  expect(new Set(numbers).size).toBe(ROWS);
});
