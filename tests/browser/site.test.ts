/**
 * The site's identity and its two standard pages in headless Chromium at 1280 px and 390 px, with
 * JavaScript disabled: the footer shows the configured 主办单位, 网站标识码 and 备案号 and links the
 * site map and the accessibility statement, nothing overflows the phone's width, and the favicon
 * the page names is an image. Then the statistics (/stats, a body's) and the annual reports (the
 * register, a report) at 1280 px and 375 px: the SVG charts drawn and visible, their tables, no
 * sideways scrolling on the phone, no serious or critical axe-core violation. Screenshots are kept
 * in tests/artifacts/.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishNotice, setUpOffice, type Office } from "../support/flow.js";
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
    [
      "gateway,accounts,duties,cases,results,notices,feed,feedback,requests,documents,tlog,reports,subscriptions,inspections,imports",
    ],
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

describe("the statistics and the annual reports at 1280 px and 375 px", () => {
  const AXE = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
  const year = new Date().getFullYear() - 1;
  let office: Office;
  let reportId: string;
  const pages = () => [
    ["stats", "/stats"],
    ["body-stats", `/bodies/${office.bodyId}/stats`],
    ["reports", "/reports"],
    ["report", `/reports/${reportId}`],
  ];

  beforeAll(async () => {
    const { api } = platform;
    office = await setUpOffice(api, "舟山市综合行政执法局", "zs.stats");
    for (const decidedOn of [`${year}-11-20`, `${year + 1}-01-15`, `${year + 1}-03-02`]) {
      await publishNotice(api, office, { decidedOn });
    }
    const published = await api.post(`/api/reports/enforcement/${year}/publish`, {}, office.officer);
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    reportId = published.body.id;
  });

  describe.each([1280, 375] as const)("at %i px", (width) => {
    beforeAll(async () => {
      await page.setViewportSize({ width, height: 900 });
    });

    it("shows the statistics and the reports within the width, the charts drawn, the tables beside them", async () => {
      for (const [name, route] of pages()) {
        const res = await page.goto(platform.baseUrl + route);
        expect(res?.status(), route).toBe(200);
        const overflow = await page.evaluate<number>("document.documentElement.scrollWidth - window.innerWidth");
        expect(overflow, `${route} overflows by ${overflow}px`).toBeLessThanOrEqual(0);
        expect(await page.locator("table").count(), route).toBeGreaterThan(0);
        if (name.endsWith("stats")) {
          // One drawing of each chart shows: the wide one on a desktop, the narrow one on a phone.
          const shown = page.locator(`.chart-image--${width < 768 ? "narrow" : "wide"} svg[role="img"]`);
          expect(await shown.count(), route).toBeGreaterThanOrEqual(4);
          await expect(shown.first().isVisible()).resolves.toBe(true);
          const box = await shown.first().boundingBox();
          expect(box?.width, route).toBeGreaterThan(width < 768 ? 300 : 600);
          expect(
            await page
              .locator(`.chart-image--${width < 768 ? "wide" : "narrow"} svg`)
              .first()
              .isVisible(),
          ).toBe(false);
          expect(await page.locator(".chart table").count(), route).toBe(6);
          expect(await page.locator("script").count(), route).toBe(0);
        }
        await page.screenshot({ path: path.join(ARTIFACTS, `site-${name}-${width}.png`), fullPage: true });
      }
    });

    it("has no serious or critical accessibility violation on those pages", async () => {
      // axe is a script: a context of its own, with the pages' Content Security Policy bypassed for it.
      const context = await browser.newContext({ locale: "zh-CN", bypassCSP: true, viewport: { width, height: 900 } });
      const audited = await context.newPage();
      try {
        for (const [, route] of pages()) {
          await audited.goto(platform.baseUrl + route);
          await audited.addScriptTag({ content: AXE });
          const violations = await audited.evaluate<
            { id: string; impact: string | null; nodes: { target: unknown[] }[] }[]
          >(`axe.run(document, { resultTypes: ["violations"] }).then((result) => result.violations)`);
          const serious = violations
            .filter((v) => v.impact === "serious" || v.impact === "critical")
            .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(" ")}`);
          expect(serious, route).toEqual([]);
        }
      } finally {
        await context.close();
      }
    });
  });
});
