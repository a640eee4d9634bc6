/**
 * The feedback use cases against a real `feedback` schema (and a real S3 server, s3rver, for the
 * evidence files that feedback-evidence.test.ts sends), without a broker: the feed and results
 * services are a small in-test Caller. A refused submission or step must write nothing.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { SessionUser } from "../../lib/auth.js";
import type { Caller } from "../../lib/contract.js";
import { accept, close, get, list, markSpam, replyTo, resolveNotice } from "../../services/feedback/app/handling.js";
import { eventsSince, stats, track } from "../../services/feedback/app/public.js";
import { lockClient, RateLimitedError, takeHit } from "../../lib/rate-limit.js";
import type { FeedbackDeps } from "../../services/feedback/app/records.js";
import { clientKeyOf, submit, type Sender } from "../../services/feedback/app/submit.js";
import { DATABASE } from "../../services/feedback/database.js";
import { Feedback, FeedbackStep, RateHit } from "../../services/feedback/entities.js";
import { newId } from "../../shared/ids.js";
import { openTestOrm, type TestOrm } from "../support/orm.js";
import FastestValidator, { type SyncCheckFunction, type ValidationSchema } from "fastest-validator";
import { submitParams } from "../../services/feedback/contract.js";
import { strictParams } from "../../shared/validation.js";
import { createStorage, type Storage } from "../../lib/storage.js";
import { startS3, type TestS3 } from "../support/platform.js";

const bodyId = newId();
const generalBodyId = newId();
const noticeId = newId();
const resultId = newId();
const missingId = newId();
const BUCKET = "feedback-app-test";

const officer: SessionUser = { id: newId(), username: "alice", role: "officer", bodyId, officerId: newId() };
const stranger: SessionUser = { id: newId(), username: "otto", role: "officer", bodyId: newId(), officerId: null };

/** What the feed and results services answer, and the calls made to them. */
const calls: { name: string; params: unknown }[] = [];
const peers: Caller = {
  async call(name, params) {
    calls.push({ name, params });
    const p = params as { id?: string };
    switch (name) {
      case "feed.getNotice":
        if (p.id === missingId) throw Object.assign(new Error("notice not found"), { code: 404 });
        return { id: p.id, bodyId, title: "某商店行政处罚决定", resultId };
      case "feed.getBody":
        return { id: p.id, name: "某市市场监督管理局" };
      case "results.workingDeadline":
        return { dueBy: "2026-12-21", provisional: false };
      case "results.workingDaysBetween":
        return { days: 3 };
      case "results.withdraw":
        return { id: p.id, status: "withdrawn" };
      case "results.correct":
        return { ...p, status: "published" };
      case "feed.catchUp":
        return undefined;
      default:
        throw new Error(`unexpected call ${name}`);
    }
  },
};

let db: TestOrm;
let s3: TestS3;
let storage: Storage;
let clock: number;
let sut: FeedbackDeps;

function sender(name: string, idempotencyKey: string | null = null): Sender {
  return { clientKey: clientKeyOf("test", name), idempotencyKey };
}

async function counts() {
  const em = db.em();
  return { items: await em.count(Feedback), steps: await em.count(FeedbackStep), hits: await em.count(RateHit) };
}

beforeAll(async () => {
  [db, s3] = await Promise.all([openTestOrm(DATABASE), startS3(BUCKET)]);
  storage = createStorage({
    endpoint: s3.endpoint,
    accessKey: "S3RVER",
    secretKey: "S3RVER",
    bucket: BUCKET,
    region: "us-east-1",
  });
  sut = {
    em: () => db.em(),
    now: () => new Date(clock),
    caller: peers,
    config: {
      maxLength: 2000,
      rate: { limit: 3, windowSeconds: 600 },
      dedupeHours: 24,
      statsMinimum: 2,
      defaultBodyId: generalBodyId,
    },
    storage,
  };
});

beforeEach(() => {
  clock = Date.now();
  calls.length = 0;
});

afterAll(async () => {
  await db?.close();
  await s3?.close();
});

