/**
 * 规范性文件 and 预公开 end to end over NATS, the gateway in one process and the documents service in
 * another: 三同步 (no publication without the 解读, nothing written; then both public at one
 * instant), the public list, detail and Atom from the feed, automatic 失效 shown the day after the
 * last day with its date and the old text under a banner, 废止 with its reason, the consultation's
 * window (422 WINDOW_TOO_SHORT, a shorter one with its public reason; comments on its first and last
 * day, 409 the day before and the day after, in China dates), moderation before a comment is public
 * and the contact never, and the adoption gate on the final document, then linked both ways.
 * Time passes by moving a stored date back, as the notices test does.
 */
import type { ServiceBroker } from "moleculer";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "../../lib/contract.js";
import { documents } from "../../services/documents/contract.js";
import { chinaToday } from "../../shared/dates.js";
import { addDays } from "../../shared/documents/days.js";
import { setUpOffice, type Office } from "../support/flow.js";
import { joinBus, startPlatform, type Api, type ApiResponse, type Platform } from "../support/platform.js";

let platform: Platform;
let api: Api;
let office: Office;
let other: Office;
let bus: ServiceBroker;
/** Today, yesterday and tomorrow as China (Asia/Shanghai) dates: the days the windows and validity count in. */
const today = chinaToday();
const yesterday = addDays(today, -1);
const tomorrow = addDays(today, 1);
const year = today.slice(0, 4);
const CONTACT = "wangwu-contact@example.com 13912345678";

let serial = 0;
function documentInput(extra: Record<string, unknown> = {}) {
  serial += 1;
  return {
    title: `关于规范养老服务的通知（${serial}）`,
    docNumber: `湖民发[${year}]0${serial}号`,
    signedOn: today,
    text: "各县区民政局：为规范养老服务……",
    legalBasis: "《养老机构管理办法》",
    ...extra,
  };
}

beforeAll(async () => {
  platform = await startPlatform(
    [
      "gateway",
      "accounts,duties,cases,results",
      "notices,feed,feedback,documents,requests,tlog,reports,subscriptions,inspections,imports",
    ],
    {
      DOCUMENTS_REGISTRATION_PREFIX: "HZMZ01",
      TRUST_PROXY: "true",
      COMMENT_RATE_LIMIT: "20/600",
    },
  );
  api = platform.api;
  office = await setUpOffice(api, "湖州市民政局", "hz.docs");
  other = await setUpOffice(api, "嘉兴市民政局", "jx.docs");
  bus = await joinBus(platform);
});

afterAll(async () => {
  await bus?.stop();
  await platform?.stop();
});

/** One SQL statement on the platform's database (to read what was written, or to let time pass). */
async function sql(text: string, values: unknown[] = []): Promise<Record<string, unknown>[]> {
  const db = new pg.Client({ connectionString: platform.db.url });
  await db.connect();
  try {
    return (await db.query(text, values)).rows;
  } finally {
    await db.end();
  }
}

/** What the documents service has written: its rows of every table, and its outbox. */
async function written(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ["documents", "status_events", "interpretations", "consultations", "comments", "events"]) {
    counts[table] = Number((await sql(`select count(*) as n from documents.${table}`))[0]?.n);
  }
  const published = await sql(`select count(*) as n from documents.documents where stage = 'published'`);
  counts.published = Number(published[0]?.n);
  return counts;
}

/** The feed takes the outbox when nudged: wait until the public answer shows what was committed. */
async function publicUntil(url: string, done: (body: ApiResponse["body"]) => boolean): Promise<ApiResponse["body"]> {
  let res = await api.get(url);
  for (let i = 0; i < 40 && !done(res.body); i++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    res = await api.get(url);
  }
  return res.body;
}

