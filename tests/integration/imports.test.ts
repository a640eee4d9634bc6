/**
 * Bulk import of historic 双公示 data (issue 21 item 4) on the real platform: a dry run reports per
 * row and writes nothing public; a CSV (UTF-8), the same columns in GBK and as XLSX import; bad rows
 * are refused with their reasons in the error report while good rows import; the same file again
 * is all unchanged, a changed row a correction; another body's officer sees nothing; the imported
 * notices are public (feed, search, verification), a natural person's ID number never in them,
 * and a record whose publicity period is over is held expired.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setUpOffice, type Office } from "../support/flow.js";
import { csv, gbkCsv, licenceCsv, licenceRow, penaltyRow, xlsx, XLSX_TYPE, type Row } from "../support/import-files.js";
import { badCheckChar, creditCode } from "../support/fixtures.js";
import { parseCsv } from "../support/csv.js";
import { startPlatform, type Platform } from "../support/platform.js";

let platform: Platform;
let office: Office;
let other: Office;

beforeAll(async () => {
  platform = await startPlatform();
  office = await setUpOffice(platform.api, "宁波市市场监督管理局", "nb.imports");
  other = await setUpOffice(platform.api, "舟山市市场监督管理局", "zs.imports");
});

afterAll(async () => {
  await platform?.stop();
});

async function upload(token: string, file: string | Buffer, query = "", contentType = "text/csv") {
  return platform.api.request("POST", `/api/imports${query}`, { raw: file, contentType, token });
}

/** Waits until the job is done and its notices issued; answers its view. */
async function finished(id: string, token = office.officer) {
  for (let i = 0; i < 600; i++) {
    const res = await platform.api.get(`/api/imports/${id}`, token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const job = res.body;
    if (job.status === "failed") throw new Error(`import failed: ${JSON.stringify(job)}`);
    if (job.status === "done" && job.notices.done === job.notices.due) return job;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(
    `import ${id} not finished:\n${platform.procs.map((p) => p.output.join("").slice(-3000)).join("\n")}`,
  );
}

async function importFile(file: string | Buffer, query = "", contentType = "text/csv") {
  const res = await upload(office.officer, file, query, contentType);
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return finished(res.body.id);
}

async function rows(id: string) {
  const res = await platform.api.get(`/api/imports/${id}/rows?limit=1000`, office.officer);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items as {
    line: number;
    decisionNo: string;
    outcome: string;
    reason: string | null;
    resultId: string | null;
  }[];
}

/** The body's public notices (any status) as the feed lists them, once it holds `count`. */
type PublicItem = { id: string; decisionNo: string; status: string };

/**
 * Waits until the feed holds `count` notices of the body (and `until` holds of them: the feed
 * follows the notices service's events, an expiry a moment after the issue).
 */
async function publicNotices(count: number, status = "all", until: (items: PublicItem[]) => boolean = () => true) {
  let last: PublicItem[] = [];
  for (let i = 0; i < 300; i++) {
    const res = await platform.api.get(`/api/public/notices?bodyId=${office.bodyId}&status=${status}&limit=100`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    last = res.body.items;
    if (last.length >= count && until(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the feed never held ${count} notices as expected: ${JSON.stringify(last)}`);
}

const NATURAL = { CF_XDR_LB: "自然人", CF_XDR_MC: "赵六", CF_XDR_SHXYM: "", CF_XDR_ZJHM: "330203199001011234" };
const good: Row[] = [
  penaltyRow("甬市监罚〔2026〕101号", { CF_XDR_MC: "宁波海曙甬江食品有限公司" }),
  penaltyRow("甬市监罚〔2026〕102号", NATURAL),
  penaltyRow("甬市监罚〔2019〕103号", { CF_JDRQ: "2019-05-06", CF_GSJZQ: "2022-05-06" }),
];
const bad: Row[] = [
  penaltyRow("甬市监罚〔2026〕901号", { CF_XDR_SHXYM: badCheckChar(creditCode()) }),
  penaltyRow("", {}),
  penaltyRow("甬市监罚〔2026〕903号", { CF_JDRQ: "2026-02-30" }),
  penaltyRow("甬市监罚〔2026〕904号", { CF_CFLB: "罚款、游街" }),
];
const file = csv([...good, ...bad]);

describe("importing historic 双公示 penalty data", () => {
  let jobId: string;

  it("refuses a file it cannot import whole, keeping nothing", async () => {
    expect((await upload(office.officer, "名称,日期\r\n某某,2020-01-01")).body).toMatchObject({
      type: "VALIDATION_ERROR",
      data: [{ field: "body", type: "IMPORT_UNKNOWN_COLUMNS" }],
    });
    expect((await upload(office.officer, csv([]))).status).toBe(422);
    expect((await upload(office.officer, "")).status).toBe(422);
    const list = await platform.api.get("/api/imports", office.officer);
    expect(list.body.items).toEqual([]);
  });

  it("says per row in a dry run what would be imported or why not, and publishes nothing", async () => {
    const job = await importFile(file, "?dryRun=true");
    expect(job).toMatchObject({ dryRun: true, kind: "penalty", total: 7, done: 7, failed: 4 });
    expect(job.outcomes).toEqual({ "would-import": 3, refused: 4 });
    const byLine = await rows(job.id);
    expect(byLine.map((r) => r.outcome)).toEqual([
      "would-import",
      "would-import",
      "would-import",
      "refused",
      "refused",
      "refused",
      "refused",
    ]);
    const results = await platform.api.get("/api/results", office.officer);
    expect(results.body.items).toEqual([]);
    const pub = await platform.api.get(`/api/public/notices?bodyId=${office.bodyId}&status=all`);
    expect(pub.body.items).toEqual([]);
  });

  it("imports the good rows of a UTF-8 CSV and reports the bad ones with their reasons in Chinese", async () => {
    const job = await importFile(file);
    jobId = job.id;
    expect(job).toMatchObject({ format: "csv", encoding: expect.stringMatching(/utf-?8/i), total: 7, failed: 4 });
    expect(job.outcomes).toEqual({ imported: 3, refused: 4 });
    expect(job.notices).toEqual({ due: 3, done: 3 });
    const report = await platform.api.get(job.errorsUrl.replace(/^\/api/, "/api"), office.officer);
    expect(report.status).toBe(200);
    const table = parseCsv(String(report.body).replace(/^\uFEFF/, ""));
    expect(table[0]).toEqual(["行号", "文书号", "数据项", "原因"]);
    const reasons = table.slice(1).map((r) => [r[0], r[2], r[3]]);
    expect(reasons).toEqual([
      ["5", "CF_XDR_SHXYM", expect.stringContaining("校验位")],
      ["6", "CF_WSH", expect.stringContaining("必填")],
      ["7", "CF_JDRQ", expect.stringContaining("不是有效日期")],
      ["8", "CF_CFLB", expect.stringContaining("类别")],
    ]);
  });

  it("makes the imported records public: feed, search, verification; the ID number never; a past period expired", async () => {
    const past = "甬市监罚〔2019〕103号";
    const items = await publicNotices(3, "all", (all) =>
      all.some((n) => n.decisionNo === past && n.status !== "published"),
    );
    const byNo = new Map(items.map((n) => [n.decisionNo, n]));
    expect(byNo.get("甬市监罚〔2026〕101号")).toMatchObject({ status: "published" });
    expect(byNo.get(past)).toMatchObject({ status: "expired" });
    const natural = byNo.get("甬市监罚〔2026〕102号")!;
    const full = await platform.api.get(`/api/public/notices/${natural.id}`);
    expect(full.status).toBe(200);
    expect(JSON.stringify(full.body)).not.toContain("330203199001011234");
    const verified = await platform.api.get(`/api/public/verify/${full.body.verifyCode}`);
    expect(verified.body).toMatchObject({ authentic: true, current: true });
    const found = await platform.api.get(`/api/public/notices?q=${encodeURIComponent("甬江食品")}`);
    expect(found.body.items.map((n: { decisionNo: string }) => n.decisionNo)).toContain("甬市监罚〔2026〕101号");
    const result = await platform.api.get(`/api/results/${(await rows(jobId))[0]!.resultId ?? ""}`, office.officer);
    expect(result.status).toBe(200);
  });

  it("finds the same file again all unchanged, with no duplicate; a changed row is a correction", async () => {
    const again = await importFile(file);
    expect(again.outcomes).toEqual({ unchanged: 3, refused: 4 });
    expect(again.notices).toEqual({ due: 0, done: 0 });
    const changed = csv([{ ...good[0], CF_NR: "罚款人民币叁万元", CF_NR_FK: "3" }]);
    const corrected = await importFile(changed);
    expect(corrected.outcomes).toEqual({ updated: 1 });
    const corrects = (all: PublicItem[]) =>
      all.some((n) => n.decisionNo === "甬市监罚〔2026〕101号" && n.status === "corrected");
    const items = await publicNotices(4, "all", corrects);
    const versions = items.filter((n) => n.decisionNo === "甬市监罚〔2026〕101号");
    expect(versions.map((n) => n.status).sort()).toEqual(["corrected", "published"]);
    const current = await publicNotices(2, "published");
    expect(current.filter((n) => n.decisionNo === "甬市监罚〔2026〕101号")).toHaveLength(1);
  });

  it("reads the same columns in GBK with the Chinese headers, and as XLSX", async () => {
    const fromGbk = await importFile(gbkCsv([penaltyRow("甬市监罚〔2026〕201号")]));
    expect(fromGbk).toMatchObject({ encoding: expect.stringMatching(/gbk|gb18030/i), outcomes: { imported: 1 } });
    const fromXlsx = await importFile(xlsx([penaltyRow("甬市监罚〔2026〕301号")]), "", XLSX_TYPE);
    expect(fromXlsx).toMatchObject({ format: "xlsx", outcomes: { imported: 1 } });
  });

  it("takes the file as a multipart form too, keeping its name", async () => {
    const form = new FormData();
    form.append("file", new Blob([csv([penaltyRow("甬市监罚〔2026〕401号")])], { type: "text/csv" }), "历史.csv");
    const res = await fetch(`${platform.baseUrl}/api/imports`, {
      method: "POST",
      headers: { authorization: `Bearer ${office.officer}` },
      body: form,
    });
    expect(res.status).toBe(202);
    const job = await finished(((await res.json()) as { id: string }).id);
    expect(job).toMatchObject({ filename: "历史.csv", outcomes: { imported: 1 } });
  });

  it("imports 行政许可 rows (XK_) as licence decisions, the 审批类别 checked", async () => {
    const job = await importFile(
      licenceCsv([licenceRow("甬市监许〔2026〕1号"), licenceRow("甬市监许〔2026〕2号", { XK_SPLB: "特别" })]),
    );
    expect(job).toMatchObject({ kind: "licence", outcomes: { imported: 1, refused: 1 } });
    const items = await publicNotices(1, "published&kind=%E8%A1%8C%E6%94%BF%E8%AE%B8%E5%8F%AF");
    const notice = await platform.api.get(`/api/public/notices/${items[0]!.id}`);
    expect(notice.body).toMatchObject({ decisionNo: "甬市监许〔2026〕1号", kind: "行政许可" });
    expect(JSON.stringify(notice.body)).toContain("食品经营许可证");
  });

  it("keeps another body's officer out", async () => {
    expect((await platform.api.get(`/api/imports/${jobId}`, other.officer)).status).toBe(404);
    expect((await platform.api.get(`/api/imports/${jobId}/errors.csv`, other.officer)).status).toBe(404);
    expect((await upload(other.officer, file, `?bodyId=${office.bodyId}`)).status).toBe(403);
    const list = await platform.api.get("/api/imports", other.officer);
    expect(list.body.items).toEqual([]);
  });
});