describe("submitting feedback", () => {
  it("files general feedback for the default body with a tracking code, a deadline and a first step", async () => {
    const reply = await submit(sut, sender("10.0.0.1"), {
      category: "suggestion",
      content: "办事窗口能否延长午间服务时间，我的电话13812345678",
      contact: "13812345678",
    });
    expect(reply).toEqual({ trackingCode: expect.any(String), dueBy: "2026-12-21" });
    const f = await db.em().findOneOrFail(Feedback, { trackingCode: reply.trackingCode });
    expect(f).toMatchObject({ bodyId: generalBodyId, status: "received", contact: "13812345678" });

    const tracked = await track(sut, { trackingCode: reply.trackingCode.toLowerCase() });
    expect(tracked).toMatchObject({ trackingCode: reply.trackingCode, status: "received", dueBy: "2026-12-21" });
    expect(tracked.content).not.toContain("13812345678");
    expect(tracked).not.toHaveProperty("reply");
    await expect(track(sut, { trackingCode: "NOPE" })).rejects.toMatchObject({ code: 404 });
  });

  it("answers the same words on the same target, and a retried request, with the first item's code", async () => {
    const first = await submit(sut, sender("10.0.0.2", "key-1"), {
      category: "inquiry",
      content: "营业执照 如何 补办？",
    });
    const before = await counts();
    const again = await submit(sut, sender("10.0.0.3"), { category: "inquiry", content: "营业执照如何补办？\u200b" });
    expect(again).toEqual({ ...first, duplicate: true });
    const retried = await submit(sut, sender("10.0.0.2", "key-1"), {
      category: "inquiry",
      content: "另一段内容，同一个请求",
    });
    expect(retried).toEqual({ ...first, duplicate: true });
    // The dedupe counted a rate-limit hit for the second client; the retry counted nothing.
    expect(await counts()).toEqual({ ...before, hits: before.hits + 1 });
  });

  it("addresses feedback on a notice to the notice's body and keeps its result for a correction request", async () => {
    const reply = await submit(sut, sender("10.0.0.4"), {
      category: "correction",
      targetType: "notice",
      targetId: noticeId,
      content: "公示的当事人名称有误，请更正",
    });
    const f = await db.em().findOneOrFail(Feedback, { trackingCode: reply.trackingCode });
    expect(f).toMatchObject({ bodyId, resultId, targetTitle: "某商店行政处罚决定", targetId: noticeId });
  });

  it("files a filled honeypot as spam, which its sender sees as received", async () => {
    const reply = await submit(sut, sender("10.0.0.5"), {
      category: "suggestion",
      content: "buy cheap watches here",
      website: "http://spam.example",
    });
    expect((await db.em().findOneOrFail(Feedback, { trackingCode: reply.trackingCode })).status).toBe("spam");
    expect((await track(sut, reply)).status).toBe("received");
  });

  it("refuses, writing nothing: a half target, an unknown target, nothing visible to read", async () => {
    const before = await counts();
    await expect(
      submit(sut, sender("10.0.0.6"), { category: "complaint", targetType: "notice", content: "执法人员态度恶劣" }),
    ).rejects.toMatchObject({ code: 422, data: [{ field: "targetId" }] });
    await expect(
      submit(sut, sender("10.0.0.6"), { category: "complaint", content: "\u200b\u200b\u200b\u200b\u200b\u200b" }),
    ).rejects.toMatchObject({ code: 422, data: [{ field: "content" }] });
    const hitsBefore = (await counts()).hits;
    await expect(
      submit(sut, sender("10.0.0.7"), {
        category: "complaint",
        targetType: "notice",
        targetId: missingId,
        content: "这条公示不存在吗",
      }),
    ).rejects.toMatchObject({ code: 422, data: [{ field: "targetId" }] });
    // The unknown target is found out after the rate limit counted the attempt (as before the refactor).
    expect(await counts()).toEqual({ ...before, hits: hitsBefore + 1 });
  });

  it("refuses a client over the rate limit with 429 and the seconds to wait, writing nothing, until the window moves on", async () => {
    const client = sender("10.0.0.8");
    for (let i = 1; i <= 3; i++)
      await submit(sut, client, { category: "suggestion", content: `第${i}条不同的建议内容` });
    const before = await counts();
    clock += 60_000;
    const refused = submit(sut, client, { category: "suggestion", content: "第四条不同的建议内容" });
    await expect(refused).rejects.toBeInstanceOf(RateLimitedError);
    await expect(refused).rejects.toMatchObject({ code: 429, type: "RATE_LIMITED", data: { retryAfter: 540 } });
    expect(await counts()).toEqual(before);
    // Another client is not held back.
    await submit(sut, sender("10.0.0.9"), { category: "suggestion", content: "另一个地址的建议内容" });
    clock += 541_000;
    expect(await submit(sut, client, { category: "suggestion", content: "第四条不同的建议内容" })).toHaveProperty(
      "trackingCode",
    );
  });
});

