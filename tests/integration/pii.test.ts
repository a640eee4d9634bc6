/**
 * The leak scan: after the flows (publish, correct, withdraw, feedback with a contact, a request for
 * information with its applicant's identity, a public comment on a consultation with personal data
 * in its text and a contact, moderated, a random inspection whose pool holds an address and whose
 * result summary holds a person's identity), every public output — JSON APIs, HTML pages, Atom,
 * CSV, search results, feed lists, public replies, a request's tracking view and the statistics,
 * and the text of every PDF — is searched for the parties' ID numbers, phone numbers, bank
 * numbers, addresses, the feedback contact, the applicant's identity and contact, the comment's
 * contact and unmasked values, and for everything the PII corpus says must go: zero hits. No
 * process's log holds the applicant or the commenter's contact either.
 * The corpus's public identifiers (credit codes, 文书号, 执法证号, amounts, articles) must stay.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { residentIdCheckChar } from "../../shared/redaction.js";
import { CONSULTATION_COMMENT, CORPUS } from "../support/pii-corpus.js";
import { chinaToday } from "../../shared/dates.js";
import { publishNotice, setUpOffice, type Office, type Published } from "../support/flow.js";
import { creditCode } from "../support/fixtures.js";
import { startPlatform, type Platform } from "../support/platform.js";
import { startReceiver, type Receiver } from "../support/receivers.js";

let platform: Platform;
let office: Office;
let receiver: Receiver;
const subscribers: { id: string; manageToken: string; feedUrl?: string }[] = [];
const notices: Published[] = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "zfgs-pii-"));

const idOf = (first17: string) => first17 + residentIdCheckChar(first17);
const ID_A = idOf("33010219790423051");
const ID_B = idOf("33032419880101007");
const MOBILE_A = "13566778899";
const MOBILE_B = "18912345670";
const LANDLINE = "0571-88776655";
const CARD = "6228480402564890018"; // Luhn-valid
const ADDRESS_A = "杭州市拱墅区米市巷街道某小区3幢201室";
const CONTACT = "联系人赵先生 17700001234";
const WITNESS = "钱多多";
const CORPUS_PARTY = "孙大明";
const half = Math.ceil(CORPUS.length / 2);
/** Personal data written where no corpus sentence goes: a title, reasons, a citizen's feedback, a reply. */
const ELSEWHERE = {
  titlePlate: "浙A12345",
  withdrawAddress: "杭州市西湖区文三路2号",
  withdrawPhone: "13912345678",
  correctionPlate: "浙B54321",
  correctionEmail: "corr_user(at)qq.com",
  feedbackAddress: "杭州市西湖区锦绣小区3幢201室",
  feedbackEmail: "fb_user(at)163.com",
  replyRoom: "锦绣小区3幢201室",
  replyPhone: "13700001111",
  officerIllness: "肺结核",
};
const trackingCodes: string[] = [];
/** An applicant for information (依申请公开): identity and contact, never public. */
const APPLICANT = {
  name: "诸葛明亮",
  idNumber: idOf("32010619900308123"),
  phone: "13755556666",
  email: "zhuge.applicant(at)126.com",
  address: "南京市鼓楼区某路18号4幢502室",
};
let requestCode = "";
let corpusNoticeId = "";
/** A consultation with a public comment carrying personal data, published after moderation. */
let consultationId = "";
/** A drawn random-inspection plan with a result (drawnPlanWithResult). */
let inspectionPlanId = "";

/** Each value as written, plus its digits alone and grouped, as they might leak. */
const SECRETS = [
  ID_A,
  ID_B,
  MOBILE_A,
  MOBILE_B,
  "88776655",
  CARD,
  "6228 4804 0256 4890 018",
  ADDRESS_A,
  "17700001234",
  WITNESS,
  ...CORPUS.flatMap((c) => c.masked),
  ...Object.values(ELSEWHERE),
  ...Object.values(APPLICANT),
  ...CONSULTATION_COMMENT.masked,
  ...CONSULTATION_COMMENT.contactValues,
  CONSULTATION_COMMENT.contact,
];

