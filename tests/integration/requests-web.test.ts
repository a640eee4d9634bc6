/**
 * 依申请公开 on the web, driven like a browser without JavaScript (plain forms, a cookie jar for the
 * console): the portal's request form (refused beside its fields with the input kept, then filed
 * and answered 303 to the confirmation with the tracking code), the lookup and tracking page, the
 * applicant's 补正 from the tracking page, a body's statistics; the console's queue (masked
 * applicant, state filter, warning badges), registering a request received by post, and the item
 * page's forms for every step — confirm, 补正, correction received, pause/resume, extension (a
 * second refused with the table's message), fee notice and payment, answer with per-document items,
 * archive, remedies — each answered with Post/Redirect/Get. The applicant's identity never reaches
 * a public page.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WorkingCalendar } from "../../shared/calendar.js";
import { chinaToday } from "../../shared/dates.js";
import { residentIdCheckChar } from "../../shared/redaction.js";
import { ConsoleBrowser } from "../support/console-browser.js";
import { dirtyPng, SECRET_ASCII } from "../support/dirty-files.js";
import { setUpOffice, type Office } from "../support/flow.js";
import { startPlatform, type Api, type Platform } from "../support/platform.js";

let platform: Platform;
let api: Api;
let office: Office;
let officer: ConsoleBrowser;

const calendar = WorkingCalendar.official();
const today = chinaToday();
const ID_NUMBER = (() => {
  const first17 = "44030519850612341";
  return first17 + residentIdCheckChar(first17);
})();
const NAME = "欧阳明远";
const PHONE = "13612345678";
const EMAIL = "ouyang.web@example.cn";
const SECRETS = [NAME, ID_NUMBER, PHONE, EMAIL];

/** The portal's forms, as a browser without JavaScript sends them. */
async function postForm(path: string, fields: Record<string, string>) {
  const res = await fetch(platform.baseUrl + path, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
    redirect: "manual",
  });
  return { status: res.status, location: res.headers.get("location"), text: await res.text() };
}

async function getPage(path: string) {
  const res = await fetch(platform.baseUrl + path, { redirect: "manual" });
  return { status: res.status, location: res.headers.get("location"), text: await res.text() };
}

function expectNoIdentity(where: string, text: string) {
  for (const secret of SECRETS) expect(text, `${where}: ${secret}`).not.toContain(secret);
}

const PERSON = {
  kind: "natural_person",
  name: NAME,
  idType: "resident_id",
  idNumber: ID_NUMBER,
  phone: PHONE,
  email: EMAIL,
  form: "email",
  delivery: "online",
};

beforeAll(async () => {
  platform = await startPlatform(undefined, { REQUESTS_RATE_LIMIT: "50/600", REQUESTS_STATS_MIN: "1" });
  api = platform.api;
  office = await setUpOffice(api, "汕尾市人民政府办公室", "sw.officer");
  officer = new ConsoleBrowser(platform.baseUrl);
  await officer.login("sw.officer", "pass-word-1");
});

afterAll(async () => {
  await platform?.stop();
});

