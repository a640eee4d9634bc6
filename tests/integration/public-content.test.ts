/**
 * What the public sees of a decision, end to end over real NATS, PostgreSQL and an S3 server:
 * - the decision preview (API and console) is built like the real decision — a 行政许可 shows
 *   the defaults the decision fills in, and the preview lists what the real decision or its
 *   publication would refuse (a missing legal review of a major decision);
 * - a notice withdrawn, expired or superseded is taken down (撤下): its page, JSON, lists, Atom,
 *   CSV and search keep a tombstone without facts, party or penalty, its PDF answers 410, and
 *   verification says it is authentic but not current — also after the feed is rebuilt.
 */
import type { ServiceBroker } from "moleculer";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConsoleBrowser } from "../support/console-browser.js";
import { creditCode, powerInput } from "../support/fixtures.js";
import { publishNotice, setUpOffice, type Office, type Published } from "../support/flow.js";
import { joinBus, startPlatform, type Api, type Platform } from "../support/platform.js";

let platform: Platform;
let api: Api;
let bus: ServiceBroker;
let office: Office;

beforeAll(async () => {
  platform = await startPlatform();
  api = platform.api;
  bus = await joinBus(platform);
  office = await setUpOffice(api, "杭州市上城区民政局", "sc.officer");
});

afterAll(async () => {
  await bus?.stop();
  await platform?.stop();
});

async function fileCase(powerId: string, extra: Record<string, unknown> = {}): Promise<string> {
  const c = await api.post(
    "/api/cases",
    {
      bodyId: office.bodyId,
      powerId,
      title: "殡仪服务站设立申请",
      officerIds: office.officerIds,
      facts: "申请人提交的材料齐全，符合法定形式。",
      party: { type: "legal", name: "杭州安宁殡仪服务有限公司", creditCode: creditCode(), legalRepresentative: "赵某" },
      ...extra,
    },
    office.officer,
  );
  expect(c.status, JSON.stringify(c.body)).toBe(201);
  for (const to of ["investigating", "notified"]) {
    const moved = await api.post(`/api/cases/${c.body.id}/transitions`, { to }, office.officer);
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
  }
  return c.body.id as string;
}

describe("the decision preview", () => {
  it("shows a 行政许可 with the defaults the decision records, exactly as it is published", async () => {
    const power = await api.post(
      "/api/powers",
      powerInput(office.bodyId, "sc-XK", { name: "殡仪服务站设立审批", category: "行政许可" }),
      office.officer,
    );
    expect(power.status, JSON.stringify(power.body)).toBe(201);
    const caseId = await fileCase(power.body.id);
    const decision = {
      kind: "行政许可",
      decisionNo: "上民许〔2026〕7号",
      decidedOn: "2026-11-02",
      conclusion: "准予设立殡仪服务站。",
      basis: "《殡葬管理条例》第八条",
      licence: { certificateName: "殡仪服务站批准书", licenceNo: "XK-2026-7" },
    };
    const preview = await api.post(`/api/cases/${caseId}/decision/preview`, decision, office.officer);
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.fields).toEqual(
      expect.arrayContaining([
        { label: "许可决定文书名称", value: "行政许可决定书" },
        { label: "许可类别", value: "普通" },
        { label: "许可内容", value: "准予设立殡仪服务站。" },
      ]),
    );
    expect(preview.body.refusals).toEqual([]);

    const decided = await api.post(`/api/cases/${caseId}/decision`, decision, office.officer);
    expect(decided.status, JSON.stringify(decided.body)).toBe(201);
    const ofResult = await api.get(`/api/results/${decided.body.id}/preview`, office.officer);
    expect(ofResult.body.fields).toEqual(preview.body.fields);
    expect(ofResult.body.sections).toEqual(preview.body.sections);
    const published = await api.post(`/api/results/${decided.body.id}/publish`, {}, office.officer);
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    const notice = await api.get(`/api/public/notices/${published.body.noticeId}`);
    expect(notice.body.fields).toEqual(preview.body.fields);
    expect(notice.body.sections).toEqual(preview.body.sections);
  });

  it("lists a missing legal review of a major decision, in the API and on the console's preview", async () => {
    const caseId = await fileCase(office.penaltyPowerId, { title: "重大殡葬违法案", major: true });
    const decision = {
      kind: "行政处罚",
      decisionNo: "上民罚〔2026〕9号",
      decidedOn: "2026-11-02",
      conclusion: "责令改正，并处罚款。",
      basis: "《殡葬管理条例》第二十八条",
      penalty: { categories: ["罚款"], content: "罚款人民币5000元", fineAmount: 5000 },
    };
    const preview = await api.post(`/api/cases/${caseId}/decision/preview`, decision, office.officer);
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.refusals).toEqual([expect.objectContaining({ stage: "decision", type: "REVIEW_REQUIRED" })]);
    const real = await api.post(`/api/cases/${caseId}/decision`, decision, office.officer);
    expect(real.status).toBe(409);
    expect(real.body.type).toBe("REVIEW_REQUIRED");

    const browser = new ConsoleBrowser(platform.baseUrl);
    await browser.login("sc.officer", "pass-word-1");
    const page = await browser.post(`/console/cases/${caseId}/decision`, {
      intent: "preview",
      decisionNo: decision.decisionNo,
      decidedOn: decision.decidedOn,
      conclusion: decision.conclusion,
      basis: decision.basis,
      "penalty.categories": "罚款",
      "penalty.content": decision.penalty.content,
      "penalty.fineAmount": "5000",
    });
    expect(page.status, page.text).toBe(200);
    const refusals = page.text.slice(page.text.indexOf('data-stage="decision"'));
    expect(refusals).toContain('data-type="REVIEW_REQUIRED"');
    expect(refusals).toContain("该案件须经法制审核同意后才能作出决定。");
    expect(page.text).toContain("保存决定时将被拒绝");
  });
});

