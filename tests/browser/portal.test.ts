/**
 * The public portal in real headless Chromium (Debian's chromium, driven by playwright-core):
 * open the home page, search, open a notice, download its PDF, verify it by code and by upload,
 * send feedback (a correction with evidence files), with JavaScript disabled, as a citizen would.
 * Screenshots are kept in tests/artifacts/.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EVIDENCE, sha256 } from "../support/evidence.js";
import { publishNotice, setUpOffice, type Office, type Published } from "../support/flow.js";
import { startPlatform, type Platform } from "../support/platform.js";
import { launchChromium } from "../support/chromium.js";

const ARTIFACTS = path.resolve(import.meta.dirname, "../artifacts");

let platform: Platform;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let notice: Published;
let office: Office;

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  platform = await startPlatform([
    "gateway,feed",
    "accounts,duties,cases,results,notices,feedback,requests,documents,tlog,reports,subscriptions,inspections,imports",
  ]);
  office = await setUpOffice(platform.api, "舟山市民政局", "zs.officer");
  notice = await publishNotice(platform.api, office, {
    partyName: "舟山海天殡葬用品商店",
    facts: "当事人在殡葬用品经营中搭售祭祀用品，<script>alert('x')</script>扰乱市场秩序。",
  });
  browser = await launchChromium();
  context = await browser.newContext({ javaScriptEnabled: false, locale: "zh-CN", acceptDownloads: true });
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

async function shot(name: string) {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

describe("the public portal", () => {
  it("lists the latest notices on the home page", async () => {
    const res = await page.goto(platform.baseUrl + "/");
    expect(res?.status()).toBe(200);
    expect(await page.getAttribute("html", "lang")).toBe("zh-CN");
    await expect(page.locator("main")).toBeDefined();
    expect(await page.locator("main").innerText()).toContain("舟山海天殡葬用品商店");
    await shot("home");
  });

  it("searches by a 2-character word from the header form and opens the notice", async () => {
    await page.goto(platform.baseUrl + "/");
    await page
      .getByLabel(/检索|搜索|关键词/)
      .first()
      .fill("搭售");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/search\?/);
    expect(await page.locator("main").innerText()).toContain("舟山海天殡葬用品商店");
    await shot("search");
    await page.locator(`a[href="/notices/${notice.noticeId}"]`).first().click();
    await page.waitForURL(new RegExp(`/notices/${notice.noticeId}$`));
    const text = await page.locator("main").innerText();
    expect(text).toContain(notice.decisionNo);
    expect(text).toContain(notice.verifyCode);
    // user input is shown as text, never run
    expect(text).toContain("<script>alert('x')</script>");
    expect(await page.locator("script").count()).toBe(0);
    await shot("notice");
  });

  it("downloads the signed PDF from the notice page", async () => {
    await page.goto(`${platform.baseUrl}/notices/${notice.noticeId}`);
    const href = await page.locator('a[href$="/pdf"]').first().getAttribute("href");
    expect(href).toBeTruthy();
    const res = await page.request.get(new URL(href as string, platform.baseUrl).toString());
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toContain("application/pdf");
    const bytes = await res.body();
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(notice.sha256);
    fs.writeFileSync(path.join(ARTIFACTS, "notice.pdf"), bytes);
  });

  it("verifies the notice by its code and by uploading the PDF", async () => {
    await page.goto(platform.baseUrl + "/verify");
    await page.locator('input[name="code"]').fill(notice.verifyCode.toLowerCase());
    await page.locator('form[method="get"] [type="submit"], form:not([method]) [type="submit"]').first().click();
    await page.waitForLoadState();
    expect(await page.locator("main").innerText()).toMatch(/有效|已公示/);
    await shot("verify-code");

    await page.goto(platform.baseUrl + "/verify");
    await page.locator('input[type="file"][name="file"]').setInputFiles(path.join(ARTIFACTS, "notice.pdf"));
    await page.locator('form[enctype="multipart/form-data"] [type="submit"]').click();
    await page.waitForLoadState();
    expect(await page.locator("main").innerText()).toMatch(/有效|已公示/);
    await shot("verify-upload");
  });

  it("sends feedback from the notice page, tracks it, and sees the public reply", async () => {
    await page.goto(`${platform.baseUrl}/notices/${notice.noticeId}`);
    // Every form's honeypot (the feedback form's, the subscribe box's) is out of sight.
    for (const honeypot of await page.locator('input[name="website"]').all())
      expect(await honeypot.isVisible()).toBe(false);
    expect(await page.locator('form.feedback-form input[name="website"]').count()).toBe(1);
    await page.getByLabel("反馈类型").selectOption("correction");
    await page.getByLabel(/反馈内容/).fill("公示中的当事人名称少了“商店”二字，请核实。");
    await page.getByLabel(/联系方式/).fill("市民 13900001111");
    await page.getByRole("button", { name: "提交反馈" }).click();
    await page.waitForURL(/\/feedback\/[0-9A-Z-]+\?submitted=1$/);
    const code = (await page.locator("code.code").first().innerText()).trim();
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(await page.locator("main").innerText()).toContain("已收到");
    await shot("feedback-submitted");

    const list = await platform.api.get("/api/feedback", office.officer);
    const item = list.body.items.find((f: { trackingCode: string }) => f.trackingCode === code);
    const replied = await platform.api.post(
      `/api/feedback/${item.id}/reply`,
      { reply: "经核实名称无误，感谢监督。", public: true },
      office.officer,
    );
    expect(replied.status).toBe(200);

    await page.goto(`${platform.baseUrl}/feedback/${code}`);
    expect(await page.locator("main").innerText()).toContain("经核实名称无误，感谢监督。");
    await page.goto(`${platform.baseUrl}/notices/${notice.noticeId}`);
    const text = await page.locator("main").innerText();
    expect(text).toContain("经核实名称无误，感谢监督。");
    expect(text).not.toContain("13900001111");
    await shot("notice-with-reply");
  });

  it("keeps the input and shows the error beside the field when the form is incomplete", async () => {
    await page.goto(`${platform.baseUrl}/feedback?targetType=body&targetId=${office.bodyId}`);
    await page.getByLabel(/联系方式/).fill("留个联系方式");
    await page.getByLabel(/反馈内容/).fill("短");
    await page.getByRole("button", { name: "提交反馈" }).click();
    await page.waitForLoadState();
    expect(await page.locator("#fb-content-error").innerText()).toContain("反馈内容");
    expect(await page.getByLabel(/联系方式/).inputValue()).toBe("留个联系方式");
  });

  it("attaches evidence files to a correction on a notice; a file of another type comes back beside the field", async () => {
    await page.goto(`${platform.baseUrl}/notices/${notice.noticeId}`);
    await page.getByLabel("反馈类型").selectOption("correction");
    await page.getByLabel(/反馈内容/).fill("处罚内容与送达的决定书不一致，附扫描件和照片。");
    await page.getByLabel("有误的公示项").selectOption("penaltyContent");
    await page.getByLabel("正确内容").fill("罚款人民币三千元。");
    const files = page.getByLabel(/证明材料文件/);
    await files.setInputFiles([{ name: "说明.pdf", mimeType: "application/pdf", buffer: Buffer.from("只是文本") }]);
    await page.getByRole("button", { name: "提交反馈" }).click();
    await page.waitForLoadState();
    expect(await page.locator("#fb-correctionFiles-error").innerText()).toContain("不是 PDF、JPEG 或 PNG 文件");
    expect(await page.getByLabel("正确内容").inputValue()).toBe("罚款人民币三千元。");

    await page.getByLabel(/证明材料文件/).setInputFiles([
      { name: "决定书扫描件.pdf", mimeType: "application/pdf", buffer: EVIDENCE.pdf },
      { name: "现场照片.png", mimeType: "image/png", buffer: EVIDENCE.png },
    ]);
    await page.getByRole("button", { name: "提交反馈" }).click();
    await page.waitForURL(/\/feedback\/[0-9A-Z-]+\?submitted=1$/);
    const code = (await page.locator("code.code").first().innerText()).trim();
    expect(await page.locator("main").innerText()).not.toContain("决定书扫描件");
    await shot("feedback-evidence-submitted");
    const list = await platform.api.get("/api/feedback?category=correction", office.officer);
    const item = list.body.items.find((f: { trackingCode: string }) => f.trackingCode === code);
    expect(
      item.evidenceFiles.map((e: { name: string; type: string; sha256: string }) => [e.name, e.type, e.sha256]),
    ).toEqual([
      ["决定书扫描件.pdf", "application/pdf", sha256(EVIDENCE.pdf)],
      ["现场照片.png", "image/png", sha256(EVIDENCE.png)],
    ]);
  });

  it("answers an unknown notice with a 404 page and serves its stylesheet", async () => {
    const res = await page.goto(`${platform.baseUrl}/notices/01a218bd-ee1b-7000-968e-f431a7adefef`);
    expect(res?.status()).toBe(404);
    const css = await page.request.get(`${platform.baseUrl}/assets/portal.css`);
    expect(css.headers()["content-type"]).toContain("text/css");
  });
});
