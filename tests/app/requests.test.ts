/**
 * The requests use cases (依申请公开) against a real `requests` schema, without a broker: the duties
 * service is a small in-test Caller, the calendar the official one, the clock a date the test
 * sets. Every refused step must write nothing.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { SessionUser } from "../../lib/auth.js";
import type { Caller } from "../../lib/contract.js";
import { RateLimitedError } from "../../lib/rate-limit.js";
import { createStorage } from "../../lib/storage.js";
import { WorkingCalendar } from "../../shared/calendar.js";
import { newId } from "../../shared/ids.js";
import { residentIdCheckChar } from "../../shared/redaction.js";
import type { RequestDetail, SubmitParams } from "../../services/requests/contract.js";
import { DATABASE } from "../../services/requests/database.js";
import { InfoRequest, RateHit, RequestOutbox, RequestStep } from "../../services/requests/entities.js";
import { manyAskedWithinAYear } from "../../services/requests/app/disclosure.js";
import { auditLog, openIdentity } from "../../services/requests/app/identity.js";
import { lapseDue } from "../../services/requests/app/lapse.js";
import { eventsSince, feeQuote, stats, track } from "../../services/requests/app/public.js";
import { get, list } from "../../services/requests/app/queue.js";
import type { RequestsDeps } from "../../services/requests/app/records.js";
import { addRemedy, remedyOutcome } from "../../services/requests/app/remedies.js";
import {
  answer,
  confirm,
  correctionReceived,
  extend,
  feeNotice,
  feePaid,
  pause,
  requestCorrection,
  resume,
  sendCorrection,
} from "../../services/requests/app/steps.js";
import { register, submit, type Sender } from "../../services/requests/app/submit.js";
import { clientKeyOf } from "../../lib/rate-limit.js";
import { creditCode } from "../support/fixtures.js";
import { openTestOrm, type TestOrm } from "../support/orm.js";

const bodyId = newId();
const otherBodyId = newId();
const officer: SessionUser = { id: newId(), username: "wang", role: "officer", bodyId, officerId: null };
const stranger: SessionUser = { id: newId(), username: "li", role: "officer", bodyId: otherBodyId, officerId: null };
const admin: SessionUser = { id: newId(), username: "admin", role: "admin", bodyId: null, officerId: null };

const ID_NUMBER = (() => {
  const first17 = "33010219800101123";
  return first17 + residentIdCheckChar(first17);
})();
const PHONE = "13900001111";
const EMAIL = "applicant-zhang@example.cn";
const ADDRESS = "杭州市西湖区某路8号2幢301室";

const peers: Caller = {
  async call(name, params) {
    const p = params as { id: string };
    if (name !== "duties.getBody") throw new Error(`unexpected call ${name}`);
    if (p.id === bodyId) return { id: bodyId, name: "某市人民政府办公室" };
    if (p.id === otherBodyId) return { id: otherBodyId, name: "某区人民政府办公室" };
    throw Object.assign(new Error("Body not found"), { code: 404 });
  },
};

const calendar = WorkingCalendar.official();
let db: TestOrm;
/** Today in China is the date of this instant (02:00 UTC is 10:00 in China). */
let clock: Date;
let sut: RequestsDeps;

const on = (date: string) => {
  clock = new Date(`${date}T02:00:00Z`);
};

let clientSeq = 0;
function sender(idempotencyKey: string | null = null): Sender {
  clientSeq += 1;
  return { clientKey: clientKeyOf("test", `10.9.0.${clientSeq}`), idempotencyKey };
}

function person(description = "请公开2026年本市城市更新项目的立项批复文件（文号不详）。"): SubmitParams {
  return {
    bodyId,
    applicant: { kind: "natural_person", name: "张三丰", idType: "resident_id", idNumber: ID_NUMBER },
    contact: { phone: PHONE, email: EMAIL, address: ADDRESS },
    description,
    form: "email",
    delivery: "email",
  };
}

async function counts() {
  const em = db.em();
  return {
    requests: await em.count(InfoRequest),
    steps: await em.count(RequestStep),
    outbox: await em.count(RequestOutbox),
  };
}