describe("the rate limit (lib/rate-limit.ts over feedback's hits)", () => {
  const rate = { limit: 2, windowSeconds: 10 };
  const hit = (key: string, at: number) =>
    db.em().transactional(async (tx) => {
      await lockClient(tx, "feedback", key);
      return takeHit(tx, RateHit, key, rate, new Date(at));
    });

  it("takes hits up to the limit, then answers the seconds until the oldest leaves the window", async () => {
    const t = Date.now();
    expect(await hit("rl-a", t)).toBeNull();
    expect(await hit("rl-a", t + 4_000)).toBeNull();
    expect(await hit("rl-a", t + 4_500)).toBe(6);
    expect(await hit("rl-a", t + 9_999)).toBe(1);
    // A refused attempt is not a hit: the oldest hit leaving frees one place.
    expect(await hit("rl-a", t + 10_000)).toBeNull();
    expect(await hit("rl-a", t + 10_001)).toBe(4);
    expect(await db.em().count(RateHit, { clientKey: "rl-a" })).toBe(3);
    expect(await hit("rl-b", t + 10_001)).toBeNull();
  });
});

describe("handling feedback", () => {
  it("accepts, replies publicly and closes, each step on the trail; the reply reaches the feed, masked", async () => {
    const { trackingCode } = await submit(sut, sender("10.1.0.1"), {
      category: "complaint",
      targetType: "body",
      targetId: bodyId,
      content: "窗口人员张三态度不好，我的手机13912345678",
      contact: "13912345678",
    });
    const { id } = await db.em().findOneOrFail(Feedback, { trackingCode });
    calls.length = 0;
    expect(await accept(sut, officer, { id, note: "已受理" })).toMatchObject({ status: "accepted" });
    const replied = await replyTo(sut, officer, { id, reply: "已核实，13912345678 来电已回复", public: true });
    expect(replied).toMatchObject({ status: "replied", replyPublic: true, overdue: false });
    expect(calls.map((c) => c.name)).toEqual(["results.workingDaysBetween", "feed.catchUp"]);
    const closed = await close(sut, officer, { id });
    expect(closed.trail.map((s) => [s.action, s.actor])).toEqual([
      ["received", "公众"],
      ["accepted", "alice"],
      ["replied-public", "alice"],
      ["closed", "alice"],
    ]);
    expect((await db.em().findOneOrFail(Feedback, { id })).replyWorkingDays).toBe(3);

    const tracked = await track(sut, { trackingCode });
    expect(tracked).toMatchObject({ status: "closed", replyPublic: true });
    expect(tracked.reply).not.toContain("13912345678");

    const events = await eventsSince(sut, { after: "0", limit: 100 });
    const event = events.find((e) => e.id === id);
    expect(event?.view).toMatchObject({ id, bodyId, category: "complaint" });
    expect(event?.view?.reply).not.toContain("13912345678");
  });

  it("refuses steps out of order or on another body's item, writing nothing", async () => {
    const { trackingCode } = await submit(sut, sender("10.1.0.2"), {
      category: "inquiry",
      targetType: "body",
      targetId: bodyId,
      content: "许可证办理需要多久",
    });
    const { id } = await db.em().findOneOrFail(Feedback, { trackingCode });
    await markSpam(sut, officer, { id });
    const before = await counts();
    calls.length = 0;
    await expect(accept(sut, officer, { id })).rejects.toMatchObject({ code: 409, type: "ILLEGAL_TRANSITION" });
    await expect(close(sut, officer, { id })).rejects.toMatchObject({ code: 409, type: "ILLEGAL_TRANSITION" });
    await expect(markSpam(sut, officer, { id })).rejects.toMatchObject({ code: 409 });
    await expect(replyTo(sut, officer, { id, reply: "答复", public: false })).rejects.toMatchObject({ code: 409 });
    await expect(get(sut, stranger, { id })).rejects.toMatchObject({ code: 404 });
    await expect(accept(sut, stranger, { id })).rejects.toMatchObject({ code: 404 });
    await expect(
      resolveNotice(sut, officer, { id, action: "withdraw", reason: "有误", reply: "已撤回", public: true }),
    ).rejects.toMatchObject({ code: 409, type: "NOT_A_CORRECTION" });
    expect(await counts()).toEqual(before);
    expect(calls).toEqual([]);
  });

  it("resolves a correction request by withdrawing the notice's result and replying", async () => {
    const { trackingCode } = await submit(sut, sender("10.1.0.3"), {
      category: "correction",
      targetType: "notice",
      targetId: noticeId,
      content: "处罚决定书的金额写错了",
    });
    const { id } = await db.em().findOneOrFail(Feedback, { trackingCode });
    calls.length = 0;
    const resolved = await resolveNotice(sut, officer, {
      id,
      action: "withdraw",
      reason: "金额有误",
      reply: "已撤回该公示",
      public: false,
    });
    expect(resolved.result).toEqual({ id: resultId, status: "withdrawn" });
    expect(resolved.feedback).toMatchObject({ status: "replied", replyPublic: false, reply: "已撤回该公示" });
    expect(calls[0]).toEqual({ name: "results.withdraw", params: { id: resultId, reason: "金额有误" } });
  });

  it("lists the body's own items, and counts the body's record once it is large enough", async () => {
    const own = await list(sut, officer, {});
    expect(own.items.length).toBeGreaterThanOrEqual(4);
    expect(own.items.every((f) => f.bodyId === bodyId)).toBe(true);
    expect(own.items[0]).not.toHaveProperty("trail");
    expect((await list(sut, officer, { status: "spam" })).items).toHaveLength(1);
    expect((await list(sut, stranger, {})).items).toEqual([]);
    await expect(list(sut, officer, { cursor: "not-ours" })).rejects.toMatchObject({ code: 422 });

    const record = await stats(sut, { bodyId });
    expect(record).toMatchObject({ bodyId, enough: true, minimum: 2, overdue: 0, medianWorkingDays: 3 });
    expect(await stats(sut, { bodyId: newId() })).toEqual({ bodyId: expect.any(String), enough: false, minimum: 2 });
  });
});

