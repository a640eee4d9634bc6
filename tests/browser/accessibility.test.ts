/**
 * Accessibility in real headless Chromium: axe-core finds no serious or critical violation on every
 * portal page (依申请公开's form, lookup and tracking page included) and on the console's main
 * pages (规范性文件, their 清理 view and the consultations included), and the search, feedback, request and verify forms (and the console's sign-in) can be
 * filled and sent with the keyboard alone, every Tab stop showing a visible focus indicator.
 * Screenshots of the keyboard runs are kept in tests/artifacts/.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chinaToday } from "../../shared/dates.js";
import { residentIdCheckChar } from "../../shared/redaction.js";
import { creditCode } from "../support/fixtures.js";
import { publishNotice, setUpOffice, type Office, type Published } from "../support/flow.js";
import { ADMIN_PASSWORD, startPlatform, type Platform } from "../support/platform.js";
import { launchChromium } from "../support/chromium.js";

const ARTIFACTS = path.resolve(import.meta.dirname, "../artifacts");
const AXE = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const PASSWORD = "pass-word-1";
const WIDTHS = [1280, 390] as const;

let platform: Platform;
let browser: Browser;
let office: Office;
let notice: Published;

beforeAll(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  platform = await startPlatform([
    "gateway,feed",
    "accounts,duties,cases,results,notices,feedback,requests,documents,tlog,reports,subscriptions,inspections,imports",
  ]);
  office = await setUpOffice(platform.api, "宁波市民政局", "nb.officer");
  notice = await publishNotice(platform.api, office, { partyName: "宁波安康殡葬用品商店" });
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
  nodes: { target: unknown[]; failureSummary?: string }[];
}

/** The serious and critical axe violations of the page as it stands, one line each. */
async function audit(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  // A string, evaluated in the page: the tests are compiled without the DOM's types.
  const violations = await page.evaluate<Violation[]>(
    `axe.run(document, { resultTypes: ["violations"] }).then((result) => result.violations)`,
  );
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id} (${v.help}): ${v.nodes.map((n) => JSON.stringify(n.target)).join(" ")}`);
}

async function expectAccessible(page: Page, where: string): Promise<void> {
  expect(await audit(page), `${where} (${page.url()})`).toEqual([]);
}

/** A request for government information to the office's body, by a natural person. */
function requestBody(description: string) {
  const first17 = "33020319870521361";
  return {
    bodyId: office.bodyId,
    applicant: {
      kind: "natural_person",
      name: "宁海",
      idType: "resident_id",
      idNumber: first17 + residentIdCheckChar(first17),
    },
    contact: { phone: "13700003333" },
    description,
  };
}

/** A fresh browser; the pages' Content Security Policy is bypassed so that axe's own script may run in them. */
async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: "zh-CN", bypassCSP: true });
  return { context, page: await context.newPage() };
}

async function signIn(username: string, password: string): Promise<{ context: BrowserContext; page: Page }> {
  const { context, page } = await newPage();
  await page.goto(platform.baseUrl + "/console/login");
  await expectAccessible(page, "sign-in");
  await page.getByLabel("用户名").fill(username);
  await page.getByLabel("密码").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
  await page.waitForURL(/\/console$/);
  return { context, page };
}

/** What has the focus, whether it matches `selector`, and whether it shows a visible focus indicator. */
async function focused(page: Page, selector: string): Promise<{ element: string; matches: boolean; visible: boolean }> {
  return page.evaluate(`(() => {
    const el = document.activeElement;
    const style = getComputedStyle(el);
    const outline =
      style.outlineStyle !== "none" && style.outlineWidth !== "0px" && style.outlineColor !== "rgba(0, 0, 0, 0)";
    return {
      element: el.outerHTML.slice(0, 120),
      matches: el.matches(${JSON.stringify(selector)}),
      visible: el.matches(":focus-visible") && (outline || style.boxShadow !== "none"),
    };
  })()`);
}

/** Presses Tab until the element matching `selector` has the focus; every stop on the way shows where it is. */
async function tabTo(page: Page, selector: string): Promise<void> {
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press("Tab");
    const now = await focused(page, selector);
    expect(now.visible, `no visible focus on ${now.element}`).toBe(true);
    if (now.matches) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

describe("the portal, checked by axe-core", () => {
  it("finds what it is meant to find: a page with an unlabelled field and an image without text fails", async () => {
    const { context, page } = await newPage();
    await page.setContent('<html><body><main><input type="text" /><img src="/x.png" /></main></body></html>');
    const found = (await audit(page)).join("\n");
    expect(found).toContain("label");
    expect(found).toContain("image-alt");
    await context.close();
  });

  it("has no serious or critical violation on any page, on a desktop and on a phone", async () => {
    const { context, page } = await newPage();
    const base = platform.baseUrl;
    const bodyPage = `${base}/bodies/${office.bodyId}`;
    const powerPage = `${base}/powers/${office.penaltyPowerId}`;
    const request = await platform.api.post(
      "/api/public/requests",
      requestBody("请公开宁波市2026年殡葬设施布局规划。"),
    );
    expect(request.status, JSON.stringify(request.body)).toBe(201);
    const doc = await platform.api.post(
      "/api/documents",
      {
        title: "关于规范殡葬服务的通知",
        docNumber: `甬民发〔${chinaToday().slice(0, 4)}〕9号`,
        signedOn: chinaToday(),
        text: "各区县民政局：\n为规范殡葬服务，现通知如下。",
        legalBasis: "《殡葬管理条例》",
        policy: false,
      },
      office.officer,
    );
    expect(doc.status, JSON.stringify(doc.body)).toBe(201);
    expect((await platform.api.post(`/api/documents/${doc.body.id}/publish`, {}, office.officer)).status).toBe(200);
    const consultation = await platform.api.post(
      "/api/consultations",
      {
        title: "《宁波市殡葬管理办法（草案）》公开征求意见",
        kind: "rule",
        draftText: "第一条 为了……",
        explanation: "起草说明：……",
        basis: "《规章制定程序条例》",
        opensOn: chinaToday(),
        closesOn: "2099-12-31",
      },
      office.officer,
    );
    expect(consultation.status, JSON.stringify(consultation.body)).toBe(201);
    const lastYear = Number(chinaToday().slice(0, 4)) - 1;
    const report = await platform.api.post(`/api/reports/enforcement/${lastYear}/publish`, {}, office.officer);
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    // The bulk files, so the data page lists them in its tables.
    expect((await platform.api.post("/api/bulk/run", {}, office.admin)).status).toBe(202);
    for (let i = 0; i < 200 && !(await platform.api.get("/api/public/bulk/index.json")).body.generatedAt; i++)
      await new Promise((r) => setTimeout(r, 100));
    const pages: [string, string][] = [
      ["home", `${base}/`],
      ["reports", `${base}/reports?bodyId=${office.bodyId}`],
      ["a report", `${base}/reports/${report.body.id}`],
      ["documents", `${base}/documents`],
      ["a document", `${base}/documents/${doc.body.id}`],
      ["consultations", `${base}/consultations`],
      ["a consultation", `${base}/consultations/${consultation.body.id}`],
      ["search with results", `${base}/search?q=${encodeURIComponent("安康")}`],
      ["search without results", `${base}/search?q=${encodeURIComponent("没有这样的词")}`],
      ["notice", `${base}/notices/${notice.noticeId}`],
      ["body", bodyPage],
      ["power", powerPage],
      ["bodies", `${base}/bodies`],
      ["powers", `${base}/powers`],
      ["officers", `${base}/officers`],
      ["a body's inspection list", `${base}/bodies/${office.bodyId}/inspections`],
      ["verify", `${base}/verify`],
      ["verify result", `${base}/verify/${notice.verifyCode}`],
      ["verify of an unknown code", `${base}/verify?code=AAAA-BBBB-CCCC-DDDD`],
      ["verify of a malformed code", `${base}/verify?code=${encodeURIComponent("不是核验码")}`],
      ["feedback form", `${base}/feedback?targetType=notice&targetId=${notice.noticeId}`],
      ["request form", `${base}/requests/new?bodyId=${office.bodyId}`],
      ["request lookup", `${base}/requests`],
      ["request lookup of an unknown code", `${base}/requests?trackingCode=AAAA-BBBB-CCCC`],
      ["request tracking", `${base}/requests/${request.body.trackingCode}?submitted=1`],
      ["transparency log", `${base}/transparency`],
      ["bulk data", `${base}/data`],
      ["sitemap", `${base}/sitemap`],
      ["accessibility statement", `${base}/accessibility`],
      ["not found", `${base}/notices/01a218bd-ee1b-7000-968e-f431a7adefef`],
    ];
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      for (const [name, url] of pages) {
        const res = await page.goto(url);
        expect(res?.status(), url).toBeLessThan(500);
        await expectAccessible(page, `${name} at ${width} px`);
      }
    }

    // The form's refusal (errors beside the fields) and the tracking page after a good submission.
    await page.goto(`${base}/feedback?targetType=body&targetId=${office.bodyId}`);
    await page.getByLabel(/反馈内容/).fill("短");
    await page.getByRole("button", { name: "提交反馈" }).click();
    await page.waitForLoadState();
    await expectAccessible(page, "feedback form with errors");
    await page.getByLabel("反馈类型").selectOption("correction");
    await page.getByLabel(/反馈内容/).fill("执法主体的联系电话似乎已经变更，请核实。");
    await page.getByRole("button", { name: "提交反馈" }).click();
    await page.waitForURL(/\/feedback\/[0-9A-Z-]+\?submitted=1$/);
    await expectAccessible(page, "feedback tracking");

    // The request form's refusal, errors beside the fields.
    await page.goto(`${base}/requests/new?bodyId=${office.bodyId}`);
    await page.getByLabel(/申请人类别/).selectOption("natural_person");
    await page.getByLabel(/所需政府信息的描述/).fill("请公开某文件。");
    await page.getByRole("button", { name: "提交申请" }).click();
    await page.waitForLoadState();
    await expectAccessible(page, "request form with errors");
    await context.close();
  }, 240_000); // some thirty pages, each audited twice: more than the default minute on a busy machine
});

describe("the console, checked by axe-core", () => {
  it("has no serious or critical violation on an officer's main pages", async () => {
    const { api } = platform;
    const created = await api.post(
      "/api/cases",
      {
        bodyId: office.bodyId,
        powerId: office.penaltyPowerId,
        title: "宁波某殡仪服务公司违规收费案",
        officerIds: office.officerIds,
        facts: "当事人超标准收取殡仪服务费用。",
        party: { type: "legal", name: "宁波某殡仪服务有限公司", creditCode: creditCode() },
      },
      office.officer,
    );
    expect(created.status).toBe(201);
    const caseId = created.body.id as string;
    for (const to of ["investigating", "notified"]) {
      expect((await api.post(`/api/cases/${caseId}/transitions`, { to }, office.officer)).status).toBe(200);
    }

    const { context, page } = await signIn("nb.officer", PASSWORD);
    const base = platform.baseUrl;
    await page.goto(`${base}/feedback?targetType=notice&targetId=${notice.noticeId}`);
    await page.getByLabel(/反馈内容/).fill("公示的决定日期与送达日期似乎不一致，请核实。");
    await page.getByRole("button", { name: "提交反馈" }).click();
    await page.waitForURL(/\/feedback\/[0-9A-Z-]+\?submitted=1$/);
    const code = (await page.locator("code.code").first().innerText()).trim();
    const queue = await api.get("/api/feedback", office.officer);
    const feedbackId = queue.body.items.find((f: { trackingCode: string }) => f.trackingCode === code).id as string;
    const registered = await api.post(
      "/api/requests",
      { ...requestBody("请公开宁波市殡仪馆收费标准。"), channel: "post", receivedOn: chinaToday() },
      office.officer,
    );
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const requestId = registered.body.id as string;
    const draft = await api.post(
      "/api/documents",
      {
        title: "关于规范公墓管理的通知",
        docNumber: `甬民发〔${chinaToday().slice(0, 4)}〕10号`,
        signedOn: chinaToday(),
        text: "各区县民政局：\n为规范公墓管理，现通知如下。",
        legalBasis: "《殡葬管理条例》",
      },
      office.officer,
    );
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    const consulted = await api.post(
      "/api/consultations",
      {
        title: "《宁波市公墓管理办法（草案）》公开征求意见",
        kind: "normative",
        draftText: "第一条 为了规范公墓管理……",
        explanation: "起草说明：……",
        opensOn: chinaToday(),
        closesOn: "2099-12-31",
      },
      office.officer,
    );
    expect(consulted.status, JSON.stringify(consulted.body)).toBe(201);
    const commented = await api.post(`/api/public/consultations/${consulted.body.id}/comments`, {
      content: "建议公开公墓收费标准。",
      contact: "13700005555",
    });
    expect(commented.status, JSON.stringify(commented.body)).toBe(201);
    const pages: [string, string][] = [
      ["dashboard", `${base}/console`],
      ["cases", `${base}/console/cases`],
      ["new case", `${base}/console/cases/new`],
      ["a case", `${base}/console/cases/${caseId}`],
      ["results", `${base}/console/results`],
      ["a result", `${base}/console/results/${notice.resultId}`],
      ["feedback", `${base}/console/feedback`],
      ["a feedback item", `${base}/console/feedback/${feedbackId}`],
      ["requests", `${base}/console/requests`],
      ["reports", `${base}/console/reports`],
      ["a report", `${base}/console/reports/gov-info/${Number(chinaToday().slice(0, 4)) - 1}`],
      ["register a request", `${base}/console/requests/new`],
      ["a request", `${base}/console/requests/${requestId}`],
      ["documents", `${base}/console/documents`],
      ["register a document", `${base}/console/documents/new`],
      ["a document (draft)", `${base}/console/documents/${draft.body.id}`],
      ["documents' cleanup", `${base}/console/documents/cleanup`],
      ["consultations", `${base}/console/consultations`],
      ["open a consultation", `${base}/console/consultations/new`],
      ["a consultation with a comment to moderate", `${base}/console/consultations/${consulted.body.id}`],
      ["admin", `${base}/console/admin`],
      ["own officers", `${base}/console/admin/officers?bodyId=${encodeURIComponent(office.bodyId)}`],
      ["a power", `${base}/console/admin/powers/${office.penaltyPowerId}`],
      ["new power", `${base}/console/admin/powers/new?bodyId=${encodeURIComponent(office.bodyId)}`],
    ];
    for (const [name, url] of pages) {
      expect((await page.goto(url))?.status(), url).toBe(200);
      await expectAccessible(page, name);
    }

    await page.goto(`${base}/console/cases/${caseId}/decision`);
    await expectAccessible(page, "decision form");
    await page.getByLabel("行政决定文书号").fill("甬民罚决〔2026〕3号");
    await page.getByLabel("决定日期").fill(new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10));
    await page.getByLabel("决定内容（结论）").fill("责令改正，并处罚款。");
    await page.getByLabel("依据（法律条款）").fill("《殡葬管理条例》第二十二条");
    await page.getByLabel("罚款", { exact: true }).check();
    await page.getByLabel("处罚内容").fill("罚款人民币叁仟元");
    await page.getByLabel("罚款金额（元）").fill("3000");
    await page.getByLabel("行政决定文书号").fill("");
    await page.getByRole("button", { name: "预览公示内容" }).click();
    await page.locator(".error-summary").waitFor();
    await expectAccessible(page, "decision form with errors");
    await page.getByLabel("行政决定文书号").fill("甬民罚决〔2026〕3号");
    await page.getByRole("button", { name: "预览公示内容" }).click();
    await page.locator("section.preview").waitFor();
    await expectAccessible(page, "decision preview");
    await context.close();
  });

  it("has no serious or critical violation on the administrator's directory pages", async () => {
    const { context, page } = await signIn("admin", ADMIN_PASSWORD);
    const base = platform.baseUrl;
    const bodyId = encodeURIComponent(office.bodyId);
    const pages: [string, string][] = [
      ["admin", `${base}/console/admin`],
      ["admin bodies", `${base}/console/admin/bodies`],
      ["admin officers", `${base}/console/admin/officers?bodyId=${bodyId}`],
      ["admin powers", `${base}/console/admin/powers?bodyId=${bodyId}`],
      ["admin users", `${base}/console/admin/users`],
      ["new body", `${base}/console/admin/bodies/new`],
      ["edit body", `${base}/console/admin/bodies/${office.bodyId}/edit`],
      ["new officer", `${base}/console/admin/officers/new?bodyId=${bodyId}`],
      ["new user", `${base}/console/admin/users/new`],
      ["rules", `${base}/console/admin/rules`],
      ["calendar", `${base}/console/admin/calendar`],
    ];
    for (const [name, url] of pages) {
      expect((await page.goto(url))?.status(), url).toBe(200);
      await expectAccessible(page, name);
    }
    await context.close();
  });
});

describe("the portal's forms, used with the keyboard only", () => {
  it("searches from the header form", async () => {
    const { context, page } = await newPage();
    await page.goto(platform.baseUrl + "/");
    await tabTo(page, "#site-q");
    await page.keyboard.type("安康");
    await tabTo(page, ".site-search button");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/search\?/);
    expect(await page.locator("main").innerText()).toContain("宁波安康殡葬用品商店");
    await page.screenshot({ path: path.join(ARTIFACTS, "keyboard-search.png"), fullPage: true });
    await context.close();
  });

  it("verifies a notice by its code", async () => {
    const { context, page } = await newPage();
    await page.goto(platform.baseUrl + "/verify");
    await tabTo(page, 'input[name="code"]');
    await page.keyboard.type(notice.verifyCode);
    // Wait for the answer's address: the form page itself is already loaded when Enter is pressed.
    await Promise.all([page.waitForURL(/\/verify(\/|\?code=)./), page.keyboard.press("Enter")]);
    expect(await page.locator("main").innerText()).toMatch(/有效|已公示/);
    await page.screenshot({ path: path.join(ARTIFACTS, "keyboard-verify.png"), fullPage: true });
    await context.close();
  });

  it("sends feedback on a notice", async () => {
    const { context, page } = await newPage();
    await page.goto(`${platform.baseUrl}/feedback?targetType=notice&targetId=${notice.noticeId}`);
    await tabTo(page, 'select[name="category"]');
    await page.keyboard.press("ArrowDown"); // a closed select changes its choice with the arrow keys
    await tabTo(page, 'textarea[name="content"]');
    await page.keyboard.type("公示中的处罚依据条款号似乎有误，请核实。");
    await tabTo(page, 'main form button[type="submit"]');
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/feedback\/[0-9A-Z-]+\?submitted=1$/);
    expect(await page.locator("main").innerText()).toContain("已收到");
    await page.screenshot({ path: path.join(ARTIFACTS, "keyboard-feedback.png"), fullPage: true });
    await context.close();
  });

  it("files a request for government information", async () => {
    const { context, page } = await newPage();
    await page.goto(`${platform.baseUrl}/requests/new?bodyId=${office.bodyId}`);
    await tabTo(page, 'select[name="kind"]');
    await page.keyboard.press("ArrowDown"); // 自然人
    await tabTo(page, 'input[name="name"]');
    await page.keyboard.type("甬江");
    await tabTo(page, 'select[name="idType"]');
    await page.keyboard.press("ArrowDown"); // 居民身份证
    await tabTo(page, 'input[name="idNumber"]');
    const first17 = "33020419900101123";
    await page.keyboard.type(first17 + residentIdCheckChar(first17));
    await tabTo(page, 'input[name="phone"]');
    await page.keyboard.type("13700004444");
    await tabTo(page, 'textarea[name="description"]');
    await page.keyboard.type("请公开宁波市2026年公墓年检结果。");
    await tabTo(page, 'main form button[type="submit"]');
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/requests\/[0-9A-Z-]+\?submitted=1$/);
    expect(await page.locator("main").innerText()).toContain("申请已提交");
    await page.screenshot({ path: path.join(ARTIFACTS, "keyboard-request.png"), fullPage: true });
    await context.close();
  });

  it("signs in to the console", async () => {
    const { context, page } = await newPage();
    await page.goto(platform.baseUrl + "/console/login");
    await tabTo(page, 'input[name="username"]');
    await page.keyboard.type("nb.officer");
    await tabTo(page, 'input[name="password"]');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/console$/);
    expect(await page.locator("main").innerText()).toContain("待办案件");
    await context.close();
  });
});
