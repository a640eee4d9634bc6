/**
 * Annual reports over the split platform: a year of decisions, requests (with a remedy) and
 * documents made through the API; the body's 政府信息公开工作年度报告 and 行政执法年度数据 counted
 * from them over NATS and checked cell by cell against an independent count; a correction that
 * breaks the sums refused (409 naming the cell, nothing written); publication — public JSON, the
 * CSV in the form's words, the signed PDF (pdfsig) whose code verifies. Then the public statistics
 * of a body, the region and every body over months of decisions (two bodies, published on time,
 * late and not at all), feedback replies and answered requests, every number checked against an
 * independent count of what the test made; their CSV against their JSON; the pages' SVG charts.
 * Last, a generated year (seeded): a body's decisions, requests, remedies and documents of this
 * year and the last made through the API, and every cell of both reports, printed and as data,
 * plus the statistics' totals, checked against the test's own count from the form's definitions.
 */
// The statistics' answers are untyped JSON checked field by field; `any` keeps those assertions terse.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chinaToday } from "../../shared/dates.js";
import { seededRandom } from "../../shared/seeded-random.js";
import { residentIdCheckChar } from "../../shared/redaction.js";
import { pdfsig, pdftotext, withoutWhitespace } from "../support/pdf-tools.js";
import { ConsoleBrowser } from "../support/console-browser.js";
import { decideCase, publishNotice, setUpOffice, type Office } from "../support/flow.js";
import { creditCode as creditCode, powerInput } from "../support/fixtures.js";
import { joinBus, startPlatform, type Api, type Platform } from "../support/platform.js";
import { call } from "../../lib/contract.js";
import { tlog } from "../../services/tlog/contract.js";
import { verifyOffline, type LogRecord } from "../../src/zfgs-verify.js";

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
  platform = await startPlatform(
    [
      "gateway",
      "accounts,duties,cases,results,notices,feed,feedback",
      "requests,documents,reports,tlog,subscriptions,inspections,imports",
    ],
    // The statistics below show answer times from two items on; feedback comes from one client.
    { FEEDBACK_STATS_MIN: "2", REQUESTS_STATS_MIN: "2", FEEDBACK_RATE_LIMIT: "50/600" },
  );
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

