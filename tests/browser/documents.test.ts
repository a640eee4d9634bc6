/**
 * 规范性文件 and 预公开 on the portal in real headless Chromium at 1280 px and 390 px: the register
 * filtered by body, status and year and searched from its form; a document's page with its text,
 * dated status history and 解读 beside the text (below it on a phone), a 失效 and a 废止 document
 * under their banners with the old text still readable; the consultations with the open ones first
 * and their days left; an open consultation's comment form sent with JavaScript off to the
 * confirmation; a closed one without a form and with its adoption report. Every page: no horizontal
 * overflow on a phone, no serious or critical axe-core violation. Screenshots in tests/artifacts/.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import pg from "pg";
import { type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chinaToday } from "../../shared/dates.js";
import { addDays } from "../../shared/documents/days.js";
import { launchChromium } from "../support/chromium.js";
import { setUpOffice, type Office } from "../support/flow.js";
import { startPlatform, type Platform } from "../support/platform.js";

const ARTIFACTS = path.resolve(import.meta.dirname, "../artifacts");
const AXE = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const WIDTHS = [1280, 390] as const;
const today = chinaToday();
const year = today.slice(0, 4);
const CONTACT = "chenqi-browser@example.com";

let platform: Platform;
let browser: Browser;
let office: Office;
let other: Office;
/** The documents and consultations the pages show. */
const ids = {
  valid: "",
  lapsed: "",
  repealed: "",
  foreign: "",
  open: "",
  later: "",
  closed: "",
};

async function ok<T extends { status: number; body: { id?: string } }>(res: Promise<T>, status = 200): Promise<T> {
  const done = await res;
  expect(done.status, JSON.stringify(done.body)).toBe(status);
  return done;
}

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  platform = await startPlatform(
    [
      "gateway,feed",
      "accounts,duties,cases,results,notices,feedback,requests,documents,tlog,reports,subscriptions,inspections,imports",
    ],
    {
      COMMENT_RATE_LIMIT: "50/600",
    },
  );
  const { api } = platform;
  office = await setUpOffice(api, "温州市民政局", "wz.docs");
  other = await setUpOffice(api, "丽水市民政局", "ls.docs");
  const document = (docNumber: string, title: string, extra: Record<string, unknown> = {}) => ({
    title,
    docNumber,
    signedOn: today,
    text: `各县（市、区）民政局：\n${title}的正文。为规范养老服务，现通知如下。`,
    legalBasis: "《养老机构管理办法》",
    ...extra,
  });

  // In force, with its 解读 (同步).
  ids.valid = (
    await ok(
      api.post("/api/documents", document(`温民发〔${year}〕1号`, "关于规范养老服务的通知"), office.officer),
      201,
    )
  ).body.id as string;
  await ok(
    api.post(
      `/api/documents/${ids.valid}/interpretation`,
      {
        text: "一、制定背景：为规范养老服务。",
        qa: [{ question: "谁可以申请养老服务补贴？", answer: "本市户籍的老年人。" }],
        draftingUnit: "养老服务处",
        interpreter: "陈处长",
      },
      office.officer,
    ),
  );
  await ok(api.post(`/api/documents/${ids.valid}/publish`, {}, office.officer));
  // Lapsed (失效) the day after its validity ended, in 2025.
  ids.lapsed = (
    await ok(
      api.post(
        "/api/documents",
        document("温民发〔2024〕2号", "关于养老机构等级评定的通知", {
          policy: false,
          signedOn: "2024-01-02",
          publishedOn: "2024-01-05",
          effectiveFrom: "2024-01-05",
          validUntil: "2025-01-04",
        }),
        office.officer,
      ),
      201,
    )
  ).body.id as string;
  await ok(api.post(`/api/documents/${ids.lapsed}/publish`, {}, office.officer));
  // Repealed (废止) today, with its reason.
  ids.repealed = (
    await ok(
      api.post(
        "/api/documents",
        document(`温民发〔${year}〕3号`, "关于殡葬服务收费的通知", { policy: false }),
        office.officer,
      ),
      201,
    )
  ).body.id as string;
  await ok(api.post(`/api/documents/${ids.repealed}/publish`, {}, office.officer));
  await ok(
    api.post(`/api/documents/${ids.repealed}/repeal`, { on: today, reason: "已被新的收费标准替代" }, office.officer),
  );
  // Another body's, in force.
  ids.foreign = (
    await ok(
      api.post(
        "/api/documents",
        document(`丽民发〔${year}〕1号`, "关于社区养老的通知", { policy: false }),
        other.officer,
      ),
      201,
    )
  ).body.id as string;
  await ok(api.post(`/api/documents/${ids.foreign}/publish`, {}, other.officer));

  const consultation = (title: string, extra: Record<string, unknown> = {}) => ({
    title,
    kind: "rule",
    draftText: "第一条 为了规范养老服务，制定本办法。",
    explanation: "起草说明：为落实上位法的要求。",
    basis: "《规章制定程序条例》",
    opensOn: today,
    closesOn: addDays(today, 40),
    ...extra,
  });
  ids.closed = (
    await ok(
      api.post("/api/consultations", consultation("《温州市殡葬管理办法（草案）》公开征求意见"), office.officer),
      201,
    )
  ).body.id as string;
  const comment = await ok(
    api.post(`/api/public/consultations/${ids.closed}/comments`, {
      content: "建议公墓价格实行备案。",
      contact: CONTACT,
    }),
    201,
  );
  await ok(
    api.post(
      `/api/consultations/${ids.closed}/comments/${comment.body.id}/moderation`,
      { decision: "publish" },
      office.officer,
    ),
  );
  ids.open = (
    await ok(
      api.post("/api/consultations", consultation("《温州市养老服务办法（草案）》公开征求意见"), office.officer),
      201,
    )
  ).body.id as string;
  ids.later = (
    await ok(
      api.post(
        "/api/consultations",
        consultation("《温州市居家养老办法（草案）》公开征求意见", {
          opensOn: addDays(today, 5),
          closesOn: addDays(today, 60),
        }),
        office.officer,
      ),
      201,
    )
  ).body.id as string;
  // The first one's window ends, as time would; its adoption report follows.
  const db = new pg.Client({ connectionString: platform.db.url });
  await db.connect();
  try {
    await db.query(`update documents.consultations set opens_on = $2, closes_on = $3 where id = $1`, [
      ids.closed,
      addDays(today, -45),
      addDays(today, -10),
    ]);
  } finally {
    await db.end();
  }
  await ok(
    api.post(
      `/api/consultations/${ids.closed}/adoption`,
      { received: 3, adopted: 1, notAdopted: [{ reason: "超出本办法调整范围", count: 2 }], summary: "已逐条研究。" },
      office.officer,
    ),
  );
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** How far the page is wider than the window (a table scrolls inside its own box instead). */
const OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth";

