/**
 * Requests for government information (依申请公开) end to end over NATS, the requests service in
 * another process than results (whose calendar it holds a copy of): submit → confirm → 补正 → the
 * applicant's corrected request (the clock restarts) → pause/resume → extend → answer; a request
 * registered by post, with its refusals; lapse on reading and by the service's own action; fees;
 * remedies; statistics; the tracking view without identity; a calendar change reaching the copy.
 */
import { createHash } from "node:crypto";
import type { ServiceBroker } from "moleculer";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WorkingCalendar, type YearCalendar } from "../../shared/calendar.js";
import { chinaToday } from "../../shared/dates.js";
import { residentIdCheckChar } from "../../shared/redaction.js";
import { requestClock, type RequestEvent } from "../../shared/requests.js";
import { call } from "../../lib/contract.js";
import { requests } from "../../services/requests/contract.js";
import { setUpOffice, type Office } from "../support/flow.js";
import { ADMIN_PASSWORD, joinBus, startPlatform, type Api, type Platform } from "../support/platform.js";

let platform: Platform;
let api: Api;
let office: Office;
let other: Office;
let bus: ServiceBroker | undefined;

const calendar = WorkingCalendar.official();
const ID_NUMBER = (() => {
  const first17 = "44030519850612341";
  return first17 + residentIdCheckChar(first17);
})();
const NAME = "欧阳明远";
const PHONE = "13612345678";
const EMAIL = "ouyang.applicant@example.cn";
const ADDRESS = "深圳市福田区某街道某花园5栋1203房";
const SECRETS = [NAME, ID_NUMBER, PHONE, EMAIL, ADDRESS];

let clientSeq = 0;
function freshClient() {
  clientSeq++;
  return { "x-forwarded-for": `203.0.113.${clientSeq}` };
}

function requestBody(description: string, bodyId = office.bodyId) {
  return {
    bodyId,
    applicant: { kind: "natural_person", name: NAME, idType: "resident_id", idNumber: ID_NUMBER },
    contact: { phone: PHONE, email: EMAIL, address: ADDRESS },
    description,
    form: "email",
    delivery: "online",
  };
}

async function register(description: string, channel: string, receivedOn: string) {
  const res = await api.post("/api/requests", { ...requestBody(description), channel, receivedOn }, office.officer);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; trackingCode: string; dueBy: string };
}

async function stepOf(id: string, step: string, body: Record<string, unknown> = {}, token = office.officer) {
  return api.post(`/api/requests/${id}/${step}`, body, token);
}

function expectNoIdentity(where: string, body: unknown) {
  const text = JSON.stringify(body);
  for (const secret of SECRETS) expect(text, `${where}: ${secret}`).not.toContain(secret);
}

beforeAll(async () => {
  platform = await startPlatform(
    [
      "gateway",
      "accounts,duties,cases,results,notices,feed,documents",
      "feedback,requests,tlog,reports,subscriptions,inspections,imports",
    ],
    {
      TRUST_PROXY: "true",
      REQUESTS_RATE_LIMIT: "50/600",
      REQUESTS_STATS_MIN: "2",
    },
  );
  api = platform.api;
  office = await setUpOffice(api, "汕头市人民政府办公室", "st.officer");
  other = await setUpOffice(api, "潮州市人民政府办公室", "cz.officer");
});

afterAll(async () => {
  await bus?.stop();
  await platform?.stop();
});