/** The refusal a call meets, as { code, type, field }. */
async function refusal(run: () => Promise<unknown>) {
  try {
    await run();
  } catch (err) {
    const e = err as { code: number; type: string; data?: unknown };
    const first = Array.isArray(e.data) ? (e.data[0] as { field?: string; type?: string }) : undefined;
    return { code: e.code, type: first?.type ?? e.type, field: first?.field };
  }
  throw new Error("expected a refusal");
}

async function idOf(trackingCode: string): Promise<string> {
  return (await db.em().findOneOrFail(InfoRequest, { trackingCode })).id;
}

beforeAll(async () => {
  db = await openTestOrm(DATABASE);
  sut = {
    em: () => db.em(),
    now: () => clock,
    caller: peers,
    calendar: async () => calendar,
    config: { rate: { limit: 3, windowSeconds: 600 }, dedupeHours: 24, statsMinimum: 2 },
    // No attachments here (tests/app/requests-attachments.test.ts): a storage nobody answers.
    storage: createStorage({
      endpoint: "http://127.0.0.1:9",
      accessKey: "x",
      secretKey: "x",
      bucket: "none",
      region: "us-east-1",
    }),
    // The answer letter needs the notices service, which this test has not: it waits, as it would.
    log: { warn() {} },
  };
});

beforeEach(() => on("2026-09-01"));

afterAll(async () => {
  await db?.close();
});

describe("an online request", () => {
  it("waits as submitted with a tracking code; the tracking view holds no identity", async () => {
    const reply = await submit(sut, sender(), person());
    expect(reply).toEqual({ trackingCode: expect.stringMatching(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/) });
    const tracked = await track(sut, { trackingCode: reply.trackingCode.toLowerCase() });
    expect(tracked).toMatchObject({
      status: "submitted",
      submittedOn: "2026-09-01",
      receivedOn: null,
      dueBy: null,
      bodyName: "某市人民政府办公室",
      steps: [{ kind: "submitted", on: "2026-09-01" }],
    });
    const text = JSON.stringify(tracked);
    for (const secret of ["张三丰", ID_NUMBER, PHONE, EMAIL, ADDRESS]) expect(text).not.toContain(secret);
    await expect(track(sut, { trackingCode: "AAAA-BBBB-CCCC" })).rejects.toMatchObject({ code: 404 });

    const r = await db.em().findOneOrFail(InfoRequest, { trackingCode: reply.trackingCode });
    expect(r).toMatchObject({ channel: "online", state: "submitted", applicantKind: "natural_person" });
    expect(r.applicant).toMatchObject({ name: "张三丰", idNumber: ID_NUMBER, contact: { phone: PHONE } });
  });

  it("answers the same request again, and a retry with the same Idempotency-Key, with the first code", async () => {
    const client = sender("key-1");
    const first = await submit(sut, client, person("请公开本单位2025年度部门决算。"));
    const before = await counts();
    expect(await submit(sut, sender(), person("请公开 本单位2025年度 部门决算。\u200b"))).toEqual({
      ...first,
      duplicate: true,
    });
    expect(await submit(sut, client, person("另一个请求的内容，同一次提交"))).toEqual({ ...first, duplicate: true });
    expect(await counts()).toEqual(before);
  });

  it("limits submissions per client", async () => {
    const client = sender();
    for (let i = 0; i < 3; i++) await submit(sut, client, person(`第${i}个不同的申请内容：某文件`));
    const before = await counts();
    await expect(submit(sut, client, person("第四个申请"))).rejects.toBeInstanceOf(RateLimitedError);
    expect(await counts()).toEqual(before);
    expect(await db.em().count(RateHit, { clientKey: client.clientKey })).toBe(3);
  });

  it("refuses a bad identity, no contact or an unknown body (422) and writes nothing", async () => {
    const before = await counts();
    const bad = person();
    bad.applicant.idNumber = ID_NUMBER.slice(0, 17) + (ID_NUMBER.endsWith("1") ? "2" : "1");
    expect(await refusal(() => submit(sut, sender(), bad))).toEqual({
      code: 422,
      type: "INVALID_RESIDENT_ID",
      field: "applicant.idNumber",
    });
    expect(await refusal(() => submit(sut, sender(), { ...person(), contact: {} }))).toMatchObject({
      type: "CONTACT_REQUIRED",
      field: "contact",
    });
    const org = {
      ...person(),
      applicant: { kind: "business" as const, name: "某科技有限公司", creditCode: "91330000MA27XXXX0X" },
    };
    expect(await refusal(() => submit(sut, sender(), org))).toMatchObject({ field: "applicant.creditCode" });
    expect(await refusal(() => submit(sut, sender(), { ...person(), bodyId: newId() }))).toMatchObject({
      code: 422,
      type: "UNKNOWN_BODY",
      field: "bodyId",
    });
    expect((await counts()).requests).toBe(before.requests);
  });
});

