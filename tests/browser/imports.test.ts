/**
 * The console's 导入 page in real headless Chromium, JavaScript off: an officer uploads a historic
 * CF_ file as a dry run and then for real; the job page shows a progress bar (reloading itself
 * while the job runs), the counts by outcome and the link to the refused rows' report.
 */
import path from "node:path";
import fs from "node:fs";
import { type Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { launchChromium } from "../support/chromium.js";
import { setUpOffice } from "../support/flow.js";
import { csv, penaltyRow } from "../support/import-files.js";
import { startPlatform, type Platform } from "../support/platform.js";

const ARTIFACTS = path.resolve(import.meta.dirname, "../artifacts");

let platform: Platform;
let browser: Browser;

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  platform = await startPlatform();
  await setUpOffice(platform.api, "温州市市场监督管理局", "wz.imports");
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

it("uploads a file from the 导入 page and follows its progress to the report of refused rows", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: "zh-CN" });
  const page = await context.newPage();
  await page.goto(platform.baseUrl + "/console");
  await page.getByLabel("用户名").fill("wz.imports");
  await page.getByLabel("密码").fill("pass-word-1");
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL(/\/console$/);

  await page.getByRole("link", { name: "导入" }).first().click();
  await page.waitForURL(/\/console\/imports$/);
  const file = {
    name: "历史处罚.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(
      csv([penaltyRow("温市监罚〔2026〕1号"), penaltyRow("温市监罚〔2026〕2号", { CF_JDRQ: "不详" })]),
    ),
  };

  await page.getByLabel("文件").setInputFiles(file);
  await page.getByLabel(/试导入/).check();
  await page.getByRole("button", { name: "上传并导入" }).click();
  await page.waitForURL(/\/console\/imports\/[0-9a-f-]+$/);
  await expect.poll(() => page.locator("main").innerText(), { timeout: 30_000 }).toContain("已完成");
  expect(await page.locator("main").innerText()).toContain("将导入");

  await page.goto(platform.baseUrl + "/console/imports");
  await page.getByLabel("文件").setInputFiles(file);
  await page.getByRole("button", { name: "上传并导入" }).click();
  await page.waitForURL(/\/console\/imports\/[0-9a-f-]+$/);
  const progress = page.locator("progress#import-progress");
  await expect.poll(() => progress.getAttribute("max")).toBe("2");
  // The page reloads itself (meta refresh) until the job and its notices are done.
  await expect
    .poll(
      async () =>
        (await page.locator("main").innerText()).includes("已完成") &&
        !(await page.locator("meta[http-equiv=refresh]").count()),
      {
        timeout: 60_000,
      },
    )
    .toBe(true);
  expect(await progress.getAttribute("value")).toBe("2");
  const text = await page.locator("main").innerText();
  expect(text).toContain("已导入");
  expect(text).toContain("未导入");
  expect(text).toContain("历史处罚.csv");
  await page.screenshot({ path: path.join(ARTIFACTS, "console-imports.png"), fullPage: true });

  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: /未导入行的清单/ }).click();
  const report = await (await download).createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of report) chunks.push(chunk as Buffer);
  const csvText = Buffer.concat(chunks).toString("utf8");
  expect(csvText).toContain("温市监罚〔2026〕2号");
  expect(csvText).toContain("处罚决定日期（CF_JDRQ）：不是有效日期");
  await context.close();
});
