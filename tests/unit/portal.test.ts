import { beforeAll, describe, expect, it } from "vitest";
import { escapeHtml, href, html, pathOf, raw, safeUrl, SafeHtml } from "../../web/html/html.js";
import { PALETTE } from "../../web/html/palette.js";
import { bodyPage, type BodyPageInput } from "../../web/portal/body.js";
import { errorPage } from "../../web/portal/errors.js";
import { feedbackFormPage, feedbackSection, feedbackTrackingPage } from "../../web/portal/feedback.js";
import { homePage } from "../../web/portal/home.js";
import { CSV_PATH, FEED_PATH, layout } from "../../web/portal/layout.js";
import { noticePage, type NoticeView } from "../../web/portal/notice.js";
import type { NoticeSummary } from "../../web/portal/parts.js";
import { powerPage, type PowerPageInput } from "../../web/portal/power.js";
import { qrSvg } from "../../web/portal/qr.js";
import { searchPage, type SearchFacets, type SearchPageInput } from "../../web/portal/search.js";
import { PORTAL_CSS } from "../../web/portal/style.js";
import { verifyPage, type VerifyResult } from "../../web/portal/verify.js";
import { accessibilityPage, FAVICON_SVG, sitemapPage } from "../../web/portal/site-pages.js";
import { configureSite } from "../../web/html/site.js";
import { consolePage } from "../../web/console/layout.js";
import { loadConfig } from "../../lib/config.js";
import { tombstoneFields } from "../../shared/tombstone.js";
import { directoryPages } from "../support/portal-directories.js";
import { requestPages } from "../support/portal-requests.js";
import { documentPages } from "../support/portal-documents.js";

// ---- a small reader of our own markup (always double-quoted attributes)

interface Tag {
  name: string;
  attrs: Record<string, string>;
}

const ENTITIES: Record<string, string> = {
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&#39;": "'",
  "&#96;": "`",
  "&#61;": "=",
};