describe("the whole flow: confirm, 补正, pause, extension, answer", () => {
  it("keeps every date by the clock and every step on the trail", async () => {
    const { trackingCode } = await submit(sut, sender(), person("请公开某片区控制性详细规划调整的批复。"));
    const id = await idOf(trackingCode);
    await expect(get(sut, stranger, { id })).rejects.toMatchObject({ code: 404 });

    on("2026-09-02");
    let r: RequestDetail = await confirm(sut, officer, { id });
    expect(r).toMatchObject({ status: "received", receivedOn: "2026-09-02", dueBy: "2026-09-30", workingDaysLeft: 20 });
    expect(r.correction).toMatchObject({ allowedUntil: "2026-09-11", allowed: true });

    on("2026-09-03");
    r = await requestCorrection(sut, officer, { id, what: "请写明文件的大致形成时间", dueOn: "2026-09-15" });
    expect(r).toMatchObject({ status: "correction_requested", dueBy: null, countsFrom: null });
    const awaiting = await track(sut, { trackingCode });
    expect(awaiting.correction).toEqual({
      requestedOn: "2026-09-03",
      dueOn: "2026-09-15",
      what: "请写明文件的大致形成时间",
      receivedOn: null,
    });

    on("2026-09-10");
    const sent = await sendCorrection(sut, { trackingCode, text: `大约2025年下半年形成，我的电话${PHONE}` });
    expect(sent).toMatchObject({ status: "received", dueBy: calendar.workingDaysAfter("2026-09-10", 20).date });

    on("2026-09-14");
    r = await pause(sut, officer, { id, type: "third_party", note: "征求某开发公司意见" });
    expect(r.pause).toEqual({ type: "third_party", since: "2026-09-14", dueOn: "2026-10-10" });
    on("2026-09-18");
    r = await resume(sut, officer, { id });
    expect(r).toMatchObject({ status: "received", pausedDays: 4 });

    on("2026-09-21");
    r = await extend(sut, officer, { id, days: 20, approvedBy: "办公室主任", reason: "需要协调多个部门" });
    expect(r).toMatchObject({
      status: "extended",
      countsFrom: "2026-09-10",
      dueBy: "2026-11-17",
      pausedDays: 4,
      extendedDays: 20,
      dueByProvisional: false,
    });

    on("2026-09-30");
    r = await answer(sut, officer, {
      id,
      type: "partly_disclosed",
      text: "经审查，现将批复文件提供给您，其中涉及第三方商业秘密的内容不予公开。",
      items: [
        { title: "关于某片区控规调整的批复", result: { mark: "provided", where: "ignored" } as never },
        {
          title: "某开发公司报送的测算材料",
          result: { mark: "partly_provided", withheld: "成本测算表", ground: "refused_third_party_rights" },
        },
      ],
    });
    expect(r).toMatchObject({
      status: "answered",
      outcome: { type: "partly_disclosed", label: "部分公开", row: "三(二)", on: "2026-09-30", late: false },
      workingDaysUsed: 10,
      allowedSteps: ["archived"],
    });
    expect(r.answer?.items[0]).toEqual({ title: "关于某片区控规调整的批复", result: { mark: "provided" } });
    expect(r.trail.map((s) => [s.kind, s.actor, s.on])).toEqual([
      ["submitted", "申请人", "2026-09-01"],
      ["received", "wang", "2026-09-02"],
      ["correction_requested", "wang", "2026-09-03"],
      ["correction_received", "申请人", "2026-09-10"],
      ["paused", "wang", "2026-09-14"],
      ["resumed", "wang", "2026-09-18"],
      ["extended", "wang", "2026-09-21"],
      ["answered", "wang", "2026-09-30"],
    ]);
    // Masked in the detail; whole only when opened with a reason, which the audit log keeps.
    expect(JSON.stringify(r.applicant)).not.toContain("张三丰");
    expect(r.identityOpened).toBe(false);
    const opened = await openIdentity(sut, officer, { id: r.id, reason: "核实申请人身份" });
    expect(opened.applicant).toMatchObject({ name: "张三丰", idNumber: ID_NUMBER, contact: { email: EMAIL } });
    const audit = await auditLog(sut, { recordId: r.id });
    expect(audit.items[0]).toMatchObject({ action: "identity.view", reason: "核实申请人身份", actorId: officer.id });
    expect(audit.items.map((e) => e.action)).toEqual(
      expect.arrayContaining(["request.submitted", "request.received", "request.answered"]),
    );
    await expect(openIdentity(sut, stranger, { id: r.id, reason: "好奇" })).rejects.toMatchObject({ code: 404 });
    expect((await auditLog(sut, { recordId: r.id, action: "identity.view" })).items).toHaveLength(1);
    expect(r.correction).toMatchObject({ text: expect.stringContaining(PHONE) });

    const tracked = await track(sut, { trackingCode });
    expect(tracked).toMatchObject({ status: "answered", extendedDays: 20, pausedDays: 4 });
    expect(tracked.steps.map((s) => s.kind)).toContain("extended");
    const text = JSON.stringify(tracked);
    for (const secret of ["wang", "征求某开发公司意见", "办公室主任", PHONE]) expect(text).not.toContain(secret);
  });

  it("refuses steps the law forbids, with 409 or 422, and writes nothing", async () => {
    on("2026-09-01");
    const r = await register(sut, officer, {
      ...person("请公开某道路改造工程的验收报告。"),
      channel: "post",
      receivedOn: "2026-09-01",
    });
    const { id } = r;
    on("2026-09-14");
    const before = await counts();
    expect(await refusal(() => requestCorrection(sut, officer, { id, what: "补充", dueOn: "2026-09-30" }))).toEqual({
      code: 409,
      type: "CORRECTION_TOO_LATE",
      field: undefined,
    });
    expect(await refusal(() => extend(sut, officer, { id, days: 21, approvedBy: "主任", reason: "复杂" }))).toEqual({
      code: 422,
      type: "EXTENSION_TOO_LONG",
      field: "days",
    });
    expect(await refusal(() => confirm(sut, officer, { id }))).toMatchObject({ code: 409, type: "ILLEGAL_TRANSITION" });
    expect(
      await refusal(() => extend(sut, officer, { id, days: 5, approvedBy: "主任", reason: "复杂", on: "2026-09-15" })),
    ).toMatchObject({ code: 422, type: "DATE_IN_FUTURE", field: "on" });
    expect(
      await refusal(() =>
        answer(sut, officer, {
          id,
          type: "disclosed",
          text: "全部公开",
          items: [{ title: "验收报告", result: { mark: "not_held" } }],
        }),
      ),
    ).toMatchObject({ code: 422, type: "ITEMS_CONTRADICT_ANSWER", field: "items" });
    expect(await counts()).toEqual(before);
    await extend(sut, officer, { id, days: 10, approvedBy: "主任", reason: "复杂" });
    expect(
      await refusal(() => extend(sut, officer, { id, days: 5, approvedBy: "主任", reason: "复杂" })),
    ).toMatchObject({
      code: 409,
      type: "ALREADY_EXTENDED",
    });
    expect(
      await refusal(() => register(sut, stranger, { ...person(), channel: "post", receivedOn: "2026-09-01" })),
    ).toMatchObject({ code: 403, type: "OTHER_BODY" });
  });
});

