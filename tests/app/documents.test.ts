/**
 * The documents use cases against a real `documents` schema, without a broker: duties, results and
 * the feed are a small in-test Caller. A refused step writes nothing; every public change leaves
 * its outbox row, and eventsSince answers the record's public view.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { SessionUser } from "../../lib/auth.js";
import type { Caller } from "../../lib/contract.js";
import { loadConfig } from "../../lib/config.js";
import { createStorage, type Storage } from "../../lib/storage.js";
import * as consultations from "../../services/documents/app/consultations.js";
import type { DocumentsDeps } from "../../services/documents/app/deps.js";
import * as docs from "../../services/documents/app/documents.js";
import { eventsSince } from "../../services/documents/app/public.js";
import { clientKeyOf } from "../../lib/rate-limit.js";
import { amend, cleanup, expireDue, repeal, review, setBasis } from "../../services/documents/app/validity.js";
import { DATABASE } from "../../services/documents/database.js";
import { Comment, DocumentsEvent, Interpretation, NormativeDocument } from "../../services/documents/entities.js";
import { newId } from "../../shared/ids.js";
import { openTestOrm, type TestOrm } from "../support/orm.js";
import { startS3, type TestS3 } from "../support/platform.js";

const bodyId = newId();
const otherBodyId = newId();
const missingBodyId = newId();
const BUCKET = "documents-app-test";

const officer: SessionUser = { id: newId(), username: "alice", role: "officer", bodyId, officerId: newId() };
const stranger: SessionUser = { id: newId(), username: "otto", role: "officer", bodyId: otherBodyId, officerId: null };
const admin: SessionUser = { id: newId(), username: "admin", role: "admin", bodyId: null, officerId: null };

const peers: Caller = {
  async call(name, params) {
    const p = params as { id?: string };
    switch (name) {
      case "duties.getBody":
        if (p.id === missingBodyId) throw Object.assign(new Error("body not found"), { code: 404 });
        return { id: p.id, name: "某市民政局" };
      case "results.getCalendar":
        return { coveredYears: [], loaded: [] };
      case "feed.catchUp":
        return { applied: 0 };
      default:
        throw new Error(`unexpected call ${name}`);
    }
  },
};

let db: TestOrm;
let s3: TestS3;
let storage: Storage;
let clock: Date;
let sut: DocumentsDeps;

const at = (iso: string) => new Date(iso);

beforeAll(async () => {
  [db, s3] = await Promise.all([openTestOrm(DATABASE), startS3(BUCKET)]);
  storage = createStorage({
    endpoint: s3.endpoint,
    accessKey: "S3RVER",
    secretKey: "S3RVER",
    bucket: BUCKET,
    region: "us-east-1",
  });
  const config = loadConfig({ DOCUMENTS_REGISTRATION_PREFIX: "ZJSP01", COMMENT_RATE_LIMIT: "3/600" });
  sut = {
    em: () => db.em(),
    now: () => clock,
    caller: peers,
    config: config.documents,
    storage,
    log: { info() {} },
  };
});

afterAll(async () => {
  await db?.close();
  await s3?.close();
});

beforeEach(() => {
  // 10:00 China time, 2026-03-02 (a Monday)
  clock = at("2026-03-02T02:00:00Z");
});

let serial = 0;
function draft(extra: Record<string, unknown> = {}) {
  serial += 1;
  return {
    title: `关于加强养老服务管理的通知${serial}`,
    docNumber: `浙民发[2026]${serial}号`,
    signedOn: "2026-02-20",
    text: "各县（市、区）民政局：……",
    legalBasis: "《养老机构管理办法》",
    ...extra,
  };
}

const outboxRows = () => db.em().count(DocumentsEvent, {});

describe("registering and publishing a document", () => {
  it("registers a draft with its canonical 文号 and the year's 登记号, unique per body", async () => {
    const first = await docs.register(sut, officer, draft());
    expect(first.stage).toBe("draft");
    expect(first.docNumber).toBe(`浙民发〔2026〕${serial}号`);
    expect(first.registrationNo).toMatch(/^ZJSP01-2026-\d{4}$/);
    const second = await docs.register(sut, officer, draft());
    expect(Number(second.registrationNo.slice(-4))).toBe(Number(first.registrationNo.slice(-4)) + 1);
    // the same number in another spelling, same body: 409; another body may use it
    const again = docs.register(sut, officer, { ...draft(), docNumber: `浙民发〔2026〕0${serial - 1}号` });
    await expect(again).rejects.toMatchObject({ code: 409, type: "DUPLICATE_DOC_NUMBER" });
    const elsewhere = await docs.register(sut, stranger, { ...draft(), docNumber: `浙民发〔2026〕${serial - 2}号` });
    expect(elsewhere.bodyId).toBe(otherBodyId);
  });

  it("refuses a bad 文号, an unknown body and a future 成文日期 with 422, writing nothing", async () => {
    const before = await db.em().count(NormativeDocument, {});
    await expect(docs.register(sut, officer, draft({ docNumber: "浙民发2026号" }))).rejects.toMatchObject({
      code: 422,
      data: [expect.objectContaining({ field: "docNumber", type: "DOC_NUMBER_FORMAT" })],
    });
    await expect(docs.register(sut, officer, draft({ signedOn: "2026-03-03" }))).rejects.toMatchObject({
      code: 422,
      data: [expect.objectContaining({ field: "signedOn", type: "DATE_IN_FUTURE" })],
    });
    await expect(docs.register(sut, admin, { ...draft(), bodyId: missingBodyId })).rejects.toMatchObject({
      code: 422,
      data: [expect.objectContaining({ field: "bodyId", type: "UNKNOWN_BODY" })],
    });
    expect(await db.em().count(NormativeDocument, {})).toBe(before);
  });

  it("三同步: a policy document is published only with its 解读, both at one instant, linked", async () => {
    const d = await docs.register(sut, officer, draft());
    const rows = await outboxRows();
    await expect(docs.publish(sut, officer, { id: d.id })).rejects.toMatchObject({
      code: 409,
      type: "INTERPRETATION_REQUIRED",
    });
    expect(await outboxRows()).toBe(rows);
    const interpreted = await docs.interpret(sut, officer, {
      id: d.id,
      text: "一、起草背景……",
      qa: [{ question: "适用于哪些机构？", answer: "全市养老机构。" }],
      draftingUnit: "养老服务处",
      interpreter: "张处长",
    });
    expect(interpreted.interpretations).toMatchObject([{ timing: "simultaneous", publishedAt: null }]);
    const published = await docs.publish(sut, officer, { id: d.id });
    expect(published).toMatchObject({
      stage: "published",
      publishedOn: "2026-03-02",
      effectiveFrom: "2026-04-01",
      validUntil: "2031-03-31",
      validityBasis: "default",
      status: { status: "valid", notYetEffective: true },
    });
    expect(published.interpretations[0]?.publishedAt).toBe(published.publishedAt);
    await expect(docs.publish(sut, officer, { id: d.id })).rejects.toMatchObject({ code: 409 });
    await expect(docs.edit(sut, officer, { id: d.id, title: "新标题" })).rejects.toMatchObject({
      type: "DOCUMENT_PUBLISHED",
    });
    const events = await eventsSince(sut, { after: "0", limit: 1000 });
    const view = events.filter((e) => e.id === d.id).at(-1)?.view as { interpretations: unknown[] } | null;
    expect(view).toMatchObject({ id: d.id, docNumber: d.docNumber, interpretations: [{ text: "一、起草背景……" }] });
  });

  it("a waiver with its reason, or a document that is not a policy, goes without a 解读; 暂行 lasts 2 years", async () => {
    const waived = await docs.register(sut, officer, draft({ interpretationWaiver: { reason: "内部管理事项" } }));
    expect((await docs.publish(sut, officer, { id: waived.id })).stage).toBe("published");
    const provisional = await docs.register(sut, officer, draft({ title: "养老服务暂行办法", policy: false }));
    expect(await docs.publish(sut, officer, { id: provisional.id })).toMatchObject({
      validityBasis: "provisional",
      validUntil: "2028-03-31",
    });
    // The handbook's `provisional` mark decides over the title, kept on the draft until publication.
    const marked = await docs.register(
      sut,
      officer,
      draft({ title: "养老服务办法", policy: false, provisional: true }),
    );
    expect(marked.validityBasis).toBe("provisional");
    const unmarked = await docs.edit(sut, officer, { id: marked.id, provisional: false });
    expect(unmarked.validityBasis).toBe("default");
    await docs.edit(sut, officer, { id: marked.id, provisional: true });
    expect(await docs.publish(sut, officer, { id: marked.id })).toMatchObject({
      validityBasis: "provisional",
      validUntil: "2028-03-31",
    });
  });

  it("another body's document is not found", async () => {
    const d = await docs.register(sut, officer, draft());
    await expect(docs.get(sut, stranger, { id: d.id })).rejects.toMatchObject({ code: 404 });
  });
});

describe("validity", () => {
  async function published(extra: Record<string, unknown> = {}) {
    const d = await docs.register(sut, officer, draft({ policy: false, ...extra }));
    return docs.publish(sut, officer, { id: d.id });
  }

  it("lapses (失效) the day after its last valid day, on read and announced by the timer once", async () => {
    const d = await published({ publishedOn: "2026-02-25", effectiveFrom: "2026-02-25", validUntil: "2026-03-10" });
    clock = at("2026-03-10T15:00:00Z"); // 23:00 on the last day
    expect((await docs.get(sut, officer, { id: d.id })).status?.status).toBe("valid");
    clock = at("2026-03-10T16:00:00Z"); // 00:00 on 3-11
    const lapsed = await docs.get(sut, officer, { id: d.id });
    expect(lapsed.status).toMatchObject({ status: "expired", since: "2026-03-11" });
    expect(lapsed.banner).toContain("失效");
    const rows = await outboxRows();
    expect(await expireDue(sut)).toBeGreaterThanOrEqual(1);
    expect(await outboxRows()).toBeGreaterThan(rows);
    expect(await expireDue(sut)).toBe(0);
    await expect(repeal(sut, officer, { id: d.id, on: "2026-03-11", reason: "已失效" })).rejects.toMatchObject({
      code: 409,
      type: "DOCUMENT_NOT_IN_FORCE",
    });
  });

  it("records 废止 and 已修改 with their dates, public with the history", async () => {
    const amended = await published();
    const amending = await published();
    const a = await amend(sut, officer, { id: amended.id, on: "2026-03-02", amendedBy: amending.id });
    expect(a.status).toMatchObject({ status: "amended", amendedBy: [amending.id] });
    await expect(amend(sut, officer, { id: amended.id, on: "2026-03-02", amendedBy: newId() })).rejects.toMatchObject({
      code: 422,
      data: [expect.objectContaining({ field: "amendedBy", type: "UNKNOWN_DOCUMENT" })],
    });
    const r = await repeal(sut, officer, { id: amended.id, on: "2026-03-02", reason: "已被新规定取代" });
    expect(r.status).toMatchObject({ status: "repealed", repeal: { on: "2026-03-02", reason: "已被新规定取代" } });
    expect(r.history.map((h) => h.kind)).toEqual(["published", "amended", "repealed"]);
    await expect(review(sut, officer, { id: amended.id, on: "2026-03-02" })).rejects.toMatchObject({ code: 409 });
  });

  it("lists documents for 清理: expiring within 180 days, basis repealed, not reviewed for 2 years", async () => {
    const expiring = await published({
      publishedOn: "2026-03-01",
      effectiveFrom: "2026-03-01",
      validUntil: "2026-06-30",
    });
    const basis = await published();
    await setBasis(sut, officer, { id: basis.id, repealed: true });
    const old = await published({ publishedOn: "2024-01-05", effectiveFrom: "2024-01-05", signedOn: "2024-01-02" });
    const view = await cleanup(sut, officer, {});
    const reasons = new Map(view.items.map((i) => [i.id, i.reasons.map((r) => r.kind)]));
    expect(reasons.get(expiring.id)).toEqual(["expiring"]);
    expect(reasons.get(basis.id)).toEqual(["basis_repealed"]);
    expect(reasons.get(old.id)).toEqual(["review_overdue"]);
    await review(sut, officer, { id: old.id, on: "2026-03-02" });
    expect((await cleanup(sut, officer, {})).items.map((i) => i.id)).not.toContain(old.id);
    expect((await cleanup(sut, stranger, {})).items.map((i) => i.id)).not.toContain(expiring.id);
  });
});

describe("consultations", () => {
  const sender = (name: string, key: string | null = null) => ({
    clientKey: clientKeyOf("test", name),
    idempotencyKey: key,
  });

  async function opened(extra: Record<string, unknown> = {}) {
    return consultations.open(sut, officer, {
      title: "《养老服务条例（草案）》征求意见",
      kind: "normative",
      draftText: "第一条 ……",
      explanation: "起草说明：……",
      basis: "《中华人民共和国老年人权益保障法》",
      opensOn: "2026-03-02",
      closesOn: "2026-03-11",
      ...extra,
    });
  }

  it("refuses a window shorter than the minimum without a reason (422), and keeps a shortened one's reason", async () => {
    // 7 working days after Monday 3-2 is Wednesday 3-11
    await expect(opened({ closesOn: "2026-03-10" })).rejects.toMatchObject({
      code: 422,
      data: [expect.objectContaining({ field: "closesOn", type: "WINDOW_TOO_SHORT", date: "2026-03-11" })],
    });
    const short = await opened({ closesOn: "2026-03-05", shortReason: "防汛应急需要" });
    expect(short).toMatchObject({ shortReason: "防汛应急需要", minimumClosesOn: "2026-03-11", phase: "open" });
  });

  it("takes comments only within the window, up to the last day's 24:00; contact stays private", async () => {
    const c = await opened();
    const reply = await consultations.comment(sut, sender("a"), {
      id: c.id,
      content: "建议增加社区养老内容，联系我 13812345678",
      contact: "13812345678",
    });
    expect(reply.status).toBe("received");
    clock = at("2026-03-11T15:59:59Z"); // 23:59:59 on the last day
    await consultations.comment(sut, sender("b"), { id: c.id, content: "最后一天的意见" });
    clock = at("2026-03-11T16:00:00Z");
    await expect(consultations.comment(sut, sender("c"), { id: c.id, content: "晚到的意见" })).rejects.toMatchObject({
      code: 409,
      type: "CONSULTATION_CLOSED",
    });
    const late = await opened({ opensOn: "2026-03-20", closesOn: "2026-03-31" }).catch(() => null);
    expect(late).not.toBeNull();
    clock = at("2026-03-12T02:00:00Z");
    await expect(
      consultations.comment(sut, sender("d"), { id: (late as { id: string }).id, content: "提前的意见" }),
    ).rejects.toMatchObject({ code: 409, type: "CONSULTATION_NOT_YET_OPEN" });
  });

  it("publishes a comment only after moderation, masked, and never its contact", async () => {
    const c = await opened();
    const { id } = await consultations.comment(sut, sender("m"), {
      id: c.id,
      content: "我的电话 13812345678，建议延长开放时间",
      contact: "13812345678",
    });
    const first = (await eventsSince(sut, { after: "0", limit: 1000 })).filter((e) => e.id === c.id).at(-1);
    expect(JSON.stringify(first?.view)).not.toContain("延长开放时间");
    await consultations.moderate(sut, officer, { id: c.id, commentId: id, decision: "publish" });
    const events = await eventsSince(sut, { after: "0", limit: 1000 });
    const view = JSON.stringify(events.filter((e) => e.id === c.id).at(-1)?.view);
    expect(view).toContain("延长开放时间");
    expect(view).not.toContain("13812345678");
    await expect(
      consultations.moderate(sut, officer, { id: c.id, commentId: id, decision: "reject" }),
    ).rejects.toMatchObject({ code: 409 });
  });

  it("limits comments per client, and a retry or the same words answer the first", async () => {
    const c = await opened();
    const s = sender("rate", "key-1");
    const first = await consultations.comment(sut, s, { id: c.id, content: "第一条意见" });
    expect(await consultations.comment(sut, s, { id: c.id, content: "第一条意见" })).toMatchObject({
      id: first.id,
      duplicate: true,
    });
    await consultations.comment(sut, sender("rate"), { id: c.id, content: "第二条意见" });
    await consultations.comment(sut, sender("rate"), { id: c.id, content: "第三条意见" });
    await expect(consultations.comment(sut, sender("rate"), { id: c.id, content: "第四条意见" })).rejects.toMatchObject(
      { code: 429, type: "RATE_LIMITED" },
    );
    expect(await db.em().count(Comment, { consultationId: c.id })).toBe(3);
  });

  it("announces a hearing 7 days ahead, with its participants", async () => {
    const c = await opened();
    await expect(
      consultations.announceHearing(sut, officer, {
        id: c.id,
        heldOn: "2026-03-08",
        place: "市民中心",
        participants: ["甲"],
      }),
    ).rejects.toMatchObject({ code: 422, data: [expect.objectContaining({ type: "HEARING_TOO_SOON" })] });
    const h = await consultations.announceHearing(sut, officer, {
      id: c.id,
      heldOn: "2026-03-09",
      place: "市民中心",
      participants: ["甲", "乙"],
    });
    expect(h.hearing).toEqual({
      announcedOn: "2026-03-02",
      heldOn: "2026-03-09",
      place: "市民中心",
      participants: ["甲", "乙"],
    });
  });

  it("gates the final document on the adoption report, reported after the window, and links both ways", async () => {
    const c = await opened();
    await consultations.comment(sut, sender("x"), { id: c.id, content: "建议一" });
    const d = await docs.register(sut, officer, draft({ policy: false, consultationId: c.id }));
    await expect(docs.publish(sut, officer, { id: d.id })).rejects.toMatchObject({
      code: 409,
      type: "ADOPTION_REPORT_REQUIRED",
    });
    const report = { id: c.id, received: 1, adopted: 1, notAdopted: [] };
    await expect(consultations.reportAdoption(sut, officer, report)).rejects.toMatchObject({
      code: 409,
      type: "CONSULTATION_STILL_OPEN",
    });
    clock = at("2026-03-12T02:00:00Z");
    await expect(
      consultations.reportAdoption(sut, officer, { ...report, received: 0, adopted: 0 }),
    ).rejects.toMatchObject({ code: 422, data: [expect.objectContaining({ type: "RECEIVED_BELOW_RECORDED" })] });
    const reported = await consultations.reportAdoption(sut, officer, {
      ...report,
      received: 3,
      adopted: 1,
      notAdopted: [{ reason: "不属于本文件调整范围", count: 2 }],
    });
    expect(reported.adoption).toMatchObject({ received: 3, notAdoptedTotal: 2, reportedOn: "2026-03-12" });
    const published = await docs.publish(sut, officer, { id: d.id });
    expect(published.consultationId).toBe(c.id);
    expect((await consultations.get(sut, officer, { id: c.id })).finalDocumentId).toBe(d.id);
    expect(await db.em().count(Interpretation, { documentId: d.id })).toBe(0);
  });
});