function decode(s: string): string {
  return s.replace(/&(?:amp|lt|gt|quot|#39|#96|#61);/g, (e) => ENTITIES[e] as string);
}

function tags(doc: string, name?: string): Tag[] {
  const out: Tag[] = [];
  for (const m of doc.matchAll(/<([a-zA-Z][\w-]*)((?:\s+[^\s=>/]+(?:\s*=\s*"[^"]*")?)*)\s*\/?>/g)) {
    const attrs: Record<string, string> = {};
    for (const a of (m[2] as string).matchAll(/([^\s=>/]+)(?:\s*=\s*"([^"]*)")?/g)) {
      attrs[(a[1] as string).toLowerCase()] = decode(a[2] ?? "");
    }
    const tagName = (m[1] as string).toLowerCase();
    if (!name || tagName === name) out.push({ name: tagName, attrs });
  }
  return out;
}

function hrefs(doc: string): string[] {
  return tags(doc, "a").map((t) => t.attrs.href as string);
}

/** Each link with its target and its text. */
function anchors(doc: string): { href: string; text: string; attrs: Record<string, string> }[] {
  return [...doc.matchAll(/<a\b[^>]*>[^]*?<\/a\s*>/g)].map((m) => {
    const attrs = tags(m[0], "a")[0]?.attrs ?? {};
    return { href: attrs.href ?? "", text: textOf(m[0]).trim(), attrs };
  });
}

function linkTo(doc: string, text: string): string | undefined {
  return anchors(doc).find((a) => a.text === text)?.href;
}

function headingLevels(doc: string): number[] {
  return [...doc.matchAll(/<h([1-6])\b/gi)].map((m) => Number(m[1]));
}

/** The text of the element with this id, tags removed. */
function textOf(doc: string): string {
  return decode(doc.replace(/<[^>]*>/g, "").replace(/\s+/g, " "));
}

function query(url: string): Record<string, string> {
  return Object.fromEntries(new URL(url, "http://portal.test").searchParams);
}

// ---- fixtures

const XSS = "<script>alert(1)</script>";
const BREAKOUT = '" onmouseover="x';
const HOSTILE = `${XSS}${BREAKOUT}`;
const BASE = "https://gs.example.gov.cn";

function notice(extra: Partial<NoticeView> = {}): NoticeView {
  return {
    id: "0190a1b2-0000-7000-8000-000000000001",
    title: "行政处罚决定公示",
    kind: "行政处罚",
    bodyId: "0190a1b2-0000-7000-8000-0000000000b1",
    bodyName: "浙江省民政厅",
    partyName: "杭州某某殡葬服务有限公司",
    decisionNo: "浙民罚决〔2025〕3号",
    decidedOn: "2025-02-20",
    status: "published",
    reason: null,
    statusChangedAt: null,
    successorId: null,
    predecessorId: null,
    verifyCode: "7K2M-9QXD-4HRT-W3BN",
    sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    publishedAt: "2025-02-25T16:30:00.000Z",
    expiresOn: "2028-02-25",
    pdfUrl: `${BASE}/api/public/notices/0190a1b2-0000-7000-8000-000000000001/pdf`,
    ...extra,
  };
}

function summary(extra: Partial<NoticeSummary> = {}): NoticeSummary {
  const { id, title, kind, bodyId, bodyName, partyName, decisionNo, status, publishedAt } = notice();
  return { id, title, kind, bodyId, bodyName, partyName, decisionNo, status, publishedAt, ...extra };
}

const FIELDS = [
  { label: "执法机关", value: "浙江省民政厅" },
  { label: "执法对象", value: "杭州某某殡葬服务有限公司" },
  { label: "罚款金额（万元）", value: "2" },
];
const SECTIONS = [
  { heading: "案件事实", body: "经查，当事人未经批准擅自建设殡葬设施。\n责令改正后仍未改正。" },
  { heading: "执法结论", body: "决定给予罚款。" },
];

let QR: SafeHtml;
beforeAll(async () => {
  QR = await qrSvg(`${BASE}/verify/7K2M-9QXD-4HRT-W3BN`);
});

function noticeDoc(n: NoticeView = notice(), fields = FIELDS, sections = SECTIONS): string {
  return noticePage({ notice: n, fields, sections, qrSvg: QR, baseUrl: BASE });
}

function searchInput(extra: Partial<SearchPageInput> = {}): SearchPageInput {
  return {
    query: { q: "殡葬", kind: "行政处罚", status: "published", from: "2025-01-01", to: "2025-12-31", sort: "date" },
    items: [summary(), summary({ id: "n2", status: "withdrawn" })],
    nextCursor: "MDE5MGExYjI",
    facets: {
      kind: [
        { value: "行政处罚", count: 12 },
        { value: "行政许可", count: 3 },
      ],
      status: [
        { value: "published", count: 12 },
        { value: "withdrawn", count: 1 },
      ],
      body: [{ value: "b1", name: "浙江省民政厅", count: 12 }],
      capped: false,
    },
    baseUrl: BASE,
    ...extra,
  };
}

function bodyInput(extra: Partial<BodyPageInput> = {}): BodyPageInput {
  return {
    body: {
      id: "b1",
      name: "浙江省民政厅",
      creditCode: "11330000002482150B",
      region: "浙江省",
      phone: "0571-87054000",
      address: "杭州市西湖区",
    },
    officers: {
      total: 3,
      items: [
        {
          id: "o1",
          name: "张三",
          certificateNo: "33010001",
          fields: ["殡葬管理", "社会组织"],
          region: "杭州市",
          status: "active",
          statusReason: null,
        },
        {
          id: "o2",
          name: "李四",
          certificateNo: "33010002",
          fields: ["殡葬管理"],
          region: null,
          status: "suspended",
          statusReason: "调离执法岗位",
        },
        {
          id: "o3",
          name: "王五",
          certificateNo: "33010003",
          fields: ["殡葬管理"],
          status: "revoked",
          statusReason: "证件注销",
        },
      ],
    },
    powers: {
      total: 1,
      items: [{ id: "p1", code: "330217001000", name: "对擅自兴建殡葬设施的处罚", category: "行政处罚", version: 2 }],
    },
    inspections: {
      total: 1,
      items: [
        {
          id: "i1",
          project: "殡葬服务机构检查",
          subItem: null,
          subject: "殡仪馆",
          basis: "《殡葬管理条例》第十九条\n《浙江省殡葬管理条例》",
          method: "现场检查",
          content: "收费公示情况",
        },
      ],
    },
    notices: [summary()],
    baseUrl: BASE,
    ...extra,
  };
}

function powerInput(extra: Partial<PowerPageInput["power"]> = {}): PowerPageInput {
  const current = {
    version: 2,
    code: "330217001000",
    name: "对擅自兴建殡葬设施的处罚",
    category: "行政处罚",
    basis: [
      { law: "殡葬管理条例", article: "第十八条", text: "未经批准，擅自兴建殡葬设施的……\n并处罚款。" },
      { law: "《浙江省殡葬管理条例》", article: "第三十条" },
    ],
    standards: [
      { level: "一般", circumstance: "初次违法且及时改正", measure: "责令改正" },
      { level: "", circumstance: "拒不改正", measure: "罚款" },
      "其他情形依法处理",
    ],
    procedure: [{ name: "立案", description: "发现违法线索后立案" }, { name: "调查取证" }, "决定"],
    timeLimitDays: 90,
    remedies: [
      { kind: "行政复议", organ: "浙江省人民政府", timeLimit: "六十日内", note: "" },
      "也可直接向人民法院提起行政诉讼",
    ],
    supervisionPhone: "0571-12345",
    changeNote: "调整裁量基准",
    effectiveFrom: "2025-01-01T00:00:00.000Z",
  };
  return {
    power: { id: "p1", bodyId: "b1", bodyName: "浙江省民政厅", ...current, ...extra },
    history: [current, { ...current, version: 1, changeNote: null, effectiveFrom: "2024-01-01T00:00:00.000Z" }],
    baseUrl: BASE,
  };
}

/** Every page in every shape worth checking. */
function allPages(): [string, string][] {
  return [
    ["layout", layout({ title: "测试", body: html`<h1>测试</h1>`, baseUrl: BASE })],
    ["home", homePage({ latest: [summary()], stats: { notices: 12, bodies: 3 }, baseUrl: BASE })],
    ["home, empty, no base URL", homePage({ latest: [] })],
    ["search", searchPage(searchInput())],
    ["search, empty", searchPage(searchInput({ items: [], nextCursor: null }))],
    ["search, no facets", searchPage({ query: {}, items: [], nextCursor: null })],
    ["notice, published", noticeDoc()],
    ["notice, withdrawn", noticeDoc(notice({ status: "withdrawn", reason: "事实认定有误" }))],
    ["notice, corrected", noticeDoc(notice({ status: "corrected", reason: "金额笔误", successorId: "n9" }))],
    ["notice, expired", noticeDoc(notice({ status: "expired" }))],
    ["notice, no fields", noticeDoc(notice({ predecessorId: "n0" }), [], [])],
    ["body", bodyPage(bodyInput())],
    [
      "body, empty",
      bodyPage(
        bodyInput({
          officers: { items: [], total: 0 },
          powers: { items: [], total: 0 },
          inspections: { items: [], total: 0 },
          notices: [],
        }),
      ),
    ],
    ["power", powerPage(powerInput())],
    [
      "power, prose",
      powerPage(powerInput({ standards: "按情节轻重\n分档处罚", remedies: "可申请行政复议", procedure: [] })),
    ],
    ...directoryPages(),
    ...requestPages(),
    ...documentPages(),
    ["verify", verifyPage({ baseUrl: BASE })],
    ["site map", sitemapPage({ baseUrl: BASE })],
    ["accessibility statement", accessibilityPage({ baseUrl: BASE })],
    ["verify, valid", verifyPage({ code: "7K2M", result: { valid: true, status: "published", noticeId: "n1" } })],
    ["verify, unknown code", verifyPage({ code: "7K2M", error: "notfound" })],
    ["verify, foreign file", verifyPage({ result: { valid: false, sha256: "ab" } })],
    ["verify, error", verifyPage({ error: "请选择要核验的 PDF 文件。" })],
    [
      "feedback tracking",
      feedbackTrackingPage({
        tracking: {
          trackingCode: "K7Q2-9MXD-4HRT",
          status: "replied",
          category: "correction",
          targetType: "notice",
          targetId: "01a218bd-ee1b-7000-968e-f431a7adefef",
          targetTitle: "某公示",
          content: "金额有误",
          createdAt: "2026-11-01T02:00:00Z",
          dueBy: "2026-11-20",
          reply: "已更正",
          repliedAt: "2026-11-03T02:00:00Z",
        },
        justSubmitted: true,
      }),
    ],
    ["feedback form", feedbackFormPage({ target: { type: "power", id: "p1", title: "某事项" } })],
    [
      "feedback form with errors",
      feedbackFormPage({ values: { content: "短" }, errors: [{ field: "content", message: "请填写反馈内容" }] }),
    ],
    ["error 404", errorPage({ status: 404, message: "未找到您要访问的内容。" })],
    ["error 410", errorPage({ status: 410 })],
    ["error 500", errorPage({ status: 500, message: "服务暂时不可用" })],
  ];
}

/** The same pages fed the hostile string in every user-supplied field. */
function hostilePages(): [string, string][] {
  const h = HOSTILE;
  const hostileNotice = notice({
    title: h,
    partyName: h,
    bodyName: h,
    decisionNo: h,
    reason: h,
    verifyCode: h,
    sha256: h,
    successorId: h,
    predecessorId: h,
    kind: h,
    status: "corrected",
  });
  const hostileSummary = summary({ title: h, partyName: h, bodyName: h, kind: h, decisionNo: h, status: h, id: h });
  const hostilePower = powerInput({
    name: h,
    code: h,
    category: h,
    bodyName: h,
    basis: [{ law: h, article: h, text: h }],
    standards: [{ level: h, circumstance: h, measure: h }, h],
    procedure: [{ name: h, description: h }, h],
    remedies: [{ kind: h, organ: h, timeLimit: h, note: h }, h],
    supervisionPhone: h,
    changeNote: h,
  });
  return [
    ["layout", layout({ title: h, body: html`<h1>${h}</h1>`, baseUrl: BASE, path: `/x?q=${h}` })],
    ["home", homePage({ latest: [hostileSummary] })],
    [
      "search",
      searchPage({
        query: { q: h, bodyId: h, kind: h, status: h, from: h, to: h, sort: h, cursor: h },
        items: [hostileSummary],
        nextCursor: h,
        facets: {
          kind: [{ value: h, count: 1 }],
          status: [{ value: h, count: 1 }],
          body: [{ value: h, name: h, count: 1 }],
          capped: true,
        },
      }),
    ],
    ["notice", noticeDoc(hostileNotice, [{ label: h, value: h }], [{ heading: h, body: `${h}\n${h}` }])],
    ["notice, withdrawn", noticeDoc({ ...hostileNotice, status: "withdrawn" })],
    [
      "body",
      bodyPage({
        body: { id: h, name: h, creditCode: h, region: h, phone: h, address: h },
        officers: {
          items: [
            { id: h, name: h, certificateNo: h, fields: [h, h], region: h, status: "suspended", statusReason: h },
          ],
          total: 2,
        },
        powers: { items: [{ id: h, code: h, name: h, category: h, version: 1 }], total: 2 },
        inspections: {
          items: [{ id: h, project: h, subItem: h, subject: h, basis: h, method: h, content: h }],
          total: 2,
        },
        notices: [hostileSummary],
      }),
    ],
    ["power", powerPage(hostilePower)],
    [
      "verify, valid",
      verifyPage({
        code: h,
        result: {
          valid: true,
          status: "corrected",
          noticeId: h,
          sha256: h,
          title: h,
          bodyName: h,
          decisionNo: h,
          reason: h,
          successorId: h,
          publishedAt: h,
          expiresOn: h,
        },
      }),
    ],
    ["verify, unknown", verifyPage({ code: h, result: { valid: false } })],
    ["verify, error", verifyPage({ error: h })],
    [
      "feedback tracking",
      feedbackTrackingPage({
        tracking: {
          trackingCode: h,
          status: h,
          category: h,
          targetType: "notice",
          targetId: h,
          targetTitle: h,
          content: h,
          createdAt: "2026-11-01T02:00:00Z",
          dueBy: "2026-11-20",
          reply: h,
        },
      }),
    ],
    [
      "feedback form",
      feedbackFormPage({ target: { type: "notice", id: h, title: h }, values: { content: h, contact: h } }),
    ],
    ["error", errorPage({ status: 404, message: h })],
  ];
}

// ---- the template engine

/** The engine under another name: Prettier reformats templates tagged `html`, and these compare exact output. */
const tpl = html;

describe("html", () => {
  it("escapes the characters that could open markup or leave an attribute", () => {
    const sut = html`<p>${"& < > \" ' ` ="}</p>`;
    expect(String(sut)).toBe("<p>&amp; &lt; &gt; &quot; &#39; &#96; &#61;</p>");
  });

  it("renders a <script> payload as text", () => {
    const sut = String(html`<p>${XSS}</p>`);
    expect(sut).toBe("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>");
    expect(sut).not.toContain("<script");
  });

  it("keeps an attribute value inside its attribute", () => {
    const sut = String(html`<a title="${BREAKOUT}" href="${"/x?a=1&b=2"}">x</a>`);
    const [a] = tags(sut, "a");
    expect(Object.keys(a?.attrs ?? {})).toEqual(["title", "href"]);
    expect(a?.attrs.title).toBe(BREAKOUT);
    expect(a?.attrs.href).toBe("/x?a=1&b=2");
    expect(sut).not.toMatch(/\sonmouseover\s*=/);
  });

  it("escapes a single-quote breakout and backtick too", () => {
    const sut = String(tpl`<a title='${"' onclick='x"}'>x</a><b>${"`x`"}</b>`);
    expect(sut).toBe("<a title='&#39; onclick&#61;&#39;x'>x</a><b>&#96;x&#96;</b>");
  });

  it("nests templates without escaping them twice, and escapes their values once", () => {
    const inner = html`<b>${"<i>"}</b>`;
    const sut = String(html`<p>${inner}${"&"}</p>`);
    expect(sut).toBe("<p><b>&lt;i&gt;</b>&amp;</p>");
  });

  it("joins arrays, escaping strings and keeping SafeHtml, however deep", () => {
    const sut = String(tpl`<ul>${["<a>", tpl`<li>${"1"}</li>`, [tpl`<li>2</li>`, "&", [3]]]}</ul>`);
    expect(sut).toBe("<ul>&lt;a&gt;<li>1</li><li>2</li>&amp;3</ul>");
  });

  it("renders null, undefined and false as nothing, numbers as digits", () => {
    const sut = String(html`[${null}][${undefined}][${false}][${0}][${-1.5}][${""}]`);
    expect(sut).toBe("[][][][0][-1.5][]");
  });

  it("escapes an object that only pretends to be SafeHtml", () => {
    const fake = { toString: () => "<script>x</script>" } as unknown as string;
    expect(String(html`${fake}`)).toBe("&lt;script&gt;x&lt;/script&gt;");
  });

  it("lets raw() through unchanged and forbids minting SafeHtml elsewhere", () => {
    expect(String(html`<p>${raw("<br>")}</p>`)).toBe("<p><br></p>");
    expect(() => new SafeHtml("<script>", Symbol("trusted html"))).toThrow(TypeError);
    expect(html`x`).toBeInstanceOf(SafeHtml);
  });

  it("escapeHtml leaves ordinary Chinese text alone", () => {
    expect(escapeHtml("行政处罚决定公示（浙民罚决〔2025〕3号）")).toBe("行政处罚决定公示（浙民罚决〔2025〕3号）");
  });
});

describe("href, pathOf and safeUrl", () => {
  it("encodes Chinese and reserved characters and drops empty parameters", () => {
    const sut = href("/search", {
      q: "殡葬 & 火化",
      kind: "",
      status: undefined,
      bodyId: null,
      from: "2025-01-01",
      n: 0,
    });
    expect(sut).toBe("/search?q=%E6%AE%A1%E8%91%AC%20%26%20%E7%81%AB%E5%8C%96&from=2025-01-01&n=0");
    expect(query(sut)).toEqual({ q: "殡葬 & 火化", from: "2025-01-01", n: "0" });
  });

  it("keeps a value's = ? # inside the value", () => {
    const sut = href("/search", { q: "a=b?c#d" });
    expect(query(sut)).toEqual({ q: "a=b?c#d" });
  });

  it("returns the bare path when nothing is left", () => {
    expect(href("/search", { q: "" })).toBe("/search");
    expect(href("/search")).toBe("/search");
  });

  it("encodes each path segment", () => {
    expect(pathOf("notices", "a/b?c")).toBe("/notices/a%2Fb%3Fc");
  });

  it("lets only site paths and http(s) through", () => {
    expect(safeUrl("/notices/1")).toBe("/notices/1");
    expect(safeUrl("https://gs.example.gov.cn/a")).toBe("https://gs.example.gov.cn/a");
    expect(safeUrl("javascript:alert(1)")).toBe("#");
    expect(safeUrl(" JavaScript:alert(1)")).toBe("#");
    expect(safeUrl("//evil.example/x")).toBe("#");
    expect(safeUrl("/\\evil.example")).toBe("#");
    expect(safeUrl("data:text/html,<script>")).toBe("#");
  });
});

// ---- every page

describe.each(allPages())("page: %s", (_name, sut) => {
  it("is a full HTML5 document in Chinese with viewport and the stylesheet", () => {
    expect(sut.startsWith('<!DOCTYPE html>\n<html lang="zh-CN">')).toBe(true);
    expect(sut).toMatch(/<meta charset="utf-8"/);
    expect(
      tags(sut, "meta").some((m) => m.attrs.name === "viewport" && /width=device-width/.test(m.attrs.content ?? "")),
    ).toBe(true);
    expect(tags(sut, "link").some((l) => l.attrs.rel === "stylesheet" && l.attrs.href === "/assets/portal.css")).toBe(
      true,
    );
    expect(sut).toMatch(/<title>[^<]+ - 行政执法公示平台<\/title>/);
    expect(sut.trimEnd().endsWith("</html>")).toBe(true);
  });

  it("has the landmarks and a skip link to main", () => {
    for (const landmark of ["header", "nav", "main", "footer"]) expect(tags(sut, landmark).length).toBeGreaterThan(0);
    expect(tags(sut, "main")).toHaveLength(1);
    expect(tags(sut, "main")[0]?.attrs.id).toBe("main");
    const first = tags(sut, "a")[0];
    expect(first?.attrs.href).toBe("#main");
    expect(first?.attrs.class).toBe("skip-link");
  });

  it("has exactly one h1, first, and never skips a heading level", () => {
    const levels = headingLevels(sut);
    expect(levels.filter((l) => l === 1)).toHaveLength(1);
    expect(levels[0]).toBe(1);
    for (let i = 1; i < levels.length; i++)
      expect(levels[i] as number).toBeLessThanOrEqual((levels[i - 1] as number) + 1);
  });

  it("labels every field, with unique ids", () => {
    const labelled = new Set(tags(sut, "label").map((l) => l.attrs.for));
    const controls = [...tags(sut, "input"), ...tags(sut, "select"), ...tags(sut, "textarea")].filter(
      (c) => !["hidden", "submit"].includes(c.attrs.type ?? ""),
    );
    expect(controls.length).toBeGreaterThan(0);
    for (const c of controls) {
      expect(c.attrs.id, `${c.name} name=${c.attrs.name}`).toBeTruthy();
      expect(labelled.has(c.attrs.id), `label for ${c.attrs.id}`).toBe(true);
    }
    const ids = tags(sut).flatMap((t) => (t.attrs.id ? [t.attrs.id] : []));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("needs no script and has no inline style or event handler", () => {
    expect(sut).not.toMatch(/<script/i);
    expect(sut).not.toMatch(/<style/i);
    for (const t of tags(sut)) {
      expect(Object.keys(t.attrs).filter((a) => a === "style" || a.startsWith("on"))).toEqual([]);
    }
    for (const link of hrefs(sut)) expect(link).not.toMatch(/^\s*javascript:/i);
  });

  it("gives every table a caption and scoped header cells", () => {
    const tables = sut.split("<table").slice(1);
    for (const t of tables) {
      expect(t).toMatch(/^[^]*?<caption\b/);
      const ths = tags(t.split("</table>")[0] as string, "th");
      expect(ths.length).toBeGreaterThan(0);
      for (const th of ths) expect(["col", "row"]).toContain(th.attrs.scope);
    }
  });

  it("has a labelled GET search box in the header", () => {
    const header = sut.slice(sut.indexOf("<header"), sut.indexOf("</header>"));
    const [form] = tags(header, "form");
    expect(form?.attrs).toMatchObject({ method: "get", action: "/search" });
    expect(tags(header, "input")[0]?.attrs).toMatchObject({ name: "q", id: "site-q" });
  });
});

describe.each(hostilePages())("escaping: %s", (_name, sut) => {
  it("never emits the hostile text as markup", () => {
    expect(sut).not.toMatch(/<script/i);
    expect(sut).not.toContain(BREAKOUT);
    expect(sut).not.toMatch(/\sonmouseover\s*=/i);
    for (const t of tags(sut)) expect(Object.keys(t.attrs)).not.toContain("onmouseover");
    expect(sut).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("keeps the document's structure", () => {
    expect(headingLevels(sut).filter((l) => l === 1)).toHaveLength(1);
    expect(tags(sut, "main")).toHaveLength(1);
    expect(sut.match(/<\/html>/g)).toHaveLength(1);
  });

  it("keeps hostile text out of link targets' schemes", () => {
    for (const link of hrefs(sut))
      expect(link.startsWith("/") || link.startsWith("#") || link.startsWith(BASE)).toBe(true);
  });
});

// ---- layout

describe("layout", () => {
  it("marks the active navigation item, and only it", () => {
    const sut = layout({ title: "检索", body: html`<h1>检索</h1>`, activeNav: "search", baseUrl: BASE });
    const nav = sut.slice(sut.indexOf('<nav class="site-nav"'), sut.indexOf("</nav>"));
    const links = tags(nav, "a");
    expect(links.map((a) => a.attrs.href)).toEqual(["/", "/search", "/bodies", "/powers", "/officers", "/verify"]);
    expect(textOf(nav)).toMatch(/首页.*检索.*执法主体.*权责清单.*执法人员.*核验/);
    expect(links.filter((a) => a.attrs["aria-current"] === "page").map((a) => a.attrs.href)).toEqual(["/search"]);
  });

  it("prints the page's full address and names it canonical when the base URL is known", () => {
    const sut = layout({ title: "t", body: html`<h1>t</h1>`, baseUrl: `${BASE}/`, path: "/notices/1" });
    expect(tags(sut, "link").find((l) => l.attrs.rel === "canonical")?.attrs.href).toBe(`${BASE}/notices/1`);
    expect(sut).toContain(`<p class="print-only">本页地址：${BASE}/notices/1</p>`);
  });

  it("links the site map and the accessibility statement from the footer, and names the favicon", () => {
    const sut = layout({ title: "t", body: html`<h1>t</h1>` });
    const footer = sut.slice(sut.indexOf("<footer"));
    expect(anchors(footer).filter((a) => ["/sitemap", "/accessibility"].includes(a.href))).toEqual([
      expect.objectContaining({ href: "/sitemap", text: "网站地图" }),
      expect.objectContaining({ href: "/accessibility", text: "无障碍声明" }),
    ]);
    expect(tags(sut, "link").find((l) => l.attrs.rel === "icon")?.attrs).toMatchObject({
      href: "/favicon.svg",
      type: "image/svg+xml",
    });
    expect(tags(sut, "meta").some((m) => m.attrs.name === "robots")).toBe(false);
  });

  it("shows no registration number or organizer that was not configured", () => {
    const footer = textOf(layout({ title: "t", body: html`<h1>t</h1>` }).split("<footer")[1] as string);
    for (const word of ["主办单位", "网站标识码", "ICP", "公网安备", "联系方式"]) expect(footer).not.toContain(word);
  });

  describe("with the site's identity configured", () => {
    const site = loadConfig({
      SITE_NAME: "杭州市行政执法公示平台",
      SITE_ORGANIZER: "杭州市司法局",
      SITE_CODE: "3301000001",
      SITE_ICP: "浙ICP备12345678号-1",
      SITE_PSB: "浙公网安备33010602000001号",
      SITE_CONTACT: "0571-12345678 <gs@hz.example>",
      SITE_BLOCK_ROBOTS: "true",
    }).site;
    let portal = "";
    let consoleDoc = "";
    beforeAll(() => {
      configureSite(site);
      portal = homePage({ latest: [], baseUrl: BASE });
      consoleDoc = consolePage({ title: "工作台", body: html`<h1>工作台</h1>` });
      configureSite(loadConfig({}).site);
    });

    it("names the site in every title and header", () => {
      expect(portal).toContain("<title>首页 - 杭州市行政执法公示平台</title>");
      expect(textOf(portal.slice(portal.indexOf("<header"), portal.indexOf("</header>")))).toContain(
        "杭州市行政执法公示平台",
      );
      expect(consoleDoc).toContain("<title>工作台 - 杭州市行政执法公示平台 · 执法人员工作台</title>");
    });

    it("shows 主办单位, contact, 网站标识码 and both 备案号 (linked to their registers) in both footers", () => {
      for (const doc of [portal, consoleDoc]) {
        const footer = doc.slice(doc.indexOf("<footer"), doc.indexOf("</footer>"));
        const text = textOf(footer);
        expect(text).toContain("主办单位：杭州市司法局");
        expect(text).toContain("联系方式：0571-12345678 <gs@hz.example>");
        expect(text).toContain("网站标识码：3301000001");
        expect(anchors(footer)).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ href: "https://beian.miit.gov.cn/", text: "浙ICP备12345678号-1" }),
            expect.objectContaining({
              href: "https://beian.mps.gov.cn/#/query/webSearch?code=33010602000001",
              text: "浙公网安备33010602000001号",
            }),
          ]),
        );
      }
      expect(consoleDoc).not.toContain("<gs@hz.example>");
    });

    it("tells robots not to index a staging site", () => {
      expect(tags(portal, "meta").find((m) => m.attrs.name === "robots")?.attrs.content).toBe("noindex");
    });
  });

  it("has the 政府信息公开条例 note in the footer", () => {
    const sut = layout({ title: "t", body: html`<h1>t</h1>` });
    const footer = sut.slice(sut.indexOf("<footer"));
    expect(footer).toContain("说明：本平台依据《中华人民共和国政府信息公开条例》");
  });
});

// ---- pages one by one

describe("homePage", () => {
  it("lists the latest notices with body, party, category, date and status", () => {
    const sut = homePage({ latest: [summary(), summary({ id: "n2", status: "expired" })], baseUrl: BASE });
    const text = textOf(sut);
    expect(text).toMatch(/执法机关\s*浙江省民政厅/);
    expect(text).toMatch(/执法对象\s*杭州某某殡葬服务有限公司/);
    expect(text).toMatch(/类别\s*行政处罚/);
    // 16:30 UTC is the next day in China.
    expect(text).toMatch(/公示日期\s*2025年2月26日/);
    expect(sut).toContain('<span class="badge badge--published">已公示</span>');
    expect(sut).toContain('<span class="badge badge--expired">已过期</span>');
    expect(hrefs(sut)).toContain("/notices/n2");
  });

  it("links search, the Atom feed (also in head) and the CSV export", () => {
    const sut = homePage({ latest: [] });
    expect(hrefs(sut)).toEqual(expect.arrayContaining(["/search", FEED_PATH, CSV_PATH]));
    const alt = tags(sut, "link").find((l) => l.attrs.rel === "alternate");
    expect(alt?.attrs).toMatchObject({ type: "application/atom+xml", href: FEED_PATH });
    expect(textOf(sut)).toContain("暂无公示");
  });

  it("shows the statistics it is given", () => {
    const sut = homePage({ latest: [], stats: { notices: 1234, officers: 56 } });
    const text = textOf(sut.slice(sut.indexOf('<dl class="stats">'), sut.indexOf("</dl>", sut.indexOf("stats"))));
    expect(text).toMatch(/公示中的执法决定\s*1234/);
    expect(text).toMatch(/执法人员\s*56/);
    expect(text).not.toContain("执法主体");
  });
});

describe("searchPage", () => {
  const input = searchInput({ query: { ...searchInput().query, bodyId: "b1", cursor: "MDAx" } });
  const sut = searchPage(input);
  const filters = {
    q: "殡葬",
    kind: "行政处罚",
    status: "published",
    from: "2025-01-01",
    to: "2025-12-31",
    bodyId: "b1",
  };

  it("has the form: keyword, the 11 categories, the statuses, dates and order", () => {
    const form = sut.slice(
      sut.indexOf('<form class="search-form"'),
      sut.indexOf("</form>", sut.indexOf("search-form")),
    );
    expect(tags(form, "form")[0]?.attrs).toMatchObject({ method: "get", action: "/search" });
    const byName = Object.fromEntries(
      [...tags(form, "input"), ...tags(form, "select")].map((c) => [c.attrs.name, c.attrs]),
    );
    expect(byName.q).toMatchObject({ type: "search", value: "殡葬" });
    expect(byName.from).toMatchObject({ type: "date", value: "2025-01-01" });
    expect(byName.to).toMatchObject({ type: "date", value: "2025-12-31" });
    const bodySelect = form.slice(
      form.indexOf('name="bodyId"'),
      form.indexOf("</select>", form.indexOf('name="bodyId"')),
    );
    expect(tags(bodySelect, "option").find((o) => "selected" in o.attrs)?.attrs.value).toBe("b1");
    const kindSelect = form.slice(form.indexOf('name="kind"'), form.indexOf("</select>", form.indexOf('name="kind"')));
    expect(tags(kindSelect, "option").map((o) => o.attrs.value)).toEqual([
      "",
      "行政许可",
      "行政处罚",
      "行政强制",
      "行政征收",
      "行政征用",
      "行政给付",
      "行政检查",
      "行政确认",
      "行政奖励",
      "行政裁决",
      "其他行政权力",
    ]);
    expect(tags(kindSelect, "option").find((o) => "selected" in o.attrs)?.attrs.value).toBe("行政处罚");
    const statusSelect = form.slice(
      form.indexOf('name="status"'),
      form.indexOf("</select>", form.indexOf('name="status"')),
    );
    expect(textOf(statusSelect)).toMatch(/已公示.*已撤下.*已更正.*已过期/);
    const sortSelect = form.slice(form.indexOf('name="sort"'), form.indexOf("</select>", form.indexOf('name="sort"')));
    expect(tags(sortSelect, "option").map((o) => o.attrs.value)).toEqual(["date", "relevance"]);
    expect(textOf(sortSelect)).toMatch(/按时间.*按相关度/);
  });

  it("links the next page with the cursor and every filter, Chinese URL-encoded", () => {
    const next = tags(sut, "a").find((a) => a.attrs.rel === "next");
    expect(textOf(sut)).toContain("下一页");
    expect(next?.attrs.href).toContain("q=%E6%AE%A1%E8%91%AC");
    expect(next?.attrs.href).toContain("kind=%E8%A1%8C%E6%94%BF%E5%A4%84%E7%BD%9A");
    // The next page knows its position (after this page's 2) and the way back (this page's cursor).
    expect(query(next?.attrs.href as string)).toEqual({
      ...filters,
      sort: "date",
      cursor: "MDE5MGExYjI",
      start: "3",
      trail: "MDAx",
    });
    expect(next?.attrs.href.startsWith("/search?")).toBe(true);
  });

  it("offers the first page again once paged", () => {
    expect(query(linkTo(sut, "第一页") as string)).toEqual({ ...filters, sort: "date" });
    expect(searchPage(searchInput({ nextCursor: null }))).not.toContain("pager");
  });

  it("links Atom and CSV for the same filters, without paging", () => {
    const feed = hrefs(sut).find((h) => h.startsWith(FEED_PATH));
    const csv = hrefs(sut).find((h) => h.startsWith(CSV_PATH));
    expect(query(feed as string)).toEqual(filters);
    expect(query(csv as string)).toEqual(filters);
    const alt = tags(sut, "link").find((l) => l.attrs.rel === "alternate");
    expect(alt?.attrs.type).toBe("application/atom+xml");
    expect(query(alt?.attrs.href as string)).toEqual(filters);
  });

  it("turns facets into links that replace that filter and start at the first page", () => {
    const facets = sut.slice(sut.indexOf('id="facets"'));
    const links = tags(facets, "a").map((a) => a.attrs);
    const licence = links.find((a) => a.href && query(a.href).kind === "行政许可");
    expect(query(licence?.href as string)).toEqual({ ...filters, kind: "行政许可", sort: "date" });
    const withdrawn = links.find((a) => a.href && query(a.href).status === "withdrawn");
    expect(query(withdrawn?.href as string)).toEqual({ ...filters, status: "withdrawn", sort: "date" });
    const current = links.filter((a) => a["aria-current"] === "true").map((a) => query(a.href as string));
    expect(current).toHaveLength(3);
    const text = textOf(facets);
    expect(text).toContain("行政处罚 （12 条）");
    expect(text).toContain("已撤下 （1 条）");
    expect(text).toContain("浙江省民政厅 （12 条）");
    expect(text).not.toContain("约");
  });

  it("adds a filter the query lacks and offers to take off the ones it has", () => {
    const plain = searchPage(searchInput({ query: { q: "殡葬" } }));
    const facets = plain.slice(plain.indexOf('id="facets"'));
    const body = tags(facets, "a").find((a) => query(a.attrs.href as string).bodyId === "b1");
    expect(query(body?.attrs.href as string)).toEqual({ q: "殡葬", bodyId: "b1" });
    expect(textOf(facets)).not.toContain("取消");
    const removeKind = linkTo(sut.slice(sut.indexOf('id="facets"')), "取消类别筛选");
    expect(query(removeKind as string)).toEqual({
      q: "殡葬",
      status: "published",
      from: "2025-01-01",
      to: "2025-12-31",
      bodyId: "b1",
      sort: "date",
    });
    expect(query(linkTo(sut, "取消执法机关筛选") as string)).not.toHaveProperty("bodyId");
  });

  it("says the counts are approximate when capped", () => {
    const facets = searchInput().facets as SearchFacets;
    const capped = searchPage(searchInput({ facets: { ...facets, capped: true } }));
    expect(textOf(capped)).toContain("行政处罚 （约 12 条）");
    expect(textOf(capped)).toContain("约数");
  });

  it("lists the results with their status", () => {
    expect(textOf(sut)).toContain("本页 2 条，本页为第 1–2 条");
    expect(sut).toContain("badge--withdrawn");
    expect(hrefs(sut)).toContain("/notices/n2");
  });

  it("explains an empty result", () => {
    const empty = textOf(searchPage(searchInput({ items: [], nextCursor: null })));
    expect(empty).toContain("未找到符合条件的公示");
    expect(empty).toContain("清除全部条件");
  });

  it("titles the page with the keyword", () => {
    expect(sut).toContain("<title>检索：殡葬 - 行政执法公示平台</title>");
  });
});

describe("noticePage", () => {
  const pdfLinks = (doc: string) => hrefs(doc).filter((h) => h.endsWith("/pdf"));

  it("shows the fields, the sections as paragraphs, and the PDF of a published notice", () => {
    const sut = noticeDoc();
    expect(sut).not.toContain("banner--");
    const text = textOf(sut);
    expect(text).toMatch(/执法对象\s*杭州某某殡葬服务有限公司/);
    expect(text).toMatch(/罚款金额（万元）\s*2/);
    expect(sut).toContain("<p>经查，当事人未经批准擅自建设殡葬设施。</p><p>责令改正后仍未改正。</p>");
    expect(pdfLinks(sut)).toEqual([notice().pdfUrl]);
    expect(hrefs(sut)).toContain(`/bodies/${notice().bodyId}`);
  });

  it("shows a withdrawn notice's banner and reason, and no PDF", () => {
    const sut = noticeDoc(
      notice({ status: "withdrawn", reason: "事实认定有误", statusChangedAt: "2025-03-01T02:00:00Z" }),
    );
    const banner = sut.slice(sut.indexOf('<div class="banner banner--withdrawn">'));
    expect(textOf(banner)).toMatch(/^\s*已撤下（2025年3月1日）.*撤下原因：事实认定有误/);
    expect(pdfLinks(sut)).toEqual([]);
    expect(textOf(sut)).toContain("不再提供下载");
  });

  it("shows a corrected notice's banner, reason and the link to its successor", () => {
    const sut = noticeDoc(notice({ status: "corrected", reason: "金额笔误", successorId: "n9" }));
    const banner = sut.slice(
      sut.indexOf('<div class="banner banner--corrected">'),
      sut.indexOf("</div>", sut.indexOf("banner--corrected")),
    );
    expect(textOf(banner)).toContain("已更正");
    expect(textOf(banner)).toContain("更正原因：金额笔误");
    const link = tags(banner, "a")[0];
    expect(link?.attrs).toMatchObject({
      href: "/notices/n9",
      class: "print-url",
      "data-print-url": `${BASE}/notices/n9`,
    });
    expect(textOf(banner)).toContain("查看更正后的公示");
    // Superseded: taken down like a withdrawn notice, its PDF no longer served.
    expect(pdfLinks(sut)).toEqual([]);
  });

  it("keeps only the tombstone of a notice taken down: the fields given, no facts, no party, no PDF", () => {
    for (const status of ["withdrawn", "corrected", "expired"]) {
      const down = notice({ status, reason: "事实认定有误", partyName: null, pdfUrl: null });
      const fields = tombstoneFields({ ...down, statusChangedAt: "2025-03-01T02:00:00Z" });
      const text = textOf(noticeDoc(down, fields, SECTIONS));
      expect(text).toContain("公示记录");
      expect(text).toMatch(/决定文书号\s*浙民罚决〔2025〕3号/);
      expect(text).not.toContain("杭州某某殡葬服务有限公司");
      expect(text).not.toContain("经查");
      expect(text).not.toContain("决定给予罚款");
      expect(text).toContain("不再提供下载");
      expect(textOf(noticeDoc(down, [], SECTIONS))).not.toContain("执法对象");
    }
  });

  it("shows an expired notice's banner, and no PDF", () => {
    const sut = noticeDoc(notice({ status: "expired" }));
    expect(textOf(sut.slice(sut.indexOf("banner--expired")))).toContain("已过公示期");
    expect(pdfLinks(sut)).toEqual([]);
  });

  it("says which notice a correction corrects", () => {
    const sut = noticeDoc(notice({ predecessorId: "n0" }));
    expect(textOf(sut)).toContain("此公示更正了");
    expect(hrefs(sut)).toContain("/notices/n0");
  });

  it("has the verification box: code, hash, link and QR", () => {
    const sut = noticeDoc();
    const box = sut.slice(sut.indexOf('<div class="verify-box">'));
    expect(box).toContain('<code class="code">7K2M-9QXD-4HRT-W3BN</code>');
    expect(box).toContain(`<code class="hash">${notice().sha256}</code>`);
    expect(hrefs(box)).toContain("/verify/7K2M-9QXD-4HRT-W3BN");
    const svg = tags(box, "svg")[0];
    expect(svg?.attrs).toMatchObject({ role: "img" });
    expect(svg?.attrs["aria-label"]).toContain(`${BASE}/verify/7K2M-9QXD-4HRT-W3BN`);
  });

  it("carries the feedback section: public replies and a form about this notice", () => {
    const n = notice();
    const section = feedbackSection({
      target: { type: "notice", id: n.id },
      replies: [
        {
          id: "r1",
          category: "correction",
          content: "金额有误",
          reply: "已更正",
          createdAt: "2026-11-01T02:00:00Z",
          repliedAt: "2026-11-02T02:00:00Z",
        },
      ],
    });
    const sut = noticePage({
      notice: n,
      fields: FIELDS,
      sections: SECTIONS,
      qrSvg: QR,
      baseUrl: BASE,
      feedback: section,
    });
    const feedback = sut.slice(sut.indexOf('id="feedback"'));
    expect(feedback).toContain("<h2");
    expect(textOf(feedback)).toContain("已更正");
    expect(feedback).toContain('name="targetId" value="' + n.id + '"');
  });

  it("falls back to the notice's own facts when there are no fields", () => {
    const text = textOf(noticeDoc(notice(), [], []));
    expect(text).toMatch(/决定文书号\s*浙民罚决〔2025〕3号/);
  });
});

describe("bodyPage", () => {
  const sut = bodyPage(bodyInput());

  it("shows the body's details", () => {
    const text = textOf(sut);
    expect(text).toMatch(/统一社会信用代码\s*11330000002482150B/);
    expect(text).toMatch(/所在区域\s*浙江省/);
    expect(text).toMatch(/办公地址\s*杭州市西湖区/);
    expect(linkTo(sut, "0571-87054000")).toBe("tel:057187054000");
  });

  it("lists officers with their status in Chinese and the reason", () => {
    const table = sut.slice(sut.indexOf('id="officers-caption"'));
    const text = textOf(table.slice(0, table.indexOf("</table>")));
    expect(text).toMatch(/姓名\s*执法证号\s*执法领域\s*区域\s*状态/);
    expect(text).toMatch(/张三\s*33010001\s*殡葬管理、社会组织\s*杭州市\s*在岗/);
    expect(text).toContain("暂停（调离执法岗位）");
    expect(text).toContain("已注销（证件注销）");
  });

  it("lists the 权责清单 with links and the inspection items", () => {
    expect(hrefs(sut)).toContain("/powers/p1");
    expect(textOf(sut)).toMatch(/330217001000\s*对擅自兴建殡葬设施的处罚\s*行政处罚\s*第 2 版/);
    const inspections = textOf(sut.slice(sut.indexOf('id="inspections-caption"')));
    expect(inspections).toMatch(/项目\s*子项\s*主体\s*依据\s*方式\s*内容/);
    expect(inspections).toMatch(/殡葬服务机构检查\s*—\s*殡仪馆/);
  });

  it("lists its recent notices and links all of them", () => {
    expect(hrefs(sut)).toContain(`/notices/${notice().id}`);
    expect(hrefs(sut)).toContain("/search?bodyId=b1");
  });

  it("counts each list in full and links the whole list when it shows only the first page", () => {
    const whole = textOf(sut);
    expect(whole).toContain("执法人员名单（共 3 人）");
    expect(hrefs(sut)).not.toContain("/officers?bodyId=b1");
    const first = bodyInput();
    const paged = bodyPage({
      ...first,
      officers: { ...first.officers, total: 57 },
      powers: { ...first.powers, total: 130 },
      inspections: { ...first.inspections, total: 21 },
    });
    const text = textOf(paged);
    expect(text).toContain("执法人员名单（共 57 人，列出前 3 人）");
    expect(text).toContain("权责清单（共 130 项，列出前 1 项）");
    expect(text).toContain("随机抽查事项清单（共 21 项，列出前 1 项）");
    expect(linkTo(paged, "查看全部 57 条执法人员")).toBe("/officers?bodyId=b1");
    expect(linkTo(paged, "查看全部 130 条权责事项")).toBe("/powers?bodyId=b1");
    expect(linkTo(paged, "查看全部 21 条随机抽查事项")).toBe("/bodies/b1/inspections");
  });

  it("says when a list is empty", () => {
    const text = textOf(
      bodyPage(
        bodyInput({
          officers: { items: [], total: 0 },
          powers: { items: [], total: 0 },
          inspections: { items: [], total: 0 },
          notices: [],
        }),
      ),
    );
    expect(text).toContain("暂无执法人员信息");
    expect(text).toContain("暂无权责清单信息");
    expect(text).toContain("暂无随机抽查事项");
  });
});

describe("powerPage", () => {
  const sut = powerPage(powerInput());
  const text = textOf(sut);

  it("shows the current version's facts", () => {
    expect(text).toMatch(/权力类别\s*行政处罚/);
    expect(text).toMatch(/办理时限\s*90 日/);
    expect(text).toMatch(/监督电话\s*0571-12345/);
    expect(hrefs(sut)).toContain("/bodies/b1");
  });

  it("lists the legal basis with its text", () => {
    expect(text).toContain("《殡葬管理条例》第十八条");
    expect(text).toContain("《浙江省殡葬管理条例》第三十条");
    expect(sut).toContain("<p>未经批准，擅自兴建殡葬设施的……</p><p>并处罚款。</p>");
  });

  it("shows structured 裁量基准 rows and plain ones", () => {
    const table = textOf(
      sut.slice(sut.indexOf('id="standards-caption"'), sut.indexOf("</table>", sut.indexOf("standards-caption"))),
    );
    expect(table).toMatch(/一般\s*初次违法且及时改正\s*责令改正/);
    expect(table).toMatch(/—\s*拒不改正\s*罚款/);
    expect(table).toContain("其他情形依法处理");
  });

  it("shows 执法程序 as an ordered list", () => {
    const steps = sut.slice(sut.indexOf('<ol class="steps">'), sut.indexOf("</ol>", sut.indexOf("steps")));
    expect(textOf(steps)).toMatch(/立案\s*发现违法线索后立案\s*调查取证\s*决定/);
    expect(tags(steps, "li")).toHaveLength(3);
  });

  it("shows structured and plain 救济渠道", () => {
    expect(text).toContain("行政复议：受理机关：浙江省人民政府；期限：六十日内");
    expect(text).toContain("也可直接向人民法院提起行政诉讼");
  });

  it("shows prose standards and remedies", () => {
    const prose = textOf(powerPage(powerInput({ standards: "按情节轻重\n分档处罚", remedies: "可申请行政复议" })));
    expect(prose).toContain("按情节轻重");
    expect(prose).toContain("可申请行政复议");
    expect(textOf(powerPage(powerInput({ standards: null, remedies: undefined })))).toMatch(/裁量基准\s*未公布/);
  });

  it("has the version history, current version marked", () => {
    const history = textOf(sut.slice(sut.indexOf('id="history-caption"')));
    expect(history).toMatch(/版本\s*名称\s*类别\s*生效时间\s*修订说明/);
    expect(history).toMatch(/第 2 版（现行）\s*对擅自兴建殡葬设施的处罚\s*行政处罚\s*2025年1月1日\s*调整裁量基准/);
    expect(history).toMatch(/第 1 版\s*对擅自/);
  });

  it("says when there is no history", () => {
    const sut = powerPage({ ...powerInput(), history: [] });
    expect(textOf(sut)).toContain("暂无版本记录");
    expect(sut).not.toContain("history-caption");
  });
});

describe("verifyPage", () => {
  it("has a GET form by code and a multipart POST form by file", () => {
    const sut = verifyPage({});
    const forms = tags(sut, "form").filter((f) => f.attrs.action === "/verify");
    expect(forms.map((f) => f.attrs)).toEqual([
      { method: "get", action: "/verify" },
      { method: "post", action: "/verify", enctype: "multipart/form-data" },
    ]);
    const inputs = tags(sut, "input").filter((i) => i.attrs.id?.startsWith("verify-"));
    expect(inputs[0]?.attrs).toMatchObject({ name: "code", type: "text" });
    expect(inputs[1]?.attrs).toMatchObject({ name: "file", type: "file", accept: "application/pdf" });
    expect(sut).not.toContain("核验结果</h2>");
  });

  it("keeps the code typed in the form", () => {
    const sut = verifyPage({ code: "7K2M-9QXD" });
    expect(tags(sut, "input").find((i) => i.attrs.name === "code")?.attrs.value).toBe("7K2M-9QXD");
  });

  it.each([
    ["published", "有效", undefined],
    ["withdrawn", "已撤下", "撤下原因：事实认定有误"],
    ["corrected", "已更正", "更正原因：事实认定有误"],
    ["expired", "已过公示期", undefined],
  ])("reports a genuine %s notice as %s", (status, label, reason) => {
    const sut = verifyPage({
      code: "7K2M",
      result: {
        valid: true,
        status,
        noticeId: "n1",
        sha256: "ab12",
        title: "行政处罚决定公示",
        publishedAt: "2025-02-25T16:30:00.000Z",
        reason: "事实认定有误",
        ...(status === "corrected" ? { successorId: "n9" } : {}),
      },
    });
    const result = textOf(sut.slice(sut.indexOf('id="result"'), sut.indexOf('id="by-code"')));
    expect(result).toContain(label);
    if (reason) expect(result).toContain(reason);
    else expect(result).not.toContain("原因");
    expect(hrefs(sut)).toContain("/notices/n1");
    expect(hrefs(sut).includes("/notices/n9")).toBe(status === "corrected");
    expect(result).toMatch(/公示日期\s*2025年2月26日/);
  });

  it("says apart that a file is authentic and whether it is current", () => {
    const result = (r: Partial<VerifyResult>) => {
      const sut = verifyPage({ code: "7K2M", result: { valid: true, noticeId: "n1", ...r } });
      return textOf(sut.slice(sut.indexOf('id="result"'), sut.indexOf('id="by-code"')));
    };
    const live = result({ authentic: true, current: true, status: "published" });
    expect(live).toMatch(/是否本平台签发\s*是，文件真实/);
    expect(live).toMatch(/当前是否有效\s*是，公示中/);
    const withdrawn = result({ authentic: true, current: false, status: "withdrawn" });
    expect(withdrawn).toMatch(/是否本平台签发\s*是，文件真实/);
    expect(withdrawn).toMatch(/当前是否有效\s*否，已不在公示中/);
    // Past its publicity period before the expiry check marked it: no longer current.
    const lapsed = result({ authentic: true, current: false, status: "published" });
    expect(lapsed).toContain("已过公示期");
    expect(lapsed).toMatch(/当前是否有效\s*否/);
  });

  it("says a letter (告知书) is authentic and who issued it, and nothing of what it says", () => {
    const sut = verifyPage({
      code: "7K2M",
      result: {
        valid: true,
        authentic: true,
        current: true,
        kind: "letter",
        title: "政府信息公开申请答复告知书",
        bodyName: "杭州市民政局",
        documentNumber: "杭民依申〔2026〕12号",
        issuedAt: "2026-12-01T02:00:00.000Z",
        sha256: "ab12",
      },
    });
    const text = textOf(sut.slice(sut.indexOf('id="result"'), sut.indexOf('id="by-code"')));
    expect(text).toContain("真实有效");
    expect(text).toMatch(/签发机关\s*杭州市民政局/);
    expect(text).toMatch(/文号\s*杭民依申〔2026〕12号/);
    expect(text).toMatch(/签发日期\s*2026年12月1日/);
    expect(text).not.toContain("公示中");
    expect(hrefs(sut).some((h) => h.startsWith("/notices/"))).toBe(false);
  });

  it("reports an unknown code", () => {
    for (const sut of [
      verifyPage({ code: "ZZZZ", error: "notfound" }),
      verifyPage({ code: "ZZZZ", result: { valid: false } }),
    ]) {
      const text = textOf(sut);
      expect(text).toContain("未找到该核验码");
      expect(text).toContain("核验码“ZZZZ”不存在");
      expect(text).not.toContain("notfound");
    }
  });

  it("reports a file the platform did not issue", () => {
    const text = textOf(verifyPage({ result: { valid: false, sha256: "deadbeef" } }));
    expect(text).toContain("该文件不是本平台签发的公示文件");
    expect(text).toContain("deadbeef");
    expect(text).not.toContain("未找到该核验码");
  });

  it("shows a problem with the request", () => {
    const text = textOf(verifyPage({ error: "请选择要核验的 PDF 文件。" }));
    expect(text).toContain("无法完成核验");
    expect(text).toContain("请选择要核验的 PDF 文件。");
  });
});

describe("feedbackTrackingPage", () => {
  const tracking = {
    trackingCode: "K7Q2-9MXD-4HRT",
    status: "replied",
    category: "correction",
    targetType: "notice",
    targetId: "n1",
    targetTitle: "某公示",
    content: "金额有误",
    createdAt: "2026-11-01T02:00:00Z",
    dueBy: "2026-11-20",
    reply: "已更正，感谢监督。",
    repliedAt: "2026-11-03T02:00:00Z",
  };

  it("shows the code, the status, the deadline and the reply, and links the target", () => {
    const sut = feedbackTrackingPage({ tracking });
    const text = textOf(sut);
    expect(sut).toContain('<code class="code">K7Q2-9MXD-4HRT</code>');
    expect(text).toContain("已答复");
    expect(text).toContain("已更正，感谢监督。");
    expect(text).toContain("纠错");
    expect(sut).toContain('href="/notices/n1"');
  });

  it("says when nothing has been answered yet, and thanks a fresh submission", () => {
    const { reply: _reply, repliedAt: _at, ...pending } = tracking;
    const sut = feedbackTrackingPage({ tracking: { ...pending, status: "received" }, justSubmitted: true });
    expect(textOf(sut)).toContain("尚未答复");
    expect(textOf(sut)).toContain("反馈已提交");
  });
});

describe("feedbackFormPage", () => {
  it("posts to /feedback with the target, a labelled form and a hidden honeypot", () => {
    const sut = feedbackFormPage({ target: { type: "power", id: "p1", title: "某事项" } });
    expect(sut).toContain('action="/feedback"');
    expect(sut).toContain('name="targetType" value="power"');
    expect(sut).toContain('name="targetId" value="p1"');
    expect(sut).toMatch(/<div class="hp" aria-hidden="true">/);
    expect(sut).toMatch(/name="website"[^>]*tabindex="-1"/);
  });

  it("keeps the input and puts each error beside its field", () => {
    const sut = feedbackFormPage({
      values: { category: "complaint", content: "太短", contact: "某人" },
      errors: [{ field: "content", message: "请填写反馈内容（5 至 2000 字）。" }],
    });
    // HTML drops one newline right after <textarea>, so this is exactly the kept input.
    expect(sut).toMatch(/>\n?太短<\/textarea>/);
    expect(sut).toContain('value="某人"');
    expect(sut).toMatch(/<option value="complaint"\s+selected>/);
    expect(sut).toContain('aria-describedby="fb-content-error"');
    expect(sut).toContain('id="fb-content-error"');
  });

  it("on a notice, offers the wrong field by the notice page's labels, the right value and the evidence", () => {
    const sut = feedbackFormPage({ target: { type: "notice", id: "n1", title: "某公示" } });
    expect(sut).toMatch(/<select id="fb-correctionField" name="correctionField"/);
    expect(sut).toMatch(/<option value="">（不指定）<\/option>/);
    for (const [value, label] of [
      ["decisionNo", "决定文书号"],
      ["decidedOn", "决定日期"],
      ["partyName", "执法对象"],
      ["facts", "案件事实"],
      ["conclusion", "执法结论"],
      ["basis", "执法依据"],
      ["penaltyContent", "处罚内容"],
    ]) {
      expect(sut).toMatch(new RegExp(`<option value="${value}"\\s*>\\s*${label}\\s*</option>`));
    }
    expect(sut).toContain('name="correctionProposed"');
    expect(sut).toContain('name="correctionEvidence"');
    expect(sut).toMatch(/name="correctionEvidenceUrl"\s+type="url"/);
    expect(sut).toContain("不会公开");
    // Other targets have no fields to correct.
    expect(feedbackFormPage({ target: { type: "power", id: "p1" } })).not.toContain("correctionField");
  });

  it("keeps a proposal and its error beside the field, escaped", () => {
    const h = '<script>alert("x")</script>';
    const sut = feedbackFormPage({
      target: { type: "notice", id: "n1" },
      values: { category: "correction", content: "文书号有误", correctionField: "decidedOn", correctionProposed: h },
      errors: [{ field: "correctionProposed", message: "请填写正确内容。" }],
    });
    expect(sut).toMatch(/<option value="decidedOn"\s+selected>/);
    expect(sut).not.toContain(h);
    expect(sut).toContain("&lt;script&gt;");
    expect(sut).toContain('aria-describedby="fb-correctionProposed-error"');
    expect(sut).toContain('id="fb-correctionProposed-error"');
  });
});

describe("sitemapPage", () => {
  it("links every public section", () => {
    const links = hrefs(sitemapPage({}).split("<main")[1]?.split("</main>")[0] as string);
    for (const path of ["/", "/search", "/verify", "/feedback", FEED_PATH, CSV_PATH, "/sitemap.xml", "/accessibility"])
      expect(links).toContain(path);
  });
});

describe("accessibilityPage", () => {
  it("states the standard, what the site does, its limits and how to report a barrier", () => {
    const text = textOf(accessibilityPage({}));
    expect(text).toContain("GB/T 37668-2019");
    expect(text).toContain("WCAG");
    expect(text).toMatch(/已知限制/);
    expect(hrefs(accessibilityPage({}))).toContain("/feedback");
  });
});

describe("FAVICON_SVG", () => {
  it("is a self-contained SVG with no script and no text to need a font", () => {
    expect(FAVICON_SVG).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(FAVICON_SVG).not.toMatch(/<script|<text|href=/);
  });
});

describe("errorPage", () => {
  it.each([
    [404, "页面不存在"],
    [410, "该内容已不再公开"],
    [500, "系统暂时无法提供服务"],
    [503, "系统暂时无法提供服务"],
    [400, "请求未能完成"],
  ])("titles %i as %s and shows the message", (status, title) => {
    const sut = errorPage({ status, message: "具体说明" });
    expect(sut).toContain(`<h1>${title}</h1>`);
    expect(textOf(sut)).toContain(`错误代码：${status}`);
    expect(textOf(sut)).toContain("具体说明");
    expect(hrefs(sut)).toEqual(expect.arrayContaining(["/", "/search"]));
  });
});

describe("qrSvg", () => {
  it("is an SVG image named for screen readers, with the URL escaped", async () => {
    const sut = String(await qrSvg(`${BASE}/verify/A"><script>x</script>`));
    expect(sut.startsWith('<svg role="img" aria-label="核验二维码：')).toBe(true);
    expect(sut).toMatch(/<title>核验二维码：[^<]*<\/title>/);
    expect(sut).not.toContain("<script");
    expect(tags(sut, "svg")[0]?.attrs["aria-label"]).toBe(`核验二维码：${BASE}/verify/A"><script>x</script>`);
    expect(sut).toMatch(/<path /);
  });
});

// ---- the stylesheet

/** WCAG 2.x relative luminance and contrast ratio. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

describe("PORTAL_CSS", () => {
  it("uses the system CJK fonts, a mobile-first layout and a print stylesheet", () => {
    expect(PORTAL_CSS).toContain('"PingFang SC", "Microsoft YaHei", "Noto Sans SC"');
    expect(PORTAL_CSS).toMatch(/@media \(min-width: [\d.]+em\)/);
    expect(PORTAL_CSS).not.toMatch(/@media \(max-width/);
    const print = PORTAL_CSS.slice(PORTAL_CSS.indexOf("@media print"));
    expect(print).toMatch(/\.site-nav[^{]*form[^{]*\{ display: none/);
    expect(print).toContain('a.print-url[data-print-url]::after { content: "（" attr(data-print-url) "）"');
    expect(print).toContain("color: #000");
    expect(PORTAL_CSS).toMatch(/:focus-visible/);
  });

  it("styles a banner for each status", () => {
    for (const status of ["withdrawn", "corrected", "expired"]) expect(PORTAL_CSS).toContain(`.banner--${status} {`);
  });

  it.each([
    ["text", PALETTE.text, PALETTE.white],
    ["muted text", PALETTE.muted, PALETTE.white],
    ["muted text on grey", PALETTE.muted, PALETTE.surface],
    ["links", PALETTE.link, PALETTE.white],
    ["visited links", PALETTE.linkVisited, PALETTE.white],
    ["header", PALETTE.white, PALETTE.accent],
    ["buttons on hover", PALETTE.white, PALETTE.accentDark],
    ["focused links", PALETTE.focusText, PALETTE.focus],
    ["withdrawn", PALETTE.withdrawnText, PALETTE.withdrawnBg],
    ["corrected", PALETTE.correctedText, PALETTE.correctedBg],
    ["expired", PALETTE.expiredText, PALETTE.expiredBg],
    ["published", PALETTE.publishedText, PALETTE.publishedBg],
    ["search button", PALETTE.accent, PALETTE.white],
  ])("%s meet WCAG AA (4.5:1)", (_what, fg, bg) => {
    expect(contrast(fg, bg)).toBeGreaterThanOrEqual(4.5);
  });

  it("gives form controls a 3:1 border", () => {
    expect(contrast(PALETTE.controlBorder, PALETTE.white)).toBeGreaterThanOrEqual(3);
  });

  it("checks contrast correctly", () => {
    expect(contrast("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrast("#777777", "#ffffff")).toBeLessThan(4.5);
  });
});