describe("registration by an officer", () => {
  it("counts from the day of receipt by channel; a fax also records its day of sending", async () => {
    on("2026-09-09");
    const posted = await register(sut, officer, {
      ...person("请公开某垃圾焚烧厂环评批复。"),
      channel: "post",
      receivedOn: "2026-09-07",
      note: "EMS 签收",
    });
    expect(posted).toMatchObject({
      channel: "post",
      status: "received",
      receivedOn: "2026-09-07",
      dueBy: calendar.workingDaysAfter("2026-09-07", 20).date,
    });
    expect(posted.trail).toEqual([expect.objectContaining({ kind: "received", note: "EMS 签收", actor: "wang" })]);
    const faxed = await register(sut, officer, {
      ...person("请公开某区学校布局规划。"),
      channel: "fax",
      submittedOn: "2026-09-04",
      receivedOn: "2026-09-08",
    });
    expect(faxed).toMatchObject({ submittedOn: "2026-09-04", receivedOn: "2026-09-08" });
    expect(
      await refusal(() =>
        register(sut, officer, { ...person(), channel: "fax", submittedOn: "2026-09-09", receivedOn: "2026-09-08" }),
      ),
    ).toMatchObject({ code: 422, type: "CONFIRMED_BEFORE_SUBMISSION", field: "receivedOn" });
    expect(
      await refusal(() => register(sut, officer, { ...person(), channel: "in_person", receivedOn: "2026-09-10" })),
    ).toMatchObject({ code: 422, type: "DATE_IN_FUTURE", field: "receivedOn" });
  });
});