describe("a normative document", () => {
  it("is registered as a draft with its 登记号 and canonical 文号, seen by its body only", async () => {
    const res = await api.post("/api/documents", documentInput(), office.officer);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      stage: "draft",
      docNumber: `湖民发〔${year}〕${serial}号`,
      registrationNo: `HZMZ01-${year}-0001`,
    });
    expect((await api.get(`/api/documents/${res.body.id}`, other.officer)).status).toBe(404);
    expect((await api.get(`/api/public/documents/${res.body.id}`)).status).toBe(404);
    const dup = await api.post("/api/documents", { ...documentInput(), docNumber: res.body.docNumber }, office.officer);
    expect(dup.status).toBe(409);
    expect(dup.body.type).toBe("DUPLICATE_DOC_NUMBER");
  });

  it("三同步: 409 without its 解读; then document and 解读 are public together, at one instant", async () => {
    const d = (await api.post("/api/documents", documentInput(), office.officer)).body;
    const before = await written();
    const refused = await api.post(`/api/documents/${d.id}/publish`, {}, office.officer);
    expect(refused.status).toBe(409);
    expect(refused.body.type).toBe("INTERPRETATION_REQUIRED");
    expect(refused.body.message).toContain("同步");
    // Nothing written: no row, no outbox event; still a draft, nowhere public.
    expect(await written()).toEqual(before);
    expect((await api.get(`/api/documents/${d.id}`, office.officer)).body.stage).toBe("draft");
    expect((await api.get(`/api/public/documents/${d.id}`)).status).toBe(404);
    expect((await fetch(`${platform.baseUrl}/documents/${d.id}`)).status).toBe(404);
    const interp = await api.post(
      `/api/documents/${d.id}/interpretation`,
      {
        text: "一、制定背景……",
        qa: [{ question: "何时施行？", answer: "发布后30日起施行。" }],
        draftingUnit: "养老服务处",
        interpreter: "李处长",
      },
      office.officer,
    );
    expect(interp.status).toBe(200);
    const published = await api.post(`/api/documents/${d.id}/publish`, {}, office.officer);
    expect(published.status).toBe(200);
    const pub = await api.get(`/api/public/documents/${d.id}`);
    expect(pub.status).toBe(200);
    expect(pub.body).toMatchObject({
      bodyName: "湖州市民政局",
      status: "有效",
      validity: { status: "valid", notYetEffective: true },
      interpretations: [{ timing: "simultaneous", qa: [{ question: "何时施行？" }] }],
      interpretation: { timing: "simultaneous", qa: [{ question: "何时施行？" }] },
    });
    expect(pub.body.interpretations[0].publishedAt).toBe(pub.body.publishedAt);
    expect(pub.body.interpretations[0].publishedOn).toBe(pub.body.publishedOn);
    const page = await (await fetch(`${platform.baseUrl}/documents/${d.id}`)).text();
    expect(page).toContain('id="interpretation"');
    expect(page).toContain("何时施行？");
    const list = await api.get(`/api/public/documents?bodyId=${office.bodyId}&q=${encodeURIComponent("规范养老")}`);
    expect(list.body.items.map((i: { id: string }) => i.id)).toContain(d.id);
    const atom = await api.get("/api/public/documents.atom");
    expect(atom.headers.get("content-type")).toContain("application/atom+xml");
    expect(atom.body).toContain(`urn:uuid:${d.id}`);
  });

  it("lapses by itself the day after its validity ended, and a 废止 shows with its date and reason", async () => {
    const lapsed = (
      await api.post(
        "/api/documents",
        documentInput({
          policy: false,
          signedOn: "2024-01-02",
          publishedOn: "2024-01-05",
          effectiveFrom: "2024-01-05",
          validUntil: "2025-01-04",
        }),
        office.officer,
      )
    ).body;
    expect((await api.post(`/api/documents/${lapsed.id}/publish`, {}, office.officer)).status).toBe(200);
    const pub = (await api.get(`/api/public/documents/${lapsed.id}`)).body;
    expect(pub).toMatchObject({ status: "失效", validity: { status: "expired", since: "2025-01-05" } });
    expect(pub.banner).toContain("失效");
    expect(pub.history.map((h: { kind: string }) => h.kind)).toEqual(["published", "expired"]);
    expect(pub.history[1]).toMatchObject({ on: "2025-01-05", status: "expired" });
    expect(pub.text).toContain("规范养老服务");
    const expired = await api.get(`/api/public/documents?status=expired&bodyId=${office.bodyId}`);
    expect(expired.body.items.map((i: { id: string }) => i.id)).toEqual([lapsed.id]);
    const byWord = await api.get(`/api/public/documents?status=${encodeURIComponent("失效")}&bodyId=${office.bodyId}`);
    expect(byWord.body.items).toMatchObject([{ id: lapsed.id, status: "失效" }]);
    const csv = await fetch(`${platform.baseUrl}/api/public/documents.csv?status=expired&bodyId=${office.bodyId}`);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the BOM spreadsheets want
    const rows = bytes.subarray(3).toString("utf8").split("\r\n");
    expect(rows[0]).toBe("登记号,文号,标题,制定机关,发布日期,施行日期,有效期至,效力状态,效力说明,网址");
    expect(rows.slice(1, -1)).toHaveLength(1);
    expect(rows[1]).toContain(`${lapsed.registrationNo},${lapsed.docNumber},`);
    expect(rows[1]).toContain(",2024-01-05,2024-01-05,2025-01-04,失效,");
    expect(rows[1]).toContain(`/documents/${lapsed.id}`);
    expect((await fetch(`${platform.baseUrl}/api/public/documents.csv?status=void`)).status).toBe(422);

    const d = (await api.post("/api/documents", documentInput({ policy: false }), office.officer)).body;
    await api.post(`/api/documents/${d.id}/publish`, {}, office.officer);
    const repealed = await api.post(
      `/api/documents/${d.id}/repeal`,
      { on: today, reason: "上位法已废止" },
      office.officer,
    );
    expect(repealed.status).toBe(200);
    const after = (await api.get(`/api/public/documents/${d.id}`)).body;
    expect(after).toMatchObject({
      status: "废止",
      validity: { status: "repealed", repeal: { on: today, reason: "上位法已废止" } },
    });
    expect(after.text).toContain("规范养老服务");
  });

  it("失效 the day after its last day of validity, by the service's own check: public, dated, still readable", async () => {
    // Valid through today (China date): in force now, lapsing tomorrow.
    const created = await api.post(
      "/api/documents",
      documentInput({
        policy: false,
        signedOn: yesterday,
        publishedOn: yesterday,
        effectiveFrom: yesterday,
        validUntil: today,
      }),
      office.officer,
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const d = created.body;
    const published = await api.post(`/api/documents/${d.id}/publish`, {}, office.officer);
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    const valid = (await api.get(`/api/public/documents/${d.id}`)).body;
    expect(valid).toMatchObject({ status: "有效", validity: { status: "valid", validUntil: today } });
    expect(valid.banner).toBeNull();
    // Tomorrow comes, as time would: its last day becomes yesterday. The check announces the lapse.
    await sql(`update documents.documents set valid_until = $2 where id = $1`, [d.id, yesterday]);
    await call(bus, documents.expire, {});
    const lapsed = await publicUntil(`/api/public/documents/${d.id}`, (b) => b.validity?.status === "expired");
    expect(lapsed).toMatchObject({ status: "失效", validity: { status: "expired", since: today } });
    expect(lapsed.history.at(-1)).toMatchObject({ kind: "expired", on: today });
    expect(lapsed.banner).toContain("失效");
    expect(lapsed.text).toContain("规范养老服务");
    const listed = await api.get(`/api/public/documents?status=expired&bodyId=${office.bodyId}`);
    expect(listed.body.items.map((i: { id: string }) => i.id)).toContain(d.id);
    expect((await api.get(`/api/documents/${d.id}`, office.officer)).body.status).toMatchObject({ status: "expired" });
    const page = await (await fetch(`${platform.baseUrl}/documents/${d.id}`)).text();
    expect(page).toContain('class="banner__title">失效');
    expect(page).toContain(`datetime="${today}"`);
    expect(page).toContain("规范养老服务");
    // A second run finds nothing more to announce.
    expect(await call(bus, documents.expire, {})).toEqual({ expired: 0 });
  });
});

