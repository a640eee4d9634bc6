/**
 * The site's identity and its two standard pages in headless Chromium at 1280 px and 390 px, with
 * JavaScript disabled: the footer shows the configured 主办单位, 网站标识码 and 备案号 and links the
 * site map and the accessibility statement, nothing overflows the phone's width, and the favicon
 * the page names is an image. Screenshots are kept in tests/artifacts/.
 */
import fs from "node:fs";
import path from "node:path";
import { type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPlatform, type Platform } from "../support/platform.js";
import { launchChromium } from "../support/chromium.js";

const ARTIFACTS = path.resolve(import.meta.dirname, "../artifacts");
const WIDTHS = [1280, 390] as const;

let platform: Platform;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  platform = await startPlatform(
    ["gateway,accounts,duties,cases,results,notices,feed,feedback,requests,documents,tlog,reports"],
    {
      SITE_NAME: "舟山市行政执法公示平台",
      SITE_ORGANIZER: "舟山市司法局",
      SITE_CODE: "3309000001",
      SITE_ICP: "浙ICP备12345678号-1",
      SITE_PSB: "浙公网安备33090202000001号",
      SITE_CONTACT: "0580-1234567",
    },
  );
  browser = await launchChromium();
  const context = await browser.newContext({ javaScriptEnabled: false, locale: "zh-CN" });
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

describe.each(WIDTHS)("at %i px", (width) => {
  beforeAll(async () => {
    await page.setViewportSize({ width, height: 900 });
  });

  it.each([
    ["sitemap", "/sitemap", "网站地图"],
    ["accessibility", "/accessibility", "无障碍声明"],
  ])("shows the %s page with the site's identity in its footer, within the width", async (name, route, heading) => {
    const res = await page.goto(platform.baseUrl + route);
    expect(res?.status()).toBe(200);
    expect(await page.locator("h1").innerText()).toBe(heading);
    expect(await page.title()).toBe(`${heading} - 舟山市行政执法公示平台`);
    const footer = await page.locator("footer").innerText();
    for (const shown of ["主办单位：舟山市司法局", "联系方式：0580-1234567", "网站标识码：3309000001"])
      expect(footer).toContain(shown);
    await expect(page.getByRole("link", { name: "浙ICP备12345678号-1" }).count()).resolves.toBe(1);
    await expect(page.getByRole("link", { name: "浙公网安备33090202000001号" }).count()).resolves.toBe(1);
    // Nothing wider than the screen: no sideways scrolling on a phone.
    const overflow = await page.evaluate<number>("document.documentElement.scrollWidth - window.innerWidth");
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(ARTIFACTS, `site-${name}-${width}.png`), fullPage: true });
  });

  it("reaches both pages from the home page's footer through links", async () => {
    await page.goto(platform.baseUrl + "/");
    await page.locator("footer").getByRole("link", { name: "网站地图" }).click();
    await page.waitForURL(/\/sitemap$/);
    await page.locator("footer").getByRole("link", { name: "无障碍声明" }).click();
    await page.waitForURL(/\/accessibility$/);
  });
});

it("names a favicon that is an image the browser can draw", async () => {
  await page.goto(platform.baseUrl + "/");
  const href = await page.locator('link[rel="icon"]').getAttribute("href");
  expect(href).toBe("/favicon.svg");
  const res = await page.request.get(platform.baseUrl + href);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toBe("image/svg+xml");
  await page.goto(platform.baseUrl + href);
  const box = await page.locator("svg").boundingBox();
  expect(box?.width).toBeGreaterThan(0);
});