describe("fees (109号)", () => {
  it("charges per item with the applicant's earlier requests of the month; the payment wait pauses the clock", async () => {
    on("2026-10-12");
    const org = {
      ...person(),
      applicant: { kind: "research" as const, name: "某大学城市研究所", creditCode: creditCode() },
    };
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const r = await register(sut, officer, {
        ...org,
        description: `请公开第${i}项统计数据`,
        channel: "in_person",
        receivedOn: "2026-10-12",
      });
      ids.push(r.id);
    }
    const last = ids.at(-1) as string;
    const noticed = await feeNotice(sut, officer, { id: last, standard: "items", quantity: 1 });
    expect(noticed.fee).toMatchObject({ standard: "items", quantity: 1, previousItems: 11, yuan: 100 });
    expect(noticed).toMatchObject({
      status: "paused",
      pause: { type: "fee", since: "2026-10-12", dueOn: calendar.workingDaysAfter("2026-10-12", 20).date },
    });
    expect(await refusal(() => resume(sut, officer, { id: last }))).toMatchObject({ code: 409, type: "USE_FEE_PAID" });
    expect(
      await refusal(() => feeNotice(sut, officer, { id: ids[0] as string, standard: "pages", quantity: 30 })),
    ).toMatchObject({ code: 422, type: "NO_FEE_DUE", field: "quantity" });
    expect(await refusal(() => feePaid(sut, officer, { id: ids[0] as string }))).toMatchObject({
      code: 409,
      type: "NOT_AWAITING_FEE",
    });
    // Paused from the day of receipt, itself never counted: 13–16 October.
    on("2026-10-19");
    const paid = await feePaid(sut, officer, { id: last });
    expect(paid).toMatchObject({ status: "received", pausedDays: 4, fee: { paidOn: "2026-10-19" } });
    expect(paid.trail.map((s) => s.kind)).toEqual(["received", "fee_notice", "fee_paid"]);
    const pages = await feeNotice(sut, officer, { id: ids[1] as string, standard: "pages", quantity: 120 });
    expect(pages.fee).toMatchObject({ standard: "pages", yuan: 70 * 10 + 20 * 20 });
  });

  it("quotes the public fee by items or pages, one standard only", () => {
    expect(feeQuote({ items: 12 })).toMatchObject({ standard: "items", yuan: 200 });
    expect(feeQuote({ items: 1, previousItems: 30 })).toMatchObject({ yuan: 200 });
    expect(feeQuote({ pages: 31 })).toMatchObject({ standard: "pages", yuan: 10 });
    expect(() => feeQuote({ items: 1, pages: 1 })).toThrow(expect.objectContaining({ code: 422 }));
    expect(() => feeQuote({})).toThrow(expect.objectContaining({ code: 422 }));
  });
});