describe("a consultation", () => {
  const consultation = (extra: Record<string, unknown> = {}) => ({
    title: "《湖州市养老服务促进条例（草案）》公开征求意见",
    kind: "rule",
    draftText: "第一条 为了……",
    explanation: "起草说明：……",
    basis: "《规章制定程序条例》",
    opensOn: today,
    closesOn: "2099-12-31",
    ...extra,
  });

  it("refuses a short window without a reason (422, nothing written); with a public reason it opens", async () => {
    const before = await written();
    const short = await api.post("/api/consultations", consultation({ closesOn: today }), office.officer);
    expect(short.status).toBe(422);
    expect(short.body.data[0]).toMatchObject({ field: "closesOn", type: "WINDOW_TOO_SHORT" });
    expect(short.body.data[0].date).toBe(addDays(today, 30));
    const blank = await api.post(
      "/api/consultations",
      consultation({ closesOn: addDays(today, 29), shortReason: "   " }),
      office.officer,
    );
    expect(blank.status).toBe(422);
    expect(blank.body.data[0]).toMatchObject({ field: "shortReason" });
    expect(await written()).toEqual(before);
    // The minimum exactly needs no reason.
    const minimum = await api.post(
      "/api/consultations",
      consultation({ closesOn: addDays(today, 30) }),
      office.officer,
    );
    expect(minimum.status, JSON.stringify(minimum.body)).toBe(201);
    expect(minimum.body.shortReason).toBeNull();

    const reason = "汛期将至，防汛应急措施须尽快出台";
    const shorter = await api.post(
      "/api/consultations",
      consultation({ closesOn: addDays(today, 10), shortReason: reason }),
      office.officer,
    );
    expect(shorter.status, JSON.stringify(shorter.body)).toBe(201);
    const pub = (await api.get(`/api/public/consultations/${shorter.body.id}`)).body;
    expect(pub).toMatchObject({
      shortReason: reason,
      closesOn: addDays(today, 10),
      minimumClosesOn: addDays(today, 30),
    });
    const page = await (await fetch(`${platform.baseUrl}/consultations/${shorter.body.id}`)).text();
    expect(page).toContain("征求意见期较短的理由");
    expect(page).toContain(reason);
  });

  it("takes comments from its first day through its last (China dates), not the day before nor the day after", async () => {
    // Opens tomorrow: the day before its first day is refused, and nothing is written.
    const later = (await api.post("/api/consultations", consultation({ opensOn: tomorrow }), office.officer)).body;
    const before = await written();
    const early = await api.post(`/api/public/consultations/${later.id}/comments`, { content: "提前一天提交的意见" });
    expect(early.status).toBe(409);
    expect(early.body.type).toBe("CONSULTATION_NOT_YET_OPEN");
    expect(await written()).toEqual(before);
    expect((await api.get(`/api/public/consultations/${later.id}`)).body).toMatchObject({
      phase: "not_yet_open",
      daysLeft: null,
    });
    const notYet = await (await fetch(`${platform.baseUrl}/consultations/${later.id}`)).text();
    expect(notYet).not.toContain(`action="/consultations/${later.id}/comments"`);

    // Opens today and closes today (a one-day window with its reason): its first day and its last.
    const oneDay = (
      await api.post(
        "/api/consultations",
        consultation({ closesOn: today, shortReason: "上级部署须当日完成意见征集" }),
        office.officer,
      )
    ).body;
    const pub = (await api.get(`/api/public/consultations/${oneDay.id}`)).body;
    expect(pub).toMatchObject({ phase: "open", daysLeft: { left: 0, lastDay: true } });
    expect(pub.daysLeft.text).toContain("今日截止");
    const first = await api.post(`/api/public/consultations/${oneDay.id}/comments`, { content: "首日也是末日的意见" });
    expect(first.status, JSON.stringify(first.body)).toBe(201);

    // A window that opened 30 days ago and ends today: its last day.
    const running = (await api.post("/api/consultations", consultation(), office.officer)).body;
    await sql(`update documents.consultations set opens_on = $2, closes_on = $3 where id = $1`, [
      running.id,
      addDays(today, -30),
      today,
    ]);
    const last = await api.post(`/api/public/consultations/${running.id}/comments`, { content: "最后一天提交的意见" });
    expect(last.status, JSON.stringify(last.body)).toBe(201);

    // The next day comes, as time would: its last day was yesterday. Refused, nothing written.
    await sql(`update documents.consultations set opens_on = $2, closes_on = $3 where id = $1`, [
      running.id,
      addDays(today, -31),
      yesterday,
    ]);
    const afterClose = await written();
    const late = await api.post(`/api/public/consultations/${running.id}/comments`, { content: "截止次日提交的意见" });
    expect(late.status).toBe(409);
    expect(late.body.type).toBe("CONSULTATION_CLOSED");
    expect(await written()).toEqual(afterClose);
    const form = await fetch(`${platform.baseUrl}/consultations/${running.id}/comments`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ content: "截止次日通过表单提交的意见" }).toString(),
      redirect: "manual",
    });
    expect(form.status).toBe(409);
    expect(await written()).toEqual(afterClose);
  });

  it("publishes a comment only after moderation, masked, and never the contact", async () => {
    const c = (await api.post("/api/consultations", consultation(), office.officer)).body;
    const listed = await api.get("/api/public/consultations");
    expect(listed.body.items.find((i: { id: string }) => i.id === c.id)).toMatchObject({ phase: "open" });
    const sent = await api.post(`/api/public/consultations/${c.id}/comments`, {
      content: "建议增加社区嵌入式养老，电话13912345678",
      contact: CONTACT,
    });
    expect(sent.status).toBe(201);
    expect((await api.get(`/api/public/consultations/${c.id}`)).body.comments).toEqual([]);
    const staff = await api.get(`/api/consultations/${c.id}`, office.officer);
    expect(staff.body.comments[0]).toMatchObject({ contact: CONTACT, status: "received" });
    const moderated = await api.post(
      `/api/consultations/${c.id}/comments/${sent.body.id}/moderation`,
      { decision: "publish" },
      office.officer,
    );
    expect(moderated.status).toBe(200);
    const pub = await api.get(`/api/public/consultations/${c.id}`);
    expect(pub.body.comments).toHaveLength(1);
    expect(pub.body.comments[0].content).toContain("社区嵌入式养老");
    expect(JSON.stringify(pub.body)).not.toContain("13912345678");
    expect(JSON.stringify(pub.body)).not.toContain("wangwu-contact");
  });

  it("keeps its final document unpublished until the adoption report exists, then links them both ways", async () => {
    const c = (await api.post("/api/consultations", consultation(), office.officer)).body;
    const comment = await api.post(`/api/public/consultations/${c.id}/comments`, { content: "建议明确补贴标准。" });
    expect(comment.status).toBe(201);
    const d = (await api.post("/api/documents", documentInput({ policy: false, consultationId: c.id }), office.officer))
      .body;
    const before = await written();
    const gate = await api.post(`/api/documents/${d.id}/publish`, {}, office.officer);
    expect(gate.status).toBe(409);
    expect(gate.body.type).toBe("ADOPTION_REPORT_REQUIRED");
    expect(await written()).toEqual(before);
    expect((await api.get(`/api/public/documents/${d.id}`)).status).toBe(404);
    const report = { received: 1, adopted: 0, notAdopted: [{ reason: "已有相关规定", count: 1 }] };
    const early = await api.post(`/api/consultations/${c.id}/adoption`, report, office.officer);
    expect(early.status).toBe(409);
    expect(early.body.type).toBe("CONSULTATION_STILL_OPEN");
    expect(await written()).toEqual(before);
    const foreign = await api.post(
      "/api/documents",
      documentInput({ policy: false, consultationId: c.id }),
      other.officer,
    );
    expect(foreign.status).toBe(422);

    // The window ends, as time would; the report is published, then the final document may be.
    await sql(`update documents.consultations set opens_on = $2, closes_on = $3 where id = $1`, [
      c.id,
      addDays(today, -40),
      yesterday,
    ]);
    expect((await api.post(`/api/documents/${d.id}/publish`, {}, office.officer)).body.type).toBe(
      "ADOPTION_REPORT_REQUIRED",
    );
    const reported = await api.post(`/api/consultations/${c.id}/adoption`, report, office.officer);
    expect(reported.status, JSON.stringify(reported.body)).toBe(200);
    const published = await api.post(`/api/documents/${d.id}/publish`, {}, office.officer);
    expect(published.status, JSON.stringify(published.body)).toBe(200);

    const doc = (await api.get(`/api/public/documents/${d.id}`)).body;
    expect(doc.consultationId).toBe(c.id);
    const pub = await publicUntil(`/api/public/consultations/${c.id}`, (b) => b.finalDocumentId === d.id);
    expect(pub).toMatchObject({
      phase: "closed",
      finalDocumentId: d.id,
      adoption: { received: 1, adopted: 0, notAdoptedTotal: 1, notAdopted: [{ reason: "已有相关规定", count: 1 }] },
    });
    const docPage = await (await fetch(`${platform.baseUrl}/documents/${d.id}`)).text();
    expect(docPage).toContain(`href="/consultations/${c.id}"`);
    const consultationPage = await (await fetch(`${platform.baseUrl}/consultations/${c.id}`)).text();
    expect(consultationPage).toContain(`href="/documents/${d.id}"`);
    expect(consultationPage).toContain("已有相关规定");
    expect(consultationPage).not.toContain(`action="/consultations/${c.id}/comments"`);
  });
});

