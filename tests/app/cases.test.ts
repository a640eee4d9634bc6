/**
 * The cases use cases against a real `cases` schema, without a broker: the duties service is a
 * small in-test Caller. A refused step must leave the case, its trail and its reviews as they were.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "../../lib/auth.js";
import type { Caller } from "../../lib/contract.js";
import { createCase } from "../../services/cases/app/create-case.js";
import { forDecision, getCase, listCases } from "../../services/cases/app/queries.js";
import type { CasesDeps } from "../../services/cases/app/records.js";
import { addNote, recordDecision, review, transition } from "../../services/cases/app/workflow.js";
import type { CreateCaseParams } from "../../services/cases/contract.js";
import { DATABASE } from "../../services/cases/database.js";
import { Case, CaseStep, Review } from "../../services/cases/entities.js";
import { newId } from "../../shared/ids.js";
import { creditCode } from "../support/fixtures.js";
import { openTestOrm, type TestOrm } from "../support/orm.js";

const bodyId = newId();
const otherBodyId = newId();
const powerId = newId();
const [alice, bob, retired] = [newId(), newId(), newId()];

const officer: SessionUser = { id: newId(), username: "alice", role: "officer", bodyId, officerId: alice };
const reviewer: SessionUser = { id: newId(), username: "rita", role: "reviewer", bodyId, officerId: null };
const stranger: SessionUser = { id: newId(), username: "otto", role: "officer", bodyId: otherBodyId, officerId: null };

/** duties.caseContext as the duties service answers it for this body. */
const duties: Caller = {
  async call(name, params) {
    if (name !== "duties.caseContext") throw new Error(`unexpected call ${name}`);
    const p = params as { bodyId: string; powerId: string };
    return {
      body: p.bodyId === bodyId ? { id: bodyId, name: "某市市场监督管理局" } : null,
      power:
        p.powerId === powerId
          ? { id: powerId, bodyId, code: "330217001000", name: "对无照经营的处罚", category: "行政处罚" }
          : null,
      officers: [
        { id: alice, bodyId, name: "Alice", status: "active" },
        { id: bob, bodyId, name: "Bob", status: "active" },
        { id: retired, bodyId, name: "Rex", status: "retired" },
      ],
    };
  },
};

const filing: CreateCaseParams = {
  bodyId,
  powerId,
  title: "某商店无照经营案",
  officerIds: [alice, bob],
  facts: "经查，当事人未取得营业执照从事经营活动。",
  party: { type: "legal", name: "某商店", creditCode: creditCode() },
};

let db: TestOrm;
let sut: CasesDeps;

async function counts() {
  const em = db.em();
  return { cases: await em.count(Case), steps: await em.count(CaseStep), reviews: await em.count(Review) };
}

beforeAll(async () => {
  db = await openTestOrm(DATABASE);
  sut = { em: () => db.em(), now: () => new Date(), caller: duties };
});

afterAll(async () => {
  await db?.close();
});

describe("filing a case", () => {
  it("files the case with the power from duties and the first step of its trail", async () => {
    const view = await createCase(sut, officer, { ...filing, party: { type: "natural", name: "张三" }, note: "立案" });
    expect(view).toMatchObject({
      bodyId,
      powerCode: "330217001000",
      category: "行政处罚",
      status: "registered",
      major: false,
      createdBy: officer.id,
      trail: [{ seq: 1, kind: "registered", from: null, to: "registered", note: "立案" }],
      reviews: [],
    });
    expect(await getCase(sut, officer, { id: view.id })).toEqual(view);
  });

  it("refuses, writing nothing: another body, a wrong power, a retired officer, one officer for a penalty, a legal person as a minor", async () => {
    const before = await counts();
    const natural = { type: "natural" as const, name: "张三" };
    await expect(createCase(sut, stranger, { ...filing, party: natural })).rejects.toMatchObject({
      code: 403,
      type: "OTHER_BODY",
    });
    await expect(createCase(sut, officer, { ...filing, party: natural, powerId: newId() })).rejects.toMatchObject({
      code: 422,
      data: [{ field: "powerId" }],
    });
    await expect(
      createCase(sut, officer, { ...filing, party: natural, officerIds: [alice, retired] }),
    ).rejects.toMatchObject({ code: 422, data: [{ field: "officerIds[1]" }] });
    await expect(createCase(sut, officer, { ...filing, party: natural, officerIds: [alice] })).rejects.toMatchObject({
      type: "TOO_FEW_OFFICERS",
    });
    await expect(
      createCase(sut, officer, { ...filing, party: { ...filing.party, minor: true } }),
    ).rejects.toMatchObject({ code: 422, data: [{ field: "party.minor" }] });
    expect(await counts()).toEqual(before);
  });
});