describe("lapse: the applicant's deadline passed", () => {
  it("closes a request awaiting its 补正 or its fee, dated the day after the deadline, by the timer or on reading", async () => {
    on("2026-11-02");
    const a = await register(sut, officer, { ...person("请公开甲文件"), channel: "letter", receivedOn: "2026-11-02" });
    await requestCorrection(sut, officer, { id: a.id, what: "请写明文号", dueOn: "2026-11-06" });
    const b = await register(sut, officer, { ...person("请公开乙文件"), channel: "post", receivedOn: "2026-11-02" });
    await feeNotice(sut, officer, { id: b.id, standard: "pages", quantity: 40, dueOn: "2026-11-06" });
    on("2026-11-06");
    expect(await lapseDue(sut, bodyId)).toBe(0);
    expect(await refusal(() => sendCorrection(sut, { trackingCode: "nope", text: "补正" }))).toMatchObject({
      code: 404,
    });

    on("2026-11-09");
    const before = await counts();
    expect(await refusal(() => correctionReceived(sut, officer, { id: a.id }))).toMatchObject({
      code: 409,
      type: "CORRECTION_OVERDUE",
    });
    expect(await counts()).toEqual(before);
    // Read: the 补正 lapsed; the timer: the fee.
    const read = await get(sut, officer, { id: a.id });
    expect(read).toMatchObject({
      status: "closed",
      outcome: { type: "other_correction_overdue", via: "lapse", on: "2026-11-07", label: "逾期不补正" },
    });
    expect(read.trail.at(-1)).toMatchObject({ kind: "lapsed", actor: "系统", on: "2026-11-07" });
    expect(await lapseDue(sut)).toBe(1);
    expect(await get(sut, officer, { id: b.id })).toMatchObject({
      status: "closed",
      outcome: { type: "other_fee_unpaid", on: "2026-11-07" },
    });
    expect(await lapseDue(sut)).toBe(0);
    expect(
      await refusal(() => sendCorrection(sut, { trackingCode: read.trackingCode, text: "文号是某某" })),
    ).toMatchObject({
      code: 409,
      type: "REQUEST_FINAL",
    });
  });
});

describe("remedies", () => {
  it("records a reconsideration, then its outcome, each on the trail", async () => {
    on("2026-11-20");
    const r = await register(sut, officer, {
      ...person("请公开丙文件"),
      channel: "in_person",
      receivedOn: "2026-11-20",
    });
    expect(
      await refusal(() =>
        addRemedy(sut, officer, { id: r.id, kind: "reconsideration", filedOn: "2026-11-20", outcome: "upheld" }),
      ),
    ).toMatchObject({ code: 422, type: "DECIDED_ON_REQUIRED", field: "decidedOn" });
    const filed = await addRemedy(sut, officer, {
      id: r.id,
      kind: "reconsideration",
      filedOn: "2026-11-20",
      outcome: "pending",
    });
    const remedyId = filed.remedies[0]?.id as string;
    expect(filed.remedies).toEqual([expect.objectContaining({ kind: "reconsideration", outcome: "pending" })]);
    const decided = await remedyOutcome(sut, officer, {
      id: r.id,
      remedyId,
      outcome: "corrected",
      decidedOn: "2026-11-20",
    });
    expect(decided.remedies[0]).toMatchObject({ outcome: "corrected", decidedOn: "2026-11-20" });
    expect(decided.trail.map((s) => s.kind)).toEqual(["received", "remedy", "remedy_outcome"]);
    await expect(remedyOutcome(sut, officer, { id: r.id, remedyId: newId(), outcome: "other" })).rejects.toMatchObject({
      code: 404,
    });
    await expect(
      addRemedy(sut, stranger, { id: r.id, kind: "lawsuit", filedOn: "2026-11-20", outcome: "pending" }),
    ).rejects.toMatchObject({ code: 404 });
  });
});

describe("the trail", () => {
  it("is append-only: the database refuses to change or delete a recorded step", async () => {
    const sql = db.em().getConnection();
    await expect(sql.execute(`update requests.steps set note = 'x'`)).rejects.toThrow(/append-only/);
    await expect(sql.execute(`delete from requests.steps`)).rejects.toThrow(/append-only/);
  });
});

