/**
 * 双随机、一公开 over the real platform: a pool's list uploaded (CSV raw, XLSX as a multipart form, a
 * GBK CSV), checked as a whole and row by row as a job with progress, versioned by the SHA-256 of
 * its canonical content; officers' declared conflicts; a draw plan published with its commitment
 * (the seed secret from officers too), drawn once at its time, recomputed by `npm run draw:verify`
 * from public data alone; a correction superseding a plan (its seed revealed); the transparency log
 * holding each public state.
 */
// Answers are untyped JSON checked field by field.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { poolSha256 } from "../../shared/inspections/draw.js";
import { writeCsv, writeXlsx } from "../../shared/tabular.js";
import { verifyDraw } from "../../src/draw-verify.js";
import { setUpOffice, type Office } from "../support/flow.js";
import { badCheckChar, creditCode } from "../support/fixtures.js";
import { gbk } from "../support/import-files.js";
import { startPlatform, type Api, type Platform } from "../support/platform.js";

const ROOT = path.resolve(import.meta.dirname, "../..");

let platform: Platform;
let api: Api;
let office: Office;
let other: Office;
let itemId: string;
let poolId: string;
/** The officers of 综合执法 on the roster (setUpOffice's two and three more). */
const rosterIds: string[] = [];

const ENTITIES = Array.from({ length: 30 }, (_, i) => ({
  name: `检查对象${i + 1}有限公司`,
  creditCode: creditCode(),
  address: `某市某路${i + 1}号`,
  category: i % 2 ? "食品经营" : "食品生产",
}));

const csvOf = (rows: { name: string; creditCode: string; address: string; category: string }[]) =>
  Buffer.from(
    writeCsv([
      ["名称", "统一社会信用代码", "地址", "类别"],
      ...rows.map((e) => [e.name, e.creditCode, e.address, e.category]),
    ]),
  );

async function uploadTo(id: string, bytes: Buffer, contentType = "text/csv", token = office.officer) {
  return api.request("POST", `/api/pools/${id}/uploads`, { raw: bytes, contentType, token });
}

/** Polls an upload until it is done (or failed). */
async function finished(jobId: string): Promise<any> {
  for (let i = 0; i < 300; i++) {
    const res = await api.get(`/api/pools/uploads/${jobId}`, office.officer);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    if (res.body.status === "done" || res.body.status === "failed") return res.body;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`upload ${jobId} never finished`);
}

beforeAll(async () => {
  platform = await startPlatform();
  api = platform.api;
  office = await setUpOffice(api, "某市市场监管抽查局", "ins.officer");
  other = await setUpOffice(api, "某县市场监管抽查局", "ins.other");
  rosterIds.push(...office.officerIds);
  for (const [name, fields] of [
    ["丙执法员", ["综合执法"]],
    ["丁执法员", ["综合执法", "食品"]],
    ["戊执法员", ["综合执法"]],
    ["己执法员", ["消防"]],
  ] as const) {
    const res = await api.post(
      "/api/officers",
      { bodyId: office.bodyId, name, certificateNo: `ins-${name}`, fields },
      office.admin,
    );
    expect(res.status).toBe(201);
    if (fields.includes("综合执法" as never)) rosterIds.push(res.body.id);
  }
  // A suspended officer of the category is not on the roster.
  const suspended = await api.post(
    "/api/officers",
    { bodyId: office.bodyId, name: "庚执法员", certificateNo: "ins-庚", fields: ["综合执法"] },
    office.admin,
  );
  await api.post(`/api/officers/${suspended.body.id}/status`, { status: "suspended", reason: "借调" }, office.admin);
  const item = await api.post(
    "/api/inspections",
    {
      bodyId: office.bodyId,
      project: "食品经营者监督检查",
      subItem: "餐饮服务食品安全",
      subject: "某市市场监管抽查局",
      basis: "《中华人民共和国食品安全法》第一百一十条",
      method: "现场检查",
      content: "检查食品经营许可、从业人员健康管理和进货查验记录",
    },
    office.officer,
  );
  expect(item.status).toBe(201);
  itemId = item.body.id;
});

afterAll(async () => {
  await platform?.stop();
});