describe("the handbook's forms of the same routes", () => {
  it("takes docNo, needsInterpretation, a 解读 with title and q/a, shortenedReason and a comment's text", async () => {
    serial += 1;
    const created = await api.post(
      "/api/documents",
      {
        title: `关于养老服务补贴的通知（${serial}）`,
        docNo: `湖民发〔${year}〕${serial}号`,
        signedOn: today,
        text: "各县区民政局：……",
        needsInterpretation: true,
      },
      office.officer,
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.docNumber).toBe(`湖民发〔${year}〕${serial}号`);
    expect((await api.post(`/api/documents/${created.body.id}/publish`, {}, office.officer)).body.type).toBe(
      "INTERPRETATION_REQUIRED",
    );
    const interp = await api.post(
      `/api/documents/${created.body.id}/interpretation`,
      { title: "一图读懂养老服务补贴", text: "补贴对象为……", qa: [{ q: "谁能申请？", a: "本市户籍老年人。" }] },
      office.officer,
    );
    expect(interp.status, JSON.stringify(interp.body)).toBe(200);
    expect((await api.post(`/api/documents/${created.body.id}/publish`, {}, office.officer)).status).toBe(200);
    const published = await api.get(`/api/public/documents/${created.body.id}`);
    expect(published.status).toBe(200);
    expect(JSON.stringify(published.body)).toContain("谁能申请？");
    const missing = await api.post(
      "/api/documents",
      { title: "无文号", signedOn: today, text: "正文" },
      office.officer,
    );
    expect(missing.status).toBe(422);
    expect(missing.body.data[0]).toMatchObject({ field: "docNumber", type: "required" });

    const consultation = await api.post(
      "/api/consultations",
      {
        title: "关于养老服务条例（征求意见稿）",
        kind: "major_decision",
        draftText: "第一条 ……",
        explanation: "起草说明：……",
        opensOn: today,
        closesOn: `${Number(year) + 1}-12-31`,
      },
      office.officer,
    );
    expect(consultation.status, JSON.stringify(consultation.body)).toBe(201);
    const comment = await api.post(`/api/public/consultations/${consultation.body.id}/comments`, {
      text: "建议增加对失能老人的照护补贴。",
    });
    expect(comment.status, JSON.stringify(comment.body)).toBe(201);
  });
});