describe("the queue, the statistics and the outbox", () => {
  it("lists the body's requests by due date, overdue first, pages through them, and masks the applicant", async () => {
    on("2026-12-01");
    const page = await list(sut, officer, { limit: 3 });
    expect(page.items.length).toBe(3);
    const all: { dueBy: string | null; applicant: string; bodyId: string }[] = [...page.items];
    let cursor = page.nextCursor;
    while (cursor) {
      const next = await list(sut, officer, { limit: 3, cursor });
      all.push(...next.items);
      cursor = next.nextCursor;
    }
    const dues = all.map((i) => i.dueBy);
    const dated = dues.filter((d) => d !== null) as string[];
    expect(dated).toEqual([...dated].sort());
    expect(dues.indexOf(null) === -1 || dues.slice(dues.indexOf(null)).every((d) => d === null)).toBe(true);
    expect(all.every((i) => i.bodyId === bodyId && !i.applicant.includes("张三丰"))).toBe(true);
    expect(all[0]).toMatchObject({ overdue: true, warnings: [expect.objectContaining({ type: "overdue" })] });
    expect((await list(sut, stranger, {})).items).toEqual([]);
    expect((await list(sut, admin, { status: "all", limit: 100 })).items.length).toBeGreaterThan(all.length);
    expect((await list(sut, officer, { overdue: true, limit: 100 })).items.every((i) => i.overdue)).toBe(true);
    await expect(list(sut, officer, { cursor: "bm9wZQ" })).rejects.toMatchObject({ code: 422 });
  });

  it("counts a body's year once enough requests were received; the outbox holds no identity", async () => {
    on("2026-12-01");
    expect(await stats(sut, { bodyId: otherBodyId, year: 2026 })).toEqual({
      bodyId: otherBodyId,
      year: 2026,
      enough: false,
      minimum: 2,
    });
    const s = await stats(sut, { bodyId, year: 2026 });
    if (!s.enough) throw new Error("expected statistics");
    expect(s.received).toBeGreaterThan(10);
    expect(s.byType).toHaveLength(21);
    expect(s.byType.find((t) => t.type === "partly_disclosed")?.count).toBe(1);
    expect(s.byType.find((t) => t.type === "other_correction_overdue")?.count).toBe(1);
    // The per-page fee of October went unpaid too: the queue's reading closed it.
    expect(s.byType.find((t) => t.type === "other_fee_unpaid")?.count).toBe(2);
    expect(s.answered).toBe(4);
    expect(s.medianWorkingDays).toBe(10);
    expect(s.overdue).toBeGreaterThan(0);

    const events = await eventsSince(sut, { after: "0", limit: 1000 });
    expect(events.length).toBeGreaterThan(10);
    const text = JSON.stringify(events);
    for (const secret of ["张三丰", ID_NUMBER, PHONE, EMAIL, "某大学城市研究所"]) expect(text).not.toContain(secret);
  });
});

describe("information several applicants asked for (Art. 44)", () => {
  const asked = (key: string, on: string) => ({
    applicantKey: key,
    receivedOn: on,
    createdAt: new Date(`${on}T02:00:00Z`),
  });
  it("counts three different applicants within twelve months, not one applicant three times", () => {
    expect(manyAskedWithinAYear([asked("a", "2025-01-10"), asked("b", "2025-06-01"), asked("c", "2026-01-09")])).toBe(
      true,
    );
    expect(manyAskedWithinAYear([asked("a", "2025-01-10"), asked("b", "2025-06-01"), asked("c", "2026-01-10")])).toBe(
      false,
    );
    expect(manyAskedWithinAYear([asked("a", "2025-01-10"), asked("a", "2025-02-01"), asked("a", "2025-03-01")])).toBe(
      false,
    );
    expect(
      manyAskedWithinAYear([
        asked("a", "2024-01-01"),
        asked("b", "2025-03-01"),
        asked("c", "2025-09-01"),
        asked("d", "2026-02-01"),
      ]),
    ).toBe(true);
  });
});