describe("pools of entities under supervision", () => {
  it("refuses a list it cannot use as a whole: no 统一社会信用代码 column, an empty body, an old .xls", async () => {
    const pool = await api.post("/api/pools", { name: "食品经营者名录" }, office.officer);
    expect(pool.status, JSON.stringify(pool.body)).toBe(201);
    poolId = pool.body.id;
    expect((await api.post("/api/pools", { name: "食品经营者名录" }, office.officer)).body.type).toBe(
      "POOL_NAME_TAKEN",
    );
    const noCode = await uploadTo(poolId, Buffer.from("名称,地址\n甲公司,某路1号\n"));
    expect(noCode.status).toBe(422);
    expect(noCode.body.data[0]).toMatchObject({ field: "body", type: "POOL_COLUMNS_MISSING" });
    expect(noCode.body.data[0].message).toContain("统一社会信用代码");
    expect((await uploadTo(poolId, Buffer.alloc(0))).body.data[0].type).toBe("ATTACHMENT_EMPTY");
    const xls = Buffer.concat([Buffer.from("d0cf11e0a1b11ae1", "hex"), Buffer.alloc(512)]);
    expect((await uploadTo(poolId, xls, "application/vnd.ms-excel")).body.data[0].type).toBe("TABLE_XLS_UNSUPPORTED");
    // Another body's officer may not upload into it.
    expect((await uploadTo(poolId, csvOf(ENTITIES), "text/csv", other.officer)).status).toBe(403);
    expect((await api.get(`/api/pools/${poolId}`, office.officer)).body.latestVersion).toBe(0);
  });

  it("checks every row as a job: refused rows make no version and are reported with their lines and reasons", async () => {
    const rows = [...ENTITIES.slice(0, 5)];
    rows.push({ ...ENTITIES[5]!, creditCode: badCheckChar(ENTITIES[5]!.creditCode) });
    rows.push({ ...ENTITIES[6]!, creditCode: ENTITIES[0]!.creditCode });
    const res = await uploadTo(poolId, csvOf(rows));
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const job = await finished(res.body.id);
    expect(job).toMatchObject({
      status: "done",
      outcome: "refused",
      total: 7,
      failed: 2,
      version: null,
      format: "csv",
    });
    const report = await api.get(new URL(job.errorsUrl).pathname, office.officer);
    expect(report.status).toBe(200);
    expect(report.headers.get("content-type")).toContain("text/csv");
    const text = String(report.body);
    expect(text).toMatch(/^\uFEFF?行号,统一社会信用代码,问题/);
    expect(text).toContain("7,");
    expect(text).toContain("已在第 2 行出现");
    expect(text).toContain("校验位");
    expect((await api.get(`/api/pools/${poolId}`, office.officer)).body.latestVersion).toBe(0);
    // Another body cannot read the job or its report.
    expect((await api.get(`/api/pools/uploads/${res.body.id}`, other.officer)).status).toBe(403);
  });

  it("versions a good list by the SHA-256 of its canonical content: the same content again (as XLSX, reordered) makes none; a GBK CSV with one more makes the next", async () => {
    const first = await finished((await uploadTo(poolId, csvOf(ENTITIES))).body.id);
    expect(first).toMatchObject({ status: "done", outcome: "version", version: 1, total: 30, done: 30, failed: 0 });
    const pool = (await api.get(`/api/pools/${poolId}`, office.officer)).body;
    expect(pool.versions[0]).toMatchObject({ version: 1, size: 30, sha256: poolSha256(ENTITIES) });

    const xlsx = Buffer.from(
      writeXlsx([
        {
          name: "名录",
          rows: [
            ["统一社会信用代码", "企业名称", "住所", "行业类别"],
            ...[...ENTITIES].reverse().map((e) => [e.creditCode, e.name, e.address, e.category]),
          ],
        },
      ]),
    );
    const form = new FormData();
    form.append("note", "第二次上传");
    form.append("file", new Blob([xlsx]), "名录.xlsx");
    const res = await fetch(`${platform.baseUrl}/api/pools/${poolId}/uploads`, {
      method: "POST",
      headers: { authorization: `Bearer ${office.officer}` },
      body: form,
    });
    expect(res.status).toBe(202);
    const same = await finished(((await res.json()) as { id: string }).id);
    expect(same).toMatchObject({ outcome: "unchanged", version: 1, format: "xlsx" });

    // GBK can spell only the test's few characters: 中国企业 and a number, all 食品.
    const gbkRows = [...ENTITIES.map((e) => e.creditCode), creditCode()].map((code, i) => ({
      name: `中国企业${i + 1}`,
      creditCode: code,
      category: "食品",
    }));
    const text = ["名称,统一社会信用代码,类别", ...gbkRows.map((e) => `${e.name},${e.creditCode},${e.category}`)];
    const second = await finished((await uploadTo(poolId, gbk(text.join("\r\n")), "text/csv")).body.id);
    expect(second).toMatchObject({ outcome: "version", version: 2, total: 31, encoding: "gb18030" });
    const v2 = (await api.get(`/api/pools/${poolId}`, office.officer)).body.versions[0];
    expect(v2).toMatchObject({ version: 2, size: 31, sha256: poolSha256(gbkRows) });
  });
});

