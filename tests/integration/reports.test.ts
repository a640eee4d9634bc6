/**
 * Annual reports over the split platform: a year of decisions, requests (with a remedy) and
 * documents made through the API; the body's 政府信息公开工作年度报告 and 行政执法年度数据 counted
 * from them over NATS and checked cell by cell against an independent count; a correction that
 * breaks the sums refused (409 naming the cell, nothing written); publication — public JSON, the
 * CSV in the form's words, the signed PDF (pdfsig) whose code verifies. Then the public statistics
 * of a body, the region and every body over months of decisions (two bodies, published on time,
 * late and not at all), feedback replies and answered requests, every number checked against an
 * independent count of what the test made; their CSV against their JSON; the pages' SVG charts.
 */
// The statistics' answers are untyped JSON checked field by field; `any` keeps those assertions terse.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chinaToday } from "../../shared/dates.js";
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
    ["gateway", "accounts,duties,cases,results,notices,feed,feedback", "requests,documents,reports,tlog"],
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