describe("the public statistics over the platform", () => {
  const today = chinaToday();
  const thisMonth = today.slice(0, 7);
  const FROM = "2025-01";
  const CHECK_NAME = `对殡葬设施的<script>&"'检查`;
  const PENALTY_NAME = powerInput("", "").name;

  /** Every decision this file made, as the test knows it: the independent count's source. */
  interface Made {
    bodyId: string;
    decidedOn: string;
    kind: string;
    /** The most severe category, by 行政处罚法 Art. 9's order (written out here, not computed). */
    severest?: string;
    fine?: number;
    published: boolean;
    code: string;
  }
  const made: Made[] = [];
  const requestDays: number[] = [];
  const SEVEREST = ["罚款", "罚款", "没收违法所得", "罚款"];

  beforeAll(async () => {
    PENALTIES.forEach((p, i) =>
      made.push({
        bodyId: office.bodyId,
        decidedOn: p.decidedOn,
        kind: "行政处罚",
        severest: SEVEREST[i] as string,
        fine: p.fineAmount,
        published: true,
        code: "rp.officer-CF",
      }),
    );
    const penalty = (categories: string[], fineAmount?: number, confiscatedAmount?: number) => ({
      categories,
      content: "依法处罚",
      ...(fineAmount !== undefined ? { fineAmount } : {}),
      ...(confiscatedAmount !== undefined ? { confiscatedAmount } : {}),
    });
    const mine = [
      { decidedOn: "2026-03-10", categories: ["警告", "罚款"], severest: "罚款", fine: 200, published: true },
      {
        decidedOn: "2026-06-15",
        categories: ["罚款", "暂扣许可证件"],
        severest: "暂扣许可证件",
        fine: 1000.25,
        published: true,
      },
      { decidedOn: today, categories: ["罚款"], severest: "罚款", fine: 50, published: true },
      { decidedOn: "2026-09-01", categories: ["罚款"], severest: "罚款", fine: 70, published: false },
    ];
    for (const m of mine) {
      const spec = { decidedOn: m.decidedOn, penalty: penalty(m.categories, m.fine) };
      if (m.published) await publishNotice(api, office, spec);
      else await decideCase(api, office, spec);
      made.push({ bodyId: office.bodyId, kind: "行政处罚", code: "rp.officer-CF", ...m });
    }
    // The other body: a confiscation without a fine, and a 行政检查 power with a hostile name.
    await publishNotice(api, other, { decidedOn: "2026-03-20", penalty: penalty(["没收违法所得"], undefined, 300) });
    made.push({
      bodyId: other.bodyId,
      decidedOn: "2026-03-20",
      kind: "行政处罚",
      severest: "没收违法所得",
      published: true,
      code: "rp.other-CF",
    });
    const check = await api.post(
      "/api/powers",
      powerInput(other.bodyId, "rp.other-JC", { name: CHECK_NAME, category: "行政检查" }),
      other.officer,
    );
    expect(check.status, JSON.stringify(check.body)).toBe(201);
    const checks = [
      { decidedOn: "2026-05-05", published: true },
      { decidedOn: "2026-05-06", published: true },
      { decidedOn: today, published: false },
    ];
    for (const c of checks) {
      const spec = { decidedOn: c.decidedOn, kind: "行政检查", powerId: check.body.id, conclusion: "检查合格。" };
      if (c.published) await publishNotice(api, other, spec);
      else await decideCase(api, other, spec);
      made.push({ bodyId: other.bodyId, kind: "行政检查", code: "rp.other-JC", ...c });
    }
    // Three items of feedback on the office, two replied to (the same day: 0 working days).
    const codes: string[] = [];
    for (const content of ["请问殡葬设施审批需要哪些材料？", "建议公开殡葬服务收费标准。", "请公布投诉受理电话。"]) {
      const res = await api.post("/api/public/feedback", {
        category: "inquiry",
        targetType: "body",
        targetId: office.bodyId,
        content,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      codes.push(res.body.trackingCode);
    }
    const listed = (await api.get("/api/feedback", office.officer)).body.items as {
      id: string;
      trackingCode: string;
    }[];
    for (const code of codes.slice(0, 2)) {
      const id = listed.find((f) => f.trackingCode === code)?.id as string;
      expect((await api.post(`/api/feedback/${id}/accept`, {}, office.officer)).status).toBe(200);
      const replied = await api.post(`/api/feedback/${id}/reply`, { reply: "已答复。", public: false }, office.officer);
      expect(replied.status, JSON.stringify(replied.body)).toBe(200);
    }
    // Two requests received in November, answered today; their clocks say how many working days they took.
    for (const receivedOn of ["2026-11-02", "2026-11-16"]) {
      const registered = await api.post(
        "/api/requests",
        {
          bodyId: office.bodyId,
          applicant: { type: "legal", name: "某某咨询有限公司", creditCode: creditCode(), phone: "0571-88888888" },
          receivedOn,
          description: "请公开本单位殡葬设施审批情况。",
          channel: "post",
        },
        office.officer,
      );
      expect(registered.status, JSON.stringify(registered.body)).toBe(201);
      const id = registered.body.id as string;
      const answered = await api.post(
        `/api/requests/${id}/answer`,
        { type: "disclosed", text: "予以公开" },
        office.officer,
      );
      expect(answered.status, JSON.stringify(answered.body)).toBe(200);
      const view = await api.get(`/api/requests/${id}`, office.officer);
      requestDays.push(view.body.workingDaysUsed as number);
    }
  });

  const monthsFrom = (from: string): string[] => {
    const out: string[] = [];
    for (let [y, m] = from.split("-").map(Number) as [number, number]; ; m++) {
      if (m > 12) [y, m] = [y + 1, 1];
      const month = `${y}-${String(m).padStart(2, "0")}`;
      out.push(month);
      if (month === thisMonth) return out;
    }
  };

  /** What the statistics must say for these bodies, counted from `made` alone. */
  function expected(bodyIds: string[], months: string[]) {
    const of = made.filter((d) => bodyIds.includes(d.bodyId) && months.includes(d.decidedOn.slice(0, 7)));
    const inMonth = (m: string) => of.filter((d) => d.decidedOn.startsWith(m));
    const kinds = ["行政许可", "行政处罚", "行政强制", "行政征收", "行政征用", "行政给付", "行政检查"].filter((k) =>
      of.some((d) => d.kind === k),
    );
    const timely = (ds: Made[]) => ({
      // Published today: on time only if decided today (dueBy is at least 7 working days on).
      onTime: ds.filter((d) => d.published && d.decidedOn === today).length,
      late: ds.filter((d) => d.published && d.decidedOn !== today).length,
      overdue: ds.filter((d) => !d.published && d.decidedOn !== today).length,
      pending: ds.filter((d) => !d.published && d.decidedOn === today).length,
    });
    const penalties = of.filter((d) => d.kind === "行政处罚");
    const fen = (ds: Made[]) => ds.reduce((s, d) => s + Math.round((d.fine ?? 0) * 100), 0) / 100;
    const powers = new Map<string, number>();
    for (const d of of) powers.set(`${d.bodyId} ${d.code}`, (powers.get(`${d.bodyId} ${d.code}`) ?? 0) + 1);
    return {
      kinds,
      byMonth: months.map((m) => ({
        month: m,
        counts: Object.fromEntries(kinds.map((k) => [k, inMonth(m).filter((d) => d.kind === k).length])),
        total: inMonth(m).length,
      })),
      total: of.length,
      severest: penalties.reduce<Record<string, number>>((acc, d) => {
        acc[d.severest as string] = (acc[d.severest as string] ?? 0) + 1;
        return acc;
      }, {}),
      penaltyTotal: penalties.length,
      fines: months.map((m) => {
        const ps = penalties.filter((d) => d.decidedOn.startsWith(m));
        return { month: m, decisions: ps.length, fined: ps.filter((d) => (d.fine ?? 0) > 0).length, fineYuan: fen(ps) };
      }),
      totalYuan: fen(penalties),
      timeliness: timely(of),
      timelinessByMonth: months.map((m) => ({ month: m, ...timely(inMonth(m)) })),
      powers: [...powers.entries()].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count),
    };
  }

  function checkAgainst(body: any, bodyIds: string[], months: string[]) {
    const e = expected(bodyIds, months);
    expect(body.period).toEqual({ from: months[0], to: months.at(-1), months });
    expect(body.decisions.kinds).toEqual(e.kinds);
    expect(body.decisions.byMonth).toEqual(e.byMonth);
    expect(body.decisions.total).toBe(e.total);
    expect(body.penalties.total).toBe(e.penaltyTotal);
    for (const c of body.penalties.categories) expect(c.count, c.category).toBe(e.severest[c.category] ?? 0);
    expect(body.fines.byMonth).toEqual(e.fines);
    expect(body.fines.totalYuan).toBe(e.totalYuan);
    const { onTime, late, overdue, pending } = body.timeliness;
    expect({ onTime, late, overdue, pending }).toEqual(e.timeliness);
    const due = e.timeliness.onTime + e.timeliness.late + e.timeliness.overdue;
    expect(body.timeliness.share).toBe(due ? Math.round((e.timeliness.onTime / due) * 10_000) / 10_000 : null);
    expect(
      body.timeliness.byMonth.map(({ month, onTime, late, overdue, pending }: any) => ({
        month,
        onTime,
        late,
        overdue,
        pending,
      })),
    ).toEqual(e.timelinessByMonth);
    expect(body.topPowers.map((p: any) => ({ key: `${p.bodyId} ${p.code}`, count: p.count }))).toEqual(e.powers);
    for (const p of body.topPowers) expect(p.name).toBe(p.code === "rp.other-JC" ? CHECK_NAME : PENALTY_NAME);
  }

  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2
      ? (s[(s.length - 1) / 2] as number)
      : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
  };

  it("counts one body's months as an independent count of what was made says, answers included", async () => {
    const months = monthsFrom(FROM);
    const res = await api.get(`/api/public/stats?bodyId=${office.bodyId}&from=${FROM}&to=${thisMonth}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.scope).toEqual({
      kind: "body",
      bodyId: office.bodyId,
      bodyName: "某市年报测试局",
      region: "浙江省",
      bodies: 1,
    });
    checkAgainst(res.body, [office.bodyId], months);
    // Feedback: three received, two replied to the same day.
    expect(res.body.feedback).toMatchObject({ enough: true, received: 3, answered: 2, medianWorkingDays: 0 });
    // Requests: the two of 2025 (still open) and the two of November, answered today.
    expect(res.body.requests).toMatchObject({
      enough: true,
      received: 4,
      answered: 2,
      medianWorkingDays: median(requestDays),
    });
    const now = res.body.requests.byMonth.find((m: any) => m.month === thisMonth);
    expect(now).toEqual({
      month: thisMonth,
      received: thisMonth === "2026-11" ? 2 : 0,
      answered: 2,
      medianWorkingDays: median(requestDays),
    });
    // The other body has too few to show answer times.
    const theirs = await api.get(`/api/public/stats?bodyId=${other.bodyId}&from=${FROM}&to=${thisMonth}`);
    checkAgainst(theirs.body, [other.bodyId], months);
    expect(theirs.body.feedback).toMatchObject({ enough: false, minimum: 2, received: null, medianWorkingDays: null });
  });

  it("counts the region and every body alike; a region without bodies is zeros with its name", async () => {
    const months = monthsFrom(FROM);
    const both = [office.bodyId, other.bodyId];
    const region = await api.get(
      `/api/public/stats?region=${encodeURIComponent("浙江省")}&from=${FROM}&to=${thisMonth}`,
    );
    expect(region.status, JSON.stringify(region.body)).toBe(200);
    expect(region.body.scope).toEqual({ kind: "region", bodyId: null, bodyName: null, region: "浙江省", bodies: 2 });
    checkAgainst(region.body, both, months);
    const all = await api.get(`/api/public/stats?from=${FROM}&to=${thisMonth}`);
    expect(all.body.scope).toMatchObject({ kind: "all", bodies: 2 });
    checkAgainst(all.body, both, months);
    // The default period: the twelve months up to this one.
    const byDefault = await api.get(`/api/public/stats?bodyId=${office.bodyId}`);
    const twelve = monthsFrom(FROM).slice(-12);
    checkAgainst(byDefault.body, [office.bodyId], twelve);
    const empty = await api.get(`/api/public/stats?region=${encodeURIComponent("某某自治州")}`);
    expect(empty.status).toBe(200);
    expect(empty.body.scope).toEqual({ kind: "region", bodyId: null, bodyName: null, region: "某某自治州", bodies: 0 });
    expect(empty.body.decisions.total).toBe(0);
    expect(empty.body.topPowers).toEqual([]);
    expect(empty.body.timeliness.share).toBeNull();
  });

  it("refuses bad periods with 422 in Chinese, an unknown body with 404, writing nothing", async () => {
    for (const [query, type] of [
      ["from=2026-13", "STATS_MONTH_INVALID"],
      ["to=2026/01", "STATS_MONTH_INVALID"],
      ["from=2026-05&to=2026-04", "STATS_PERIOD_REVERSED"],
      ["from=2020-01&to=2026-12", "STATS_PERIOD_TOO_LONG"],
      [`bodyId=${office.bodyId}&region=${encodeURIComponent("某某自治州")}`, "STATS_BODY_NOT_IN_REGION"],
    ] as const) {
      const res = await api.get(`/api/public/stats?${query}`);
      expect(res.status, query).toBe(422);
      expect(res.body.data[0].type, query).toBe(type);
      expect(res.body.data[0].message, query).toMatch(/[\u4e00-\u9fff]/);
    }
    expect((await api.get("/api/public/stats?bodyId=nonexistent-body")).status).toBe(404);
    expect((await api.get("/api/public/stats.csv?chart=pie")).status).toBe(422);
    const page = await api.get("/stats?from=2026-13");
    expect(page.status).toBe(422);
    expect(page.body).toContain("月份格式不正确");
  });

  it("writes each chart's CSV with the numbers of the JSON", async () => {
    const q = `bodyId=${office.bodyId}&from=${FROM}&to=${thisMonth}`;
    const json = (await api.get(`/api/public/stats?${q}`)).body;
    const csvOf = async (chart: string) => {
      const res = await api.get(`/api/public/stats.csv?${q}&chart=${chart}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain("text/csv");
      // UTF-8 with a BOM, so spreadsheet programs read the Chinese (the text decoder drops it).
      const bytes = Buffer.from(
        await (await fetch(`${platform.baseUrl}/api/public/stats.csv?${q}&chart=${chart}`)).arrayBuffer(),
      );
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = res.body as string;
      expect(text.replace(/^\uFEFF/, "").startsWith("统计范围,某市年报测试局\r\n")).toBe(true);
      return text.split("\r\n");
    };
    const decisions = await csvOf("decisions");
    expect(decisions).toContain(`月份,${json.decisions.kinds.join(",")},合计`);
    for (const m of json.decisions.byMonth) {
      expect(decisions).toContain(
        [m.month, ...json.decisions.kinds.map((k: string) => m.counts[k]), m.total].join(","),
      );
    }
    expect(decisions).toContain(
      `合计,${json.decisions.byKind
        .filter((k: any) => k.count)
        .map((k: any) => k.count)
        .join(",")},${json.decisions.total}`,
    );
    const fines = await csvOf("fines");
    for (const m of json.fines.byMonth)
      expect(fines).toContain(`${m.month},${m.decisions},${m.fined},${m.fineYuan.toFixed(2)}`);
    expect(fines).toContain(`合计,${json.fines.decisions},${json.fines.fined},${json.fines.totalYuan.toFixed(2)}`);
    const penalties = await csvOf("penalties");
    for (const c of json.penalties.categories) expect(penalties).toContain(`${c.category},${c.count}`);
    const timeliness = await csvOf("timeliness");
    const t = json.timeliness;
    expect(timeliness).toContain(`合计,${t.onTime},${t.late},${t.overdue},${t.pending},${(t.share * 100).toFixed(1)}%`);
    const powers = await csvOf("powers");
    for (const p of json.topPowers) expect(powers).toContain(`${p.rank},${p.code},${p.name},${p.bodyName},${p.count}`);
    const responsiveness = await csvOf("responsiveness");
    expect(responsiveness).toContain(
      `合计,${json.feedback.received},${json.feedback.answered},${json.feedback.medianWorkingDays},${json.requests.received},${json.requests.answered},${json.requests.medianWorkingDays}`,
    );
  });

  it("shows the pages: SVG charts named for screen readers, tables, CSV links, a hostile name as text, no script", async () => {
    const region = await api.get(`/stats?region=${encodeURIComponent("浙江省")}&from=${FROM}&to=${thisMonth}`);
    expect(region.status).toBe(200);
    const page = region.body as string;
    expect(page.match(/<figure class="chart">/g)).toHaveLength(6);
    expect(page.match(/<svg role="img" aria-label="/g)?.length).toBeGreaterThanOrEqual(10);
    expect(page.match(/<table class="report-table">/g)).toHaveLength(6);
    expect(page).toContain("/api/public/stats.csv?region&#61;");
    expect(page).not.toMatch(/<script|<style| style=/i);
    expect(page).toContain("&lt;script&gt;");
    const body = await api.get(`/bodies/${other.bodyId}/stats?from=${FROM}`);
    expect(body.status).toBe(200);
    expect(body.body).toContain("某县年报测试局统计数据");
    expect(body.body).toContain(`/api/public/stats.csv?bodyId&#61;${other.bodyId}`);
    expect(body.body).not.toMatch(/<script/i);
    expect((await api.get(`/bodies/${office.bodyId}`)).body).toContain(`href="/bodies/${office.bodyId}/stats"`);
    expect((await api.get("/")).body).toContain('href="/stats"');
    expect((await api.get("/sitemap")).body).toContain('href="/stats"');
  });
});

describe("the 许可 table of the 行政执法年度数据", () => {
  it("counts grants, refusals (不予许可) and revocations (撤销许可) each by its own decision's day", async () => {
    // A body of its own, after the statistics' checks, which count every body.
    const licensing = await setUpOffice(api, "某市行政审批局", "rp.licensing");
    const power = await api.post(
      "/api/powers",
      powerInput(licensing.bodyId, "rp.lic-XK", { name: "殡葬设施建设审批", category: "行政许可" }),
      licensing.officer,
    );
    expect(power.status, JSON.stringify(power.body)).toBe(201);
    const decide = (decidedOn: string, outcome?: string) =>
      decideCase(api, licensing, {
        kind: "行政许可",
        powerId: power.body.id,
        decidedOn,
        conclusion: outcome === "不予许可" ? "不予许可。" : outcome === "撤销许可" ? "撤销原许可。" : "准予许可。",
        licence: outcome ? { outcome } : {},
      });
    const refused = await decide(`${YEAR}-03-02`, "不予许可");
    await decide(`${YEAR}-04-01`);
    await decide(`${YEAR}-05-06`, "准予许可");
    await decide(`${YEAR}-09-01`, "撤销许可");
    await decide(`${YEAR - 1}-12-31`, "撤销许可");
    await decide(`${YEAR + 1}-01-01`, "不予许可");
    const view = await api.get(`/api/results/${refused.resultId}`, licensing.officer);
    expect(view.body.licence).toMatchObject({ outcome: "不予许可", category: "普通" });
    const bad = await api.post("/api/cases/x/decision", { licence: { outcome: "部分许可" } }, licensing.officer);
    expect(bad.status).toBe(422);

    const counted = await api.post(`/api/reports/enforcement/${YEAR}`, {}, licensing.officer);
    expect(counted.status, JSON.stringify(counted.body)).toBe(200);
    const table = counted.body.sections.find((s: { title: string }) => s.title === "一、行政许可").table;
    // 申请 and 受理 are the cases' registrations, today: none in the report's year.
    expect(table.blocks[0].rows[0].cells).toEqual([0, 0, 2, 1, 1]);
  });
});

describe("the annual report in the transparency log", () => {
  it("is a log entry of its signed PDF's SHA-256, whose inclusion proof checks out offline", async () => {
    const pub = await api.get(`/api/public/reports/gov-info/${YEAR}?bodyId=${office.bodyId}`);
    expect(pub.status).toBe(200);
    const pdfRes = await fetch(`${platform.baseUrl}/api/public/reports/gov-info/${YEAR}/pdf?bodyId=${office.bodyId}`);
    const pdf = Buffer.from(await pdfRes.arrayBuffer());
    const key = (await (await fetch(`${platform.baseUrl}/api/public/tlog/key`)).text()).trim();
    const broker = await joinBus(platform);
    try {
      const record = await call(broker, tlog.recordOf, { id: pub.body.id });
      expect(record).not.toBeNull();
      const entry = JSON.parse(Buffer.from((record as LogRecord).entry, "base64").toString());
      expect(entry).toMatchObject({ type: "report", id: pub.body.id, version: 1, sha256: pub.body.sha256 });
      const checked = verifyOffline({ pdf, key, record: record as LogRecord });
      expect(checked.checks.filter((c) => !c.ok)).toEqual([]);
      expect(checked.ok).toBe(true);
    } finally {
      await broker.stop();
    }
  });
});

describe("a generated year: every cell of both reports as an independent count says", () => {
  // The current China year: answers and publications are dated up to today, so only this year can
  // hold every kind of record; the year before is counted too (its 四 is this year's 二).
  const today = chinaToday();
  const Y = Number(today.slice(0, 4));
  const P = Y - 1;
  const SEED = 0x5eed2026;
  const random = seededRandom(SEED);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[int(0, xs.length - 1)] as T;
  const shuffled = <T>(xs: readonly T[]): T[] => {
    const out = [...xs];
    for (let i = out.length - 1; i > 0; i--) {
      const j = int(0, i);
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  };
  const DAY_MS = 86_400_000;
  const addDays = (day: string, n: number) =>
    new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
  /** A day from `from` to `to`, both included (clamped to today). */
  const dayBetween = (from: string, to: string) => {
    const end = to > today ? today : to;
    const span = Math.max(0, Math.round((Date.parse(end) - Date.parse(from)) / DAY_MS));
    return addDays(from, int(0, span));
  };
  const first = (y: number) => `${y}-01-01`;
  const last = (y: number) => `${y}-12-31`;
  const inYear = (day: string | null | undefined, y: number) => !!day && day >= first(y) && day <= last(y);
  const fen = (yuan: number) => Math.round(yuan * 100);

  // ── What the test made: the independent count's only source ────────────────────────────────────

  /** 处罚种类 from the lightest to the most severe (handbook §年度报告; 其他 only when nothing else applies). */
  const SEVERITY = [
    "其他",
    "警告",
    "通报批评",
    "罚款",
    "没收违法所得",
    "没收非法财物",
    "暂扣许可证件",
    "降低资质等级",
    "吊销许可证件",
    "限制开展生产经营活动",
    "责令停产停业",
    "责令关闭",
    "限制从业",
    "行政拘留",
  ];
  /** The 处罚 table's rows as printed: Art. 9's order, 其他 last. */
  const PENALTY_ROWS = [...SEVERITY.slice(1), "其他"];
  const severest = (categories: string[]) =>
    categories.reduce((most, c) => (SEVERITY.indexOf(c) > SEVERITY.indexOf(most) ? c : most), "其他");

  interface MadeDecision {
    kind: string;
    decidedOn: string;
    categories?: string[];
    fine?: number;
    confiscated?: number;
    /** 行政许可: what it decides (absent: 准予许可 by default). */
    outcome?: string;
  }
  const decisions: MadeDecision[] = [];
  /** Licensing cases registered (today): the 许可 table's 申请 and 受理. */
  let licensingCases = 0;

  /** The columns of table 三 as the national form names them, and each one's key in the answer. */
  const COLUMNS = {
    自然人: "natural_person",
    商业企业: "business",
    科研机构: "research",
    社会公益组织: "public_interest",
    法律服务机构: "legal_services",
    其他: "other_organisation",
  } as const;
  type Column = keyof typeof COLUMNS;
  const residentId = (first17: string) => first17 + residentIdCheckChar(first17);
  const org = (name: string, extra: Record<string, unknown>) => ({
    name,
    creditCode: creditCode(),
    phone: "0571-86001234",
    ...extra,
  });
  /** Applicants of every kind the API takes, each with the column the form puts it in. */
  const APPLICANTS: { column: Column; applicant: () => Record<string, unknown> }[] = [
    {
      column: "自然人",
      applicant: () => ({
        type: "natural",
        name: "李某某",
        idNumber: residentId("33010619900307123"),
        phone: "13912345678",
      }),
    },
    {
      column: "自然人",
      applicant: () => ({
        kind: "natural_person",
        name: "王某",
        idType: "passport",
        idNumber: "E12345678",
        email: "w@example.cn",
      }),
    },
    { column: "商业企业", applicant: () => org("某某贸易有限公司", { kind: "business" }) },
    { column: "科研机构", applicant: () => org("某某研究院", { kind: "research" }) },
    { column: "社会公益组织", applicant: () => org("某某公益基金会", { kind: "public_interest" }) },
    { column: "法律服务机构", applicant: () => org("某某律师事务所", { kind: "legal_services" }) },
    { column: "其他", applicant: () => org("某某协会", { kind: "other_organisation" }) },
    // A legal person or other organisation whose kind is not said: 其他.
    { column: "其他", applicant: () => org("某某合作社", { type: "legal" }) },
    { column: "其他", applicant: () => org("某某业主委员会", { type: "other" }) },
  ];

  /** Table 三's rows of 办理结果, in the form's words, with the answer type an officer answers each with. */
  const R = "三、本年度办理结果";
  const RESULT_ROWS: { key: string; labels: string[]; code?: string }[] = [
    { key: "三(一)", labels: [R, "（一）予以公开"], code: "disclosed" },
    {
      key: "三(二)",
      labels: [R, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"],
      code: "partly_disclosed",
    },
    ...(
      [
        ["1.属于国家秘密", "refused_state_secret"],
        ["2.其他法律行政法规禁止公开", "refused_prohibited_by_law"],
        ["3.危及“三安全一稳定”", "refused_security_stability"],
        ["4.保护第三方合法权益", "refused_third_party_rights"],
        ["5.属于三类内部事务信息", "refused_internal_affairs"],
        ["6.属于四类过程性信息", "refused_process_information"],
        ["7.属于行政执法案卷", "refused_enforcement_file"],
        ["8.属于行政查询事项", "refused_administrative_inquiry"],
      ] as const
    ).map(([label, code], i) => ({ key: `三(三)${i + 1}`, labels: [R, "（三）不予公开", label], code })),
    ...(
      [
        ["1.本机关不掌握相关政府信息", "unable_not_held"],
        ["2.没有现成信息需要另行制作", "unable_needs_creation"],
        ["3.补正后申请内容仍不明确", "unable_still_unclear"],
      ] as const
    ).map(([label, code], i) => ({ key: `三(四)${i + 1}`, labels: [R, "（四）无法提供", label], code })),
    ...(
      [
        ["1.信访举报投诉类申请", "not_processed_complaint"],
        ["2.重复申请", "not_processed_repeat"],
        ["3.要求提供公开出版物", "not_processed_publication"],
        ["4.无正当理由大量反复申请", "not_processed_mass_repeat"],
        ["5.要求行政机关确认或重新出具已获取信息", "not_processed_confirmation"],
      ] as const
    ).map(([label, code], i) => ({ key: `三(五)${i + 1}`, labels: [R, "（五）不予处理", label], code })),
    // Reached when the applicant's deadline passes, not by an answer.
    {
      key: "三(六)1",
      labels: [R, "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"],
    },
    {
      key: "三(六)2",
      labels: [R, "（六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"],
    },
    { key: "三(六)3", labels: [R, "（六）其他处理", "3.其他"], code: "other" },
  ];
  const ANSWER_ROW = new Map(RESULT_ROWS.filter((r) => r.code).map((r) => [r.code as string, r.key]));

  interface MadeRequest {
    id: string;
    column: Column;
    receivedOn: string;
    /** How it ended: the row of table 三 and the day; null while open. */
    ended: { row: string; on: string; answered: boolean } | null;
  }
  const requestsMade: MadeRequest[] = [];
  /** 信息处理费 notices: the day sent, the amount, the day paid. */
  const feeNotices: { on: string; yuan: number; paidOn: string | null }[] = [];

  const TRACKS = {
    reconsideration: "review",
    lawsuit: "direct_suit",
    lawsuit_after_reconsideration: "suit_after_review",
  } as const;
  interface MadeRemedy {
    track: (typeof TRACKS)[keyof typeof TRACKS];
    filedOn: string;
    concluded: { outcome: "upheld" | "corrected" | "other"; on: string } | null;
  }
  const remediesMade: MadeRemedy[] = [];

  interface MadeDocument {
    publishedOn: string;
    repealedOn?: string;
    /** 有效期至 when the document says it (else years beyond these reports). */
    validUntil?: string;
  }
  const documentsMade: MadeDocument[] = [];

  let gen: Office;

  beforeAll(async () => {
    gen = await setUpOffice(api, "某市年报生成测试局", "rp.generated");
    // Powers of five categories besides the office's 行政处罚; none of 行政征用 (无相关行政执法职责).
    const powers: Record<string, string> = { 行政处罚: gen.penaltyPowerId };
    for (const [category, code] of [
      ["行政许可", "XK"],
      ["行政强制", "QZ"],
      ["行政征收", "ZS"],
      ["行政检查", "JC"],
      ["行政给付", "GF"],
    ] as const) {
      const res = await api.post(
        "/api/powers",
        powerInput(gen.bodyId, `rp.generated-${code}`, { name: `生成测试${category}事项`, category }),
        gen.officer,
      );
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      powers[category] = res.body.id;
    }

    // Decisions: most of this year, some of last year, the two days either side of New Year.
    const penaltyOn = (decidedOn: string): MadeDecision => {
      const categories = SEVERITY.filter(() => random() < 0.18);
      if (categories.length === 0) categories.push(pick(SEVERITY));
      const d: MadeDecision = { kind: "行政处罚", decidedOn, categories };
      if (categories.includes("罚款")) d.fine = int(1, 9_999_999) / 100;
      if (categories.includes("没收违法所得") || categories.includes("没收非法财物"))
        d.confiscated = int(1, 5_000_000) / 100;
      return d;
    };
    const OUTCOMES = [undefined, "准予许可", "不予许可", "撤销许可"];
    const plan: MadeDecision[] = [
      ...Array.from({ length: 18 }, () => penaltyOn(dayBetween(first(Y), today))),
      ...Array.from({ length: 4 }, () => penaltyOn(dayBetween(first(P), last(P)))),
      penaltyOn(last(P)),
      penaltyOn(first(Y)),
      ...Array.from({ length: 9 }, () => ({
        kind: "行政许可",
        decidedOn: dayBetween(first(Y), today),
        outcome: pick(OUTCOMES),
      })),
      ...Array.from({ length: 3 }, () => ({
        kind: "行政许可",
        decidedOn: dayBetween(first(P), last(P)),
        outcome: pick(OUTCOMES),
      })),
      ...[
        "行政强制",
        "行政强制",
        "行政强制",
        "行政征收",
        "行政征收",
        "行政检查",
        "行政检查",
        "行政检查",
        "行政给付",
        "行政给付",
      ].map((kind) => ({ kind, decidedOn: dayBetween(first(Y), today) })),
      ...["行政强制", "行政检查", "行政征收"].map((kind) => ({ kind, decidedOn: dayBetween(first(P), last(P)) })),
    ];
    for (const d of shuffled(plan)) {
      const spec = {
        kind: d.kind,
        powerId: powers[d.kind],
        decidedOn: d.decidedOn,
        conclusion: d.kind === "行政处罚" ? "依法予以处罚。" : "依法作出决定。",
        ...(d.categories
          ? {
              penalty: {
                categories: d.categories,
                content: `${d.categories.join("、")}`,
                ...(d.fine !== undefined ? { fineAmount: d.fine } : {}),
                ...(d.confiscated !== undefined ? { confiscatedAmount: d.confiscated } : {}),
              },
            }
          : {}),
        ...(d.kind === "行政许可" ? { licence: d.outcome ? { outcome: d.outcome } : {} } : {}),
      };
      // Some published (a fine is published), most left drafts: both are decisions of their day.
      if (d.fine !== undefined && random() < 0.3) await publishNotice(api, gen, spec);
      else await decideCase(api, gen, spec);
      decisions.push(d);
      if (d.kind === "行政许可") licensingCases++;
    }
    // A decision dated next year is refused and counts nowhere.
    const future = await api.post(
      "/api/cases",
      {
        bodyId: gen.bodyId,
        powerId: gen.penaltyPowerId,
        title: "某某公司预先决定案",
        officerIds: gen.officerIds,
        facts: "某某公司未经批准擅自经营。",
        party: { type: "legal", name: "某某殡仪服务有限公司", creditCode: creditCode(), legalRepresentative: "赵某" },
      },
      gen.officer,
    );
    expect(future.status, JSON.stringify(future.body)).toBe(201);
    for (const to of ["investigating", "notified"]) {
      expect((await api.post(`/api/cases/${future.body.id}/transitions`, { to }, gen.officer)).status).toBe(200);
    }
    const refused = await api.post(
      `/api/cases/${future.body.id}/decision`,
      {
        decisionNo: `生成测罚〔${Y + 1}〕1号`,
        decidedOn: `${Y + 1}-01-02`,
        kind: "行政处罚",
        conclusion: "罚款。",
        basis: "《殡葬管理条例》第二十八条",
        penalty: { categories: ["罚款"], content: "罚款100元", fineAmount: 100 },
      },
      gen.officer,
    );
    expect(refused.status).toBe(422);

    // 依申请公开: received last year or this, answered then, now, or not yet; two lapse.
    const codes = shuffled([...ANSWER_ROW.keys()]);
    let nextCode = 0;
    const register = async (receivedOn: string) => {
      const who = pick(APPLICANTS);
      const res = await api.post(
        "/api/requests",
        {
          bodyId: gen.bodyId,
          applicant: who.applicant(),
          receivedOn,
          description: `请公开本单位${receivedOn}前后的行政执法统计（${requestsMade.length + 1}）。`,
          channel: pick(["in_person", "post", "letter"]),
        },
        gen.officer,
      );
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const made: MadeRequest = { id: res.body.id, column: who.column, receivedOn, ended: null };
      requestsMade.push(made);
      return made;
    };
    const answer = async (r: MadeRequest, on: string) => {
      const code = codes[nextCode++ % codes.length] as string;
      const res = await api.post(
        `/api/requests/${r.id}/answer`,
        { type: code, text: "经审查，答复如下。", on },
        gen.officer,
      );
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      r.ended = { row: ANSWER_ROW.get(code) as string, on, answered: true };
    };
    const step = async (r: MadeRequest, path: string, body: Record<string, unknown>) => {
      const res = await api.post(`/api/requests/${r.id}/${path}`, body, gen.officer);
      expect(res.status, `${path} ${JSON.stringify(res.body)}`).toBe(200);
    };
    // Received last year: answered last year (not this year's), answered this year (二 and 三), open (二 and 四).
    for (let i = 0; i < 4; i++) {
      const r = await register(dayBetween(first(P), last(P)));
      await answer(r, dayBetween(r.receivedOn, last(P)));
    }
    const boundary = await register(last(P));
    await answer(boundary, last(P));
    for (let i = 0; i < 5; i++)
      await answer(await register(dayBetween(first(P), last(P))), dayBetween(first(Y), today));
    await answer(await register(last(P)), first(Y));
    for (let i = 0; i < 3; i++) await register(dayBetween(first(P), last(P)));
    // Received this year: answered, or still open.
    for (let i = 0; i < 20; i++) {
      const r = await register(dayBetween(first(Y), today));
      await answer(r, dayBetween(r.receivedOn, today));
    }
    for (let i = 0; i < 5; i++) await register(dayBetween(first(Y), today));
    // A day at least 20 days past, so the applicant's deadlines below have passed (in early
    // January it falls in last year: the request is then carried over and ends this year).
    const settled = addDays(today, -20);
    const settledDay = () => (settled < first(Y) ? settled : dayBetween(first(Y), settled));
    // 逾期不补正: asked to correct by a day now past, closed the day after (one across New Year).
    const corrections: [string, string][] = [
      [addDays(last(P), -10), last(P)],
      [settledDay(), ""],
    ];
    for (const [receivedOn, due] of corrections) {
      const r = await register(receivedOn);
      const dueOn = due || addDays(receivedOn, 7);
      await step(r, "correction", { on: receivedOn, what: "请写明所需信息的名称、文号。", dueOn });
      r.ended = { row: "三(六)1", on: addDays(dueOn, 1), answered: false };
    }
    // 信息处理费 (按量, 60 pages: 30 free, 30 at ¥10): one not paid by its day (逾期未缴费), one paid and answered.
    const pagesFee = (pages: number) =>
      Math.max(0, Math.min(pages, 100) - 30) * 10 +
      Math.max(0, Math.min(pages, 200) - 100) * 20 +
      Math.max(0, pages - 200) * 40;
    const unpaid = await register(settledDay());
    const unpaidDue = addDays(unpaid.receivedOn, 10);
    await step(unpaid, "fee-notice", { on: unpaid.receivedOn, standard: "pages", quantity: 60, dueOn: unpaidDue });
    unpaid.ended = { row: "三(六)2", on: addDays(unpaidDue, 1), answered: false };
    feeNotices.push({ on: unpaid.receivedOn, yuan: pagesFee(60), paidOn: null });
    const paid = await register(settledDay());
    await step(paid, "fee-notice", {
      on: paid.receivedOn,
      standard: "pages",
      quantity: 150,
      dueOn: addDays(paid.receivedOn, 15),
    });
    await step(paid, "fee-paid", { on: addDays(paid.receivedOn, 3) });
    await answer(paid, dayBetween(addDays(paid.receivedOn, 3), today));
    feeNotices.push({ on: paid.receivedOn, yuan: pagesFee(150), paidOn: addDays(paid.receivedOn, 3) });
    // Reading a request closes it once its applicant's deadline has passed.
    for (const r of requestsMade.filter((x) => x.ended && !x.ended.answered)) {
      const view = await api.get(`/api/requests/${r.id}`, gen.officer);
      expect(view.body.outcome, JSON.stringify(view.body.outcome)).toMatchObject({ via: "lapse", on: r.ended?.on });
    }

    // 行政复议 and 行政诉讼 on the requests: each track filed and concluded last year, pending since
    // last year, concluded this year, filed this year and pending or concluded (one recorded later).
    const OUTCOME_NAMES = { upheld: "维持", corrected: "纠正", other: "其他" } as const;
    for (const kind of Object.keys(TRACKS) as (keyof typeof TRACKS)[]) {
      // The four concluded this year reach each result at least once.
      const thisYear = shuffled([
        "upheld",
        "corrected",
        "other",
        pick(["upheld", "corrected", "other"] as const),
      ] as const);
      for (const scenario of ["P-P", "P-open", "P-Y", "Y-Y", "Y-open", "Y-later", "Y-Y"]) {
        const fromLastYear = scenario.startsWith("P");
        const on = pick(requestsMade.filter((r) => (fromLastYear ? r.receivedOn <= last(P) : true)));
        const filedOn = fromLastYear
          ? dayBetween(on.receivedOn, last(P))
          : dayBetween(on.receivedOn > first(Y) ? on.receivedOn : first(Y), today);
        const outcome =
          scenario === "P-P" || scenario.endsWith("open")
            ? pick(["upheld", "corrected", "other"] as const)
            : (thisYear.pop() as "upheld" | "corrected" | "other");
        const decidedOn =
          scenario === "P-P"
            ? dayBetween(filedOn, last(P))
            : scenario === "P-Y"
              ? dayBetween(first(Y), today)
              : dayBetween(filedOn, today);
        const concludedNow = scenario === "P-P" || scenario === "P-Y" || scenario === "Y-Y";
        const res = await api.post(
          `/api/requests/${on.id}/remedies`,
          {
            kind,
            filedOn,
            // The outcome by its code or by its name in the form, both accepted.
            outcome: concludedNow
              ? random() < 0.5
                ? outcome
                : OUTCOME_NAMES[outcome]
              : random() < 0.5
                ? "pending"
                : "尚未审结",
            ...(concludedNow ? { decidedOn } : {}),
          },
          gen.officer,
        );
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        if (scenario === "Y-later") {
          const remedy = (res.body.remedies as { id: string; filedOn: string; outcome: string }[]).find(
            (x) => x.filedOn === filedOn && x.outcome === "pending",
          );
          const done = await api.post(
            `/api/requests/${on.id}/remedies/${remedy?.id}`,
            { outcome, decidedOn },
            gen.officer,
          );
          expect(done.status, JSON.stringify(done.body)).toBe(200);
        }
        remediesMade.push({
          track: TRACKS[kind],
          filedOn,
          concluded: scenario.endsWith("open") ? null : { outcome, on: decidedOn },
        });
      }
    }

    // 行政规范性文件: published before, in and at the edges of the year; repealed; lapsing; a draft.
    let docNo = 0;
    const document = async (d: MadeDocument & { effectiveFrom?: string }, publish = true) => {
      const signedOn = addDays(d.publishedOn, -int(0, 20));
      const res = await api.post(
        "/api/documents",
        {
          title: `关于规范生成测试工作的通知（${++docNo}）`,
          docNumber: `生成测发〔${signedOn.slice(0, 4)}〕${docNo}号`,
          signedOn,
          publishedOn: d.publishedOn,
          ...(d.effectiveFrom ? { effectiveFrom: d.effectiveFrom } : {}),
          ...(d.validUntil ? { validUntil: d.validUntil } : {}),
          text: "各有关单位：为规范……",
          legalBasis: "《某条例》",
          policy: false,
        },
        gen.officer,
      );
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      if (!publish) return;
      const published = await api.post(`/api/documents/${res.body.id}/publish`, {}, gen.officer);
      expect(published.status, JSON.stringify(published.body)).toBe(200);
      if (d.repealedOn) {
        const repealed = await api.post(
          `/api/documents/${res.body.id}/repeal`,
          { on: d.repealedOn, reason: "上位法已修改。" },
          gen.officer,
        );
        expect(repealed.status, JSON.stringify(repealed.body)).toBe(200);
      }
      documentsMade.push({ publishedOn: d.publishedOn, repealedOn: d.repealedOn, validUntil: d.validUntil });
    };
    const lastYearDay = () => dayBetween(first(P), addDays(last(P), -40));
    await document({ publishedOn: lastYearDay() });
    await document({ publishedOn: last(P) });
    await document({ publishedOn: lastYearDay(), repealedOn: dayBetween(first(Y), today) });
    await document({ publishedOn: `${P - 1}-06-01`, repealedOn: dayBetween(first(P), last(P)) });
    const lapsing = lastYearDay();
    await document({ publishedOn: lapsing, effectiveFrom: lapsing, validUntil: addDays(first(Y), int(0, 30)) });
    await document({ publishedOn: first(Y) });
    for (let i = 0; i < 3; i++) await document({ publishedOn: dayBetween(first(Y), today) });
    const repealedSameYear = dayBetween(first(Y), addDays(today, -5));
    await document({ publishedOn: repealedSameYear, repealedOn: dayBetween(repealedSameYear, today) });
    // Published now, in force only from next year: in force (现行有效) all the same.
    await document({ publishedOn: today, effectiveFrom: `${Y + 1}-01-10` });
    await document({ publishedOn: today }, false);
  }, 600_000);

  // ── The expected tables, counted from what was made ──────────────────────────────────────────

  const zeroColumns = () =>
    ({ ...Object.fromEntries(Object.values(COLUMNS).map((k) => [k, 0])), total: 0 }) as Record<string, number>;

  /** Table 三 of year y by the form's definitions. */
  function expectedRequests(y: number): Record<string, Record<string, number>> {
    const rows = ["一", "二", ...RESULT_ROWS.map((r) => r.key), "三(七)", "四"];
    const table = Object.fromEntries(rows.map((r) => [r, zeroColumns()]));
    const add = (row: string, column: Column) => {
      (table[row] as Record<string, number>)[COLUMNS[column]]++;
      (table[row] as Record<string, number>).total++;
    };
    for (const r of requestsMade) {
      const ended = r.ended?.on ?? null;
      if (r.receivedOn > last(y)) continue;
      if (inYear(r.receivedOn, y)) add("一", r.column);
      else if (ended === null || ended >= first(y)) add("二", r.column);
      if (r.ended && inYear(r.ended.on, y)) {
        add(r.ended.row, r.column);
        add("三(七)", r.column);
      }
      if (ended === null || ended > last(y)) add("四", r.column);
    }
    return table;
  }

  /** Table 四 of year y: cases open at some time in the year, under their result or 尚未审结. */
  function expectedRemedies(y: number) {
    const zero = () => ({ upheld: 0, corrected: 0, other: 0, pending: 0, total: 0 });
    const table = { review: zero(), direct_suit: zero(), suit_after_review: zero() };
    for (const r of remediesMade) {
      if (r.filedOn > last(y) || (r.concluded && r.concluded.on < first(y))) continue;
      const column = r.concluded && r.concluded.on <= last(y) ? r.concluded.outcome : "pending";
      table[r.track][column]++;
      table[r.track].total++;
    }
    return table;
  }

  const decided = (kind: string, y: number) => decisions.filter((d) => d.kind === kind && inYear(d.decidedOn, y));

  /** Table 二 of year y. */
  function expectedActive(y: number) {
    const endOfYear = last(y);
    const normative = {
      issued: documentsMade.filter((d) => inYear(d.publishedOn, y)).length,
      repealed: documentsMade.filter((d) => inYear(d.repealedOn, y)).length,
      inForce: documentsMade.filter(
        (d) =>
          d.publishedOn <= endOfYear &&
          !(d.repealedOn && d.repealedOn <= endOfYear) &&
          !(d.validUntil && d.validUntil < endOfYear),
      ).length,
    };
    return {
      // The platform registers no 规章.
      rule: { issued: 0, repealed: 0, inForce: 0 },
      normative,
      licensing: { decisions: decided("行政许可", y).length },
      penalty: { decisions: decided("行政处罚", y).length },
      coercion: { decisions: decided("行政强制", y).length },
      fees: { amountWan: 0 },
    };
  }

  const yuan = (cents: number) => Number((cents / 100).toFixed(2));
  const HELD = ["行政许可", "行政处罚", "行政强制", "行政征收", "行政检查"];

  /** The six tables of 行政执法年度数据 of year y. */
  function expectedEnforcement(y: number) {
    const licences = decided("行政许可", y);
    const penaltyRow = (ds: MadeDecision[]) => ({
      count: ds.length,
      fineYuan: yuan(ds.reduce((s, d) => s + fen(d.fine ?? 0), 0)),
      confiscatedYuan: yuan(ds.reduce((s, d) => s + fen(d.confiscated ?? 0), 0)),
    });
    const penalties = decided("行政处罚", y);
    const simple = (kind: string) =>
      HELD.includes(kind) || decided(kind, y).length > 0
        ? { duty: true, decisions: decided(kind, y).length }
        : { duty: false };
    return {
      year: y,
      licensing: {
        duty: true,
        // Registered today, on acceptance: 申请 and 受理 are this year's.
        applied: y === Y ? licensingCases : 0,
        accepted: y === Y ? licensingCases : 0,
        granted: licences.filter((d) => (d.outcome ?? "准予许可") === "准予许可").length,
        refused: licences.filter((d) => d.outcome === "不予许可").length,
        revoked: licences.filter((d) => d.outcome === "撤销许可").length,
      },
      penalty: {
        duty: true,
        byCategory: Object.fromEntries(
          PENALTY_ROWS.map((c) => [c, penaltyRow(penalties.filter((d) => severest(d.categories ?? []) === c))]),
        ),
        total: penaltyRow(penalties),
      },
      coercion: simple("行政强制"),
      levy: simple("行政征收"),
      requisition: simple("行政征用"),
      inspection: simple("行政检查"),
    };
  }

  // ── The printed tables: every cell by its title, caption, row and column labels ─────────────

  type Cells = Record<string, number | string>;
  const cellKey = (title: string, caption: string | undefined, row: readonly string[], column: readonly string[]) =>
    `${title}${caption ? ` ${caption}` : ""} | ${row.join("/")} | ${column.join("/")}`;

  /** Every cell the answer prints, so a row or column the test does not expect fails it. */
  function printedCells(sections: any[]): Cells {
    const cells: Cells = {};
    for (const s of sections) {
      if (!s.table) continue;
      for (const b of s.table.blocks) {
        for (const r of b.rows) {
          b.columns.forEach((c: any, i: number) => {
            const key = cellKey(s.table.title, b.caption, r.labels, c.labels);
            expect(cells, key).not.toHaveProperty([key]);
            cells[key] = r.cells[i];
          });
        }
      }
    }
    return cells;
  }

  const APPLICANT_COLUMNS: [string[], string][] = [
    [["申请人情况", "自然人"], "natural_person"],
    ...(["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"] as Column[]).map(
      (c) => [["申请人情况", "法人或其他组织", c], COLUMNS[c]] as [string[], string],
    ),
    [["申请人情况", "总计"], "total"],
  ];

  function expectedGovInfoCells(y: number): Cells {
    const cells: Cells = {};
    const active = expectedActive(y);
    const A = "二、主动公开政府信息情况";
    for (const [row, label] of [
      ["rule", "规章"],
      ["normative", "行政规范性文件"],
    ] as const) {
      cells[cellKey(A, "第二十条第（一）项", [label], ["本年制发件数"])] = active[row].issued;
      cells[cellKey(A, "第二十条第（一）项", [label], ["本年废止件数"])] = active[row].repealed;
      cells[cellKey(A, "第二十条第（一）项", [label], ["现行有效件数"])] = active[row].inForce;
    }
    cells[cellKey(A, "第二十条第（五）项", ["行政许可"], ["本年处理决定数量"])] = active.licensing.decisions;
    cells[cellKey(A, "第二十条第（六）项", ["行政处罚"], ["本年处理决定数量"])] = active.penalty.decisions;
    cells[cellKey(A, "第二十条第（六）项", ["行政强制"], ["本年处理决定数量"])] = active.coercion.decisions;
    cells[cellKey(A, "第二十条第（八）项", ["行政事业性收费"], ["本年收费金额（单位：万元）"])] = 0;

    const requests = expectedRequests(y);
    const Q = "三、收到和处理政府信息公开申请情况";
    const rows: [string[], string][] = [
      [["一、本年新收政府信息公开申请数量"], "一"],
      [["二、上年结转政府信息公开申请数量"], "二"],
      ...RESULT_ROWS.map((r) => [r.labels, r.key] as [string[], string]),
      [[R, "（七）总计"], "三(七)"],
      [["四、结转下年度继续办理"], "四"],
    ];
    for (const [labels, key] of rows) {
      for (const [column, c] of APPLICANT_COLUMNS) {
        cells[cellKey(Q, undefined, labels, column)] = requests[key]?.[c] as number;
      }
    }

    const remedies = expectedRemedies(y);
    const T = "四、政府信息公开行政复议、行政诉讼情况";
    for (const [track, path] of [
      ["review", ["行政复议"]],
      ["direct_suit", ["行政诉讼", "未经复议直接起诉"]],
      ["suit_after_review", ["行政诉讼", "复议后起诉"]],
    ] as const) {
      for (const [column, label] of [
        ["upheld", "结果维持"],
        ["corrected", "结果纠正"],
        ["other", "其他结果"],
        ["pending", "尚未审结"],
        ["total", "总计"],
      ] as const) {
        cells[cellKey(T, undefined, [], [...path, label])] = remedies[track][column];
      }
    }
    return cells;
  }

  function expectedEnforcementCells(y: number): Cells {
    const e = expectedEnforcement(y);
    const NONE = "无相关行政执法职责";
    const cells: Cells = {};
    const L = "一、行政许可";
    for (const [column, label] of [
      ["applied", "申请"],
      ["accepted", "受理"],
      ["granted", "许可"],
      ["refused", "不予许可"],
      ["revoked", "撤销"],
    ] as const) {
      cells[cellKey(L, undefined, ["行政许可"], [label])] = e.licensing[column];
    }
    const penaltyColumns = [
      ["count", "件数"],
      ["fineYuan", "罚款金额（元）"],
      ["confiscatedYuan", "没收金额（元）"],
    ] as const;
    for (const c of [...PENALTY_ROWS, "合计"]) {
      const row = c === "合计" ? e.penalty.total : (e.penalty.byCategory[c] as typeof e.penalty.total);
      for (const [column, label] of penaltyColumns)
        cells[cellKey("二、行政处罚", undefined, [c], [label])] = row[column];
    }
    for (const [id, title, kind] of [
      ["coercion", "三、行政强制", "行政强制"],
      ["levy", "四、行政征收", "行政征收"],
      ["requisition", "五、行政征用", "行政征用"],
      ["inspection", "六、行政检查", "行政检查"],
    ] as const) {
      const t = e[id] as { duty: boolean; decisions?: number };
      cells[cellKey(title, undefined, [kind], ["件数"])] = t.duty ? (t.decisions as number) : NONE;
    }
    return cells;
  }

  /** The 信息处理费 sentence of section 六, from the notices made. */
  function expectedFeeSentence(y: number): string {
    const sent = feeNotices.filter((f) => inYear(f.on, y));
    const collected = feeNotices.filter((f) => inYear(f.paidOn, y));
    if (sent.length === 0 && collected.length === 0) return "本年度未发出信息处理费收费通知，未收取信息处理费。";
    const sum = (fs: typeof feeNotices) => yuan(fs.reduce((s, f) => s + fen(f.yuan), 0)).toFixed(2);
    return `本年度发出信息处理费收费通知${sent.length}件，总金额${sum(sent)}元；实际收取信息处理费总金额${sum(collected)}元。`;
  }

  // ── The checks ───────────────────────────────────────────────────────────────────────────────

  it("counts tables 二, 三 and 四 of the 政府信息公开工作年度报告, this year and last, cell by cell", async () => {
    for (const y of [Y, P]) {
      const res = await api.post(`/api/reports/gov-info/${y}`, {}, gen.officer);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({ status: "draft", year: y, bodyId: gen.bodyId });
      const data = res.body.data;
      expect(data.active, `${y} 二`).toEqual(expectedActive(y));
      expect(data.requests, `${y} 三`).toEqual(expectedRequests(y));
      expect(data.remedies, `${y} 四`).toEqual(expectedRemedies(y));
      expect(printedCells(res.body.sections), `${y} printed`).toEqual(expectedGovInfoCells(y));
      const six = res.body.sections.find((s: any) => s.number === "六");
      expect(six.paragraphs.at(-1), `${y} 六`).toBe(expectedFeeSentence(y));
      // The form's own check: 一 + 二 = 三（七） + 四 in every column, and nothing the product flags.
      const t = data.requests;
      for (const [, c] of APPLICANT_COLUMNS)
        expect(t["一"][c] + t["二"][c], `${y} ${c}`).toBe(t["三(七)"][c] + t["四"][c]);
      expect(res.body.problems).toEqual([]);
    }
    // The data set is not degenerate: every row of 三 and every cell of 四 is reached this year
    // (once the year is a month old: on 1 January nothing can have been answered in it yet).
    const requests = expectedRequests(Y);
    if (today >= `${Y}-02-01`) {
      for (const row of Object.keys(requests)) expect(requests[row]?.total, row).toBeGreaterThan(0);
    }
    for (const track of Object.values(expectedRemedies(Y)))
      for (const [k, n] of Object.entries(track)) expect(n, k).toBeGreaterThan(0);
    // Last year's 结转下年度 is this year's 上年结转.
    expect(expectedRequests(P)["四"]).toEqual(requests["二"]);
  });

  it("counts the six tables of the 行政执法年度数据, this year and last, cell by cell", async () => {
    for (const y of [Y, P]) {
      const res = await api.post(`/api/reports/enforcement/${y}`, {}, gen.officer);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.data, `${y}`).toEqual(expectedEnforcement(y));
      expect(printedCells(res.body.sections), `${y} printed`).toEqual(expectedEnforcementCells(y));
    }
    const e = expectedEnforcement(Y);
    expect(e.penalty.total.count).toBeGreaterThan(10);
    expect(e.requisition).toEqual({ duty: false });
  });

  it("answers the same totals in the public statistics of the year as the 行政执法年度数据", async () => {
    const res = await api.get(`/api/public/stats?bodyId=${gen.bodyId}&from=${Y}-01&to=${Y}-12`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const stats = res.body;
    const report = (await api.post(`/api/reports/enforcement/${Y}`, {}, gen.officer)).body.data;
    const byKind = Object.fromEntries(stats.decisions.byKind.map((k: any) => [k.kind, k.count]));
    expect(byKind["行政许可"] ?? 0).toBe(
      report.licensing.granted + report.licensing.refused + report.licensing.revoked,
    );
    expect(byKind["行政处罚"] ?? 0).toBe(report.penalty.total.count);
    for (const [kind, id] of [
      ["行政强制", "coercion"],
      ["行政征收", "levy"],
      ["行政征用", "requisition"],
      ["行政检查", "inspection"],
    ] as const) {
      expect(byKind[kind] ?? 0, kind).toBe(report[id].duty ? report[id].decisions : 0);
    }
    // 行政给付 has no table of its own: the statistics count it all the same.
    expect(byKind["行政给付"] ?? 0).toBe(decided("行政给付", Y).length);
    expect(stats.decisions.total).toBe(decisions.filter((d) => inYear(d.decidedOn, Y)).length);
    expect(stats.penalties.total).toBe(report.penalty.total.count);
    for (const c of stats.penalties.categories)
      expect(c.count, c.category).toBe(report.penalty.byCategory[c.category].count);
    expect(stats.penalties.categories.map((c: any) => c.category).sort()).toEqual([...PENALTY_ROWS].sort());
    expect(stats.fines.totalYuan).toBe(report.penalty.total.fineYuan);
    expect(stats.fines.decisions).toBe(report.penalty.total.count);
    expect(stats.fines.fined).toBe(decided("行政处罚", Y).filter((d) => (d.fine ?? 0) > 0).length);
    // Requests received in the year are table 三's 一; answered (not lapsed) ones are counted by the answer's day.
    const gov = (await api.post(`/api/reports/gov-info/${Y}`, {}, gen.officer)).body.data;
    expect(stats.requests.received).toBe(gov.requests["一"].total);
    expect(stats.requests.answered).toBe(requestsMade.filter((r) => r.ended?.answered && inYear(r.ended.on, Y)).length);
  });
});
