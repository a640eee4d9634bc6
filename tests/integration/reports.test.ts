/**
 * Annual reports over the split platform: a year of decisions, requests (with a remedy) and
 * documents made through the API; the body's 政府信息公开工作年度报告 and 行政执法年度数据 counted
 * from them over NATS and checked cell by cell against an independent count; a correction that
 * breaks the sums refused (409 naming the cell, nothing written); publication — public JSON, the
 * CSV in the form's words, the signed PDF (pdfsig) whose code verifies.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { residentIdCheckChar } from "../../shared/redaction.js";
import { creditCode } from "../support/fixtures.js";
import { pdfsig, pdftotext, withoutWhitespace } from "../support/pdf-tools.js";
import { ConsoleBrowser } from "../support/console-browser.js";
import { publishNotice, setUpOffice, type Office } from "../support/flow.js";
import { startPlatform, type Api, type Platform } from "../support/platform.js";

let platform: Platform;
let api: Api;
let office: Office;
let other: Office;

const YEAR = 2025;
const base = `/api/reports/gov-info/${YEAR}`;

/** Penalties of the year as filed: categories and fines (one in the next year, not counted). */
const PENALTIES = [
  { decidedOn: "2025-03-15", categories: ["警告", "罚款"], fineAmount: 3000 },
  { decidedOn: "2025-07-01", categories: ["罚款"], fineAmount: 1200.5 },
  { decidedOn: "2025-12-31", categories: ["罚款", "没收违法所得"], fineAmount: 800, confiscatedAmount: 450 },
  { decidedOn: "2026-01-03", categories: ["罚款"], fineAmount: 99 },
];

const requestIds: string[] = [];
const ID_NUMBER = (() => {
  const first17 = "44030519850612341";
  return first17 + residentIdCheckChar(first17);
})();

