/**
 * 依申请公开 in real headless Chromium with JavaScript off: a citizen fills the request form from a
 * body's page (an invalid ID number comes back beside its field, the input kept), gets the
 * confirmation with the tracking code, finds the request again from the lookup form; an officer
 * sees it in the console's queue (applicant masked), confirms receipt and asks for a 补正, which
 * the citizen sends from the tracking page. Screenshots at 1280 and 390 px in tests/artifacts/.
 */
import fs from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WorkingCalendar } from "../../shared/calendar.js";
import { chinaToday } from "../../shared/dates.js";
import { residentIdCheckChar } from "../../shared/redaction.js";
import { launchChromium } from "../support/chromium.js";
import { setUpOffice, type Office } from "../support/flow.js";
import { startPlatform, type Platform } from "../support/platform.js";

const ARTIFACTS = path.resolve(import.meta.dirname, "../artifacts");
const WIDTHS = [1280, 390] as const;
const ID_NUMBER = (() => {
  const first17 = "33010219880315241";
  return first17 + residentIdCheckChar(first17);
})();
const NAME = "钱塘江";

let platform: Platform;
let browser: Browser;
let office: Office;
let citizen: { context: BrowserContext; page: Page };
let trackingCode = "";

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  platform = await startPlatform([
    "gateway,feed",
    "accounts,duties,cases,results,notices,feedback,requests,documents,tlog,reports,subscriptions,inspections,imports",
  ]);
  office = await setUpOffice(platform.api, "嘉兴市人民政府办公室", "jx.officer");
  browser = await launchChromium();
  const context = await browser.newContext({ javaScriptEnabled: false, locale: "zh-CN" });
  citizen = { context, page: await context.newPage() };
});

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

/** Screenshots of the page as it stands at each width. */
async function shots(page: Page, name: string) {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: path.join(ARTIFACTS, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe("a citizen's request", () => {
  it("is filled from the body's page; a wrong ID number comes back beside its field", async () => {
    const { page } = citizen;
    await page.goto(`${platform.baseUrl}/bodies/${office.bodyId}`);
    await page.getByRole("link", { name: "向本机关申请政府信息公开" }).click();
    await page.waitForURL(/\/requests\/new\?bodyId=/);
    expect(await page.getByLabel(/受理机关/).inputValue()).toBe(office.bodyId);
    await shots(page, "request-form");

    await page.getByLabel(/申请人类别/).selectOption("natural_person");
    await page.getByLabel(/姓名或名称/).fill(NAME);
    await page.getByLabel("证件类型").selectOption("resident_id");
    await page.getByLabel("证件号码").fill("330102198803152410");
    await page.getByLabel("联系电话").fill("13900002222");
    await page.getByLabel(/所需政府信息的描述/).fill("请公开嘉兴市2026年河道整治工程的招标文件和中标结果。");
    await page.getByRole("button", { name: "提交申请" }).click();
    await page.waitForLoadState();
    expect(await page.locator("#rq-idNumber-error").innerText()).toContain("身份证号码无效");
    expect(await page.getByLabel("证件号码").getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByLabel(/姓名或名称/).inputValue()).toBe(NAME);
    await shots(page, "request-form-errors");

    await page.getByLabel("证件号码").fill(ID_NUMBER);
    await page.getByRole("button", { name: "提交申请" }).click();
    await page.waitForURL(/\/requests\/[0-9A-Z-]+\?submitted=1$/);
    trackingCode = (await page.locator("code.code").first().innerText()).trim();
    expect(trackingCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const text = await page.locator("main").innerText();
    expect(text).toContain("申请已提交");
    expect(text).toContain("确认收到之日");
    expect(text).not.toContain(NAME);
    expect(text).not.toContain(ID_NUMBER);
    await shots(page, "request-submitted");
  });

  it("is found again from the lookup form", async () => {
    const { page } = citizen;
    await page.goto(`${platform.baseUrl}/`);
    await page.getByRole("link", { name: "办理进度查询" }).click();
    await page.getByLabel("查询码").fill(trackingCode.toLowerCase());
    await page.getByRole("button", { name: "查询" }).click();
    await page.waitForURL(new RegExp(`/requests/${trackingCode}$`));
    expect(await page.locator("main").innerText()).toContain("待确认收到");
    await shots(page, "request-tracking");
  });
});

describe("the officer's queue and the citizen's 补正", () => {
  it("shows the request masked in the queue; the officer confirms it and asks for a 补正", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: "zh-CN" });
    const page = await context.newPage();
    await page.goto(platform.baseUrl + "/console/login");
    await page.getByLabel("用户名").fill("jx.officer");
    await page.getByLabel("密码").fill("pass-word-1");
    await page.getByRole("button", { name: "登录" }).click();
    await page.waitForURL(/\/console$/);
    await page.getByRole("navigation", { name: "工作台导航" }).getByRole("link", { name: "依申请公开" }).click();
    await page.waitForURL(/\/console\/requests$/);
    const queue = await page.locator("main").innerText();
    expect(queue).toContain(trackingCode);
    expect(queue).toContain("钱**");
    expect(queue).not.toContain(ID_NUMBER);
    await shots(page, "console-requests-queue");

    await page.getByRole("link", { name: trackingCode }).click();
    await page.getByRole("button", { name: "确认收到" }).click();
    await page.waitForURL(/\?ok=confirm$/);
    expect(await page.locator(".flash").innerText()).toContain("已确认收到申请");
    const dueOn = WorkingCalendar.official().workingDaysAfter(chinaToday(), 10).date;
    await page.getByLabel(/需要补正的事项/).fill("请写明所需招标文件的项目名称或编号。");
    await page.getByLabel(/补正期限/).fill(dueOn);
    await page.getByRole("button", { name: "告知补正" }).click();
    await page.waitForURL(/\?ok=correction$/);
    await shots(page, "console-request-item");
    await context.close();
  });

  it("lets the citizen send the 补正 from the tracking page", async () => {
    const { page } = citizen;
    await page.goto(`${platform.baseUrl}/requests/${trackingCode}`);
    expect(await page.locator("main").innerText()).toContain("请写明所需招标文件的项目名称或编号。");
    await page.getByLabel("补正内容").fill("项目名称：嘉兴市2026年河道整治工程（一期）。");
    await page.getByRole("button", { name: "提交补正" }).click();
    await page.waitForURL(/\?corrected=1$/);
    const text = await page.locator("main").innerText();
    expect(text).toContain("补正已提交");
    expect(text).toContain("剩余 20 个工作日");
    await shots(page, "request-corrected");
  });
});