describe("draw plans", () => {
  let plan: any;
  let avoided: string;

  it("takes officers' declared conflicts (回避), checked", async () => {
    avoided = ENTITIES[3]!.creditCode;
    const declared = await api.post(
      "/api/inspection-conflicts",
      { officerId: rosterIds[0], creditCode: avoided, reason: "配偶在该企业任职" },
      office.officer,
    );
    expect(declared.status, JSON.stringify(declared.body)).toBe(201);
    const again = await api.post(
      "/api/inspection-conflicts",
      { officerId: rosterIds[0], creditCode: avoided, reason: "重复申报" },
      office.officer,
    );
    expect(again.body.type).toBe("CONFLICT_DECLARED");
    const bad = await api.post(
      "/api/inspection-conflicts",
      { officerId: rosterIds[1], creditCode: badCheckChar(avoided), reason: "亲属" },
      office.officer,
    );
    expect(bad.body.data[0].type).toBe("CREDIT_CODE_CHECK");
    const foreign = await api.post(
      "/api/inspection-conflicts",
      { officerId: rosterIds[1], creditCode: avoided, reason: "亲属" },
      other.officer,
    );
    expect(foreign.status).toBe(403);
    // Withdrawn declarations no longer count for new plans.
    const temporary = await api.post(
      "/api/inspection-conflicts",
      { officerId: rosterIds[2], creditCode: avoided, reason: "曾在该企业任职，已满三年" },
      office.officer,
    );
    const withdrawn = await api.request("DELETE", `/api/inspection-conflicts/${temporary.body.id}`, {
      token: office.officer,
    });
    expect(withdrawn.body.withdrawnAt).toEqual(expect.any(String));
    const list = await api.get("/api/inspection-conflicts", office.officer);
    expect(list.body.map((c: any) => c.reason)).toContain("配偶在该企业任职");
  });

  const planInput = (over: Record<string, unknown> = {}) => ({
    title: "2027年第一季度食品经营者双随机抽查",
    inspectionItemId: itemId,
    poolId,
    size: 6,
    officersPerEntity: 2,
    officerField: "综合执法",
    drawAt: new Date(Date.now() + 1500).toISOString(),
    inspectBy: "2099-03-31",
    ...over,
  });

  it("refuses a plan that could not be drawn fairly, writing nothing", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ratio: 0.1 }, "PLAN_SIZE_OR_RATIO"],
      [{ drawAt: new Date(Date.now() - 60_000).toISOString() }, "PLAN_DRAW_IN_PAST"],
      [{ officerField: "消防" }, "DRAW_NOT_ENOUGH_OFFICERS"],
      [{ size: 500 }, "DRAW_SIZE_OUT_OF_RANGE"],
      [{ poolVersion: 9 }, "PLAN_POOL_VERSION_UNKNOWN"],
      [{ officersPerEntity: 1 }, "numberMin"],
      [{ inspectBy: "2020-01-01" }, "RANGE_REVERSED"],
    ];
    for (const [over, type] of cases) {
      const res = await api.post("/api/inspection-plans", planInput(over), office.officer);
      expect(res.status, `${JSON.stringify(over)} ${JSON.stringify(res.body)}`).toBe(422);
      expect(res.body.data[0].type).toBe(type);
    }
    const otherItem = await api.post("/api/inspection-plans", planInput(), other.officer);
    expect(otherItem.body.data[0].type).toBe("PLAN_ITEM_UNKNOWN");
    expect((await api.get("/api/inspection-plans", office.officer)).body).toEqual([]);
  });

  it("publishes a plan with its commitment and frozen inputs; nobody, officers included, sees the seed before the draw", async () => {
    const res = await api.post("/api/inspection-plans", planInput(), office.officer);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    plan = res.body;
    expect(plan).toMatchObject({
      status: "committed",
      algorithm: "zfgs-draw-v1",
      size: 6,
      officersPerEntity: 2,
      seed: null,
      selected: null,
      pool: { id: poolId, version: 2, size: 31 },
      inspectionItem: { id: itemId, project: "食品经营者监督检查" },
    });
    expect(plan.commitment).toMatch(/^[0-9a-f]{64}$/);
    expect(plan.officers.map((o: any) => o.id).sort()).toEqual([...rosterIds].sort());
    expect(plan.conflicts).toEqual([{ officerId: rosterIds[0], creditCode: avoided }]);
    const pub = await api.get(`/api/public/inspection-plans/${plan.id}`);
    expect(pub.body).toEqual(plan);
    expect((await api.get(`/api/inspection-plans/${plan.id}`, office.officer)).body.seed).toBeNull();
    const list = await api.get(`/api/public/inspection-plans?bodyId=${office.bodyId}`);
    expect(list.body.items.map((p: any) => p.id)).toEqual([plan.id]);
    const pool = await api.get(new URL(plan.pool.url).pathname);
    expect(pool.body.sha256).toBe(plan.poolSha256);
    expect(pool.body.entities).toHaveLength(31);
    expect(JSON.stringify(pool.body)).not.toContain("某路");
    // Not before its time.
    const early = await api.post(`/api/inspection-plans/${plan.id}/draw`, {}, office.officer);
    expect(early.status).toBe(409);
    expect(early.body.type).toBe("PLAN_DRAW_NOT_YET");
  });

  it("draws once at its time, revealing the seed; the verify script recomputes the draw from public data alone", async () => {
    await new Promise((r) => setTimeout(r, Math.max(0, new Date(plan.drawAt).getTime() - Date.now() + 50)));
    expect((await api.post(`/api/inspection-plans/${plan.id}/draw`, {}, other.officer)).status).toBe(403);
    const drawn = await api.post(`/api/inspection-plans/${plan.id}/draw`, {}, office.officer);
    expect(drawn.status, JSON.stringify(drawn.body)).toBe(200);
    expect(drawn.body.status).toBe("drawn");
    expect(createHash("sha256").update(Buffer.from(drawn.body.seed, "hex")).digest("hex")).toBe(plan.commitment);
    expect(drawn.body.selected).toHaveLength(6);
    for (const s of drawn.body.selected) {
      expect(s.officers).toHaveLength(2);
      if (s.creditCode === avoided) expect(s.officers.map((o: any) => o.id)).not.toContain(rosterIds[0]);
    }
    const again = await api.post(`/api/inspection-plans/${plan.id}/draw`, {}, office.officer);
    expect(again.status).toBe(409);
    expect(again.body.type).toBe("PLAN_ALREADY_DRAWN");

    const url = `${platform.baseUrl}/api/public/inspection-plans/${plan.id}`;
    const { stdout } = await promisify(execFile)("npm", ["run", "-s", "draw:verify", "--", url], { cwd: ROOT });
    expect(stdout).toContain("the revealed seed matches the commitment");
    expect(stdout).toContain("the 6 drawn entities and their officers are exactly what zfgs-draw-v1 gives");
    // A published selection that is not the algorithm's is caught, and so is a pool that is not the hashed one.
    const pub = (await api.get(`/api/public/inspection-plans/${plan.id}`)).body;
    const pool = (await api.get(new URL(pub.pool.url).pathname)).body;
    expect(verifyDraw(pub, pool).problems).toEqual([]);
    const swapped = { ...pub, selected: [pub.selected[1], pub.selected[0], ...pub.selected.slice(2)] };
    expect(verifyDraw(swapped, pool).problems[0]).toMatch(/^rank 1: published/);
    expect(verifyDraw(pub, { ...pool, entities: pool.entities.slice(1) }).problems[0]).toMatch(/hash to/);
  });

  it("publishes each drawn entity's result with the plan, checked: a drawn entity, inspected between the draw and today, a case's notice only for 已立案查处", async () => {
    const drawn = (await api.get(`/api/public/inspection-plans/${plan.id}`)).body;
    const [first, second] = drawn.selected;
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const put = (code: string, body: Record<string, unknown>, token = office.officer) =>
      api.put(`/api/inspection-plans/${plan.id}/results/${code}`, body, token);
    const notDrawn = ENTITIES.map((e) => e.creditCode).find(
      (c) => !drawn.selected.some((s: any) => s.creditCode === c),
    );
    expect((await put(notDrawn as string, { outcome: "未发现问题", inspectedOn: today })).body.data[0].type).toBe(
      "RESULT_NOT_DRAWN",
    );
    expect((await put(first.creditCode, { outcome: "未发现问题", inspectedOn: "2099-01-01" })).body.data[0].type).toBe(
      "RESULT_DATE_OUT_OF_RANGE",
    );
    expect((await put(first.creditCode, { outcome: "查无此项", inspectedOn: today })).status).toBe(422);
    const linked = await put(first.creditCode, { outcome: "未发现问题", inspectedOn: today, noticeId: plan.id });
    expect(linked.body.data[0].type).toBe("RESULT_NOTICE_NOT_A_CASE");
    const unknownNotice = await put(first.creditCode, { outcome: "已立案查处", inspectedOn: today, noticeId: plan.id });
    expect(unknownNotice.body.data[0].type).toBe("RESULT_NOTICE_UNKNOWN");
    expect((await put(first.creditCode, { outcome: "未发现问题", inspectedOn: today }, other.officer)).status).toBe(
      403,
    );
    const ok = await put(first.creditCode, {
      outcome: "发现问题已责令整改",
      inspectedOn: today,
      summary: "进货查验记录不全，已责令改正",
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const result = ok.body.selected.find((s: any) => s.creditCode === first.creditCode).result;
    expect(result).toMatchObject({ outcome: "发现问题已责令整改", inspectedOn: today, late: false, noticeId: null });
    expect(result.dueOn > today).toBe(true);
    expect(ok.body.selected.find((s: any) => s.creditCode === second.creditCode).result).toBeNull();
    expect(ok.body.resultsDueOn > "2099-03-31").toBe(true);
    expect(ok.body.overdue).toBe(0);
    // Correcting a result keeps one per entity; the draw itself still verifies.
    const corrected = await put(first.creditCode, { outcome: "未发现问题", inspectedOn: today });
    expect(corrected.body.selected.filter((s: any) => s.result).map((s: any) => s.result.outcome)).toEqual([
      "未发现问题",
    ]);
    const pub = (await api.get(`/api/public/inspection-plans/${plan.id}`)).body;
    expect(verifyDraw(pub, (await api.get(new URL(pub.pool.url).pathname)).body).problems).toEqual([]);
    const page = await api.get(`/inspection-plans/${plan.id}`);
    expect(page.status).toBe(200);
    expect(String(page.body)).toContain("未发现问题");
    expect(String(page.body)).toContain(pub.seed);
  });

  it("puts plans and results in the feed: search by 统一社会信用代码, name words or result, as CSV and Atom", async () => {
    const pub = (await api.get(`/api/public/inspection-plans/${plan.id}`)).body;
    const [first, second] = pub.selected;
    const byCode = await api.get(`/api/public/inspection-results?creditCode=${first.creditCode}`);
    expect(byCode.status).toBe(200);
    expect(byCode.body.items).toEqual([
      expect.objectContaining({
        planId: plan.id,
        planTitle: plan.title,
        bodyName: "某市市场监管抽查局",
        creditCode: first.creditCode,
        name: first.name,
        rank: first.rank,
        outcome: "未发现问题",
      }),
    ]);
    const byName = await api.get(`/api/public/inspection-results?q=${encodeURIComponent(second.name)}`);
    // Every match holds the words (中国企业1 is also in 中国企业12); the one asked for is among them.
    expect(byName.body.items.map((e: any) => e.creditCode)).toContain(second.creditCode);
    for (const e of byName.body.items) expect(e.name).toContain(second.name);
    const pending = await api.get(`/api/public/inspection-results?bodyId=${office.bodyId}&outcome=待公开&limit=2`);
    expect(pending.body.items).toHaveLength(2);
    expect(pending.body.items.map((e: any) => e.creditCode)).not.toContain(first.creditCode);
    const next = await api.get(
      `/api/public/inspection-results?bodyId=${office.bodyId}&outcome=待公开&limit=2&cursor=${pending.body.nextCursor}`,
    );
    expect(next.body.items.map((e: any) => e.rank)).toEqual(
      pub.selected
        .filter((s: any) => !s.result)
        .slice(2, 4)
        .map((s: any) => s.rank),
    );
    expect((await api.get(`/api/public/inspection-results?q=a`)).status).toBe(422);
    const csv = await api.get(`/api/public/inspection-results.csv?bodyId=${office.bodyId}`);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const lines = String(csv.body).trim().split("\r\n");
    expect(lines[0]).toContain("抽查计划,执法主体,抽取时间,序号,检查对象,统一社会信用代码,检查结果");
    expect(lines).toHaveLength(1 + 6);
    expect(lines.find((l) => l.includes(first.creditCode))).toContain("未发现问题");
    const atom = await api.get(`/api/public/inspection-plans.atom?bodyId=${office.bodyId}`);
    expect(atom.headers.get("content-type")).toContain("application/atom+xml");
    expect(String(atom.body)).toContain(`${plan.title}（已抽取）`);
    const portal = await api.get(`/inspection-results?creditCode=${first.creditCode}`);
    expect(portal.status).toBe(200);
    expect(String(portal.body)).toContain(first.name);
    expect(String(portal.body)).toContain("未发现问题");
    expect(String((await api.get(`/bodies/${office.bodyId}`)).body)).toContain(plan.title);
  });

  it("corrects only by a new plan naming the old one with a reason; a plan superseded before its draw reveals its seed", async () => {
    const later = await api.post(
      "/api/inspection-plans",
      planInput({ drawAt: new Date(Date.now() + 3_600_000).toISOString(), size: undefined, ratio: 0.1 }),
      office.officer,
    );
    expect(later.status).toBe(201);
    expect(later.body.size).toBe(4);
    expect(
      (await api.post("/api/inspection-plans", planInput({ corrects: later.body.id }), office.officer)).body.data[0]
        .type,
    ).toBe("REASON_REQUIRED");
    const fixed = await api.post(
      "/api/inspection-plans",
      planInput({ corrects: later.body.id, correctionReason: "抽取比例有误，应为 20%", size: undefined, ratio: 0.2 }),
      office.officer,
    );
    expect(fixed.status, JSON.stringify(fixed.body)).toBe(201);
    expect(fixed.body.corrects).toEqual({ planId: later.body.id, reason: "抽取比例有误，应为 20%" });
    const old = (await api.get(`/api/public/inspection-plans/${later.body.id}`)).body;
    expect(old).toMatchObject({ status: "superseded", supersededBy: fixed.body.id, selected: null });
    expect(old.seed).toMatch(/^[0-9a-f]{64}$/);
    const pool = (await api.get(new URL(old.pool.url).pathname)).body;
    const check = verifyDraw(old, pool);
    expect(check.problems).toEqual([]);
    expect(check.notes.join("\n")).toContain("superseded before its draw; it would have drawn");
    const twice = await api.post(
      "/api/inspection-plans",
      planInput({ corrects: later.body.id, correctionReason: "再次更正" }),
      office.officer,
    );
    expect(twice.status).toBe(409);
    expect(twice.body.type).toBe("PLAN_ALREADY_CORRECTED");
    expect((await api.post(`/api/inspection-plans/${later.body.id}/draw`, {}, office.officer)).body.type).toBe(
      "PLAN_SUPERSEDED",
    );
  });

  it("logs every public state of a plan in the transparency log: the commitment before the draw, the draw, each result", async () => {
    const db = new pg.Client({ connectionString: platform.db.url });
    await db.connect();
    try {
      for (let i = 0; i < 100; i++) {
        const { rows } = await db.query(
          `select version, sha256 from tlog.entries where item_id = $1 and type = 'inspection-plan' order by idx`,
          [plan.id],
        );
        // Published, drawn, a result recorded, the result corrected.
        if (rows.length >= 4) {
          expect(rows.map((r) => r.version)).toEqual([1, 2, 3, 4]);
          return;
        }
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error("the plan's states were never logged");
    } finally {
      await db.end();
    }
  });
});
