/**
 * What the public sees of a decision, end to end over real NATS, PostgreSQL and an S3 server:
 * - the decision preview (API and console) is built like the real decision — a 行政许可 shows
 *   the defaults the decision fills in, and the preview lists what the real decision or its
 *   publication would refuse (a missing legal review of a major decision);
 * - a notice withdrawn, expired or superseded is taken down (撤下): its page, JSON, lists, Atom,
 *   CSV and search keep a tombstone without facts, party or penalty, its PDF answers 410, and
 *   verification says it is authentic but not current — also after the feed is rebuilt;
 * - the reason of a take-down is published redacted (the party, in any bracket form, other persons,
 *   personal data), and the public replies and the feedback form go down with the notice;
 * - a correction is refused for what a publish would refuse, for a decision it makes 重大 without
 *   a legal review, and once the publicity period has ended; a 行政许可's defaulted content follows
 *   a corrected conclusion.
 */
import type { ServiceBroker } from "moleculer";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "../../lib/contract.js";
import { notices } from "../../services/notices/contract.js";
import { zhMessage } from "../../web/console/layout.js";
import { chineseDate } from "../../shared/dates.js";
import { ConsoleBrowser } from "../support/console-browser.js";
import { creditCode, powerInput } from "../support/fixtures.js";
import { publishNotice, setUpOffice, type Office, type Published } from "../support/flow.js";
import { pdfinfo, pdftotext, withoutWhitespace } from "../support/pdf-tools.js";
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

    // The content defaulted to the conclusion follows a corrected conclusion instead of staying stale.
    const conclusion = "准予设立殡仪服务站，服务范围限于本区。";
    const corrected = await api.post(
      `/api/results/${decided.body.id}/correct`,
      { reason: "许可结论表述有误", conclusion },
      office.officer,
    );
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    expect(corrected.body.licence).toMatchObject({ content: conclusion, certificateName: "殡仪服务站批准书" });
    const successor = await api.get(`/api/public/notices/${corrected.body.noticeId}`);
    expect(successor.body.fields).toEqual(expect.arrayContaining([{ label: "许可内容", value: conclusion }]));
    await api.post(`/api/results/${decided.body.id}/withdraw`, { reason: "测试后撤下" }, office.officer);
  });

  it("prints the power's 复议机关 and court in the notice's 救济途径, with its 落款, on one page", async () => {
    const remedies = [
      { kind: "行政复议", organ: "杭州市上城区人民政府", timeLimit: "60日" },
      { kind: "行政诉讼", organ: "杭州铁路运输法院" },
    ];
    const power = await api.post(
      "/api/powers",
      powerInput(office.bodyId, "sc-XK-R", { name: "公益性公墓建设审批", category: "行政许可", remedies }),
      office.officer,
    );
    expect(power.status, JSON.stringify(power.body)).toBe(201);
    const caseId = await fileCase(power.body.id);
    const decision = {
      kind: "行政许可",
      decisionNo: "上民许〔2026〕8号",
      decidedOn: "2026-11-03",
      conclusion: "准予建设公益性公墓。",
      basis: "《殡葬管理条例》第八条",
      licence: { certificateName: "公益性公墓建设批准书" },
    };
    const decided = await api.post(`/api/cases/${caseId}/decision`, decision, office.officer);
    expect(decided.status, JSON.stringify(decided.body)).toBe(201);
    const published = await api.post(`/api/results/${decided.body.id}/publish`, {}, office.officer);
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    const download = await fetch(`${platform.baseUrl}/api/public/notices/${published.body.noticeId}/pdf`);
    expect(download.status).toBe(200);
    const pdf = Buffer.from(await download.arrayBuffer());
    expect(pdfinfo(pdf).Pages).toBe("1");
    const text = withoutWhitespace(pdftotext(pdf));
    expect(text).toContain("六十日内依照《中华人民共和国行政复议法》向杭州市上城区人民政府申请行政复议");
    expect(text).toContain("六个月内依照《中华人民共和国行政诉讼法》向杭州铁路运输法院提起行政诉讼");
    expect(text).toContain("决定日期2026年11月3日");
    const publishedOn = chineseDate(new Date(published.body.publishedAt as string));
    expect(text).toContain(`杭州市上城区民政局${publishedOn}`); // the 落款
    expect(text).toContain(`核验码：${published.body.verifyCode}`);
    await api.post(`/api/results/${decided.body.id}/withdraw`, { reason: "测试后撤下" }, office.officer);
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
  /**
   * Text of the facts, the party and the penalty: none may stay public once the notice is down (the
   * penalty's field as a notice prints it: the statistics' pages name 罚款金额 in general).
   */
  const PRIVATE = [
    PARTY,
    "长青寿材",
    "长青路",
    "三百余件",
    "伍仟元",
    "罚款人民币5000元",
    "罚款金额（万元）",
    "违法事实",
  ];

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
    expect((await call(bus, notices.expire, {})).expired).toBe(1);

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

describe("what goes down with a notice", () => {
  /** The party as registered, with full-width brackets; the case title writes them half-width. */
  const PARTY = "杭州甲乙（集团）殡葬用品有限公司";
  const TITLE = "杭州甲乙(集团)殡葬用品有限公司违规经营案";
  const PERSONAL = ["甲乙", "王大明", "李四", "13912345678", "西溪路99号"];

  async function publishParty(decisionNo: string): Promise<Published> {
    return publishNotice(api, office, {
      partyName: PARTY,
      title: TITLE,
      decisionNo,
      party: {
        type: "legal",
        name: PARTY,
        creditCode: creditCode(),
        legalRepresentative: "王大明",
        bankAccount: "西溪路99号",
      },
      otherNames: ["李四"],
    });
  }

  async function text(path: string, init?: RequestInit): Promise<{ status: number; text: string }> {
    const res = await fetch(platform.baseUrl + path, init);
    return { status: res.status, text: await res.text() };
  }

  it("publishes a take-down reason with the party, other persons and personal data masked", async () => {
    const n = await publishParty("上民罚〔2026〕31号");
    const reason = "杭州甲乙(集团)殡葬用品有限公司法定代表人王大明与证人李四（手机13912345678，西溪路99号）申请复核";
    const res = await api.post(`/api/results/${n.resultId}/withdraw`, { reason }, office.officer);
    expect(res.status, JSON.stringify(res.body)).toBe(200);

    const json = await api.get(`/api/public/notices/${n.noticeId}`);
    expect(json.body).toMatchObject({ status: "withdrawn", takenDown: true, partyName: null });
    expect(json.body.title).toMatch(/^杭某+违规经营案$/);
    expect(json.body.reason).toContain("法定代表人王某某与证人李某");
    expect(json.body.reason).toContain("申请复核");

    const body = office.bodyId;
    const outputs: Record<string, { status: number; text: string }> = {
      json: { status: json.status, text: JSON.stringify(json.body) },
      page: await text(`/notices/${n.noticeId}`),
      list: await text(`/api/public/notices?bodyId=${body}&status=all&limit=100`),
      search: await text(`/api/public/notices?q=${encodeURIComponent("申请复核")}&status=all`),
      atom: await text(`/api/public/feed.atom?bodyId=${body}&status=all`),
      csv: await text(`/api/public/notices.csv?bodyId=${body}&status=all`),
      verify: await text(`/api/public/verify/${n.verifyCode}`),
      verifyPage: await text(`/verify?code=${encodeURIComponent(n.verifyCode)}`),
      pdf: await text(`/api/public/notices/${n.noticeId}/pdf`),
    };
    for (const [name, out] of Object.entries(outputs)) {
      expect(out.status, `${name}: ${out.text.slice(0, 300)}`).toBe(name === "pdf" ? 410 : 200);
      for (const secret of PERSONAL) expect(out.text, `${name} shows "${secret}"`).not.toContain(secret);
    }
    expect(outputs.page?.text).toContain("王某某与证人李某");
    expect(outputs.csv?.text).toContain("王某某与证人李某");
    expect(outputs.verify?.text).toContain("王某某与证人李某");
    expect(outputs.pdf?.text).toContain("王某某与证人李某");
    // The reason is searchable as published: by its masked text, never by the names it had.
    expect(JSON.parse(outputs.search?.text ?? "{}").items.map((i: { id: string }) => i.id)).toEqual([n.noticeId]);
    for (const name of ["王大明", "李四"]) {
      const found = await api.get(`/api/public/notices?q=${encodeURIComponent(name)}&status=all`);
      expect(found.body.items.map((i: { id: string }) => i.id)).not.toContain(n.noticeId);
    }
  });

  it("takes the public replies and the feedback form down with the notice", async () => {
    const n = await publishParty("上民罚〔2026〕32号");
    const submitted = await api.request("POST", "/api/public/feedback", {
      body: {
        category: "complaint",
        targetType: "notice",
        targetId: n.noticeId,
        content: "公示的罚款金额有误，请核实。",
      },
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    const mine = await api.get("/api/feedback", office.officer);
    const item = mine.body.items.find((f: { trackingCode: string }) => f.trackingCode === submitted.body.trackingCode);
    const reply = "经核实，该公司已于当日缴清罚款。";
    const replied = await api.post(`/api/feedback/${item.id}/reply`, { reply, public: true }, office.officer);
    expect(replied.status, JSON.stringify(replied.body)).toBe(200);
    const byTarget = `/api/public/replies?targetType=notice&targetId=${n.noticeId}`;
    const byBody = `/api/public/replies?bodyId=${office.bodyId}&limit=100`;
    expect((await api.get(byTarget)).body.items).toEqual([expect.objectContaining({ reply })]);
    expect(JSON.stringify((await api.get(byBody)).body.items)).toContain(reply);
    const before = await text(`/notices/${n.noticeId}`);
    expect(before.text).toContain(reply);
    expect(before.text).toContain('action="/feedback"');

    const res = await api.post(`/api/results/${n.resultId}/withdraw`, { reason: "决定已撤销" }, office.officer);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((await api.get(byTarget)).body.items).toEqual([]);
    expect(JSON.stringify((await api.get(byBody)).body.items)).not.toContain(reply);
    const after = await text(`/notices/${n.noticeId}`);
    expect(after.status).toBe(200);
    expect(after.text).toContain("决定已撤销");
    expect(after.text).not.toContain(reply);
    expect(after.text).not.toContain('action="/feedback"');
    expect(after.text).not.toContain("公开答复");
    expect((await text(`/bodies/${office.bodyId}`)).text).not.toContain(reply);
  });

  async function expectUnchanged(n: Published, version: number) {
    const r = await api.get(`/api/results/${n.resultId}`, office.officer);
    expect(r.body).toMatchObject({ version, noticeId: n.noticeId, revisions: [] });
    const notice = await api.get(`/api/public/notices/${n.noticeId}`);
    expect(notice.body.successorId).toBeNull();
  }

  it("refuses a correction that a publish would refuse, or that needs a legal review, writing nothing", async () => {
    const n = await publishParty("上民罚〔2026〕33号");
    const warning = await api.post(
      `/api/results/${n.resultId}/correct`,
      { reason: "处罚种类有误", penalty: { categories: ["警告"], content: "警告" } },
      office.officer,
    );
    expect(warning.status, JSON.stringify(warning.body)).toBe(409);
    expect(warning.body.type).toBe("WARNING_ONLY");
    await expectUnchanged(n, 1);

    const major = await api.post(
      `/api/results/${n.resultId}/correct`,
      {
        reason: "罚款金额有误",
        penalty: { categories: ["罚款"], content: "罚款人民币200000元", fineAmount: 200_000 },
      },
      office.officer,
    );
    expect(major.status, JSON.stringify(major.body)).toBe(409);
    expect(major.body.type).toBe("REVIEW_REQUIRED");
    await expectUnchanged(n, 1);
    expect((await api.get(`/api/public/notices/${n.noticeId}`)).body.status).toBe("published");
    await api.post(`/api/results/${n.resultId}/withdraw`, { reason: "测试后撤下" }, office.officer);
  });

  it("refuses to correct a notice whose publicity period has ended (409 NOTICE_EXPIRED, in Chinese on the console)", async () => {
    const n = await publishParty("上民罚〔2026〕34号");
    const db = new pg.Client({ connectionString: platform.db.url });
    await db.connect();
    await db.query(`update notices.notices set expires_on = current_date - 1 where id = $1`, [n.noticeId]);
    await db.query(`update results.results set expires_on = current_date - 1 where id = $1`, [n.resultId]);
    await db.end();
    expect((await call(bus, notices.expire, {})).expired).toBe(1);

    const res = await api.post(
      `/api/results/${n.resultId}/correct`,
      { reason: "事实表述有误", facts: "当事人销售超标准寿材。" },
      office.officer,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(409);
    expect(res.body.type).toBe("NOTICE_EXPIRED");
    await expectUnchanged(n, 1);
    const notice = await api.get(`/api/public/notices/${n.noticeId}`);
    expect(notice.body).toMatchObject({ status: "expired", takenDown: true });
    const listed = await api.get(`/api/public/notices?bodyId=${office.bodyId}&limit=100`);
    expect(listed.body.items.map((i: { resultId: string }) => i.resultId)).not.toContain(n.resultId);

    // The console shows the refusal in Chinese from its message table.
    expect(zhMessage({ type: res.body.type, message: res.body.message })).toContain("公示期已届满，不能更正");
  });
});
