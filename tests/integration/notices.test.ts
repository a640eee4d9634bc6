/**
 * 事中 and 事后 end to end over real NATS, PostgreSQL and an S3 server, in three processes: file a
 * case, walk it, review, decide, publish a signed PDF notice, download and verify it (by code and
 * by bytes), correct and withdraw it, and check nothing private ever reaches the public.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "../../lib/contract.js";
import { notices } from "../../services/notices/contract.js";
import { residentIdCheckChar } from "../../shared/redaction.js";
import { creditCode, fullWidth, powerInput } from "../support/fixtures.js";
import type { ServiceBroker } from "moleculer";
import pg from "pg";
import { ADMIN_PASSWORD, joinBus, startPlatform, type Api, type Platform } from "../support/platform.js";

let platform: Platform;
let api: Api;
let admin: string;
let officer: string;
let reviewer: string;
let linkedReviewer: string;
let otherOfficer: string;
let bodyId: string;
let penaltyPowerId: string;
let inspectionPowerId: string;
let officerIds: string[];

const ID_NUMBER = (() => {
  const first17 = "33010619850312123";
  return first17 + residentIdCheckChar(first17);
})();
const MOBILE = "13912345678";
const BANK_CARD = "6222021234567890128"; // Luhn-valid
const WITNESS = "李四海";
const PARTY = "张三丰";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "zfgs-pdf-"));

function pdfText(pdf: Buffer): string {
  const file = path.join(tmp, `t-${Date.now()}-${Math.random()}.pdf`);
  fs.writeFileSync(file, pdf);
  return execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"]).toString("utf8").replace(/\s+/g, "");
}

function pdfsig(pdf: Buffer): string {
  const file = path.join(tmp, `s-${Date.now()}-${Math.random()}.pdf`);
  fs.writeFileSync(file, pdf);
  try {
    return execFileSync("pdfsig", [file]).toString("utf8");
  } catch (err) {
    return String((err as { stdout?: Buffer }).stdout ?? err);
  }
}

async function getPdf(url: string): Promise<{ status: number; type: string | null; bytes: Buffer }> {
  const res = await fetch(platform.baseUrl + url);
  return { status: res.status, type: res.headers.get("content-type"), bytes: Buffer.from(await res.arrayBuffer()) };
}

async function verifyBytes(bytes: Buffer) {
  return api.request("POST", "/api/public/verify", { raw: bytes, contentType: "application/pdf" });
}

interface CaseOptions {
  powerId?: string;
  party?: Record<string, unknown>;
  major?: boolean;
  secret?: boolean;
  facts?: string;
}

async function fileCase(opts: CaseOptions = {}) {
  const res = await api.post(
    "/api/cases",
    {
      bodyId,
      powerId: opts.powerId ?? penaltyPowerId,
      title: `${PARTY}擅自兴建殡葬设施案`,
      officerIds,
      facts:
        opts.facts ??
        `当事人${PARTY}（身份证号码${ID_NUMBER}，联系电话${MOBILE}）于2026年3月擅自兴建坟墓，证人${WITNESS}在场。罚没款经银行卡${BANK_CARD}转入。`,
      party: opts.party ?? {
        type: "natural",
        name: PARTY,
        idNumber: ID_NUMBER,
        phone: MOBILE,
        address: "杭州市西湖区某路1号",
        bankAccount: BANK_CARD,
      },
      otherNames: [WITNESS],
      major: opts.major ?? false,
      secret: opts.secret ?? false,
    },
    officer,
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; status: string };
}

async function walk(caseId: string, states: string[]) {
  for (const to of states) {
    const res = await api.post(`/api/cases/${caseId}/transitions`, { to, note: `进入${to}` }, officer);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
}

function decision(extra: Record<string, unknown> = {}) {
  return {
    decisionNo: `浙民罚决〔2026〕${Math.floor(Math.random() * 1e6)}号`,
    decidedOn: "2025-09-30",
    kind: "行政处罚",
    conclusion: `责令${PARTY}限期拆除，并处罚款。`,
    basis: "《殡葬管理条例》第二十八条",
    penalty: {
      categories: ["罚款"],
      content: "罚款人民币5000元",
      fineAmount: 5_000,
      violationType: "擅自兴建殡葬设施",
    },
    ...extra,
  };
}

beforeAll(async () => {
  platform = await startPlatform([
    "gateway",
    "accounts,duties,cases",
    "results,notices,feed,feedback,requests,documents,tlog,reports,subscriptions,inspections,imports",
  ]);
  api = platform.api;
  admin = await api.login("admin", ADMIN_PASSWORD);
  bodyId = (await api.post("/api/bodies", { name: "浙江省民政厅", creditCode: creditCode(), region: "浙江省" }, admin))
    .body.id;
  const otherBody = (
    await api.post("/api/bodies", { name: "宁波市民政局", creditCode: creditCode(), region: "宁波市" }, admin)
  ).body.id;
  officerIds = [];
  for (const [name, cert] of [
    ["王五", "ZJ-1001"],
    ["赵六", "ZJ-1002"],
  ]) {
    const res = await api.post("/api/officers", { bodyId, name, certificateNo: cert, fields: ["殡葬管理"] }, admin);
    officerIds.push(res.body.id);
  }
  const users: [string, string, string, string | undefined][] = [
    ["officer1", "officer", bodyId, officerIds[0]],
    ["reviewer1", "reviewer", bodyId, undefined],
    ["reviewer2", "reviewer", bodyId, officerIds[1]],
    ["officer9", "officer", otherBody, undefined],
  ];
  for (const [username, role, body, officerId] of users) {
    const res = await api.post(
      "/api/users",
      { username, password: "pass-word-1", displayName: username, role, bodyId: body, officerId },
      admin,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
  officer = await api.login("officer1", "pass-word-1");
  reviewer = await api.login("reviewer1", "pass-word-1");
  linkedReviewer = await api.login("reviewer2", "pass-word-1");
  otherOfficer = await api.login("officer9", "pass-word-1");
  penaltyPowerId = (await api.post("/api/powers", powerInput(bodyId, "CF-001"), officer)).body.id;
  inspectionPowerId = (
    await api.post(
      "/api/powers",
      powerInput(bodyId, "JC-001", { name: "殡葬服务单位监督检查", category: "行政检查" }),
      officer,
    )
  ).body.id;
});

afterAll(async () => {
  await platform?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("cases (事中, 全过程记录)", () => {
  it("needs two officers for a 行政处罚 case and a valid ID number, writing nothing otherwise", async () => {
    const base = {
      bodyId,
      powerId: penaltyPowerId,
      title: "测试",
      facts: "事实",
      party: { type: "natural", name: "某人" },
    };
    const one = await api.post("/api/cases", { ...base, officerIds: [officerIds[0]] }, officer);
    expect(one.status).toBe(422);
    expect(one.body.type).toBe("TOO_FEW_OFFICERS");
    const badId = await api.post(
      "/api/cases",
      { ...base, officerIds, party: { type: "natural", name: "某人", idNumber: "330106198503121230" } },
      officer,
    );
    expect(badId.status).toBe(422);
    expect(badId.body.data[0].field).toBe("party.idNumber");
    expect(
      (await api.post("/api/cases", { ...base, officerIds, bodyId: "01a218bd-ee1b-7000-968e-f431a7adefef" }, officer))
        .status,
    ).toBe(403);
    expect((await api.get("/api/cases", officer)).body.items).toHaveLength(0);
  });

  it("files a party's full-width identifiers as their ASCII twins (NFKC), not as a 422", async () => {
    const code = creditCode();
    const legal = await fileCase({ party: { type: "legal", name: "杭州某某有限公司", creditCode: fullWidth(code) } });
    expect((await api.get(`/api/cases/${legal.id}`, officer)).body.party.creditCode).toBe(code);
    const natural = await fileCase({
      party: { type: "natural", name: PARTY, idNumber: fullWidth(ID_NUMBER.toLowerCase()) },
    });
    expect((await api.get(`/api/cases/${natural.id}`, officer)).body.party.idNumber).toBe(ID_NUMBER);
  });

  it("walks the states, refuses illegal moves with 409, and hides the case from other bodies", async () => {
    const c = await fileCase();
    expect(c.status).toBe("registered");
    const skip = await api.post(`/api/cases/${c.id}/transitions`, { to: "served" }, officer);
    expect(skip.status).toBe(409);
    expect(skip.body.type).toBe("ILLEGAL_TRANSITION");
    await walk(c.id, ["investigating", "notified"]);
    const decidedByMove = await api.post(`/api/cases/${c.id}/transitions`, { to: "decided" }, officer);
    expect(decidedByMove.status).toBe(409);
    expect((await api.get(`/api/cases/${c.id}`, otherOfficer)).status).toBe(404);
    expect(
      (await api.post(`/api/cases/${c.id}/transitions`, { to: "terminated", note: "x" }, otherOfficer)).status,
    ).toBe(404);
    const noReason = await api.post(`/api/cases/${c.id}/transitions`, { to: "terminated" }, officer);
    expect(noReason.status).toBe(422);
    const full = await api.get(`/api/cases/${c.id}`, officer);
    expect(full.body.trail.map((s: { to: string }) => s.to)).toEqual(["registered", "investigating", "notified"]);
    expect(full.body.trail[1]).toMatchObject({
      actor: { name: "officer1", role: "officer" },
      note: "进入investigating",
    });
    expect(full.body.trail[1].at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it("a major case needs an approving review by someone who is not its officer before the decision", async () => {
    const c = await fileCase({ major: true });
    await walk(c.id, ["investigating", "notified"]);
    const early = await api.post(`/api/cases/${c.id}/decision`, decision(), officer);
    expect(early.status).toBe(409);
    expect(early.body.type).toBe("REVIEW_REQUIRED");
    expect((await api.post(`/api/cases/${c.id}/review`, { approve: true, opinion: "同意" }, reviewer)).status).toBe(
      409,
    );
    await walk(c.id, ["review"]);
    const own = await api.post(`/api/cases/${c.id}/review`, { approve: true, opinion: "同意" }, linkedReviewer);
    expect(own.status).toBe(403);
    expect((await api.post(`/api/cases/${c.id}/review`, { approve: true, opinion: "同意" }, officer)).status).toBe(403);
    expect(
      (await api.post(`/api/cases/${c.id}/review`, { approve: false, opinion: "证据不足" }, reviewer)).status,
    ).toBe(200);
    const rejected = await api.post(`/api/cases/${c.id}/decision`, decision(), officer);
    expect(rejected.status).toBe(409);
    expect(rejected.body.type).toBe("REVIEW_NOT_APPROVED");
    expect(
      (await api.get(`/api/results?status=draft`, officer)).body.items.map((r: { caseId: string }) => r.caseId),
    ).not.toContain(c.id);
    expect(
      (await api.post(`/api/cases/${c.id}/review`, { approve: true, opinion: "补充证据后同意" }, reviewer)).status,
    ).toBe(200);
    const decided = await api.post(`/api/cases/${c.id}/decision`, decision(), officer);
    expect(decided.status, JSON.stringify(decided.body)).toBe(201);
    const full = await api.get(`/api/cases/${c.id}`, reviewer);
    expect(full.body.status).toBe("decided");
    expect(full.body.reviews.map((r: { approve: boolean }) => r.approve)).toEqual([false, true]);
    expect(full.body.trail.at(-1)).toMatchObject({ kind: "decision", to: "decided" });
  });

  it("a fine above the rule-table threshold makes the decision major", async () => {
    const c = await fileCase();
    await walk(c.id, ["investigating", "notified"]);
    const big = await api.post(
      `/api/cases/${c.id}/decision`,
      decision({ penalty: { categories: ["罚款"], content: "罚款5万元", fineAmount: 50_000 } }),
      officer,
    );
    expect(big.status).toBe(409);
    expect(big.body.type).toBe("REVIEW_REQUIRED");
  });
});

describe("decisions, deadlines and notices (事后公开)", () => {
  let resultId: string;
  let noticeId: string;
  let verifyCode: string;
  let pdf: Buffer;

  it("computes dueBy in working days across 国庆 2025 (decision day not counted)", async () => {
    const c = await fileCase();
    await walk(c.id, ["investigating", "notified"]);
    const res = await api.post(`/api/cases/${c.id}/decision`, decision(), officer);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    // 2025-09-30 + 7 working days: 10-01..10-08 are holidays; 10-09, 10, 11 (make-up Saturday), 13, 14, 15, 16.
    expect(res.body).toMatchObject({ status: "draft", dueBy: "2025-10-16", dueByProvisional: false, overdue: true });
    resultId = res.body.id;
    const dup = await api.post(
      `/api/cases/${(await fileCase()).id}/decision`,
      decision({ decisionNo: res.body.decisionNo }),
      officer,
    );
    expect(dup.status).toBe(409);
    const overdue = await api.get("/api/results?overdue=true", officer);
    expect(overdue.body.items.map((r: { id: string }) => r.id)).toContain(resultId);
    expect((await api.get("/api/results?overdue=true", otherOfficer)).body.items).toHaveLength(0);
  });

  it("publishes a signed notice with nothing private in the JSON or the PDF", async () => {
    const preview = await api.get(`/api/results/${resultId}/preview`, officer);
    expect(preview.status).toBe(200);
    expect(preview.body.redactions.map((r: { rule: string }) => r.rule)).toEqual(
      expect.arrayContaining(["id-number", "mobile", "bank-card", "marked-name", "dropped-field"]),
    );
    const res = await api.post(`/api/results/${resultId}/publish`, {}, officer);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      noticeId: expect.any(String),
      verifyCode: expect.stringMatching(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/),
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      publishedAt: expect.any(String),
      expiresOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    ({ noticeId, verifyCode } = res.body);
    const again = await api.post(`/api/results/${resultId}/publish`, {}, officer);
    expect(again.body).toEqual(res.body);

    const pub = await api.get(`/api/public/notices/${noticeId}`);
    expect(pub.status).toBe(200);
    expect(pub.body).toMatchObject({ status: "published", verifyCode, sha256: res.body.sha256, partyName: PARTY });
    const json = JSON.stringify(pub.body);
    for (const secret of [ID_NUMBER, MOBILE, BANK_CARD, WITNESS, "西湖区某路"]) expect(json).not.toContain(secret);
    expect(json).toContain(PARTY);

    const download = await getPdf(new URL(pub.body.pdfUrl).pathname);
    expect(download.status).toBe(200);
    expect(download.type).toContain("application/pdf");
    pdf = download.bytes;
    expect(createHash("sha256").update(pdf).digest("hex")).toBe(res.body.sha256);
    const text = pdfText(pdf);
    expect(text).toContain(PARTY);
    expect(text).toContain(verifyCode);
    for (const secret of [ID_NUMBER, MOBILE, BANK_CARD, WITNESS]) expect(text).not.toContain(secret);
    expect(pdfsig(pdf)).toMatch(/Signature is Valid/);
  });

  it("verifies by code and by bytes; tampered bytes and unknown codes fail", async () => {
    const byCode = await api.get(`/api/public/verify/${verifyCode.toLowerCase()}`);
    expect(byCode.status).toBe(200);
    expect(byCode.body).toMatchObject({ valid: true, status: "published", noticeId });
    const byBytes = await verifyBytes(pdf);
    expect(byBytes.status).toBe(200);
    expect(byBytes.body).toMatchObject({ valid: true, status: "published", noticeId });
    const tampered = Buffer.from(pdf);
    tampered[Math.floor(tampered.length / 2)] ^= 0x01;
    expect((await verifyBytes(tampered)).body).toMatchObject({ valid: false });
    expect((await api.get("/api/public/verify/AAAA-BBBB-CCCC-DDDD")).status).toBe(404);
  });

  it("corrects a notice: a new version, the old one points to it", async () => {
    const res = await api.post(
      `/api/results/${resultId}/correct`,
      { conclusion: `责令${PARTY}限期拆除，并处罚款人民币贰万元。`, reason: "更正执法结论表述" },
      officer,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const newNoticeId = res.body.noticeId;
    expect(newNoticeId).not.toBe(noticeId);
    const old = await api.get(`/api/public/verify/${verifyCode}`);
    expect(old.body).toMatchObject({
      valid: true,
      status: "corrected",
      successorId: newNoticeId,
      reason: "更正执法结论表述",
    });
    const fresh = await api.get(`/api/public/notices/${newNoticeId}`);
    expect(fresh.body).toMatchObject({ status: "published", predecessorId: noticeId });
    expect(fresh.body.record.conclusion).toContain("贰万元");
    const result = await api.get(`/api/results/${resultId}`, officer);
    expect(result.body.revisions).toHaveLength(1);
    expect(result.body.revisions[0].content.conclusion).not.toContain("贰万元");
    noticeId = newNoticeId;
    verifyCode = fresh.body.verifyCode;
  });

  it("withdraws a notice with a public reason; verification tells it, the PDF is no longer served", async () => {
    expect((await api.post(`/api/results/${resultId}/withdraw`, {}, officer)).status).toBe(422);
    expect((await api.post(`/api/results/${resultId}/withdraw`, { reason: "x" }, otherOfficer)).status).toBe(404);
    const res = await api.post(`/api/results/${resultId}/withdraw`, { reason: "经行政复议撤销原处罚决定" }, officer);
    expect(res.status).toBe(200);
    const v = await api.get(`/api/public/verify/${verifyCode}`);
    expect(v.body).toMatchObject({ valid: true, status: "withdrawn", reason: "经行政复议撤销原处罚决定" });
    expect((await getPdf(`/api/public/notices/${noticeId}/pdf`)).status).toBe(410);
    expect((await api.post(`/api/results/${resultId}/publish`, {}, officer)).status).toBe(409);
  });
});

describe("domain events and expiry", () => {
  let bus: ServiceBroker;
  beforeAll(async () => {
    bus = await joinBus(platform);
  });
  afterAll(async () => {
    await bus?.stop();
  });

  it("keeps every notice change in an outbox that a consumer pulls in order, from any point", async () => {
    const all = await call(bus, notices.eventsSince, { after: "0", limit: 1000 });
    expect(all.map((e) => e.type)).toEqual(["published", "published", "corrected", "withdrawn"]);
    const seqs = all.map((e) => BigInt(e.seq));
    expect([...seqs].sort((a, b) => (a < b ? -1 : 1))).toEqual(seqs);
    expect(all[2]?.notice.id).toBe(all[0]?.notice.id);
    expect(all[3]?.notice).toMatchObject({ id: all[1]?.notice.id, status: "withdrawn" });
    const tail = await call(bus, notices.eventsSince, { after: all[1]?.seq ?? "", limit: 1000 });
    expect(tail.map((e) => e.type)).toEqual(["corrected", "withdrawn"]);
    for (const e of all) expect(JSON.stringify(e)).not.toContain(ID_NUMBER);
  });

  it("expires a notice at the end of its publicity period: out of the PDF service, verification says expired", async () => {
    const c = await fileCase({ facts: "当事人擅自建坟。" });
    await walk(c.id, ["investigating", "notified"]);
    const decided = await api.post(`/api/cases/${c.id}/decision`, decision(), officer);
    const published = await api.post(`/api/results/${decided.body.id}/publish`, {}, officer);
    expect(published.status).toBe(200);
    expect((await getPdf(`/api/public/notices/${published.body.noticeId}/pdf`)).status).toBe(200);
    // Move the end of its publicity period into the past, as time would.
    const db = new pg.Client({ connectionString: platform.db.url });
    await db.connect();
    await db.query(`update notices.notices set expires_on = current_date - 1 where id = $1`, [published.body.noticeId]);
    await db.query(`update results.results set expires_on = current_date - 1 where id = $1`, [decided.body.id]);
    await db.end();
    const run = await call(bus, notices.expire, {});
    expect(run.expired).toBe(1);
    const v = await api.get(`/api/public/verify/${published.body.verifyCode}`);
    expect(v.body).toMatchObject({ valid: true, status: "expired" });
    expect((await getPdf(`/api/public/notices/${published.body.noticeId}/pdf`)).status).toBe(410);
    expect((await api.get(`/api/results/${decided.body.id}`, officer)).body.status).toBe("expired");
    const events = await call(bus, notices.eventsSince, { after: "0", limit: 1000 });
    expect(events.at(-1)?.type).toBe("expired");
  });
});

describe("what may never be published", () => {
  async function decided(opts: CaseOptions, extra: Record<string, unknown> = {}) {
    const c = await fileCase(opts);
    await walk(c.id, ["investigating", "notified"]);
    const res = await api.post(`/api/cases/${c.id}/decision`, decision(extra), officer);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  }

  it("refuses minors, secret cases and warning-only penalties with 409 and the reason", async () => {
    const minor = await decided({ party: { type: "natural", name: "小明", minor: true } });
    const m = await api.post(`/api/results/${minor}/publish`, {}, officer);
    expect(m.status).toBe(409);
    expect(m.body.type).toBe("MINOR");
    const secret = await decided({ secret: true });
    expect((await api.post(`/api/results/${secret}/publish`, {}, officer)).body.type).toBe("SECRET");
    const warning = await decided({}, { penalty: { categories: ["警告"], content: "警告" } });
    const w = await api.post(`/api/results/${warning}/publish`, {}, officer);
    expect(w.status).toBe(409);
    expect(w.body.type).toBe("WARNING_ONLY");
    expect(w.body.message).toContain("警告");
  });
});

describe("licence decisions (行政许可)", () => {
  it("take the licence fields an officer has, defaulting the rest from the decision", async () => {
    const power = await api.post(
      "/api/powers",
      powerInput(bodyId, "XK-001", { name: "公墓建设审批", category: "行政许可" }),
      officer,
    );
    const c = await fileCase({
      powerId: power.body.id,
      party: { type: "legal", name: "某某陵园有限公司", creditCode: creditCode() },
    });
    await walk(c.id, ["investigating", "notified"]);
    const missing = await api.post(
      `/api/cases/${c.id}/decision`,
      { ...decision({ kind: "行政许可" }), penalty: undefined },
      officer,
    );
    expect(missing.status).toBe(422);
    expect(missing.body.data.map((d: { field: string }) => d.field)).toContain("licence");
    const res = await api.post(
      `/api/cases/${c.id}/decision`,
      {
        ...decision({ kind: "行政许可", conclusion: "准予建设经营性公墓" }),
        penalty: undefined,
        licence: { licenceNo: "浙民许〔2026〕5号" },
      },
      officer,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.licence).toMatchObject({
      licenceNo: "浙民许〔2026〕5号",
      category: "普通",
      content: "准予建设经营性公墓",
    });
    const preview = await api.get(`/api/results/${res.body.id}/preview`, officer);
    expect(preview.body.fields).toEqual(expect.arrayContaining([{ label: "许可类别", value: "普通" }]));
  });
});

describe("the calendar and the rule table", () => {
  it("marks a deadline reaching an uncovered year provisional until an admin loads that year", async () => {
    const rules = (await api.get("/api/rules", admin)).body;
    const longer = { ...rules, publicationDeadlineDays: { ...rules.publicationDeadlineDays, default: 80 } };
    expect((await api.put("/api/rules", longer, officer)).status).toBe(403);
    expect((await api.put("/api/rules", { ...longer, withdrawalDeadlineDays: 0 }, admin)).status).toBe(422);
    expect((await api.put("/api/rules", longer, admin)).status).toBe(200);
    const c = await fileCase({
      powerId: inspectionPowerId,
      party: { type: "legal", name: "某某殡仪服务有限公司", creditCode: creditCode() },
    });
    await walk(c.id, ["investigating", "notified"]);
    const today = new Date().toISOString().slice(0, 10);
    const res = await api.post(
      `/api/cases/${c.id}/decision`,
      { ...decision({ kind: "行政检查", decidedOn: today }), penalty: undefined },
      officer,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.dueByProvisional).toBe(true);
    const year = Number(res.body.dueBy.slice(0, 4));
    const bad = await api.put(`/api/calendar/${year}`, { holidays: [`${year}-02-30`], workdays: [] }, admin);
    expect(bad.status).toBe(422);
    expect(bad.body.data[0].field).toBe("holidays[0]");
    const loaded = await api.put(`/api/calendar/${year}`, { holidays: [`${year}-01-01`], workdays: [] }, admin);
    expect(loaded.status, JSON.stringify(loaded.body)).toBe(200);
    const after = await api.get(`/api/results/${res.body.id}`, officer);
    expect(after.body.dueByProvisional).toBe(false);
    expect(after.body.dueBy).not.toBe(`${year}-01-01`);
  });
});