describe("an online request, from submission to answer", () => {
  let trackingCode: string;
  let id: string;
  const today = chinaToday();

  it("is submitted with a tracking code and waits for the body to confirm receipt", async () => {
    const res = await api.request("POST", "/api/public/requests", {
      body: requestBody("请公开本市2026年老旧小区改造计划及资金安排文件。"),
      headers: freshClient(),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    trackingCode = res.body.trackingCode;
    expect(trackingCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const again = await api.request("POST", "/api/public/requests", {
      body: requestBody("请公开本市2026年老旧小区改造计划及资金安排文件。"),
      headers: freshClient(),
    });
    expect(again.body).toEqual({ trackingCode, duplicate: true });

    const tracked = await api.get(`/api/public/requests/${trackingCode.toLowerCase()}`);
    expect(tracked.status).toBe(200);
    expect(tracked.body).toMatchObject({ status: "submitted", submittedOn: today, dueBy: null, bodyId: office.bodyId });
    expectNoIdentity("tracking", tracked.body);
    expect((await api.get("/api/public/requests/AAAA-BBBB-CCCC")).status).toBe(404);
  });

  it("reaches the body's queue with the applicant masked, and no other body's", async () => {
    const mine = await api.get("/api/requests", office.officer);
    expect(mine.status, JSON.stringify(mine.body)).toBe(200);
    const item = mine.body.items.find((r: { trackingCode: string }) => r.trackingCode === trackingCode);
    expect(item).toMatchObject({ status: "submitted", applicantKind: "natural_person", channel: "online" });
    expectNoIdentity("queue", item);
    id = item.id;
    const theirs = await api.get("/api/requests", other.officer);
    expect(theirs.body.items.map((r: { id: string }) => r.id)).not.toContain(id);
    expect((await api.get(`/api/requests/${id}`, other.officer)).status).toBe(404);
    expect((await stepOf(id, "confirm", {}, other.officer)).status).toBe(404);
    // The body's officers see the applicant masked; the whole identity takes a reason, kept in the audit log.
    const full = await api.get(`/api/requests/${id}`, office.officer);
    expect(full.body.identityOpened).toBe(false);
    expectNoIdentity("detail", full.body.applicant);
    const noReason = await stepOf(id, "identity", {});
    expect(noReason.status).toBe(422);
    expect((await stepOf(id, "identity", { reason: "核对身份" }, other.officer)).status).toBe(404);
    const opened = await stepOf(id, "identity", { reason: "电话联系申请人核实申请内容" });
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    expect(opened.body.applicant).toMatchObject({ name: NAME, idNumber: ID_NUMBER, contact: { phone: PHONE } });
    expect((await api.get(`/api/request-audit?recordId=${id}`, office.officer)).status).toBe(403);
    const audit = await api.get(`/api/request-audit?recordId=${id}`, office.admin);
    expect(audit.status, JSON.stringify(audit.body)).toBe(200);
    expect(audit.body.items[0]).toMatchObject({
      action: "identity.view",
      actorName: "st.officer",
      reason: "电话联系申请人核实申请内容",
      recordId: id,
    });
    expect(audit.body.items.map((e: { action: string }) => e.action)).toContain("request.submitted");
  });

  it("runs the clock from the confirmation, restarts it with the 补正, and answers", async () => {
    const confirmed = await stepOf(id, "confirm");
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    const due = calendar.workingDaysAfter(today, 20);
    expect(confirmed.body).toMatchObject({
      status: "received",
      receivedOn: today,
      dueBy: due.date,
      dueByProvisional: due.provisional,
      pausedDays: 0,
      extendedDays: 0,
    });
    const dueOn = calendar.workingDaysAfter(today, 10).date;
    const asked = await stepOf(id, "correction", { what: "请说明所需文件的形成年份", dueOn, note: "电话已告知" });
    expect(asked.body).toMatchObject({ status: "correction_requested", dueBy: null });
    const tracked = await api.get(`/api/public/requests/${trackingCode}`);
    expect(tracked.body.correction).toEqual({
      requestedOn: today,
      dueOn,
      what: "请说明所需文件的形成年份",
      receivedOn: null,
    });

    const sent = await api.post(`/api/public/requests/${trackingCode}/correction`, {
      text: "所需文件形成于2026年上半年。",
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body).toMatchObject({ status: "received", dueBy: due.date });
    expectNoIdentity("correction", sent.body);
    const twice = await api.post(`/api/public/requests/${trackingCode}/correction`, { text: "再补充一次" });
    expect(twice.status).toBe(409);
    expect(twice.body.type).toBe("ILLEGAL_TRANSITION");

    expect((await stepOf(id, "pause", { type: "third_party", note: "征求某公司意见" })).body).toMatchObject({
      status: "paused",
      pause: { type: "third_party", since: today, dueOn: calendar.workingDaysAfter(today, 15).date },
    });
    expect((await stepOf(id, "resume")).body).toMatchObject({ status: "received" });
    const extended = await stepOf(id, "extend", { days: 20, approvedBy: "办公室负责人", reason: "需协调多个部门" });
    expect(extended.body).toMatchObject({
      status: "extended",
      extendedDays: 20,
      dueBy: calendar.workingDaysAfter(today, 40).date,
    });
    const answered = await stepOf(id, "answer", {
      type: "partly_disclosed",
      text: `经审查，现提供改造计划；资金安排中涉及第三方的部分不予公开。如有疑问请致电${PHONE}。`,
      items: [
        { title: "老旧小区改造计划", result: { mark: "already_public", where: "本机关门户网站“政府信息公开”栏目" } },
        {
          title: "资金安排表",
          result: { mark: "partly_provided", withheld: "企业报价明细", ground: "refused_third_party_rights" },
        },
      ],
    });
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    expect(answered.body).toMatchObject({
      status: "answered",
      outcome: { type: "partly_disclosed", label: "部分公开", row: "三(二)", on: today, via: "answer", late: false },
      allowedSteps: ["archived"],
    });
    expect(answered.body.trail.map((s: { kind: string; actor: string }) => `${s.kind}:${s.actor}`)).toEqual([
      "submitted:申请人",
      "received:st.officer",
      "correction_requested:st.officer",
      "correction_received:申请人",
      "paused:st.officer",
      "resumed:st.officer",
      "extended:st.officer",
      "answered:st.officer",
    ]);

    // The signed 答复告知书: with the answer; the applicant downloads it; its code verifies without content.
    expect(answered.body.letter).toMatchObject({ verifyCode: expect.any(String), sha256: expect.any(String) });
    const pdf = await fetch(`${platform.baseUrl}/api/public/requests/${trackingCode}/letter`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toContain("application/pdf");
    expect(pdf.headers.get("cache-control")).toBe("private, no-store");
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(answered.body.letter.sha256);
    const verified = await api.get(`/api/public/verify/${answered.body.letter.verifyCode}`);
    expect(verified.body).toMatchObject({ kind: "letter", title: "政府信息公开申请答复告知书", authentic: true });
    expectNoIdentity("letter verification", verified.body);
    expect((await api.get("/api/public/requests/AAAA-BBBB-CCCC/letter")).status).toBe(404);

    const final = await api.get(`/api/public/requests/${trackingCode}`);
    expect(final.body).toMatchObject({ status: "answered", extendedDays: 20, outcome: { type: "partly_disclosed" } });
    expect(final.body.letter).toEqual(answered.body.letter);
    expect(final.body.answer.items).toHaveLength(2);
    expect(final.body.steps.map((s: { kind: string }) => s.kind)).toContain("correction_received");
    const text = JSON.stringify(final.body);
    for (const hidden of ["st.officer", "办公室负责人", "征求某公司意见", "电话已告知", PHONE]) {
      expect(text, hidden).not.toContain(hidden);
    }
    expect((await stepOf(id, "archive")).body).toMatchObject({ status: "archived" });
  });
});

describe("a request registered by post", () => {
  it("counts from the day signed for; pauses add their working days; the law's limits are refusals", async () => {
    const r = await register("请公开某河道整治工程的竣工验收报告。", "post", "2026-09-02");
    expect(r.dueBy).toBe(calendar.workingDaysAfter("2026-09-02", 20).date);
    expect((await stepOf(r.id, "pause", { type: "agency", on: "2026-09-14" })).status).toBe(200);
    const resumed = await stepOf(r.id, "resume", { on: "2026-09-18" });
    const history: RequestEvent[] = [
      { kind: "received", on: "2026-09-02" },
      { kind: "paused", on: "2026-09-14", type: "agency" },
      { kind: "resumed", on: "2026-09-18" },
    ];
    expect(resumed.body).toMatchObject({
      pausedDays: 4,
      dueBy: requestClock(history, { calendar, asOf: "2026-09-18" }).dueBy,
    });
    const tooLong = await stepOf(r.id, "extend", { days: 21, approvedBy: "主任", reason: "复杂", on: "2026-09-21" });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.data[0]).toMatchObject({ field: "days", type: "EXTENSION_TOO_LONG" });
    expect(tooLong.body.data[0].message).toContain("20 个工作日");
    expect(
      (await stepOf(r.id, "extend", { days: 10, approvedBy: "主任", reason: "复杂", on: "2026-09-21" })).status,
    ).toBe(200);
    const second = await stepOf(r.id, "extend", { days: 5, approvedBy: "主任", reason: "复杂", on: "2026-09-22" });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ type: "ALREADY_EXTENDED", message: expect.stringContaining("一次") });
    const late = await stepOf(r.id, "correction", { what: "补充", dueOn: "2026-10-09", on: "2026-09-22" });
    expect(late.status).toBe(409);
    expect(late.body.type).toBe("CORRECTION_TOO_LATE");
    const before = (await api.get(`/api/requests/${r.id}`, office.officer)).body.trail.length;
    expect(before).toBe(4);
  });

  it("refuses bad input with 422 and writes nothing", async () => {
    const before = (await api.get("/api/requests?status=all&limit=100", office.admin)).body.items.length;
    const bad = await api.post(
      "/api/requests",
      { ...requestBody("请公开某文件"), channel: "post", receivedOn: "2026-02-30" },
      office.officer,
    );
    expect(bad.status).toBe(422);
    const wrongId = await api.post(
      "/api/requests",
      {
        ...requestBody("请公开某文件"),
        applicant: { kind: "natural_person", name: "某人", idType: "resident_id", idNumber: "110101199003071234" },
        channel: "post",
        receivedOn: "2026-09-01",
      },
      office.officer,
    );
    expect(wrongId.status).toBe(422);
    expect(wrongId.body.data[0]).toMatchObject({ field: "applicant.idNumber", type: "INVALID_RESIDENT_ID" });
    expect(
      (
        await api.post(
          "/api/requests",
          { ...requestBody("x", other.bodyId), channel: "post", receivedOn: "2026-09-01" },
          office.officer,
        )
      ).status,
    ).toBe(403);
    expect((await api.get("/api/requests?status=all&limit=100", office.admin)).body.items.length).toBe(before);
  });
});

describe("lapse, fees and remedies", () => {
  it("closes a request whose 补正 deadline passed when it is read; a late 补正 is refused", async () => {
    const r = await register("请公开某工业园区规划环评文件。", "letter", "2026-11-02");
    expect(
      (await stepOf(r.id, "correction", { what: "请写明园区名称", dueOn: "2026-11-10", on: "2026-11-03" })).status,
    ).toBe(200);
    const read = await api.get(`/api/requests/${r.id}`, office.officer);
    expect(read.body).toMatchObject({
      status: "closed",
      outcome: { type: "other_correction_overdue", label: "逾期不补正", on: "2026-11-11", via: "lapse" },
    });
    expect(read.body.trail.at(-1)).toMatchObject({ kind: "lapsed", actor: "系统", on: "2026-11-11" });
    const late = await api.post(`/api/public/requests/${r.trackingCode}/correction`, { text: "园区名称是某某" });
    expect(late.status).toBe(409);
  });

  it("closes an unpaid fee by the service's own check (the timer's action)", async () => {
    const r = await register("请公开某年度全部会议纪要。", "in_person", "2026-11-02");
    const fee = await stepOf(r.id, "fee-notice", {
      standard: "pages",
      quantity: 120,
      on: "2026-11-02",
      dueOn: "2026-11-05",
    });
    expect(fee.status, JSON.stringify(fee.body)).toBe(200);
    expect(fee.body).toMatchObject({ status: "paused", fee: { standard: "pages", yuan: 1100, dueOn: "2026-11-05" } });
    bus = await joinBus(platform);
    await bus.waitForServices(["requests"], 10_000);
    const checked = await call(bus, requests.lapseDue, {});
    expect(checked.closed).toBeGreaterThanOrEqual(1);
    const tracked = await api.get(`/api/public/requests/${r.trackingCode}`);
    expect(tracked.body).toMatchObject({
      status: "closed",
      outcome: { type: "other_fee_unpaid", on: "2026-11-06" },
      fee: { yuan: 1100, paidOn: null },
    });
  });

  it("quotes fees publicly; a paid fee starts the clock again", async () => {
    expect((await api.get("/api/public/request-fees?items=12")).body).toMatchObject({ standard: "items", yuan: 200 });
    expect((await api.get("/api/public/request-fees?pages=120")).body).toMatchObject({ yuan: 1100 });
    expect((await api.get("/api/public/request-fees?items=1&pages=1")).status).toBe(422);
    expect((await api.get("/api/public/request-fees")).status).toBe(422);
    const r = await register("请公开某专项资金的拨付明细。", "in_person", "2026-10-12");
    expect((await stepOf(r.id, "fee-notice", { standard: "pages", quantity: 40, on: "2026-10-12" })).status).toBe(200);
    const refused = await stepOf(r.id, "resume", { on: "2026-10-13" });
    expect(refused.status).toBe(409);
    expect(refused.body.type).toBe("USE_FEE_PAID");
    const paid = await stepOf(r.id, "fee-paid", { on: "2026-10-19" });
    expect(paid.body).toMatchObject({ status: "received", pausedDays: 4, fee: { yuan: 100, paidOn: "2026-10-19" } });
  });

  it("records a reconsideration and its outcome", async () => {
    const r = await register("请公开某征收补偿方案。", "in_person", "2026-11-16");
    const filed = await stepOf(r.id, "remedies", {
      kind: "reconsideration",
      filedOn: "2026-11-20",
      outcome: "pending",
    });
    expect(filed.status, JSON.stringify(filed.body)).toBe(200);
    const remedyId = filed.body.remedies[0].id;
    const decided = await stepOf(r.id, `remedies/${remedyId}`, { outcome: "upheld", decidedOn: "2026-11-27" });
    expect(decided.body.remedies).toEqual([
      expect.objectContaining({ kind: "reconsideration", outcome: "upheld", decidedOn: "2026-11-27" }),
    ]);
    const missing = await stepOf(r.id, `remedies/${remedyId}`, { outcome: "upheld" });
    expect(missing.status).toBe(422);
    expect(missing.body.data[0]).toMatchObject({ field: "decidedOn", type: "DECIDED_ON_REQUIRED" });
  });
});

describe("the handbook's forms of the same routes", () => {
  it("takes the short applicant, the 补正 as items, other_agency and /remedy with the report's outcome names", async () => {
    const submitted = await api.request("POST", "/api/public/requests", {
      headers: freshClient(),
      body: {
        bodyId: office.bodyId,
        applicant: { type: "natural", name: NAME, idNumber: ID_NUMBER, phone: PHONE },
        description: "请公开本机关2026年度部门预算。",
      },
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    const queue = await api.get("/api/requests?status=all", office.officer);
    const item = queue.body.items.find((r: { trackingCode: string }) => r.trackingCode === submitted.body.trackingCode);
    expect(item).toMatchObject({ applicantKind: "natural_person" });
    const full = await api.get(`/api/requests/${item.id}`, office.officer);
    expect(full.body).toMatchObject({ form: "email", delivery: "online" });
    const opened = await stepOf(item.id, "identity", { reason: "核对" });
    expect(opened.body.applicant).toMatchObject({
      kind: "natural_person",
      idType: "resident_id",
      contact: { phone: PHONE },
    });

    const org = await api.request("POST", "/api/public/requests", {
      headers: freshClient(),
      body: {
        bodyId: office.bodyId,
        applicant: { type: "legal", name: "汕头某某科技有限公司", creditCode: "91440500MA4UXXXX0X", email: EMAIL },
        description: "请公开某项目的环评批复。",
      },
    });
    // A credit code that fails its check digit is the applicant's mistake, named by field.
    expect(org.status).toBe(422);
    expect(org.body.data.map((p: { field: string }) => p.field)).toContain("applicant.creditCode");
    const neither = await api.request("POST", "/api/public/requests", {
      headers: freshClient(),
      body: { bodyId: office.bodyId, applicant: { name: NAME, phone: PHONE }, description: "请公开某文件。" },
    });
    expect(neither.status).toBe(422);
    expect(neither.body.data[0]).toMatchObject({ field: "applicant.kind", type: "required" });

    const today = chinaToday();
    await stepOf(item.id, "confirm");
    const asked = await stepOf(item.id, "correction", {
      items: ["预算所属年度", "是否包括下属单位"],
      dueOn: calendar.workingDaysAfter(today, 10).date,
    });
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);
    expect(asked.body.correction.what).toBe("1. 预算所属年度\n2. 是否包括下属单位");
    await stepOf(item.id, "correction-received", { text: "2026年度，不含下属单位。" });
    const paused = await stepOf(item.id, "pause", { type: "other_agency" });
    expect(paused.body).toMatchObject({ status: "paused", pause: { type: "agency" } });
    const remedy = await stepOf(item.id, "remedy", { kind: "lawsuit", outcome: "尚未审结" });
    expect(remedy.status, JSON.stringify(remedy.body)).toBe(200);
    expect(remedy.body.remedies).toEqual([
      expect.objectContaining({ kind: "lawsuit", outcome: "pending", filedOn: today }),
    ]);
  });
});

describe("information several applicants asked for (Art. 44)", () => {
  it("raises a task once three different applicants asked within twelve months; an officer closes it", async () => {
    const ids: string[] = [];
    for (const [i, name] of ["甲申请人", "乙申请人", "丙申请人"].entries()) {
      const first17 = `44030519850612${300 + i}`;
      const created = await api.post(
        "/api/requests",
        {
          ...requestBody("请公开本市2026年城市更新专项规划。"),
          applicant: {
            kind: "natural_person",
            name,
            idType: "resident_id",
            idNumber: first17 + residentIdCheckChar(first17),
          },
          channel: "in_person",
          receivedOn: `2026-0${i + 3}-10`,
        },
        office.officer,
      );
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      ids.push(created.body.id);
    }
    const [a, b, c] = ids as [string, string, string];
    expect((await stepOf(a, "same-as", { otherId: a })).status).toBe(422);
    expect((await stepOf(a, "same-as", { otherId: b })).status).toBe(200);
    expect((await api.get("/api/request-tasks", office.officer)).body.items).toEqual([]);
    const linked = await stepOf(c, "same-as", { otherId: a });
    expect(linked.body.sameAs).toEqual(expect.any(String));
    const tasks = await api.get("/api/request-tasks", office.officer);
    expect(tasks.status, JSON.stringify(tasks.body)).toBe(200);
    expect(tasks.body.items).toHaveLength(1);
    expect(tasks.body.items[0].requests.map((r: { id: string }) => r.id).sort()).toEqual([a, b, c].sort());
    expect((await api.get("/api/request-tasks", other.officer)).body.items).toEqual([]);
    const groupId = tasks.body.items[0].groupId;
    const done = await api.post(
      `/api/request-tasks/${groupId}/done`,
      { note: "已在政府信息公开专栏主动公开" },
      office.officer,
    );
    expect(done.body).toMatchObject({ doneBy: "st.officer", note: "已在政府信息公开专栏主动公开" });
    expect((await api.post(`/api/request-tasks/${groupId}/done`, { note: "again" }, office.officer)).status).toBe(409);
    expect((await api.get("/api/request-tasks", office.officer)).body.items).toEqual([]);
  });
});

describe("statistics and the calendar", () => {
  it("counts the body's year, without identity, once enough requests were received", async () => {
    const s = await api.get(`/api/public/request-stats?bodyId=${office.bodyId}&year=2026`);
    expect(s.status, JSON.stringify(s.body)).toBe(200);
    expect(s.body).toMatchObject({ enough: true, minimum: 2, year: 2026 });
    expect(s.body.received).toBeGreaterThanOrEqual(6);
    const count = (type: string) => s.body.byType.find((t: { type: string }) => t.type === type).count;
    expect(count("partly_disclosed")).toBe(1);
    expect(count("other_correction_overdue")).toBe(1);
    expect(count("other_fee_unpaid")).toBe(1);
    expect(s.body.medianWorkingDays).toBe(0);
    expect(s.body.overdue).toBeGreaterThanOrEqual(1);
    expect((await api.get(`/api/public/request-stats?bodyId=${other.bodyId}&year=2026`)).body).toEqual({
      bodyId: other.bodyId,
      year: 2026,
      enough: false,
      minimum: 2,
    });
  });

  it("counts with a calendar the administrator changes", async () => {
    const r = await register("请公开某学校扩建项目批复。", "in_person", "2026-11-02");
    const before = calendar.workingDaysAfter("2026-11-02", 20).date;
    expect(r.dueBy).toBe(before);
    // A made-up day off within the period: the requests service's copy must follow the change.
    const year = calendar.yearCalendar(2026) as YearCalendar;
    const admin = await api.login("admin", ADMIN_PASSWORD);
    const changed = { holidays: [...year.holidays, "2026-11-16"], workdays: year.workdays };
    expect((await api.put("/api/calendar/2026", changed, admin)).status).toBe(200);
    const after = calendar.withYear({ year: 2026, ...changed }).workingDaysAfter("2026-11-02", 20).date;
    expect(after).not.toBe(before);
    let seen = "";
    for (let i = 0; i < 40 && seen !== after; i++) {
      seen = (await api.get(`/api/requests/${r.id}`, office.officer)).body.dueBy;
      if (seen !== after) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(seen).toBe(after);
  });

  it("feeds the public statistics (the feed's copy): dates and outcomes, never identity or request text", async () => {
    const db = new pg.Client({ connectionString: platform.db.url });
    await db.connect();
    try {
      // The feed is nudged after each step; a rebuild replays the outbox from scratch to the same rows.
      const before = (await db.query("select * from feed.requests order by id")).rows;
      expect(before.length).toBeGreaterThan(5);
      expect(before.some((r) => r.status === "archived" && r.outcome_type === "partly_disclosed")).toBe(true);
      expect(before.every((r) => r.body_id === office.bodyId || r.body_id === other.bodyId)).toBe(true);
      const text = JSON.stringify(before);
      for (const secret of SECRETS) expect(text, secret).not.toContain(secret);
      expect(text).not.toContain("请公开");
      const admin = await api.login("admin", ADMIN_PASSWORD);
      expect((await api.post("/api/feed/rebuild", {}, admin)).status).toBe(200);
      const after = (await db.query("select * from feed.requests order by id")).rows;
      expect(after.map((r) => [r.id, r.status, r.outcome_type])).toEqual(
        before.map((r) => [r.id, r.status, r.outcome_type]),
      );
    } finally {
      await db.end();
    }
  });

  it("keeps the applicant's identity out of every process's log", () => {
    const logs = platform.procs.map((p) => p.output.join("")).join("");
    for (const secret of SECRETS) expect(logs, secret).not.toContain(secret);
  });
});
