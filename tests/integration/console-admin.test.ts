/**
 * The console's administration pages, driven like a browser without JavaScript (plain forms, a
 * cookie jar): an administrator registers a body (a bad one is refused beside its fields with the
 * input kept), an officer of its roster (a status change needs a reason and a confirmation), a
 * user (password reset, deactivation), a power and a revision of it (two versions in the history),
 * a year of holidays and a rule-table change; an officer may not open the user pages.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConsoleBrowser } from "../support/console-browser.js";
import { creditCode } from "../support/fixtures.js";
import { sealPng } from "../support/png.js";
import { ADMIN_PASSWORD, startPlatform, type Api, type Platform } from "../support/platform.js";

let platform: Platform;
let api: Api;
let adminToken: string;

/** The error shown beside a field (its id is the field's id plus -error). */
function fieldError(page: string, id: string): string | undefined {
  const m = new RegExp(`id="${id}-error">([\\s\\S]*?)</p>`).exec(page);
  return m?.[1]?.replace(/<[^>]+>/g, "").trim();
}

let admin: ConsoleBrowser;
let bodyId: string;
let officerId: string;
let userId: string;

beforeAll(async () => {
  platform = await startPlatform();
  api = platform.api;
  adminToken = await api.login("admin", ADMIN_PASSWORD);
  admin = new ConsoleBrowser(platform.baseUrl);
  await admin.login("admin", ADMIN_PASSWORD);
});

afterAll(async () => {
  await platform?.stop();
});

describe("bodies and the officer roster", () => {
  it("refuses a bad body beside its fields with the input kept, then registers one", async () => {
    const bad = await admin.post("/console/admin/bodies/new", { name: "", creditCode: "123", region: "浙江省湖州市" });
    expect(bad.status, bad.text).toBe(422);
    expect(fieldError(bad.text, "f-name")).toBeTruthy();
    expect(fieldError(bad.text, "f-creditCode")).toBeTruthy();
    expect(bad.text).toContain('aria-invalid="true"');
    expect(bad.text).toContain('value="浙江省湖州市"');
    expect(bad.text).toContain('value="123"');
    // POST-redirect-GET: the refusal is shown once on the form's own address; a reload starts afresh.
    expect(bad.postedTo).toBe("/console/admin/bodies/new");
    const posted = await admin.request("POST", "/console/admin/bodies/new", { _csrf: admin.csrf, name: "" });
    expect(posted.status).toBe(303);
    expect(posted.location).toBe("/console/admin/bodies/new");
    expect(fieldError((await admin.get("/console/admin/bodies/new")).text, "f-name")).toBeTruthy();
    const reloaded = await admin.get("/console/admin/bodies/new");
    expect(reloaded.status).toBe(200);
    expect(fieldError(reloaded.text, "f-name")).toBeUndefined();

    const ok = await admin.post("/console/admin/bodies/new", {
      name: "湖州市民政局",
      creditCode: creditCode(),
      region: "浙江省湖州市",
      phone: "0572-2100000",
    });
    expect(ok.status, ok.text).toBe(303);
    expect(ok.location).toBe("/console/admin/bodies?ok=created");
    const list = await admin.get(ok.location as string);
    expect(list.text).toContain("已创建。");
    expect(list.text).toContain("湖州市民政局");
    const found = await api.get(`/api/public/bodies?q=${encodeURIComponent("湖州市民政局")}`);
    bodyId = found.body.items[0].id;
    expect(bodyId).toBeTruthy();
  });

  it("uploads the body's seal (a PNG only), shows it, and removes it", async () => {
    const edit = `/console/admin/bodies/${bodyId}/edit`;
    expect((await admin.get(edit)).text).toContain("未上传印章");

    const bad = await admin.upload(`/console/admin/bodies/${bodyId}/seal`, "png", {
      bytes: Buffer.from("GIF89a: not a PNG, but long enough to look at"),
      filename: "seal.gif",
      type: "image/gif",
    });
    expect(bad.status, bad.text).toBe(422);
    expect(fieldError(bad.text, "seal-png")).toContain("印章图片须为 PNG 格式。");

    const png = sealPng(200);
    const ok = await admin.upload(`/console/admin/bodies/${bodyId}/seal`, "png", {
      bytes: png,
      filename: "seal.png",
      type: "image/png",
    });
    expect(ok.status, ok.text).toBe(303);
    expect(ok.location).toBe(`${edit}?ok=saved`);
    // The page escapes the base64 padding ("=") as an entity, which the browser reads back.
    const b64 = png.toString("base64").replace(/=+$/, "");
    expect((await admin.get(edit)).text).toContain(`src="data:image/png;base64,${b64}`);

    const removed = await admin.post(`/console/admin/bodies/${bodyId}/seal/remove`, {});
    expect(removed.status, removed.text).toBe(303);
    expect((await admin.get(edit)).text).toContain("未上传印章");
  });

  it("adds an officer and changes their status only with a reason and a confirmation", async () => {
    const added = await admin.post(`/console/admin/officers/new?bodyId=${bodyId}`, {
      bodyId,
      name: "张执法",
      certificateNo: "HZ-MZ-0001",
      fields: "民政\n殡葬管理",
    });
    expect(added.status, added.text).toBe(303);
    expect(added.location).toBe(`/console/admin/officers?bodyId=${bodyId}&ok=created`);
    const roster = await api.get(`/api/public/officers?bodyId=${bodyId}`);
    expect(roster.body.items[0].fields).toEqual(["民政", "殡葬管理"]);
    officerId = roster.body.items[0].id;

    const unconfirmed = await admin.post(`/console/admin/officers/${officerId}/status`, {
      status: "suspended",
      reason: "",
    });
    expect(unconfirmed.status).toBe(422);
    expect(fieldError(unconfirmed.text, "f-reason")).toContain("理由");
    expect(fieldError(unconfirmed.text, "f-confirm")).toContain("确认");

    const suspended = await admin.post(`/console/admin/officers/${officerId}/status`, {
      status: "suspended",
      reason: "调离执法岗位",
      confirm: "yes",
    });
    expect(suspended.status, suspended.text).toBe(303);
    const page = await admin.get(suspended.location as string);
    expect(page.text).toContain("执法人员状态已更新。");
    expect(page.text).toContain("暂停执法（调离执法岗位）");
  });
});