beforeAll(async () => {
  platform = await startPlatform(
    [
      "gateway,feed",
      "accounts,duties,cases,results,notices,feedback,requests,documents,tlog,reports,subscriptions,inspections,imports",
    ],
    {
      REQUESTS_STATS_MIN: "1",
      WEBHOOK_ALLOW_HOSTS: "127.0.0.1",
      SUBSCRIPTIONS_DELIVERY_SECONDS: "1",
    },
  );
  office = await setUpOffice(platform.api, "湖州市民政局", "huz.officer");
  // Subscribers following the body from the start: what they are sent is public output too.
  receiver = await startReceiver();
  for (const channel of ["webhook", "atom"] as const) {
    const res = await platform.api.post("/api/public/subscriptions", {
      channel,
      ...(channel === "webhook" ? { target: receiver.url } : {}),
      filter: { bodyId: office.bodyId },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    subscribers.push(res.body);
  }
  notices.push(
    await publishNotice(platform.api, office, {
      partyName: "孙小明",
      party: {
        type: "natural",
        name: "孙小明",
        idNumber: ID_A,
        phone: MOBILE_A,
        address: ADDRESS_A,
        bankAccount: CARD,
      },
      facts: `当事人孙小明（身份证${ID_A}，手机${MOBILE_A}，住${ADDRESS_A}）擅自建墓，证人${WITNESS}（电话${LANDLINE}）在场。`,
      otherNames: [WITNESS],
    }),
  );
  notices.push(
    await publishNotice(platform.api, office, {
      partyName: "李四寿衣店",
      party: { type: "individual", name: "李四寿衣店", idNumber: ID_B, phone: MOBILE_B, legalRepresentative: "李四" },
      facts: `经营者李四（公民身份号码 ${ID_B}）超范围经营，罚款经账户 6228 4804 0256 4890 018 缴纳，联系电话 189-1234-5670。`,
    }),
  );
  const third = await publishNotice(platform.api, office, {
    partyName: "周某某",
    party: { type: "natural", name: "周某某", idNumber: ID_A },
    facts: `当事人周某某电话${MOBILE_A}。`,
  });
  await platform.api.post(`/api/results/${third.resultId}/withdraw`, { reason: "决定已撤销" }, office.officer);
  const fourth = await publishNotice(platform.api, office, { partyName: "吴某殡葬服务部" });
  const corrected = await platform.api.post(
    `/api/results/${fourth.resultId}/correct`,
    { reason: "补充事实", facts: `补充：现场负责人手机${MOBILE_B}，银行卡${CARD}。` },
    office.officer,
  );
  expect(corrected.status).toBe(200);
  notices.push(third, fourth, { ...fourth, noticeId: corrected.body.noticeId });
  const fb = await platform.api.post("/api/public/feedback", {
    category: "complaint",
    targetType: "notice",
    targetId: notices[0]?.noticeId,
    content: `我是邻居，电话${MOBILE_B}，对处理结果有意见。`,
    contact: CONTACT,
  });
  const item = (await platform.api.get("/api/feedback", office.officer)).body.items.find(
    (f: { trackingCode: string }) => f.trackingCode === fb.body.trackingCode,
  );
  await platform.api.post(
    `/api/feedback/${item.id}/reply`,
    { reply: "已收悉，正在核实。", public: true },
    office.officer,
  );
  trackingCodes.push(fb.body.trackingCode);

  // The corpus, in every free-text field of a natural person's decision, with a plate in the title.
  const corpus = await publishNotice(platform.api, office, {
    title: `${ELSEWHERE.titlePlate}车主${CORPUS_PARTY}违规经营案`,
    partyName: CORPUS_PARTY,
    party: { type: "natural", name: CORPUS_PARTY },
    facts:
      `当事人${CORPUS_PARTY}违规经营。` +
      CORPUS.slice(0, half)
        .map((c) => c.text)
        .join(""),
    conclusion: CORPUS.slice(half)
      .map((c) => c.text)
      .join(""),
    basis: `《殡葬管理条例》第二十八条。${CORPUS[0]?.text}`,
    penaltyContent: `罚款人民币5000元。${CORPUS[1]?.text}`,
  });
  corpusNoticeId = corpus.noticeId;
  const corpusFeedback = await platform.api.post("/api/public/feedback", {
    category: "complaint",
    targetType: "notice",
    targetId: corpus.noticeId,
    content: `我住在${ELSEWHERE.feedbackAddress}，邮箱${ELSEWHERE.feedbackEmail}，${CORPUS[13]?.text}对处理结果有意见。`,
  });
  expect(corpusFeedback.status, JSON.stringify(corpusFeedback.body)).toBe(201);
  const corpusItem = (await platform.api.get("/api/feedback", office.officer)).body.items.find(
    (f: { trackingCode: string }) => f.trackingCode === corpusFeedback.body.trackingCode,
  );
  const replied = await platform.api.post(
    `/api/feedback/${corpusItem.id}/reply`,
    { reply: `您反映的${ELSEWHERE.replyRoom}门前问题已核实，请保持电话${ELSEWHERE.replyPhone}畅通。`, public: true },
    office.officer,
  );
  expect(replied.status, JSON.stringify(replied.body)).toBe(200);
  trackingCodes.push(corpusFeedback.body.trackingCode);
  // Reasons are public too: a correction's on the old version, a withdrawal's on the tombstone.
  const toCorrect = await publishNotice(platform.api, office, { partyName: "郑某某殡葬用品店" });
  const correctedAgain = await platform.api.post(
    `/api/results/${toCorrect.resultId}/correct`,
    {
      reason: `更正当事人车牌${ELSEWHERE.correctionPlate}及邮箱${ELSEWHERE.correctionEmail}`,
      facts: "补充：现场查获违规物品。",
    },
    office.officer,
  );
  expect(correctedAgain.status, JSON.stringify(correctedAgain.body)).toBe(200);
  const toWithdraw = await publishNotice(platform.api, office, { partyName: "冯某某" });
  const withdrawn = await platform.api.post(
    `/api/results/${toWithdraw.resultId}/withdraw`,
    { reason: `当事人（住${ELSEWHERE.withdrawAddress}，电话${ELSEWHERE.withdrawPhone}）已申请复议，决定已撤销` },
    office.officer,
  );
  expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
  // An officer is a natural person too: a status reason naming an illness is public text.
  const suspended = await platform.api.post(
    `/api/officers/${office.officerIds[1]}/status`,
    { status: "suspended", reason: `因患有${ELSEWHERE.officerIllness}，暂停执法` },
    office.admin,
  );
  expect(suspended.status, JSON.stringify(suspended.body)).toBe(200);
  notices.push(corpus, toCorrect, { ...toCorrect, noticeId: correctedAgain.body.noticeId }, toWithdraw);

  // A request for information: the applicant's identity in its fields, their phone quoted back.
  const submitted = await platform.api.post("/api/public/requests", {
    bodyId: office.bodyId,
    applicant: { kind: "natural_person", name: APPLICANT.name, idType: "resident_id", idNumber: APPLICANT.idNumber },
    contact: { phone: APPLICANT.phone, email: APPLICANT.email, address: APPLICANT.address },
    description: `本人${APPLICANT.name}（住${APPLICANT.address}）申请公开本局2026年殡葬设施规划。`,
    form: "email",
    delivery: "online",
  });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
  requestCode = submitted.body.trackingCode;
  const queued = (await platform.api.get("/api/requests", office.officer)).body.items.find(
    (r: { trackingCode: string }) => r.trackingCode === requestCode,
  );
  for (const [step, body] of [
    ["confirm", {}],
    [
      "answer",
      { type: "disclosed", text: `${APPLICANT.name}您好，规划已通过邮件发送，如有疑问请致电${APPLICANT.phone}。` },
    ],
  ] as const) {
    const res = await platform.api.post(`/api/requests/${queued.id}/${step}`, body, office.officer);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }

  // 预公开: a comment with a phone, an ID, an e-mail, a bank account and an address, and a contact.
  const consultation = await platform.api.post(
    "/api/consultations",
    {
      title: "《湖州市养老服务条例（草案）》公开征求意见",
      kind: "rule",
      draftText: "第一条 为了规范养老服务……",
      explanation: "起草说明：……",
      basis: "《规章制定程序条例》",
      opensOn: chinaToday(),
      closesOn: "2099-12-31",
    },
    office.officer,
  );
  expect(consultation.status, JSON.stringify(consultation.body)).toBe(201);
  consultationId = consultation.body.id;
  const comment = await platform.api.post(`/api/public/consultations/${consultationId}/comments`, {
    content: CONSULTATION_COMMENT.text,
    contact: CONSULTATION_COMMENT.contact,
  });
  expect(comment.status, JSON.stringify(comment.body)).toBe(201);
  const staff = await platform.api.get(`/api/consultations/${consultationId}`, office.officer);
  expect(staff.body.comments[0].contact).toBe(CONSULTATION_COMMENT.contact);
  const moderated = await platform.api.post(
    `/api/consultations/${consultationId}/comments/${comment.body.id}/moderation`,
    { decision: "publish" },
    office.officer,
  );
  expect(moderated.status, JSON.stringify(moderated.body)).toBe(200);
  inspectionPlanId = await drawnPlanWithResult();
});

/**
 * A random inspection: the pool's list holds an entity's address (kept, never published), and an
 * officer's result summary holds a person's ID number, mobile and bank card (masked when published).
 */
async function drawnPlanWithResult(): Promise<string> {
  const api = platform.api;
  const item = await api.post(
    "/api/inspections",
    { bodyId: office.bodyId, project: "养老机构检查", subject: "主体", basis: "依据", method: "现场", content: "内容" },
    office.officer,
  );
  for (const name of ["抽查员甲", "抽查员乙"]) {
    const officer = await api.post(
      "/api/officers",
      { bodyId: office.bodyId, name, certificateNo: `pii-${name}`, fields: ["双随机抽查"] },
      office.admin,
    );
    expect(officer.status).toBe(201);
  }
  const pool = await api.post("/api/pools", { name: "养老机构名录" }, office.officer);
  const codes = [creditCode(), creditCode()];
  const upload = await api.request("POST", `/api/pools/${pool.body.id}/uploads`, {
    raw: ["名称,统一社会信用代码,地址", ...codes.map((c, i) => `某养老院${i},${c},${ADDRESS_A}`)].join("\n"),
    contentType: "text/csv",
    token: office.officer,
  });
  for (let i = 0; (await api.get(`/api/pools/uploads/${upload.body.id}`, office.officer)).body.status !== "done"; i++) {
    if (i > 100) throw new Error("the pool upload never finished");
    await new Promise((r) => setTimeout(r, 100));
  }
  const drawAt = Date.now() + 1000;
  const plan = await api.post(
    "/api/inspection-plans",
    {
      title: "养老机构双随机抽查",
      inspectionItemId: item.body.id,
      poolId: pool.body.id,
      size: 2,
      officerField: "双随机抽查",
      drawAt: new Date(drawAt).toISOString(),
      inspectBy: "2099-12-31",
    },
    office.officer,
  );
  expect(plan.status, JSON.stringify(plan.body)).toBe(201);
  await new Promise((r) => setTimeout(r, drawAt - Date.now() + 50));
  expect((await api.post(`/api/inspection-plans/${plan.body.id}/draw`, {}, office.officer)).status).toBe(200);
  const result = await api.put(
    `/api/inspection-plans/${plan.body.id}/results/${codes[0]}`,
    {
      outcome: "发现问题已责令整改",
      inspectedOn: chinaToday(),
      summary: `负责人（身份证号 ${ID_A}，手机 ${MOBILE_A}）未按规定收取费用，退费至银行卡 ${CARD}`,
    },
    office.officer,
  );
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  return plan.body.id;
}

afterAll(async () => {
  await platform?.stop();
  await receiver?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function text(url: string): Promise<string> {
  const res = await fetch(platform.baseUrl + url);
  return Buffer.from(await res.arrayBuffer()).toString("utf8");
}

function pdfText(bytes: Buffer): string {
  const file = path.join(tmp, `${Math.random()}.pdf`);
  fs.writeFileSync(file, bytes);
  const text = execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"]).toString("utf8");
  // A page footer must not split a value that runs across the break, hiding it from the scan.
  return text.replace(/\s+/g, "").replace(/核验码：[A-Z0-9-]+第\d+页共\d+页/g, "");
}

describe("every public output", () => {
  it("holds none of the parties' personal data", async () => {
    const ids = [...new Set(notices.map((n) => n.noticeId))];
    const urls = [
      "/api/public/notices?status=all&limit=100",
      "/api/public/notices?status=all&facets=true&q=" + encodeURIComponent("当事人"),
      "/api/public/feed.atom?status=all",
      "/api/public/notices.csv?status=all",
      `/api/public/replies?targetType=notice&targetId=${notices[0]?.noticeId}`,
      `/api/public/bodies/${office.bodyId}`,
      "/",
      "/search?status=all&q=" + encodeURIComponent("经营"),
      `/bodies/${office.bodyId}`,
      `/api/public/officers?bodyId=${office.bodyId}`,
      `/api/public/officers/${office.officerIds[1]}`,
      ...ids.flatMap((id) => [`/api/public/notices/${id}`, `/notices/${id}`]),
      ...notices.map((n) => `/api/public/verify/${n.verifyCode}`),
      ...notices.map((n) => `/verify/${n.verifyCode}`),
      ...trackingCodes.flatMap((code) => [`/feedback/${code}`, `/api/public/feedback/${code}`]),
      `/api/public/replies?targetType=notice&targetId=${corpusNoticeId}`,
      `/api/public/replies?bodyId=${office.bodyId}`,
      "/api/public/notices?status=all&q=" + encodeURIComponent(CORPUS_PARTY),
      "/api/public/notices?status=all&sort=relevance&q=" + encodeURIComponent("违规经营"),
      "/api/public/notices.csv?status=all&q=" + encodeURIComponent(CORPUS_PARTY),
      "/api/public/feed.atom?status=all&q=" + encodeURIComponent(CORPUS_PARTY),
      "/search?status=all&q=" + encodeURIComponent(CORPUS_PARTY),
      "/search?status=all&q=" + encodeURIComponent("违规经营"),
      `/api/public/requests/${requestCode}`,
      `/api/public/request-stats?bodyId=${office.bodyId}&year=${new Date().getFullYear()}`,
      "/consultations",
      `/consultations/${consultationId}`,
      `/consultations/${consultationId}?submitted=1`,
      "/api/public/consultations",
      `/api/public/consultations/${consultationId}`,
      "/api/public/documents",
      "/api/public/documents.atom",
      "/documents",
      "/sitemap.xml",
      "/sitemaps/consultations.xml",
      "/sitemaps/documents.xml",
      `/api/public/inspection-plans/${inspectionPlanId}`,
      `/api/public/inspection-plans/${inspectionPlanId}/pool`,
      `/inspection-plans/${inspectionPlanId}`,
      `/api/public/inspection-results?bodyId=${office.bodyId}`,
      `/api/public/inspection-results.csv?bodyId=${office.bodyId}`,
      "/api/public/inspection-plans.atom",
      "/inspection-results",
    ];
    const outputs: [string, string][] = [];
    for (const url of urls) outputs.push([url, await text(url)]);
    for (const id of ids) {
      const res = await fetch(`${platform.baseUrl}/api/public/notices/${id}/pdf`);
      if (res.status === 200) outputs.push([`pdf ${id}`, pdfText(Buffer.from(await res.arrayBuffer()))]);
      else outputs.push([`pdf ${id} (${res.status})`, await res.text()]);
    }
    // The bulk files (every public table, CSV and JSON Lines), built now.
    expect((await platform.api.post("/api/bulk/run", {}, office.admin)).status).toBe(202);
    let index = (await platform.api.get("/api/public/bulk/index.json")).body;
    for (let i = 0; i < 300 && !index.generatedAt; i++) {
      await new Promise((r) => setTimeout(r, 100));
      index = (await platform.api.get("/api/public/bulk/index.json")).body;
    }
    for (const file of index.files as { name: string; url: string }[]) {
      const res = await fetch(platform.baseUrl + new URL(file.url).pathname);
      outputs.push([`bulk ${file.name}`, gunzipSync(Buffer.from(await res.arrayBuffer())).toString("utf8")]);
    }
    expect(outputs.filter(([u]) => u.startsWith("bulk ")).length).toBeGreaterThanOrEqual(15);
    // What subscribers were sent (webhook bodies, the private feed, the delivery logs), once every change reached them.
    const changes = () => receiver.received.filter((r) => !r.body.includes("subscription.test")).length;
    for (let i = 0; i < 100 && changes() < notices.length; i++) await new Promise((r) => setTimeout(r, 100));
    expect(changes(), "webhook deliveries").toBeGreaterThanOrEqual(notices.length);
    for (const r of receiver.received) outputs.push([`webhook ${r.headers["webhook-id"]}`, r.body]);
    for (const sub of subscribers) {
      outputs.push([
        `subscription ${sub.id}`,
        await text(`/api/public/subscriptions/${sub.id}?token=${sub.manageToken}`),
      ]);
      if (sub.feedUrl)
        outputs.push([
          `subscription feed ${sub.id}`,
          await text(new URL(sub.feedUrl).pathname + new URL(sub.feedUrl).search),
        ]);
    }
    expect(outputs.filter(([u]) => /^pdf \S+$/.test(u)).length).toBeGreaterThanOrEqual(5);
    expect(outputs.filter(([u]) => u.includes("(410)")).length).toBeGreaterThanOrEqual(2);
    const hits: string[] = [];
    for (const [url, body] of outputs) {
      const flat = body.replace(/\s+/g, "");
      for (const secret of SECRETS) {
        if (body.includes(secret) || flat.includes(secret.replace(/\s+/g, ""))) hits.push(`${url}: ${secret}`);
      }
      if (body.includes("赵先生")) hits.push(`${url}: feedback contact`);
    }
    expect(hits).toEqual([]);
    // the scan looked at the right pages: the parties' names are public
    expect(outputs.some(([, body]) => body.includes("孙小明"))).toBe(true);
    const where = (needle: string) => outputs.filter(([, body]) => body.includes(needle)).map(([url]) => url);
    expect(where("孙小明").filter((u) => u.startsWith("bulk ")).length, "the party in the bulk files").toBeGreaterThan(
      0,
    );
    expect(where("孙小明").filter((u) => u.startsWith("webhook ")).length, "the party in the webhooks").toBeGreaterThan(
      0,
    );
    expect(where("浙A1**45").length, "the title's plate, partly masked, in lists, Atom and search").toBeGreaterThan(5);
    expect(where("已申请复议，决定已撤销").length, "the withdrawal reason").toBeGreaterThan(0);
    expect(where("门前问题已核实").length, "the public reply").toBeGreaterThan(0);
    expect(where("暂停执法").length, "the officer's status reason").toBeGreaterThan(0);
    expect(where("殡葬设施规划").length, "the request's tracking view").toBeGreaterThan(0);
    expect(where('"enough":true').length, "the request statistics").toBeGreaterThan(0);
    for (const kept of CONSULTATION_COMMENT.survives) {
      expect(where(kept), "the moderated comment, on the consultation's page and its API").toEqual([
        `/consultations/${consultationId}`,
        `/consultations/${consultationId}?submitted=1`,
        `/api/public/consultations/${consultationId}`,
      ]);
    }
    expect(where(`/consultations/${consultationId}`).length, "the consultation in the sitemap").toBeGreaterThan(0);
  });

  it("leaves the applicant's identity and the commenter's contact out of every process's log", () => {
    const logs = platform.procs.map((p) => p.output.join("")).join("");
    for (const value of Object.values(APPLICANT)) expect(logs, value).not.toContain(value);
    for (const value of CONSULTATION_COMMENT.contactValues) expect(logs, value).not.toContain(value);
  });

  it("keeps every public identifier of the corpus, verbatim, in the notice, its page and its PDF", async () => {
    const json = await text(`/api/public/notices/${corpusNoticeId}`);
    const page = await text(`/notices/${corpusNoticeId}`);
    const res = await fetch(`${platform.baseUrl}/api/public/notices/${corpusNoticeId}/pdf`);
    const pdf = pdfText(Buffer.from(await res.arrayBuffer()));
    const notice = JSON.parse(json) as { record: Record<string, string> };
    for (const entry of CORPUS) {
      for (const kept of entry.survives) {
        expect(json, kept).toContain(kept);
        expect(page, kept).toContain(kept);
        expect(pdf, kept).toContain(kept.replace(/\s+/g, ""));
      }
    }
    expect(notice.record.title).toBe(`浙A1**45车主${CORPUS_PARTY}违规经营案`);
  });
});