describe("the portal's request form and tracking page", () => {
  let trackingCode: string;

  it("is linked from the home page and the body's page, with the body preselected", async () => {
    expect((await getPage("/")).text).toContain('href="/requests/new"');
    const body = await getPage(`/bodies/${office.bodyId}`);
    expect(body.text).toContain(`href="/requests/new?bodyId&#61;${office.bodyId}"`);
    const form = await getPage(`/requests/new?bodyId=${office.bodyId}`);
    expect(form.status).toBe(200);
    expect(form.text).toMatch(new RegExp(`<option value="${office.bodyId}"\\s+selected`));
    expect(form.text).toContain("个人信息的使用");
  });

  it("refuses an incomplete request beside its fields, keeping the input", async () => {
    const res = await postForm("/requests/new", {
      ...PERSON,
      idNumber: "110101199003071235",
      phone: "",
      email: "",
      bodyId: office.bodyId,
      description: "请公开本市老旧小区改造计划。",
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="rq-idNumber-error"');
    expect(res.text).toContain("身份证号码无效");
    expect(res.text).toContain('id="rq-contact-error"');
    expect(res.text).toMatch(/id="rq-name"[^>]*value="欧阳明远"/);
    expect(res.text).toContain("请公开本市老旧小区改造计划。");
  });

  it("files the request and answers 303 to the confirmation with the tracking code", async () => {
    const res = await postForm("/requests/new", {
      ...PERSON,
      bodyId: office.bodyId,
      description: "请公开本市2026年老旧小区改造计划及资金安排文件。",
    });
    expect(res.status, res.text).toBe(303);
    const m = /^\/requests\/([0-9A-Z-]+)\?submitted=1$/.exec(res.location ?? "");
    expect(m, res.location ?? "").not.toBeNull();
    trackingCode = m?.[1] as string;
    const page = await getPage(res.location as string);
    expect(page.status).toBe(200);
    expect(page.text).toContain("申请已提交");
    expect(page.text).toContain(`<code class="code">${trackingCode}</code>`);
    expect(page.text).toContain("待确认收到");
    expectNoIdentity("confirmation", page.text);

    const again = await postForm("/requests/new", {
      ...PERSON,
      bodyId: office.bodyId,
      description: "请公开本市2026年老旧小区改造计划及资金安排文件。",
    });
    expect(again.location).toBe(`/requests/${trackingCode}?submitted=dup`);
  });

  it("finds the request by its code from the lookup form; an unknown code is said so", async () => {
    const found = await getPage(`/requests?trackingCode=${trackingCode.toLowerCase()}`);
    expect(found.status).toBe(303);
    expect(found.location).toBe(`/requests/${trackingCode}`);
    const unknown = await getPage("/requests?trackingCode=AAAA-BBBB-CCCC");
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain("未找到该查询码");
    expect((await getPage("/requests/AAAA-BBBB-CCCC")).status).toBe(404);
  });

  it("lets the applicant send the 补正 the body asked for; the clock restarts", async () => {
    const listed = await api.get("/api/requests", office.officer);
    const id = listed.body.items.find((r: { trackingCode: string }) => r.trackingCode === trackingCode).id;
    expect((await api.post(`/api/requests/${id}/confirm`, {}, office.officer)).status).toBe(200);
    const dueOn = calendar.workingDaysAfter(today, 10).date;
    const asked = await api.post(
      `/api/requests/${id}/correction`,
      { what: "请说明文件的形成年份", dueOn },
      office.officer,
    );
    expect(asked.status, JSON.stringify(asked.body)).toBe(200);

    const page = await getPage(`/requests/${trackingCode}`);
    expect(page.text).toContain("请说明文件的形成年份");
    expect(page.text).toContain(`action="/requests/${trackingCode}/correction"`);
    const empty = await postForm(`/requests/${trackingCode}/correction`, { text: "  " });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('id="rq-correction-error"');
    const sent = await postForm(`/requests/${trackingCode}/correction`, { text: "所需文件形成于2026年。" });
    expect(sent.status, sent.text).toBe(303);
    expect(sent.location).toBe(`/requests/${trackingCode}?corrected=1`);
    const after = await getPage(sent.location as string);
    expect(after.text).toContain("补正已提交");
    expect(after.text).toContain("收到补正");
    expect(after.text).toContain(`剩余 20 个工作日`);
    expect(after.text).not.toContain(`action="/requests/${trackingCode}/correction"`);
    const late = await postForm(`/requests/${trackingCode}/correction`, { text: "再补充一点。" });
    expect(late.status).toBe(409);
    expectNoIdentity("tracking", after.text);
  });

  it("shows the body's statistics of the year on its page", async () => {
    const body = await getPage(`/bodies/${office.bodyId}`);
    expect(body.text).toContain("依申请公开");
    expect(body.text).toMatch(/收到申请<\/dt>\s*<dd>1 件/);
    expectNoIdentity("body page", body.text);
  });
});

/** A request registered on the console (received by post today); answers its id. */
async function registerByPost(description: string, channel = "post"): Promise<string> {
  const res = await officer.post("/console/requests/new", {
    bodyId: office.bodyId,
    channel,
    receivedOn: today,
    ...PERSON,
    form: "paper",
    delivery: "post",
    description,
  });
  expect(res.status, res.text).toBe(303);
  const m = /^\/console\/requests\/([0-9a-f-]{36})\?ok=registered$/.exec(res.location ?? "");
  expect(m, res.location ?? "").not.toBeNull();
  return m?.[1] as string;
}

/** Posts a step's form; expects the 303 back to the request's page with the step's flash. */
async function stepOk(id: string, step: string, fields: Record<string, string> = {}) {
  const res = await officer.post(`/console/requests/${id}/${step}`, fields);
  expect(res.status, res.text.slice(0, 3000)).toBe(303);
  expect(res.location).toBe(`/console/requests/${id}?ok=${step}`);
  return officer.get(res.location as string);
}

describe("the console's queue and registration", () => {
  it("links the queue from the navigation and lists the portal's request with the applicant masked", async () => {
    const dashboard = await officer.get("/console");
    expect(dashboard.text).toContain('href="/console/requests"');
    expect(dashboard.text).toContain("待办的政府信息公开申请");
    const queue = await officer.get("/console/requests");
    expect(queue.status).toBe(200);
    expect(queue.text).toContain("本市2026年老旧小区改造计划");
    expect(queue.text).toContain("欧***");
    expectNoIdentity("queue", queue.text);
    expect(queue.text).toMatch(/剩 20 个工作日/);
    expect((await officer.get("/console/requests?status=final")).text).not.toContain("老旧小区改造计划");
  });

  it("refuses a registration without contact or date beside the fields, then registers one received by post", async () => {
    const refused = await officer.post("/console/requests/new", {
      bodyId: office.bodyId,
      channel: "post",
      receivedOn: "",
      ...PERSON,
      phone: "",
      email: "",
      description: "请公开某文件。",
    });
    expect(refused.status).toBe(422);
    expect(refused.postedTo).toBe("/console/requests/new");
    expect(refused.text).toContain('id="f-receivedOn-error"');
    expect(refused.text).toMatch(/id="f-name"[^>]*value="欧阳明远"/);
    const noContact = await officer.post("/console/requests/new", {
      bodyId: office.bodyId,
      channel: "post",
      receivedOn: today,
      ...PERSON,
      phone: "",
      email: "",
      description: "请公开某文件。",
    });
    expect(noContact.status).toBe(422);
    expect(noContact.text).toContain("请至少填写一种联系方式");

    const id = await registerByPost("请公开本市2025年度政府信息公开工作年度报告的编制说明。");
    const page = await officer.get(`/console/requests/${id}?ok=registered`);
    expect(page.text).toContain("申请已登记");
    expect(page.text).toContain("邮寄（签收）");
    expect(page.text).toContain(calendar.workingDaysAfter(today, 20).date.slice(0, 4));
    expect(page.text).toContain("欧***");
    expect(page.text).not.toContain(ID_NUMBER);
    expect(page.text).not.toContain('action="/console/requests/' + id + '/confirm"');
    for (const step of ["correction", "pause", "fee-notice", "extend", "answer", "remedy"]) {
      expect(page.text, step).toContain(`action="/console/requests/${id}/${step}"`);
    }
  });

  it("is not a reviewer's: no queue, no dashboard card", async () => {
    const created = await api.post(
      "/api/users",
      {
        username: "sw.reviewer",
        password: "pass-word-1",
        displayName: "审核员",
        role: "reviewer",
        bodyId: office.bodyId,
      },
      office.admin,
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const reviewer = new ConsoleBrowser(platform.baseUrl);
    await reviewer.login("sw.reviewer", "pass-word-1");
    const dashboard = await reviewer.get("/console");
    expect(dashboard.status).toBe(200);
    expect(dashboard.text).not.toContain("政府信息公开申请");
    expect((await reviewer.get("/console/requests")).status).toBe(403);
  });

  it("hides another body's requests", async () => {
    await setUpOffice(api, "揭阳市人民政府办公室", "jy.officer");
    const stranger = new ConsoleBrowser(platform.baseUrl);
    await stranger.login("jy.officer", "pass-word-1");
    expect((await stranger.get("/console/requests")).text).not.toContain("老旧小区改造计划");
    const listed = await api.get("/api/requests", office.officer);
    const id = listed.body.items[0].id as string;
    expect((await stranger.get(`/console/requests/${id}`)).status).toBe(404);
  });
});

describe("the console's step forms", () => {
  it("confirms an online request's receipt", async () => {
    const res = await postForm("/requests/new", {
      ...PERSON,
      bodyId: office.bodyId,
      description: "请公开本市公交线路调整方案。",
    });
    const code = /\/requests\/([0-9A-Z-]+)\?/.exec(res.location ?? "")?.[1];
    const listed = await api.get("/api/requests", office.officer);
    const id = listed.body.items.find((r: { trackingCode: string }) => r.trackingCode === code).id as string;
    const before = await officer.get(`/console/requests/${id}`);
    expect(before.text).toContain("待确认收到");
    const after = await stepOk(id, "confirm");
    expect(after.text).toContain("已确认收到申请");
    expect(after.text).toMatch(/剩 20 个工作日/);
  });

  it("asks for a 补正 and records its arrival", async () => {
    const id = await registerByPost("请公开有关文件。", "in_person");
    const dueOn = calendar.workingDaysAfter(today, 10).date;
    const missing = await officer.post(`/console/requests/${id}/correction`, { "correction.dueOn": dueOn });
    expect(missing.status).toBe(422);
    expect(missing.text).toContain('id="f-correction-what-error"');
    const asked = await stepOk(id, "correction", {
      "correction.what": "请写明文件名称或文号",
      "correction.dueOn": dueOn,
    });
    expect(asked.text).toContain("待补正");
    expect(asked.text).toContain("请写明文件名称或文号");
    const received = await stepOk(id, "correction-received", {
      "correction-received.text": "所需文件为汕尾府办〔2026〕5号。",
    });
    expect(received.text).toContain("收到补正");
    expect(received.text).toContain("汕尾府办〔2026〕5号");
  });

  it("extends once (more than 20 days and a second extension refused), pauses and resumes, charges a fee, answers, archives and records remedies", async () => {
    const id = await registerByPost("请公开本市2026年城市更新项目清单。");

    const tooLong = await officer.post(`/console/requests/${id}/extend`, {
      "extend.days": "25",
      "extend.approvedBy": "办公室主任",
      "extend.reason": "需要调取档案",
    });
    expect(tooLong.status).toBe(422);
    expect(tooLong.text).toContain('id="f-extend-days-error"');
    expect(tooLong.text).toContain("最长不得超过 20 个工作日");
    expect(tooLong.text).toMatch(/id="f-extend-approvedBy"[^>]*value="办公室主任"/);
    const extended = await stepOk(id, "extend", {
      "extend.days": "10",
      "extend.approvedBy": "办公室主任",
      "extend.reason": "需要调取档案",
    });
    expect(extended.text).toContain("延长 10 个工作日；批准人：办公室主任");
    expect(extended.text).not.toContain(`action="/console/requests/${id}/extend"`);
    const again = await officer.post(`/console/requests/${id}/extend`, {
      "extend.days": "5",
      "extend.approvedBy": "办公室主任",
      "extend.reason": "再延长",
    });
    expect(again.status).toBe(409);
    expect(again.text).toContain("答复期限只能延长一次");

    const paused = await stepOk(id, "pause", { "pause.type": "third_party" });
    expect(paused.text).toContain("征求第三方意见");
    expect(paused.text).toContain(`action="/console/requests/${id}/resume"`);
    await stepOk(id, "resume");

    const fee = await stepOk(id, "fee-notice", { "fee-notice.standard": "pages", "fee-notice.quantity": "150" });
    const quote = await api.get("/api/public/request-fees?pages=150");
    expect(fee.text).toMatch(new RegExp(`按量计收 150\\s*页，${quote.body.yuan} 元`));
    expect(fee.text).toContain(`action="/console/requests/${id}/fee-paid"`);
    expect(fee.text).not.toContain(`action="/console/requests/${id}/resume"`);
    await stepOk(id, "fee-paid");

    const contradicting = await officer.post(`/console/requests/${id}/answer`, {
      "answer.type": "disclosed",
      "answer.text": "予以公开。",
      "answer.items.0.title": "项目清单",
      "answer.items.0.mark": "not_provided",
      "answer.items.0.ground": "refused_process_information",
    });
    expect(contradicting.status).toBe(422);
    expect(contradicting.text).toContain("所列文件的处理结果与答复类型不一致");
    expect(contradicting.text).toMatch(/<option value="disclosed"\s+selected/);
    const answered = await stepOk(id, "answer", {
      "answer.type": "partly_disclosed",
      "answer.text": "经审查，项目清单予以公开，内部会议纪要不予公开。",
      "answer.items.0.title": "2026年城市更新项目清单",
      "answer.items.0.mark": "provided",
      "answer.items.2.title": "项目论证会议纪要",
      "answer.items.2.mark": "not_provided",
      "answer.items.2.ground": "refused_process_information",
    });
    expect(answered.text).toContain("已登记答复");
    expect(answered.text).toContain("三(二) 部分公开");
    expect(answered.text).toContain("不予提供（属于四类过程性信息）");
    const tracked = await getPage(`/requests/${answered.text.match(/<code>([0-9A-Z-]{14})<\/code>/)?.[1]}`);
    expect(tracked.text).toContain("2026年城市更新项目清单");
    expectNoIdentity("answered tracking", tracked.text);

    await stepOk(id, "archive");
    const remedy = await stepOk(id, "remedy", { "remedy.kind": "reconsideration", "remedy.outcome": "pending" });
    expect(remedy.text).toContain("尚未审结");
    expect(remedy.text).toContain(`action="/console/requests/${id}/remedy-outcome"`);
    const decided = await officer.post(`/console/requests/${id}/remedy-outcome`, {
      remedy: "0",
      "remedy-0.outcome": "upheld",
      "remedy-0.decidedOn": today,
    });
    expect(decided.status, decided.text.slice(0, 2000)).toBe(303);
    expect(decided.location).toBe(`/console/requests/${id}?ok=remedy-outcome`);
    const final = await officer.get(decided.location as string);
    expect(final.text).toContain("结果维持");

    // The trail names the officer by their display name.
    const me = await api.get("/api/auth/me", office.officer);
    await api.patch(`/api/users/${me.body.id}`, { displayName: "陈立新" }, office.admin);
    expect((await officer.get(`/console/requests/${id}`)).text).toContain("（陈立新，记录于");
  });
});

describe("the console: identity, the answer letter and Art. 44", () => {
  it("shows the applicant masked; the whole identity once, after a reason, and masked again on reload", async () => {
    const id = await registerByPost("请公开本市2026年公共停车场建设计划。");
    const page = await officer.get(`/console/requests/${id}`);
    expectNoIdentity("item page", page.text);
    expect(page.text).toContain("查看申请人完整身份信息");
    const noReason = await officer.post(`/console/requests/${id}/identity`, { "identity.reason": "" });
    expect(noReason.status).toBe(422);
    expect(noReason.text).toContain('id="f-identity-reason-error"');
    const opened = await officer.post(`/console/requests/${id}/identity`, { "identity.reason": "电话核实申请内容" });
    // Post/Redirect/Get (the console browser follows the 303): the identity shows on the GET, once.
    expect(opened.postedTo).toBe(`/console/requests/${id}`);
    const shown = opened;
    expect(shown.text).toContain(NAME);
    expect(shown.text).toContain(ID_NUMBER);
    expect(shown.text).toContain("已于");
    expectNoIdentity("reloaded", (await officer.get(`/console/requests/${id}`)).text);
    const audit = await api.get(`/api/request-audit?recordId=${id}&action=identity.view`, office.admin);
    expect(audit.body.items).toEqual([
      expect.objectContaining({ reason: "电话核实申请内容", actorName: "sw.officer" }),
    ]);
  });

  it("answers with a fee and the remedy organs; the applicant downloads the signed letter from the tracking page", async () => {
    const id = await registerByPost("请公开本市2026年公共厕所改造计划。", "in_person");
    const answered = await stepOk(id, "answer", {
      "answer.type": "disclosed",
      "answer.text": "经审查，予以公开，见附件。",
      "answer.fee": "100",
      "answer.reviewOrgan": "汕尾市人民政府",
      "answer.court": "汕尾市城区人民法院",
    });
    expect(answered.text).toContain("收取信息处理费 100 元");
    expect(answered.text).toContain("行政复议机关：汕尾市人民政府");
    expect(answered.text).toContain("答复告知书（PDF）");
    const code = answered.text.match(/<code>([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})<\/code>/)?.[1] as string;
    const tracking = await getPage(`/requests/${code}`);
    expect(tracking.text).toContain(`href="/requests/${code}/letter"`);
    const pdf = await fetch(`${platform.baseUrl}/requests/${code}/letter`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(pdf.headers.get("cache-control")).toBe("private, no-store");
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");
    // A request without a letter has none to download.
    const open = await registerByPost("请公开某文件。");
    const openCode = (await officer.get(`/console/requests/${open}`)).text.match(
      /<code>([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})<\/code>/,
    )?.[1];
    expect((await getPage(`/requests/${openCode}/letter`)).status).toBe(404);
  });

  it("links requests by tracking code; three applicants raise a task on the queue, closed with a note", async () => {
    const ids: string[] = [];
    for (const [i, name] of ["赵一", "钱二", "孙三"].entries()) {
      const first17 = `44150219900101${200 + i}`;
      const res = await officer.post("/console/requests/new", {
        bodyId: office.bodyId,
        channel: "in_person",
        receivedOn: today,
        ...PERSON,
        name,
        idNumber: first17 + residentIdCheckChar(first17),
        form: "paper",
        delivery: "post",
        description: "请公开本市2026年城市更新专项规划。",
      });
      expect(res.status, res.text.slice(0, 500)).toBe(303);
      ids.push(/\/console\/requests\/([0-9a-f-]{36})/.exec(res.location ?? "")?.[1] as string);
    }
    const codeOf = async (id: string) =>
      (await officer.get(`/console/requests/${id}`)).text.match(
        /<code>([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})<\/code>/,
      )?.[1] as string;
    const unknown = await officer.post(`/console/requests/${ids[0]}/same-as`, {
      "same-as.otherTrackingCode": "AAAA-BBBB-CCCC",
    });
    expect(unknown.status).toBe(422);
    expect(unknown.text).toContain("本机关没有这件申请");
    await stepOk(ids[0] as string, "same-as", { "same-as.otherTrackingCode": await codeOf(ids[1] as string) });
    await stepOk(ids[2] as string, "same-as", { "same-as.otherTrackingCode": await codeOf(ids[0] as string) });
    const queue = await officer.get("/console/requests");
    expect(queue.text).toContain("待考虑主动公开（第四十四条）");
    const action = /action="(\/console\/request-tasks\/[0-9a-f-]{36}\/done)"/.exec(queue.text)?.[1] as string;
    const key = /name="(task-[0-9a-f-]{36}\.note)"/.exec(queue.text)?.[1] as string;
    const refused = await officer.post(action, { [key]: "" });
    expect(refused.status).toBe(422);
    const done = await officer.post(action, { [key]: "已在政府信息公开专栏主动公开" });
    expect(done.status).toBe(303);
    expect(done.location).toBe("/console/requests?ok=task-done");
    expect((await officer.get("/console/requests")).text).not.toContain("待考虑主动公开（第四十四条）");
  });
});

describe("the console: the answer's attachments", () => {
  it("uploads a file cleaned of its hidden metadata, lists it, downloads it; refuses what it cannot clean", async () => {
    const id = await registerByPost("请公开本市2026年公园绿地建设计划。", "in_person");
    const refused = await officer.upload(`/console/requests/${id}/attachments`, "file", {
      bytes: Buffer.from("not a document at all"),
      filename: "notes.txt",
      type: "text/plain",
    });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('id="f-attachment-file-error"');
    const uploaded = await officer.upload(`/console/requests/${id}/attachments`, "file", {
      bytes: dirtyPng(),
      filename: "公园绿地图.png",
      type: "image/png",
    });
    expect(uploaded.status).toBe(303);
    expect(uploaded.location).toBe(`/console/requests/${id}?ok=attachment`);
    const page = await officer.get(uploaded.location as string);
    expect(page.text).toContain("附件已上传，隐藏信息已清除");
    expect(page.text).toContain("公园绿地图.png");
    const link = new RegExp(`href="(/console/requests/${id}/attachments/1)"`).exec(page.text)?.[1] as string;
    const file = await officer.get(link);
    expect(file.status).toBe(200);
    expect(file.text).not.toContain(SECRET_ASCII);
    expect((await officer.get(`/console/requests/${id}/attachments/9`)).status).toBe(404);
  });
});
