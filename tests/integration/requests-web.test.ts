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
import { setUpOffice, type Office } from "../support/flow.js";
import { startPlatform, type Api, type Platform } from "../support/platform.js";

let platform: Platform;
let api: Api;
let office: Office;

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