beforeAll(async () => {
  platform = await startPlatform([
    "gateway",
    "accounts,duties,cases,results,notices,feed,feedback",
    "requests,documents,reports,tlog",
  ]);
  api = platform.api;
  office = await setUpOffice(api, "某市年报测试局", "rp.officer");
  other = await setUpOffice(api, "某县年报测试局", "rp.other");
  for (const p of PENALTIES) {
    await publishNotice(api, office, {
      decidedOn: p.decidedOn,
      decisionNo: `年报罚〔${p.decidedOn}〕${Math.floor(Math.random() * 1e9)}号`,
      penalty: {
        categories: p.categories,
        content: "依法处罚",
        fineAmount: p.fineAmount,
        ...(p.confiscatedAmount ? { confiscatedAmount: p.confiscatedAmount } : {}),
      },
    });
  }
  const applicants = [
    {
      applicant: { type: "natural", name: "张某某", idNumber: ID_NUMBER, phone: "13612345678" },
      receivedOn: "2025-04-10",
    },
    {
      applicant: { type: "legal", name: "某某科技有限公司", creditCode: creditCode(), phone: "0571-88888888" },
      receivedOn: "2025-11-20",
    },
  ];
  for (const a of applicants) {
    const res = await api.post(
      "/api/requests",
      {
        bodyId: office.bodyId,
        ...a,
        description: "请公开本单位2025年度行政处罚统计。",
        channel: "post",
      },
      office.officer,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    requestIds.push(res.body.id);
  }
  // A 行政复议 about the first request, filed and decided in the year (维持).
  const remedy = await api.post(
    `/api/requests/${requestIds[0]}/remedies`,
    { kind: "reconsideration", filedOn: "2025-05-20", outcome: "upheld", decidedOn: "2025-08-01" },
    office.officer,
  );
  expect(remedy.status, JSON.stringify(remedy.body)).toBe(200);
  const doc = await api.post(
    "/api/documents",
    {
      title: "关于规范年报测试工作的通知",
      docNumber: "测市监发〔2025〕3号",
      signedOn: "2025-02-20",
      publishedOn: "2025-03-01",
      text: "各有关单位：为规范……",
      legalBasis: "《某条例》",
      policy: false,
    },
    office.officer,
  );
  expect(doc.status, JSON.stringify(doc.body)).toBe(201);
  const published = await api.post(`/api/documents/${doc.body.id}/publish`, {}, office.officer);
  expect(published.status, JSON.stringify(published.body)).toBe(200);
});

afterAll(async () => {
  await platform?.stop();
});

type Grid = Record<string, Record<string, number>>;

describe("the 政府信息公开工作年度报告 over the platform", () => {
  it("counts a draft from the services' records, cell by cell as an independent count says", async () => {
    const res = await api.post(base, {}, office.officer);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: "draft", year: YEAR, bodyId: office.bodyId, pdfUrl: null });
    const data = res.body.data as { active: Grid; requests: Grid; remedies: Grid };
    const inYear = PENALTIES.filter((p) => p.decidedOn.startsWith(String(YEAR)));
    expect(data.active.penalty).toEqual({ decisions: inYear.length });
    expect(data.active.licensing).toEqual({ decisions: 0 });
    expect(data.active.normative).toEqual({ issued: 1, repealed: 0, inForce: 1 });
    // Both requests were received in the year and are still open: 一 and 四, nothing ended.
    expect(data.requests["一"]).toMatchObject({ natural_person: 1, total: 2 });
    expect(data.requests["二"]?.total).toBe(0);
    expect(data.requests["三(七)"]?.total).toBe(0);
    expect(data.requests["四"]?.total).toBe(2);
    expect(data.remedies.review).toEqual({ upheld: 1, corrected: 0, other: 0, pending: 0, total: 1 });
    expect(data.remedies.direct_suit?.total).toBe(0);
    expect(res.body.problems).toEqual([]);
    // Nothing personal in the report.
    expect(JSON.stringify(res.body)).not.toContain("张某某");
    // Another body's officer sees only their own body's reports.
    expect((await api.get(base, other.officer)).status).toBe(404);
  });

  it("refuses a correction that breaks the sums: 409 naming the cell, nothing published", async () => {
    const edited = await api.put(
      base,
      {
        narrative: { overview: "本年度，本局认真贯彻《条例》。", problems: "主动公开的及时性有待提高。" },
        overrides: [{ table: "requests", row: "四", column: "total", value: 5 }],
      },
      office.officer,
    );
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.problems.length).toBeGreaterThan(0);
    const refused = await api.post(`${base}/publish`, {}, office.officer);
    expect(refused.status).toBe(409);
    expect(refused.body.type).toBe("REPORT_ARITHMETIC");
    expect(refused.body.message).toContain("结转下年度");
    expect((await api.get(`/api/public/reports/gov-info/${YEAR}?bodyId=${office.bodyId}`)).status).toBe(404);
    expect((await api.get(base, office.officer)).body.status).toBe("draft");
  });

  it("publishes: public JSON, CSV in the form's words, a signed PDF whose code verifies", async () => {
    const fixed = await api.put(base, { overrides: [] }, office.officer);
    expect(fixed.body.problems).toEqual([]);
    const published = await api.post(`${base}/publish`, {}, office.officer);
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    expect(published.body).toMatchObject({ status: "published", verifyCode: expect.any(String) });
    const again = await api.put(base, { narrative: { overview: "改" } }, office.officer);
    expect(again.status).toBe(409);

    const pub = await api.get(`/api/public/reports/gov-info/${YEAR}?bodyId=${office.bodyId}`);
    expect(pub.status).toBe(200);
    expect(pub.body.title).toBe(`某市年报测试局${YEAR}年政府信息公开工作年度报告`);
    expect(pub.body.sections[0].paragraphs).toEqual(["本年度，本局认真贯彻《条例》。"]);

    const csv = await api.get(`/api/public/reports/gov-info/${YEAR}.csv?bodyId=${office.bodyId}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const text = csv.body as string;
    for (const label of [
      "二、主动公开政府信息情况",
      "本年制发件数",
      "行政规范性文件",
      "一、本年新收政府信息公开申请数量",
      "（七）总计",
      "四、结转下年度继续办理",
      "法人或其他组织",
      "商业企业",
      "四、政府信息公开行政复议、行政诉讼情况",
      "尚未审结",
    ]) {
      expect(text).toContain(label);
    }
    // The rows as counted: 一 by column (自然人, five kinds of organisation, 总计); table 四's one row.
    const received = pub.body.data.requests["一"] as Record<string, number>;
    expect(received.natural_person).toBe(1);
    const kinds = ["natural_person", "business", "research", "public_interest", "legal_services", "other_organisation"];
    expect(text).toContain(`一、本年新收政府信息公开申请数量,,,${kinds.map((k) => received[k]).join(",")},2\r\n`);
    expect(text).toContain("\r\n1,0,0,0,1,0,0,0,0,0,0,0,0,0,0\r\n");

    const pdfRes = await fetch(`${platform.baseUrl}/api/public/reports/gov-info/${YEAR}/pdf?bodyId=${office.bodyId}`);
    expect(pdfRes.status).toBe(200);
    expect(pdfRes.headers.get("content-type")).toContain("application/pdf");
    const pdf = Buffer.from(await pdfRes.arrayBuffer());
    expect(pdfsig(pdf).stdout).toMatch(/Signature is Valid/);
    const words = withoutWhitespace(pdftotext(pdf));
    expect(words).toContain("政府信息公开工作年度报告");
    expect(words).toContain(published.body.verifyCode);
    const verified = await api.get(`/api/public/verify/${published.body.verifyCode}`);
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ authentic: true, kind: "letter" });
  });

  it("appears in the feed: the portal's register and page, the body page, Atom and the sitemap", async () => {
    const id = (await api.get(`/api/public/reports/gov-info/${YEAR}?bodyId=${office.bodyId}`)).body.id as string;
    const title = `某市年报测试局${YEAR}年政府信息公开工作年度报告`;
    const register = await api.get(`/reports?bodyId=${office.bodyId}`);
    expect(register.status).toBe(200);
    expect(register.body).toContain(title);
    const page = await api.get(`/reports/${id}`);
    expect(page.status).toBe(200);
    for (const words of ["三、收到和处理政府信息公开申请情况", "（七）总计", "本年度，本局认真贯彻《条例》。", "CSV"]) {
      expect(page.body).toContain(words);
    }
    expect(page.body).toMatch(/<th scope="col"[^>]*colspan="5"[^>]*>\s*法人或其他组织/);
    const bodyPage = await api.get(`/bodies/${office.bodyId}`);
    expect(bodyPage.body).toContain(`/reports/${id}`);
    const atom = await api.get(`/api/public/reports.atom?bodyId=${office.bodyId}`);
    expect(atom.headers.get("content-type")).toContain("application/atom+xml");
    expect(atom.body).toContain(title);
    const sitemap = await api.get("/sitemap.xml");
    expect(sitemap.body).toContain("/sitemaps/reports.xml");
    const reportsMap = await api.get("/sitemaps/reports.xml");
    expect(reportsMap.body).toContain(`/reports/${id}`);
    // The body's 政府信息公开 platform lists it under 政府信息公开年报.
    const openness = await api.get(`/api/public/bodies/${office.bodyId}/openness`);
    const section = openness.body.sections.find((x: { id: string }) => x.id === "annual_reports");
    expect(section.reports).toMatchObject([
      { id, kind: "gov-info", year: YEAR, title, htmlUrl: expect.stringContaining(`/reports/${id}`) },
    ]);
    const platformPage = await api.get(`/bodies/${office.bodyId}/openness`);
    expect(platformPage.body).toContain(`href="/reports/${id}"`);
    expect(platformPage.body).not.toContain("尚未发布年度报告");
  });
});

describe("the 行政执法年度数据 over the platform", () => {
  it("counts each penalty once under its most severe category, amounts as decided", async () => {
    const res = await api.post(`/api/reports/enforcement/${YEAR}/publish`, {}, office.officer);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const penalty = res.body.sections.find((s: { title: string }) => s.title === "二、行政处罚").table;
    const rows = new Map(
      penalty.blocks[0].rows.map((r: { key: string; cells: unknown[] }) => [r.key, r.cells] as const),
    );
    expect(rows.get("罚款")).toEqual([2, 4200.5, 0]);
    expect(rows.get("没收违法所得")).toEqual([1, 800, 450]);
    expect(rows.get("警告")).toEqual([0, 0, 0]);
    expect(rows.get("total")).toEqual([3, 5000.5, 450]);
    const licensing = res.body.sections.find((s: { title: string }) => s.title === "一、行政许可").table;
    expect(licensing.blocks[0].rows[0].cells).toContain("无相关行政执法职责");
    const csv = await api.get(`/api/public/reports/enforcement/${YEAR}.csv?bodyId=${office.bodyId}`);
    expect(csv.body).toContain("无相关行政执法职责");
    expect(csv.body).toContain("罚款金额（元）");
  });
});

describe("the console's report pages", () => {
  it("warns on the dashboard, writes the sections, refuses broken sums beside the form, and publishes", async () => {
    const browser = new ConsoleBrowser(platform.baseUrl);
    await browser.login("rp.other", "pass-word-1");
    const dashboard = await browser.get("/console");
    // Today is after 31 January of the next year: last year's reports are overdue until published.
    expect(dashboard.text).toContain("政府信息公开工作年度报告</a>尚未发布");
    const page = await browser.get(`/console/reports/gov-info/${YEAR}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`某县年报测试局${YEAR}年政府信息公开工作年度报告`);
    expect(page.text).toContain("三、收到和处理政府信息公开申请情况");
    const saved = await browser.post(`/console/reports/gov-info/${YEAR}/narrative`, {
      overview: "本年度依法公开政府信息。",
      problems: "公开平台建设有待加强。",
      other: "",
    });
    expect(saved.status).toBe(303);
    const broken = await browser.post(`/console/reports/gov-info/${YEAR}/override`, {
      table: "requests",
      row: "一",
      column: "total",
      value: "3",
    });
    expect(broken.status).toBe(303);
    const refused = await browser.post(`/console/reports/gov-info/${YEAR}/publish`, {});
    expect(refused.postedTo).toBeDefined();
    expect(refused.text).toContain("请核对后再发布");
    expect((await api.get(`/api/reports/gov-info/${YEAR}`, other.officer)).body.status).toBe("draft");
    await browser.post(`/console/reports/gov-info/${YEAR}/override`, {
      table: "requests",
      row: "一",
      column: "total",
      value: "",
    });
    const published = await browser.post(`/console/reports/gov-info/${YEAR}/publish`, {});
    expect(published.status).toBe(303);
    expect(published.location).toContain("ok=publish");
    const after = await browser.get(published.location as string);
    expect(after.text).toContain("报告已发布");
    expect((await browser.get("/console")).text).not.toContain("政府信息公开工作年度报告</a>尚未发布");
  });
});