describe("the case workflow", () => {
  it("moves registered → investigating → notified → review, reviews, and records the decision", async () => {
    const c = await createCase(sut, officer, { ...filing, party: { type: "natural", name: "李四" }, major: true });
    for (const to of ["investigating", "notified", "review"] as const) {
      expect((await transition(sut, officer, { id: c.id, to })).status).toBe(to);
    }
    const noted = await addNote(sut, reviewer, { id: c.id, note: "补充材料", documents: [{ name: "询问笔录" }] });
    expect(noted.trail.at(-1)).toMatchObject({ kind: "note", from: "review", to: "review", note: "补充材料" });

    // A major case before its review is approved: the decision is refused.
    await expect(
      recordDecision(sut, officer, {
        id: c.id,
        resultId: newId(),
        decisionNo: "罚〔2026〕1号",
        fineRequiresReview: false,
      }),
    ).rejects.toMatchObject({ code: 409, type: "REVIEW_NOT_APPROVED" });

    const reviewed = await review(sut, reviewer, { id: c.id, approve: true, opinion: "事实清楚" });
    expect(reviewed.reviews).toMatchObject([{ reviewer: { id: reviewer.id, name: "rita" }, approve: true }]);
    expect(reviewed.trail.at(-1)).toMatchObject({ kind: "review", note: "审核通过: 事实清楚" });

    const snapshot = await forDecision(sut, officer, { id: c.id });
    expect(snapshot).toMatchObject({ id: c.id, status: "review", major: true, latestReview: { approve: true } });

    const resultId = newId();
    const decided = await recordDecision(sut, officer, {
      id: c.id,
      resultId,
      decisionNo: "罚〔2026〕1号",
      fineRequiresReview: false,
    });
    expect(decided).toEqual({ id: c.id, status: "decided" });
    const after = await getCase(sut, officer, { id: c.id });
    expect(after).toMatchObject({ status: "decided", resultId });
    expect(after.trail.map((s) => s.kind)).toEqual([
      "registered",
      "transition",
      "transition",
      "transition",
      "note",
      "review",
      "decision",
    ]);
    expect(after.trail.at(-1)).toMatchObject({
      from: "review",
      to: "decided",
      documents: [{ name: "决定书", number: "罚〔2026〕1号" }],
    });
  });

  it("refuses illegal steps, writing nothing", async () => {
    const c = await createCase(sut, officer, { ...filing, party: { type: "natural", name: "王五" } });
    const before = await counts();
    await expect(transition(sut, officer, { id: c.id, to: "closed" })).rejects.toMatchObject({
      code: 409,
      type: "ILLEGAL_TRANSITION",
    });
    await expect(transition(sut, officer, { id: c.id, to: "terminated" })).rejects.toMatchObject({
      code: 422,
      data: [{ field: "note" }],
    });
    await expect(transition(sut, reviewer, { id: c.id, to: "investigating" })).rejects.toMatchObject({
      type: "ROLE_REQUIRED",
    });
    await expect(review(sut, reviewer, { id: c.id, approve: true, opinion: "同意" })).rejects.toMatchObject({
      type: "NOT_IN_REVIEW",
    });
    // The case's own officer may not review it.
    await expect(review(sut, officer, { id: c.id, approve: true, opinion: "同意" })).rejects.toMatchObject({
      type: "OWN_CASE",
    });
    await expect(
      recordDecision(sut, officer, {
        id: c.id,
        resultId: newId(),
        decisionNo: "罚〔2026〕2号",
        fineRequiresReview: false,
      }),
    ).rejects.toMatchObject({ type: "ILLEGAL_TRANSITION" });
    // Another body's case does not exist for the caller.
    await expect(getCase(sut, stranger, { id: c.id })).rejects.toMatchObject({ code: 404 });
    await expect(addNote(sut, stranger, { id: c.id, note: "看看" })).rejects.toMatchObject({ code: 404 });
    expect(await counts()).toEqual(before);
  });

  it("returns a case to investigation only after a rejecting review", async () => {
    const c = await createCase(sut, officer, { ...filing, party: { type: "natural", name: "赵六" } });
    for (const to of ["investigating", "notified", "review"] as const) await transition(sut, officer, { id: c.id, to });
    await expect(transition(sut, officer, { id: c.id, to: "investigating" })).rejects.toMatchObject({
      type: "REVIEW_PENDING",
    });
    await review(sut, reviewer, { id: c.id, approve: false, opinion: "证据不足" });
    expect((await transition(sut, officer, { id: c.id, to: "investigating" })).status).toBe("investigating");
  });
});

describe("listing cases", () => {
  it("lists the caller's body's cases, newest first, by status, in pages", async () => {
    const all = await listCases(sut, officer, {});
    expect(all.items.length).toBeGreaterThanOrEqual(4);
    expect(all.items.every((c) => c.bodyId === bodyId)).toBe(true);
    expect(all.items.map((c) => c.id)).toEqual([...all.items.map((c) => c.id)].sort().reverse());
    expect((await listCases(sut, officer, { status: "decided" })).items).toHaveLength(1);
    expect((await listCases(sut, stranger, {})).items).toEqual([]);

    const first = await listCases(sut, officer, { limit: 2 });
    expect(first.items).toHaveLength(2);
    const second = await listCases(sut, officer, { limit: 2, cursor: first.nextCursor as string });
    expect(second.items[0]?.id).toBe(all.items[2]?.id);
    await expect(listCases(sut, officer, { cursor: "not-ours" })).rejects.toMatchObject({ code: 422 });
  });
});
