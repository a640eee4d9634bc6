/**
 * Bulk data over the split platform (issue 20, item 5): an administrator builds the dumps now; the
 * index lists every public table as CSV and JSON Lines with rows, bytes and SHA-256; each file read
 * back matches them, its rows equal the API's counts, and its JSON lines are what the API answers
 * for each record. A second run adds the day's delta: only the rows changed since the first.
 */
// The files' records are untyped JSON compared with the API's answers; `any` keeps it terse.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { createHash } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, expect, it } from "vitest";
import { publishNotice, setUpOffice, type Office } from "../support/flow.js";
import { parseCsv } from "../support/csv.js";
import { startPlatform, type Platform } from "../support/platform.js";

let platform: Platform;
let office: Office;

beforeAll(async () => {
  platform = await startPlatform([
    "gateway",
    "accounts,duties,cases,results,notices,feed,feedback,requests,documents,tlog,reports,subscriptions,inspections,imports",
  ]);
  office = await setUpOffice(platform.api, "温州市市场监督管理局", "wz.bulk");
});

afterAll(async () => {
  await platform?.stop();
});

interface Listed {
  name: string;
  table: string;
  kind: "full" | "delta";
  format: "csv" | "jsonl";
  url: string;
  rows: number;
  bytes: number;
  sha256: string;
}

/** Asks for a run and waits for an index newer than `after`. */
async function run(after: string | null): Promise<{ generatedAt: string; files: Listed[] }> {
  const res = await platform.api.post("/api/bulk/run", {}, office.admin);
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  for (let i = 0; i < 200; i++) {
    const index = await platform.api.get("/api/public/bulk/index.json");
    expect(index.status).toBe(200);
    if (index.body.generatedAt && index.body.generatedAt !== after) return index.body;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `no bulk run finished in 20 s:\n${platform.procs.map((p) => p.output.join("").slice(-2000)).join("\n")}`,
  );
}

/** A listed file's bytes, checked against the index; the text inside. */
async function read(file: Listed): Promise<string> {
  const path = new URL(file.url).pathname;
  const res = await fetch(platform.baseUrl + path);
  expect(res.status, path).toBe(200);
  expect(res.headers.get("content-type")).toBe("application/gzip");
  const bytes = Buffer.from(await res.arrayBuffer());
  expect(bytes.length).toBe(file.bytes);
  expect(createHash("sha256").update(bytes).digest("hex")).toBe(file.sha256);
  return gunzipSync(bytes).toString("utf8");
}

it("dumps every public table, rows equal to the API's, and adds the day's changes as a delta", async () => {
  const { api } = platform;
  const notices: { resultId: string; noticeId: string }[] = [];
  for (const partyName of ['温州鹿城"老街"小吃店', "温州瓯海眼镜厂,有限公司", "温州龙湾\n海鲜排档"])
    notices.push(await publishNotice(api, office, { partyName: partyName.replace("\n", "") }));
  const withdrawn = await api.post(
    `/api/results/${notices[0]?.resultId}/withdraw`,
    { reason: "决定已被依法撤销" },
    office.officer,
  );
  expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);

  // Who may ask for a run.
  expect((await api.post("/api/bulk/run", {})).status).toBe(401);
  expect((await api.post("/api/bulk/run", {}, office.officer)).status).toBe(403);

  const first = await run(null);
  const full = first.files.filter((f) => f.kind === "full");
  expect(first.files.filter((f) => f.kind === "delta")).toEqual([]);
  expect(full.map((f) => `${f.table}.${f.format}`).sort()).toEqual(
    [
      "bodies.csv",
      "bodies.jsonl",
      "documents.csv",
      "documents.jsonl",
      "inspections.csv",
      "inspections.jsonl",
      "notices-xzcf.csv",
      "notices.csv",
      "notices.jsonl",
      "officers.csv",
      "officers.jsonl",
      "powers.csv",
      "powers.jsonl",
      "reports.csv",
      "reports.jsonl",
    ].sort(),
  );

  // The API's counts: every notice (any status), every body, officer and power.
  const apiTotal = async (path: string) => (await api.get(path)).body.total as number;
  const expected: Record<string, number> = {
    notices: await apiTotal("/api/public/notices?status=all&count=true&limit=1"),
    bodies: await apiTotal("/api/public/bodies?limit=1"),
    officers: await apiTotal("/api/public/officers?limit=1"),
    powers: await apiTotal("/api/public/powers?limit=1"),
  };
  expect(expected.notices).toBe(3);
  for (const f of full) {
    const text = await read(f);
    if (f.format === "csv") {
      expect(text.startsWith("\uFEFF"), f.name).toBe(true);
      const [header, ...rows] = parseCsv(text.slice(1));
      expect(rows.length, f.name).toBe(f.rows);
      for (const row of rows) expect(row.length, f.name).toBe(header?.length);
    } else {
      const lines = text.split("\n").filter(Boolean);
      expect(lines.length, f.name).toBe(f.rows);
    }
    if (f.table in expected) expect(f.rows, f.name).toBe(expected[f.table]);
  }

  // Each notice's JSON line is the API's answer for it, the withdrawn one its tombstone.
  const jsonl = full.find((f) => f.table === "notices" && f.format === "jsonl") as Listed;
  const records = (await read(jsonl))
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  for (const record of records) expect(record).toEqual((await api.get(`/api/public/notices/${record.id}`)).body);
  expect(records.find((r: any) => r.id === notices[0]?.noticeId)).toMatchObject({ status: "withdrawn" });
  // The 双公示 file: penalty decisions in the CF_ column order, values quoted where RFC 4180 says.
  const xzcf = parseCsv((await read(full.find((f) => f.table === "notices-xzcf") as Listed)).slice(1));
  expect(xzcf[0]?.[0]).toBe("行政处罚决定书文号");
  expect(xzcf.flat()).toContain("温州瓯海眼镜厂,有限公司");

  // Bad names and unknown files.
  expect((await api.get("/api/public/bulk/files/..%2Fsecret.csv.gz")).status).toBe(422);
  expect((await api.get("/api/public/bulk/files/notices-1999-01-01.csv.gz")).status).toBe(404);

  // A new notice; the second run's delta holds it alone.
  const later = await publishNotice(api, office, { partyName: "温州洞头渔家乐" });
  const second = await run(first.generatedAt);
  const deltas = second.files.filter((f) => f.kind === "delta");
  const noticesDelta = deltas.find((f) => f.table === "notices" && f.format === "jsonl") as Listed;
  expect(noticesDelta.rows).toBe(1);
  expect((noticesDelta as Listed & { since?: string }).since, "the run it brings up to date").toBe(first.generatedAt);
  expect(JSON.parse((await read(noticesDelta)).trim()).id).toBe(later.noticeId);
  expect(deltas.find((f) => f.table === "bodies" && f.format === "csv")?.rows).toBe(0);
  expect(second.files.find((f) => f.table === "notices" && f.kind === "full" && f.format === "csv")?.rows).toBe(4);
});