describe("a field correction on a notice (更正请求 with a proposal)", () => {
  // The package ships CommonJS: at run time the default import is the class itself.
  const Validator = FastestValidator as unknown as typeof FastestValidator.default;
  const check = new Validator({ useNewCustomCheckerFunction: true }).compile(
    strictParams(submitParams(2000)) as ValidationSchema,
  ) as SyncCheckFunction;

  it("keeps the field, the proposed value and the evidence for staff only; the public views leave them out", async () => {
    const { trackingCode } = await submit(sut, sender("10.2.0.1"), {
      category: "correction",
      targetType: "notice",
      targetId: noticeId,
      content: "公示的决定文书号与我收到的决定书不一致",
      correction: {
        field: "decisionNo",
        proposed: "某市监罚〔2026〕18号",
        evidence: "决定书原件第一页",
        evidenceUrl: "https://example.org/scan.pdf",
      },
    });
    const f = await db.em().findOneOrFail(Feedback, { trackingCode });
    const view = await get(sut, officer, { id: f.id });
    expect(view.correction).toEqual({
      field: "decisionNo",
      label: "决定文书号",
      proposed: "某市监罚〔2026〕18号",
      evidence: "决定书原件第一页",
      evidenceUrl: "https://example.org/scan.pdf",
    });
    expect(JSON.stringify(await track(sut, { trackingCode }))).not.toContain("18号");

    await replyTo(sut, officer, { id: f.id, reply: "经核实，已更正。", public: true });
    const events = await eventsSince(sut, { after: "0", limit: 100 });
    const published = events.filter((e) => e.id === f.id).at(-1);
    expect(published?.view).not.toBeNull();
    expect(JSON.stringify(published)).not.toContain("18号");
    expect(JSON.stringify(published)).not.toContain("example.org");
  });

  it("keeps a proposed 决定日期 as a calendar date, however it was written", async () => {
    const { trackingCode } = await submit(sut, sender("10.2.0.2"), {
      category: "correction",
      targetType: "notice",
      targetId: noticeId,
      content: "决定日期写错了，应为四月一日",
      correction: { field: "decidedOn", proposed: "2026年4月1日" },
    });
    const f = await db.em().findOneOrFail(Feedback, { trackingCode });
    expect(f).toMatchObject({
      correctionField: "decidedOn",
      correctionProposed: "2026-04-01",
      correctionEvidence: null,
    });
  });

  it("is applied by the officer through resolveNotice with the proposed value", async () => {
    const { trackingCode } = await submit(sut, sender("10.2.0.3"), {
      category: "correction",
      targetType: "notice",
      targetId: noticeId,
      content: "当事人名称少了一个字",
      correction: { field: "partyName", proposed: "某某商贸有限公司" },
    });
    const f = await db.em().findOneOrFail(Feedback, { trackingCode });
    const done = await resolveNotice(sut, officer, {
      id: f.id,
      action: "correct",
      reason: "经核实，执法对象有误，予以更正。",
      changes: { partyName: "某某商贸有限公司" },
      reply: "已更正。",
      public: false,
    });
    expect(done.result).toMatchObject({ id: resultId, partyName: "某某商贸有限公司" });
    expect(done.feedback).toMatchObject({ status: "replied", correction: { field: "partyName" } });
  });

  it("refuses, writing nothing: a proposal on another category or target, a proposed date that is none", async () => {
    const before = await counts();
    const proposal = { field: "decisionNo" as const, proposed: "某市监罚〔2026〕19号" };
    await expect(
      submit(sut, sender("10.2.0.4"), {
        category: "complaint",
        targetType: "notice",
        targetId: noticeId,
        content: "文书号不对，还态度恶劣",
        correction: proposal,
      }),
    ).rejects.toMatchObject({ code: 422, data: [{ field: "correction", type: "CORRECTION_NOT_FOR_NOTICE" }] });
    await expect(
      submit(sut, sender("10.2.0.4"), {
        category: "correction",
        targetType: "body",
        targetId: bodyId,
        content: "机关名称写错了",
        correction: proposal,
      }),
    ).rejects.toMatchObject({ code: 422, data: [{ field: "correction", type: "CORRECTION_NOT_FOR_NOTICE" }] });
    await expect(
      submit(sut, sender("10.2.0.4"), {
        category: "correction",
        content: "某个公示写错了",
        correction: proposal,
      }),
    ).rejects.toMatchObject({ code: 422, data: [{ type: "CORRECTION_NOT_FOR_NOTICE" }] });
    await expect(
      submit(sut, sender("10.2.0.4"), {
        category: "correction",
        targetType: "notice",
        targetId: noticeId,
        content: "决定日期写错了",
        correction: { field: "decidedOn", proposed: "2026-02-30" },
      }),
    ).rejects.toMatchObject({ code: 422, data: [{ field: "correction.proposed", type: "PROPOSED_NOT_A_DATE" }] });
    expect(await counts()).toEqual(before);
  });

  it("validates the proposal: a field from the fixed list, a bounded proposed value, an http(s) link", () => {
    const base = { category: "correction", targetType: "notice", targetId: noticeId, content: "文书号写错了" };
    const fieldsOf = (correction: unknown) => {
      const r = check({ ...base, correction });
      return r === true ? [] : (r as { field: string; type: string }[]).map((e) => `${e.field}:${e.type}`);
    };
    expect(
      fieldsOf({ field: "decisionNo", proposed: "某市监罚〔2026〕18号", evidenceUrl: "https://a.example/x" }),
    ).toEqual([]);
    expect(fieldsOf({ field: "contact", proposed: "x" })).toEqual(["correction.field:enumValue"]);
    expect(fieldsOf({ field: "facts", proposed: "   " })).toContain("correction.proposed:stringEmpty");
    expect(fieldsOf({ field: "facts", proposed: "长".repeat(5001) })).toEqual(["correction.proposed:stringMax"]);
    expect(fieldsOf({ field: "facts", proposed: "x", evidenceUrl: "javascript:alert(1)" })).toEqual([
      "correction.evidenceUrl:stringPattern",
    ]);
  });
});