describe("users", () => {
  it("creates a user, resets the password (the old one then fails), and an officer gets 403", async () => {
    const created = await admin.post("/console/admin/users/new", {
      username: "hz.officer",
      displayName: "李四",
      role: "officer",
      bodyId,
      password: "first-pass-1",
    });
    expect(created.status, created.text).toBe(303);
    await api.login("hz.officer", "first-pass-1");
    const users = await api.get(`/api/users?bodyId=${bodyId}`, adminToken);
    userId = users.body.items.find((u: { username: string }) => u.username === "hz.officer").id;

    const mismatch = await admin.post(`/console/admin/users/${userId}/password`, {
      password: "second-pass-2",
      password2: "other",
    });
    expect(mismatch.status).toBe(422);
    expect(fieldError(mismatch.text, "f-password2")).toContain("不一致");
    const reset = await admin.post(`/console/admin/users/${userId}/password`, {
      password: "second-pass-2",
      password2: "second-pass-2",
    });
    expect(reset.status, reset.text).toBe(303);
    expect(reset.location).toBe("/console/admin/users?ok=reset");
    const old = await api.post("/api/auth/login", { username: "hz.officer", password: "first-pass-1" });
    expect(old.status).toBe(401);

    const officer = new ConsoleBrowser(platform.baseUrl);
    await officer.login("hz.officer", "second-pass-2");
    expect((await officer.get("/console/admin/users")).status).toBe(403);
    expect((await officer.get("/console/admin/bodies")).status).toBe(403);
    const roster = await officer.get("/console/admin/officers");
    expect(roster.status).toBe(200);
    expect(roster.text).toContain("张执法");

    const confirm = await admin.get(`/console/admin/users/${userId}/deactivate`);
    expect(confirm.status).toBe(200);
    expect((await admin.post(`/console/admin/users/${userId}/deactivate`, {})).status).toBe(422);
    const off = await admin.post(`/console/admin/users/${userId}/deactivate`, { confirm: "yes" });
    expect(off.status, off.text).toBe(303);
    expect(off.location).toBe("/console/admin/users?ok=deactivated");
    expect((await officer.get("/console/admin/officers")).status).toBe(303);
    const denied = await api.post("/api/auth/login", { username: "hz.officer", password: "second-pass-2" });
    expect(denied.status).toBe(401);
    expect((await admin.get("/console/admin/users")).text).toContain("已停用");
  });
});

