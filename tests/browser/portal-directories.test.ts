/**
 * The 事前公开 directories and the search page in real headless Chromium at 1280 px and 390 px:
 * each page opens from the home page's links, shows its total, and stays readable — the header's
 * search form on one line on a desktop, no table cell squeezed narrower than two characters on a
 * phone (a wide table scrolls instead). Screenshots are kept in tests/artifacts/.
 */
import fs from "node:fs";
import path from "node:path";
import { type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishNotice, setUpOffice } from "../support/flow.js";
import { startPlatform, type Platform } from "../support/platform.js";
import { launchChromium } from "../support/chromium.js";

const ARTIFACTS = path.resolve(import.meta.dirname, "../artifacts");
const WIDTHS = [1280, 390] as const;

let platform: Platform;
let browser: Browser;

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  platform = await startPlatform([
    "gateway,feed",
    "accounts,duties,cases,results,notices,feedback,requests,documents,tlog,reports,subscriptions,inspections,imports",
  ]);
  const office = await setUpOffice(platform.api, "台州市椒江区综合行政执法局", "jj.officer");
  await publishNotice(platform.api, office, { partyName: "台州椒江海鲜排档" });
  // More officers than the body's page lists (20): 23 in all.
  for (let i = 1; i <= 21; i++) {
    const res = await platform.api.post(
      "/api/officers",
      { bodyId: office.bodyId, name: "丁执法员", certificateNo: `jj.roster-4-${i}`, fields: ["综合执法"] },
      office.admin,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

async function open(width: number, pathAndQuery: string): Promise<Page> {
  const context = await browser.newContext({
    javaScriptEnabled: false,
    locale: "zh-CN",
    viewport: { width, height: 900 },
  });
  const page = await context.newPage();
  const res = await page.goto(platform.baseUrl + pathAndQuery);
  expect(res?.status(), pathAndQuery).toBe(200);
  return page;
}

/**
 * The narrowest table cell, in units of the cell's own font size (one CJK character ≈ 1). Run in
 * the page, so written as a string (the tests are typed without the DOM library).
 */
const NARROWEST_CELL = `(() => {
  let min = Infinity;
  for (const cell of document.querySelectorAll("main th, main td")) {
    const style = getComputedStyle(cell);
    const inner = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    min = Math.min(min, inner / parseFloat(style.fontSize));
  }
  return min;
})()`;

/** How far the page is wider than the window (a table scrolls inside its own box instead). */
const OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth";

/** The vertical middles of the header search form's label, box and button. */
const SEARCH_ROW = `Array.from(document.querySelector(".site-search").children).map((c) => {
  const r = c.getBoundingClientRect();
  return r.top + r.height / 2;
})`;

const PAGES = [
  ["bodies", "/bodies", "执法主体"],
  ["powers", "/powers", "权责清单"],
  ["officers", "/officers", "执法人员"],
  ["search", `/search?q=${encodeURIComponent("海鲜排档")}`, "检索公示"],
  ["body", "", "台州市椒江区综合行政执法局"],
] as const;

describe.each(WIDTHS)("at %i px", (width) => {
  it.each(PAGES)("%s shows its total and keeps every table cell readable", async (name, target, heading) => {
    let where: string = target;
    if (name === "body") {
      const bodies = await platform.api.get("/api/public/bodies");
      where = `/bodies/${bodies.body.items[0].id}`;
    }
    const page = await open(width, where);
    expect(await page.locator("h1").innerText()).toContain(heading);
    if (name !== "body") expect(await page.locator("main").innerText()).toMatch(/共 \d+\+? 条/);
    // A body's page says how many officers it has, not how many it lists, and links them all.
    else expect(await page.locator("main").innerText()).toContain("执法人员名单（共 23 人，列出前 20 人）");
    if ((await page.locator("main table").count()) > 0)
      expect(await page.evaluate<number>(NARROWEST_CELL)).toBeGreaterThanOrEqual(2);
    // Nothing but a table's own scroller may be wider than the screen.
    expect(await page.evaluate<number>(OVERFLOW)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(ARTIFACTS, `directories-${name}-${width}.png`), fullPage: true });
    await page.context().close();
  });
});

describe("the header and the home page", () => {
  it("keeps the header search form on one line at 1280 px", async () => {
    const page = await open(1280, "/");
    const boxes = await page.evaluate<number[]>(SEARCH_ROW);
    expect(boxes).toHaveLength(3);
    expect(Math.max(...boxes) - Math.min(...boxes)).toBeLessThan(4);
    await page.context().close();
  });

  it("links the directories from the home page, and a directory filters by keyword", async () => {
    const page = await open(390, "/");
    await page.locator('main a[href="/officers"]').click();
    await page.waitForURL(/\/officers$/);
    await page.getByLabel("姓名或执法证号").fill("甲执法员");
    await page.getByRole("button", { name: "查询" }).click();
    await page.waitForURL(/\/officers\?/);
    const text = await page.locator("main").innerText();
    expect(text).toMatch(/共 1 条/);
    expect(text).toContain("台州市椒江区综合行政执法局");
    await page.context().close();
  });

  it("leads from a body's page to all of its officers", async () => {
    const bodies = await platform.api.get("/api/public/bodies");
    const page = await open(390, `/bodies/${bodies.body.items[0].id}`);
    await page.getByRole("link", { name: "查看全部 23 条执法人员" }).click();
    await page.waitForURL(/\/officers\?bodyId=/);
    expect(await page.locator("main").innerText()).toMatch(/共 23 条/);
    await page.context().close();
  });

  it("answers /notices/abc with the 404 page", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const res = await (await context.newPage()).goto(platform.baseUrl + "/notices/abc");
    expect(res?.status()).toBe(404);
    await context.close();
  });
});