/** A page as a citizen sees it, JavaScript off, at a width. */
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
 * The checks every page gets at a width: no horizontal overflow, no serious or critical axe
 * violation (in a second page with scripts on and the CSP bypassed, for axe's own script), a screenshot.
 */
async function checkPage(page: Page, width: number, name: string): Promise<void> {
  expect(await page.evaluate<number>(OVERFLOW), `${name} overflows at ${width} px`).toBeLessThanOrEqual(0);
  await page.screenshot({ path: path.join(ARTIFACTS, `documents-${name}-${width}.png`), fullPage: true });
  const context = await browser.newContext({ locale: "zh-CN", bypassCSP: true, viewport: { width, height: 900 } });
  const audited = await context.newPage();
  await audited.goto(page.url());
  await audited.addScriptTag({ content: AXE });
  const violations = await audited.evaluate<Violation[]>(
    `axe.run(document, { resultTypes: ["violations"] }).then((result) => result.violations)`,
  );
  const serious = violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id} (${v.help}): ${v.nodes.map((n) => JSON.stringify(n.target)).join(" ")}`);
  expect(serious, `${name} at ${width} px`).toEqual([]);
  await context.close();
}

const main = (page: Page) => page.locator("main").innerText();

describe.each(WIDTHS)("at %i px", (width) => {
  it("/documents lists the register with its total, filtered by body, status and year, and searched", async () => {
    const page = await open(width, "/documents");
    expect(await page.locator("h1").innerText()).toContain("行政规范性文件");
    const all = await main(page);
    expect(all).toMatch(/共 4 条/);
    for (const title of [
      "关于规范养老服务的通知",
      "关于养老机构等级评定的通知",
      "关于殡葬服务收费的通知",
      "关于社区养老的通知",
    ])
      expect(all).toContain(title);
    await checkPage(page, width, "register");

    await page.getByLabel("制定机关").selectOption({ label: "温州市民政局" });
    await page.getByLabel("效力状态").selectOption("expired");
    await page.getByLabel("发布年份").selectOption("2024");
    await page.getByRole("button", { name: "查询" }).click();
    await page.waitForURL(/\/documents\?/);
    const url = new URL(page.url());
    expect(url.searchParams.get("bodyId")).toBe(office.bodyId);
    expect(url.searchParams.get("status")).toBe("expired");
    expect(url.searchParams.get("year")).toBe("2024");
    const filtered = await main(page);
    expect(filtered).toMatch(/共 1 条/);
    expect(filtered).toContain("关于养老机构等级评定的通知");
    expect(filtered).toContain("失效");
    expect(filtered).not.toContain("关于规范养老服务的通知");
    await checkPage(page, width, "register-filtered");

    await page.getByRole("link", { name: "清除条件" }).click();
    await page.waitForURL(/\/documents$/);
    await page.getByLabel("标题、文号、登记号或正文").fill("殡葬服务");
    await page.getByRole("button", { name: "查询" }).click();
    await page.waitForURL(/\/documents\?/);
    const searched = await main(page);
    expect(searched).toMatch(/共 1 条/);
    expect(searched).toContain("关于殡葬服务收费的通知");
    expect(searched).toContain("废止");

    await page.goto(`${platform.baseUrl}/documents?bodyId=${other.bodyId}`);
    const foreign = await main(page);
    expect(foreign).toMatch(/共 1 条/);
    expect(foreign).toContain("关于社区养老的通知");
    await page.goto(`${platform.baseUrl}/documents?q=${encodeURIComponent("没有这样的文件")}`);
    expect(await main(page)).toContain("未找到符合条件的规范性文件");
    await checkPage(page, width, "register-empty");
    await page.context().close();
  });

  it("/documents/:id shows the text, the dated status history and the 解读 beside the text", async () => {
    const page = await open(width, "/documents");
    await page.getByRole("link", { name: "关于规范养老服务的通知" }).click();
    await page.waitForURL(new RegExp(`/documents/${ids.valid}$`));
    expect(await page.locator("h1").innerText()).toBe("关于规范养老服务的通知");
    // In force from 30 days after publication: a plain note says so, not a warning.
    expect(await page.locator(".banner--valid").innerText()).toContain("尚未施行");
    expect(await page.locator(".banner--expired").count()).toBe(0);
    expect(await page.locator("#text").innerText()).toContain("为规范养老服务，现通知如下。");
    // The period's basis in words, not the stored code.
    const info = await page.locator("#info").innerText();
    expect(info).toContain("（未规定有效期，按 5 年计）");
    expect(info).not.toMatch(/default|provisional|explicit/);
    const history = await page.locator("#history").innerText();
    expect(history).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/);
    const interpretation = await page.locator("#interpretation").innerText();
    expect(interpretation).toContain("谁可以申请养老服务补贴？");
    expect(interpretation).toContain("养老服务处");
    expect(interpretation).toContain("同步解读");
    const text = await page.locator("#text").boundingBox();
    const beside = await page.locator("#interpretation").boundingBox();
    expect(text && beside).toBeTruthy();
    if (text && beside) {
      if (width >= 1024) {
        // Side by side on a desktop: to the right, starting at the same height.
        expect(beside.x).toBeGreaterThanOrEqual(text.x + text.width);
        expect(Math.abs(beside.y - text.y)).toBeLessThan(2);
      } else {
        // One column on a phone: the 解读 follows the text.
        expect(beside.y).toBeGreaterThanOrEqual(text.y + text.height);
      }
    }
    await checkPage(page, width, "document");
    await page.context().close();
  });

  it("shows a 失效 and a 废止 document under their banners, the old text still readable", async () => {
    const lapsed = await open(width, `/documents/${ids.lapsed}`);
    const banner = lapsed.locator(".banner");
    expect(await banner.locator(".banner__title").innerText()).toBe("失效");
    expect(await banner.getAttribute("role")).toBe("note");
    expect(await lapsed.locator("#history").innerText()).toContain("2025年1月5日");
    expect(await lapsed.locator("#text").innerText()).toContain("为规范养老服务，现通知如下。");
    await checkPage(lapsed, width, "document-lapsed");
    await lapsed.context().close();

    const repealed = await open(width, `/documents/${ids.repealed}`);
    expect(await repealed.locator(".banner .banner__title").innerText()).toBe("废止");
    const text = await main(repealed);
    expect(text).toContain("已被新的收费标准替代");
    expect(await repealed.locator("#history").innerText()).toContain("已被新的收费标准替代");
    expect(await repealed.locator("#text").innerText()).toContain("为规范养老服务，现通知如下。");
    await checkPage(repealed, width, "document-repealed");
    await repealed.context().close();
  });

  it("/consultations lists the open ones first with the days left", async () => {
    const page = await open(width, "/consultations");
    const sections = await page.locator("main section").evaluateAll((s) => s.map((e) => e.id));
    expect(sections.indexOf("open")).toBeLessThan(sections.indexOf("closed"));
    const openList = await page.locator("#open").innerText();
    expect(openList).toContain("《温州市养老服务办法（草案）》公开征求意见");
    expect(openList).toMatch(/还剩 40 日/);
    expect(openList).toContain("《温州市居家养老办法（草案）》公开征求意见");
    expect(openList).toContain("尚未开始");
    const closedList = await page.locator("#closed").innerText();
    expect(closedList).toContain("《温州市殡葬管理办法（草案）》公开征求意见");
    expect(closedList).toContain("已公布");
    expect(closedList).not.toContain("还剩");
    await checkPage(page, width, "consultations");
    await page.context().close();
  });

  it("/consultations/:id takes a comment through its form with JavaScript off, to the confirmation", async () => {
    const page = await open(width, "/consultations");
    await page.getByRole("link", { name: "《温州市养老服务办法（草案）》公开征求意见" }).click();
    await page.waitForURL(new RegExp(`/consultations/${ids.open}$`));
    const text = await main(page);
    expect(text).toContain("第一条 为了规范养老服务");
    expect(text).toContain("起草说明：为落实上位法的要求。");
    expect(text).toMatch(/还剩 40 日/);
    await checkPage(page, width, "consultation-open");

    // Empty first: refused beside the field, the contact kept.
    await page.getByLabel("联系方式（选填）").fill(CONTACT);
    await page.getByRole("button", { name: "提交意见" }).click();
    await page.waitForLoadState();
    expect(await page.locator("#cm-content-error").innerText()).toContain("请填写您的意见");
    expect(await page.getByLabel(/您的意见/).getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByLabel("联系方式（选填）").inputValue()).toBe(CONTACT);
    await checkPage(page, width, "consultation-comment-errors");

    await page.getByLabel(/您的意见/).fill(`建议增加社区嵌入式养老机构（${width}）。`);
    await page.getByRole("button", { name: "提交意见" }).click();
    await page.waitForURL(new RegExp(`/consultations/${ids.open}\\?submitted=1#comment$`));
    const confirmed = await main(page);
    expect(confirmed).toContain("意见已收到");
    expect(confirmed).not.toContain(CONTACT);
    // Published only after moderation.
    expect(confirmed).not.toContain("建议增加社区嵌入式养老机构");
    await checkPage(page, width, "consultation-submitted");
    await page.context().close();
  });

  it("a consultation not yet open, or closed, has no comment form; a closed one shows its adoption report", async () => {
    const later = await open(width, `/consultations/${ids.later}`);
    expect(await later.locator("form[action$='/comments']").count()).toBe(0);
    expect(await later.locator("#comment").innerText()).toContain("征求意见将于");
    await later.context().close();

    const page = await open(width, `/consultations/${ids.closed}`);
    expect(await page.locator("form[action$='/comments']").count()).toBe(0);
    expect(await page.locator("#comment").innerText()).toContain("征求意见已截止，不再接收意见。");
    const adoption = await page.locator("#adoption").innerText();
    expect(adoption).toContain("收到意见");
    expect(adoption).toContain("3 条");
    expect(adoption).toContain("超出本办法调整范围（2 条）");
    expect(adoption).toContain("已逐条研究。");
    const comments = await page.locator("#comments").innerText();
    expect(comments).toContain("建议公墓价格实行备案。");
    expect(await main(page)).not.toContain(CONTACT);
    await checkPage(page, width, "consultation-closed");
    await page.context().close();
  });
});
