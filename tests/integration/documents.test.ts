/**
 * 规范性文件 and 预公开 end to end over NATS, the documents service apart from the feed: 三同步 (no
 * publication without the 解读, then both public at one instant), the public list, detail and Atom
 * from the feed, automatic 失效 shown with its date, 废止 with its reason, the consultation's
 * window (409 before it opens), moderation before a comment is public and the contact never, and
 * the adoption gate on the final document.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chinaToday } from "../../shared/dates.js";
import { setUpOffice, type Office } from "../support/flow.js";
import { startPlatform, type Api, type Platform } from "../support/platform.js";

let platform: Platform;
let api: Api;
let office: Office;
let other: Office;
const today = chinaToday();
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
    ["gateway", "accounts,duties,cases,results", "notices,feed,feedback,documents,requests,reports"],
    {
      DOCUMENTS_REGISTRATION_PREFIX: "HZMZ01",
      TRUST_PROXY: "true",
      COMMENT_RATE_LIMIT: "20/600",
    },
  );
  api = platform.api;
  office = await setUpOffice(api, "湖州市民政局", "hz.docs");
  other = await setUpOffice(api, "嘉兴市民政局", "jx.docs");
});

afterAll(async () => {
  await platform?.stop();
});

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
    const refused = await api.post(`/api/documents/${d.id}/publish`, {}, office.officer);
    expect(refused.status).toBe(409);
    expect(refused.body.type).toBe("INTERPRETATION_REQUIRED");
    expect(refused.body.message).toContain("同步");
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
      status: { status: "valid", notYetEffective: true },
      interpretations: [{ timing: "simultaneous", qa: [{ question: "何时施行？" }] }],
    });
    expect(pub.body.interpretations[0].publishedAt).toBe(pub.body.publishedAt);
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
    expect(pub.status).toMatchObject({ status: "expired", since: "2025-01-05" });
    expect(pub.banner).toContain("失效");
    expect(pub.history.map((h: { kind: string }) => h.kind)).toEqual(["published", "expired"]);
    const expired = await api.get(`/api/public/documents?status=expired&bodyId=${office.bodyId}`);
    expect(expired.body.items.map((i: { id: string }) => i.id)).toEqual([lapsed.id]);

    const d = (await api.post("/api/documents", documentInput({ policy: false }), office.officer)).body;
    await api.post(`/api/documents/${d.id}/publish`, {}, office.officer);
    const repealed = await api.post(
      `/api/documents/${d.id}/repeal`,
      { on: today, reason: "上位法已废止" },
      office.officer,
    );
    expect(repealed.status).toBe(200);
    const after = (await api.get(`/api/public/documents/${d.id}`)).body;
    expect(after.status).toMatchObject({ status: "repealed", repeal: { on: today, reason: "上位法已废止" } });
    expect(after.text).toContain("规范养老服务");
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

  it("refuses a short window without a reason (422) and comments before it opens (409)", async () => {
    const short = await api.post("/api/consultations", consultation({ closesOn: today }), office.officer);
    expect(short.status).toBe(422);
    expect(short.body.data[0]).toMatchObject({ field: "closesOn", type: "WINDOW_TOO_SHORT" });
    const later = (await api.post("/api/consultations", consultation({ opensOn: "2099-01-01" }), office.officer)).body;
    const early = await api.post(`/api/public/consultations/${later.id}/comments`, { content: "提前提交的意见" });
    expect(early.status).toBe(409);
    expect(early.body.type).toBe("CONSULTATION_NOT_YET_OPEN");
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

  it("keeps its final document unpublished until the adoption report exists", async () => {
    const c = (await api.post("/api/consultations", consultation(), office.officer)).body;
    const d = (await api.post("/api/documents", documentInput({ policy: false, consultationId: c.id }), office.officer))
      .body;
    const gate = await api.post(`/api/documents/${d.id}/publish`, {}, office.officer);
    expect(gate.status).toBe(409);
    expect(gate.body.type).toBe("ADOPTION_REPORT_REQUIRED");
    const early = await api.post(
      `/api/consultations/${c.id}/adoption`,
      { received: 0, adopted: 0, notAdopted: [] },
      office.officer,
    );
    expect(early.status).toBe(409);
    expect(early.body.type).toBe("CONSULTATION_STILL_OPEN");
    const foreign = await api.post(
      "/api/documents",
      documentInput({ policy: false, consultationId: c.id }),
      other.officer,
    );
    expect(foreign.status).toBe(422);
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