describe("powers", () => {
  it("creates a power from the form's rows, and an edit makes a second version", async () => {
    const form = {
      bodyId,
      code: "HZ-CF-001",
      name: "对擅自兴建殡葬设施的行政处罚",
      category: "行政处罚",
      "basis.0.law": "《殡葬管理条例》",
      "basis.0.article": "第十八条",
      "basis.0.text": "",
      "basis.1.law": "",
      "basis.1.article": "",
      "basis.1.text": "",
      "basis.2.law": "",
      "basis.2.article": "",
      "basis.2.text": "",
      timeLimitDays: "90",
      supervisionPhone: "0572-2100001",
      standards: "一般 | 首次违法 | 责令改正\n严重 | 拒不改正 | 处2万元以下罚款",
      procedure: "立案\n调查取证 | 两名以上执法人员\n决定",
      remedies: "行政复议 | 湖州市人民政府 | 60日",
    };
    const missing = await admin.post(`/console/admin/powers/new?bodyId=${bodyId}`, {
      ...form,
      "basis.0.article": "",
    });
    expect(missing.status).toBe(422);
    expect(fieldError(missing.text, "f-basis-0-article")).toBeTruthy();
    expect(missing.text).toContain('value="《殡葬管理条例》"');

    const created = await admin.post(`/console/admin/powers/new?bodyId=${bodyId}`, form);
    expect(created.status, created.text).toBe(303);
    const id = /^\/console\/admin\/powers\/([^?]+)\?ok=created$/.exec(created.location ?? "")?.[1] as string;
    expect(id).toBeTruthy();
    const v1 = await api.get(`/api/public/powers/${id}`);
    expect(v1.body.basis).toEqual([{ law: "《殡葬管理条例》", article: "第十八条" }]);
    expect(v1.body.standards[0]).toEqual({ level: "一般", circumstance: "首次违法", measure: "责令改正" });
    expect(v1.body.procedure[1]).toEqual({ name: "调查取证", description: "两名以上执法人员" });
    expect(v1.body.remedies).toEqual([{ kind: "行政复议", organ: "湖州市人民政府", timeLimit: "60日" }]);

    const edit = await admin.get(`/console/admin/powers/${id}/edit`);
    expect(edit.status).toBe(200);
    expect(edit.text).toContain('value="HZ-CF-001"');
    expect(edit.text).toContain("一般 | 首次违法 | 责令改正");
    const revised = await admin.post(`/console/admin/powers/${id}/edit`, {
      ...form,
      name: "对擅自兴建、扩建殡葬设施的行政处罚",
      changeNote: "依据新修订的条例调整名称",
    });
    expect(revised.status, revised.text).toBe(303);
    expect(revised.location).toBe(`/console/admin/powers/${id}?ok=revised`);
    const page = await admin.get(revised.location as string);
    expect(page.text).toContain("现行为第 2 版");
    expect(page.text).toContain("版本记录（共 2 版）");
    expect(page.text).toContain("依据新修订的条例调整名称");
    expect(page.text).toContain("对擅自兴建殡葬设施的行政处罚");
    const v2 = await api.get(`/api/public/powers/${id}`);
    expect(v2.body.history).toHaveLength(2);
    expect(v2.body.standards).toEqual(v1.body.standards);
  });
});

describe("calendar and rules", () => {
  it("loads a year of holidays; a make-up workday on a weekday is refused beside its field", async () => {
    const holidays = "2031-01-01\n2031-10-01~2031-10-07";
    const bad = await admin.post("/console/admin/calendar", { year: "2031", holidays, workdays: "2031-09-29" });
    expect(bad.status, bad.text).toBe(422);
    expect(fieldError(bad.text, "f-workdays")).toContain("2031-09-29");
    expect(bad.text).toContain("2031-10-01~2031-10-07");

    const ok = await admin.post("/console/admin/calendar", {
      year: "2031",
      holidays,
      workdays: "2031-09-28\n2031-10-11",
    });
    expect(ok.status, ok.text).toBe(303);
    expect(ok.location).toBe("/console/admin/calendar?year=2031&ok=loaded");
    const cal = await api.get("/api/calendar", adminToken);
    const year = cal.body.loaded.find((y: { year: number }) => y.year === 2031);
    expect(year.holidays).toHaveLength(8);
    expect(year.workdays).toEqual(["2031-09-28", "2031-10-11"]);
    expect((await admin.get(ok.location as string)).text).toContain("2031 年");
  });

  it("shows the rule table and saves a change; a non-number is refused beside its field", async () => {
    const rules = (await api.get("/api/rules", adminToken)).body;
    const page = await admin.get("/console/admin/rules");
    expect(page.status).toBe(200);
    expect(page.text).toContain("公众反馈答复期限");
    const form: Record<string, string> = {
      "pdd.default": String(rules.publicationDeadlineDays.default),
      "pdd.0": String(rules.publicationDeadlineDays["行政许可"]),
      "pdd.1": String(rules.publicationDeadlineDays["行政处罚"]),
      withdrawalDeadlineDays: String(rules.withdrawalDeadlineDays),
      "publicity.minorPenaltyMonths": String(rules.publicity.minorPenaltyMonths),
      "publicity.minorFineBelowYuan": String(rules.publicity.minorFineBelowYuan),
      "publicity.penaltyMonths": String(rules.publicity.penaltyMonths),
      "publicity.otherMonths": String(rules.publicity.otherMonths),
      "majorFineYuan.natural": String(rules.majorFineYuan.natural),
      "majorFineYuan.individual": String(rules.majorFineYuan.individual),
      "majorFineYuan.legal": String(rules.majorFineYuan.legal),
      feedbackReplyDays: "10",
    };
    const bad = await admin.post("/console/admin/rules", { ...form, withdrawalDeadlineDays: "三天" });
    expect(bad.status, bad.text).toBe(422);
    expect(fieldError(bad.text, "f-withdrawalDeadlineDays")).toBeTruthy();
    expect(bad.text).toContain('value="三天"');
    const ok = await admin.post("/console/admin/rules", form);
    expect(ok.status, ok.text).toBe(303);
    const after = (await api.get("/api/rules", adminToken)).body;
    expect(after.feedbackReplyDays).toBe(10);
    expect(after.publicationDeadlineDays).toEqual(rules.publicationDeadlineDays);
  });
});