describe("taking a notice down (撤下)", () => {
  const PARTY = "杭州长青寿材有限公司";
  const FACTS = "当事人在长青路销售超标准寿材三百余件。";
  const CONCLUSION = "责令停止销售，并处罚款人民币伍仟元整。";
  /** Text of the facts, the party and the penalty: none may stay public once the notice is down. */
  const PRIVATE = [PARTY, "长青寿材", "长青路", "三百余件", "伍仟元", "罚款人民币5000元", "罚款金额", "违法事实"];

  let pdf: Buffer;

  async function getText(path: string): Promise<{ status: number; text: string; type: string | null }> {
    const res = await fetch(platform.baseUrl + path);
    return { status: res.status, text: await res.text(), type: res.headers.get("content-type") };
  }

  /** Every public output that could show the notice: page, JSON, lists, search, Atom, CSV. */
  async function publicTexts(n: Published): Promise<Record<string, string>> {
    const body = office.bodyId;
    const paths = {
      page: `/notices/${n.noticeId}`,
      json: `/api/public/notices/${n.noticeId}`,
      list: `/api/public/notices?bodyId=${body}&status=all&limit=100`,
      search: `/api/public/notices?q=${encodeURIComponent("寿材")}&status=all`,
      portalSearch: `/search?q=${encodeURIComponent(n.decisionNo)}&status=all`,
      atom: `/api/public/feed.atom?bodyId=${body}&status=all`,
      csv: `/api/public/notices.csv?bodyId=${body}&status=all`,
      home: `/`,
      bodyPage: `/bodies/${body}`,
    };
    const out: Record<string, string> = {};
    for (const [name, path] of Object.entries(paths)) {
      const res = await getText(path);
      expect(res.status, `${name}: ${res.text.slice(0, 300)}`).toBe(200);
      // The CSV's header names its columns (罚款金额…): only its rows are content.
      out[name] = name === "csv" ? res.text.slice(res.text.indexOf("\r\n") + 2) : res.text;
    }
    return out;
  }

  function expectTombstone(texts: Record<string, string>, n: Published, reason?: string) {
    for (const [name, text] of Object.entries(texts)) {
      for (const secret of PRIVATE) expect(text, `${name} shows "${secret}"`).not.toContain(secret);
    }
    expect(texts.page).toContain(n.decisionNo);
    expect(texts.page).toContain("公示记录");
    expect(texts.csv).toContain(n.decisionNo);
    if (reason) {
      expect(texts.page).toContain(reason);
      expect(texts.csv).toContain(reason);
    }
  }

  async function publishOne(decisionNo: string): Promise<Published> {
    const n = await publishNotice(api, office, {
      partyName: PARTY,
      facts: FACTS,
      conclusion: CONCLUSION,
      decisionNo,
    });
    const download = await fetch(`${platform.baseUrl}/api/public/notices/${n.noticeId}/pdf`);
    expect(download.status).toBe(200);
    pdf = Buffer.from(await download.arrayBuffer());
    // While published, the whole record is public.
    const json = await api.get(`/api/public/notices/${n.noticeId}`);
    expect(json.body.partyName).toBe(PARTY);
    expect(json.body.record.facts).toBe(FACTS);
    return n;
  }

  async function expectAuthenticNotCurrent(n: Published, status: string) {
    const byCode = await api.get(`/api/public/verify/${n.verifyCode}`);
    expect(byCode.body).toMatchObject({ authentic: true, current: false, valid: true, status, noticeId: n.noticeId });
    const byBytes = await api.request("POST", "/api/public/verify", { raw: pdf, contentType: "application/pdf" });
    expect(byBytes.body).toMatchObject({ authentic: true, current: false, valid: true, status, noticeId: n.noticeId });
    const gone = await getText(`/api/public/notices/${n.noticeId}/pdf`);
    expect(gone.status).toBe(410);
    expect(JSON.parse(gone.text)).toMatchObject({ code: 410, data: { status } });
  }

  it("answers a published notice authentic and current", async () => {
    const n = await publishOne("上民罚〔2026〕21号");
    const byCode = await api.get(`/api/public/verify/${n.verifyCode}`);
    expect(byCode.body).toMatchObject({ authentic: true, current: true, valid: true, status: "published" });
    const foreign = Buffer.from(pdf);
    foreign[Math.floor(foreign.length / 2)] ^= 0x01;
    const byBytes = await api.request("POST", "/api/public/verify", { raw: foreign, contentType: "application/pdf" });
    expect(byBytes.body).toMatchObject({ valid: false, authentic: false, current: false });
    await api.post(`/api/results/${n.resultId}/withdraw`, { reason: "测试后撤下" }, office.officer);
  });

  it("keeps only a tombstone of a withdrawn notice everywhere, also after the feed is rebuilt", async () => {
    const n = await publishOne("上民罚〔2026〕22号");
    const reason = "经行政复议撤销原处罚决定";
    const res = await api.post(`/api/results/${n.resultId}/withdraw`, { reason }, office.officer);
    expect(res.status, JSON.stringify(res.body)).toBe(200);

    const texts = await publicTexts(n);
    expectTombstone(texts, n, reason);
    const json = JSON.parse(texts.json);
    expect(json).toMatchObject({
      status: "withdrawn",
      reason,
      partyName: null,
      pdfUrl: null,
      takenDown: true,
      decisionNo: n.decisionNo,
      bodyName: office.bodyName,
      decidedOn: "2026-11-02",
      sections: [],
    });
    expect(json.fields).toEqual(expect.arrayContaining([{ label: "撤下原因", value: reason }]));
    expect(JSON.parse(texts.search).items).toEqual([]);
    await expectAuthenticNotCurrent(n, "withdrawn");

    const rebuilt = await api.post("/api/feed/rebuild", {}, office.admin);
    expect(rebuilt.status, JSON.stringify(rebuilt.body)).toBe(200);
    const again = await api.get(`/api/public/notices/${n.noticeId}`);
    expect(again.body).toEqual(json);
    expectTombstone(await publicTexts(n), n, reason);
  });

  it("takes an expired notice out of the listing; its address answers the tombstone", async () => {
    const n = await publishOne("上民罚〔2026〕23号");
    const db = new pg.Client({ connectionString: platform.db.url });
    await db.connect();
    await db.query(`update notices.notices set expires_on = current_date - 1 where id = $1`, [n.noticeId]);
    await db.end();
    expect((await bus.call<{ expired: number }, object>("notices.expire", {})).expired).toBe(1);

    const listed = await api.get(`/api/public/notices?bodyId=${office.bodyId}`);
    expect(listed.body.items.map((i: { id: string }) => i.id)).not.toContain(n.noticeId);
    const texts = await publicTexts(n);
    expectTombstone(texts, n);
    expect(JSON.parse(texts.json)).toMatchObject({ status: "expired", partyName: null, takenDown: true });
    await expectAuthenticNotCurrent(n, "expired");
  });

  it("keeps a tombstone of a corrected notice that links its successor", async () => {
    const n = await publishOne("上民罚〔2026〕24号");
    const corrected = await api.post(
      `/api/results/${n.resultId}/correct`,
      { reason: "当事人名称有误", partyName: "杭州长青寿材商行" },
      office.officer,
    );
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    const successorId = corrected.body.noticeId as string;

    const old = await api.get(`/api/public/notices/${n.noticeId}`);
    expect(old.body).toMatchObject({ status: "corrected", successorId, partyName: null, takenDown: true });
    const page = await getText(`/notices/${n.noticeId}`);
    expect(page.text).toContain(`/notices/${successorId}`);
    for (const secret of [PARTY, "长青路", "伍仟元"]) expect(page.text).not.toContain(secret);
    await expectAuthenticNotCurrent(n, "corrected");

    const fresh = await api.get(`/api/public/notices/${successorId}`);
    expect(fresh.body).toMatchObject({ status: "published", partyName: "杭州长青寿材商行", predecessorId: n.noticeId });
    expect(fresh.body.record.facts).toBe(FACTS);
    await api.post(`/api/results/${n.resultId}/withdraw`, { reason: "测试后撤下" }, office.officer);
  });
});
