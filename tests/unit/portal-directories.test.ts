/**
 * The portal's directories (执法主体, 权责清单, 执法人员) and the paging every list shares: the
 * total, the page's position, the next and previous links that carry the filters and the way back.
 */
import { describe, expect, it } from "vitest";
import { bodiesPage } from "../../web/portal/bodies.js";
import { homePage } from "../../web/portal/home.js";
import { officersPage } from "../../web/portal/officers.js";
import { listSummary, MAX_TRAIL, pagerNav, pageStateOf, positionText, totalText } from "../../web/portal/pager.js";
import { powersPage } from "../../web/portal/powers.js";
import { searchPage } from "../../web/portal/search.js";
import { inspectionsPage } from "../../web/portal/inspections.js";
import { bodiesInput, inspectionsInput, officersInput, powersInput } from "../support/portal-directories.js";

const text = (doc: string) => doc.replace(/<[^>]*>/g, "").replace(/\s+/g, " ");
const links = (doc: string) =>
  [...doc.matchAll(/<a\b[^>]*?href="([^"]*)"[^>]*>([\s\S]*?)<\/a\s*>/g)].map((m) => ({
    href: (m[1] as string).replace(/&amp;/g, "&").replace(/&#61;/g, "="),
    text: text(m[2] as string).trim(),
    rel: /rel="(\w+)"/.exec(m[0])?.[1],
  }));
const params = (url: string) => Object.fromEntries(new URL(url, "http://portal.test").searchParams);

describe("paging", () => {
  it("reads the position and the trail from the address, and distrusts what it cannot use", () => {
    expect(pageStateOf({})).toEqual({ start: 1, trail: [] });
    expect(pageStateOf({ start: "41" })).toEqual({ start: 1, trail: [] });
    expect(pageStateOf({ cursor: "MDAz", start: "41", trail: "MDAx,MDAy" })).toEqual({
      cursor: "MDAz",
      start: 41,
      trail: ["MDAx", "MDAy"],
    });
    expect(pageStateOf({ cursor: "MDAz", start: "-3", trail: "a b" })).toEqual({ cursor: "MDAz", start: 1, trail: [] });
    expect(
      pageStateOf({
        cursor: "x",
        trail: Array(MAX_TRAIL + 1)
          .fill("c")
          .join(","),
      }).trail,
    ).toEqual([]);
  });

  it("says the total, capped or not, and the page's position", () => {
    expect(totalText(45)).toBe("共 45 条");
    expect(totalText(10_000, true)).toBe("共 10000+ 条");
    expect(positionText(21, 20)).toBe("第 21–40 条");
    expect(positionText(41, 1)).toBe("第 41 条");
    expect(text(String(listSummary(45, false, 21, 20)))).toBe("共 45 条，本页为第 21–40 条。");
    expect(text(String(listSummary(0, false, 1, 0)))).toBe("共 0 条。");
  });

  it("links next with the position after this page and previous back along the trail", () => {
    const nav = (state: Parameters<typeof pagerNav>[0]["state"], nextCursor: string | null = "MDA0") =>
      links(String(pagerNav({ path: "/powers", filters: { q: "殡葬" }, state, shown: 20, pageSize: 20, nextCursor })));
    const third = nav({ cursor: "MDAz", start: 41, trail: ["MDAy"] });
    expect(params(third.find((l) => l.rel === "next")!.href)).toEqual({
      q: "殡葬",
      cursor: "MDA0",
      start: "61",
      trail: "MDAy,MDAz",
    });
    expect(params(third.find((l) => l.rel === "prev")!.href)).toEqual({ q: "殡葬", cursor: "MDAy", start: "21" });
    expect(params(third.find((l) => l.text === "第一页")!.href)).toEqual({ q: "殡葬" });
    // Page 2's previous page is the first; the first page has no way back, the last no way on.
    const second = nav({ cursor: "MDAy", start: 21, trail: [] });
    expect(params(second.find((l) => l.rel === "prev")!.href)).toEqual({ q: "殡葬" });
    expect(nav({ start: 1, trail: [] }).map((l) => l.text)).toEqual(["下一页"]);
    expect(nav({ cursor: "MDAy", start: 21, trail: [] }, null).map((l) => l.text)).toEqual(["第一页", "上一页"]);
    // A page deeper than its trail remembers offers only the first page.
    expect(nav({ cursor: "MDAy", start: 81, trail: [] }, null).map((l) => l.text)).toEqual(["第一页"]);
    expect(String(pagerNav({ path: "/x", filters: {}, state: { start: 1, trail: [] }, shown: 3, pageSize: 20 }))).toBe(
      "",
    );
  });
});

describe("bodiesPage", () => {
  const sut = bodiesPage(bodiesInput());

  it("lists the bodies by region with their counts, the total and the position", () => {
    const t = text(sut);
    expect(t).toContain("共 45 条，本页为第 21–22 条");
    // Regions in pinyin order: 杭州 (hang) before 宁波 (ning).
    expect(t.indexOf("杭州市（本页 1 个）")).toBeLessThan(t.indexOf("宁波市（本页 1 个）"));
    expect(t).toMatch(/杭州市民政局 11330100002489322K 128 35 12（10）/);
    expect(links(sut).map((l) => l.href)).toContain("/bodies/b2");
  });

  it("shows a body's notices past the feed's cap as 10000+, and no counts as dashes", () => {
    const [first] = bodiesInput().items;
    const many = { ...first!, counts: { officers: 1, activeOfficers: 1, powers: 2, notices: 10_001 } };
    expect(text(bodiesPage(bodiesInput({ items: [many] })))).toMatch(/11330100002489322K 10000\+ 2 1（1）/);
    expect(text(bodiesPage(bodiesInput({ items: [{ ...first!, counts: undefined }] })))).toMatch(/322K — — —/);
  });

  it("filters by keyword and region, the region select counting each region's bodies", () => {
    expect(sut).toMatch(/<input id="bodies-q" name="q" type="search" maxlength="50" value="民政"/);
    expect(sut).toMatch(/<option value="杭州市"\s+selected>杭州市（30）<\/option>/);
    const next = links(sut).find((l) => l.rel === "next")!;
    expect(params(next.href)).toEqual({ q: "民政", region: "杭州市", cursor: "MDAz", start: "23", trail: "MDAx,MDAy" });
    expect(params(links(sut).find((l) => l.rel === "prev")!.href)).toEqual({
      q: "民政",
      region: "杭州市",
      cursor: "MDAx",
      start: "1",
    });
  });
});

describe("powersPage", () => {
  const sut = powersPage(powersInput());

  it("lists the powers across bodies with their body, filtered by category and body", () => {
    expect(text(sut)).toContain("共 1 条，本页为第 1 条");
    expect(text(sut)).toMatch(/对擅自兴建殡葬设施的行政处罚 330217001000 行政处罚 杭州市民政局 第 2 版/);
    expect(links(sut).map((l) => l.href)).toEqual(expect.arrayContaining(["/powers/p1", "/bodies/b2"]));
    expect(sut).toMatch(/<option value="行政处罚"\s+selected>/);
    expect(sut).toMatch(/<option value="b2"\s+selected>杭州市民政局/);
    expect(sut).not.toContain('class="pager"');
  });

  it("keeps a body named in the address that the select does not list", () => {
    expect(powersPage(powersInput({ query: { bodyId: "b9" } }))).toMatch(/<option value="b9"\s+selected>/);
  });
});

describe("officersPage", () => {
  const sut = officersPage(officersInput());

  it("lists the roster across bodies with status, reason and a feedback link", () => {
    const t = text(sut);
    expect(t).toContain("共 2 条，本页为第 1–2 条");
    expect(t).toMatch(/张建国 33010012345 杭州市民政局 殡葬管理 在岗/);
    expect(t).toMatch(/张明 33010012346 杭州市民政局 — 已注销（调离执法岗位）/);
    expect(links(sut).map((l) => l.href)).toContain("/feedback?targetType=officer&targetId=o1");
    expect(sut).toMatch(/<option value="active"\s+selected>在岗/);
  });

  it("explains an empty result", () => {
    expect(text(officersPage(officersInput({ items: [], total: 0 })))).toContain("未找到符合条件的执法人员");
  });
});

describe("inspectionsPage", () => {
  const sut = inspectionsPage(inspectionsInput({ nextCursor: "MDAz" }));

  it("lists a body's inspection items with the total and the position, and pages on", () => {
    expect(text(sut)).toMatch(/共 21 条 ?，本页为第 21 条/);
    expect(text(sut)).toContain("殡葬服务机构检查");
    const all = links(sut);
    expect(all.find((l) => l.text === "返回杭州市民政局")?.href).toBe("/bodies/b2");
    const next = all.find((l) => l.rel === "next");
    expect(next?.href.startsWith("/bodies/b2/inspections?")).toBe(true);
    expect(params(next?.href as string)).toMatchObject({ cursor: "MDAz", start: "22" });
  });
});

describe("home and search", () => {
  it("the home page links the three directories", () => {
    const hrefs = links(homePage({ latest: [] })).map((l) => l.href);
    expect(hrefs).toEqual(expect.arrayContaining(["/bodies", "/powers", "/officers"]));
  });

  it("the search page says the total (capped as N+) and the position, and filters by body", () => {
    const sut = searchPage({
      query: { q: "罚款", bodyId: "b2", cursor: "MDAy" },
      items: [],
      total: 10_000,
      totalCapped: true,
      state: { cursor: "MDAy", start: 21, trail: [] },
      bodies: [{ id: "b2", name: "杭州市民政局" }],
    });
    expect(text(sut)).toContain("执法机关：杭州市民政局");
    expect(sut).toMatch(/<option value="b2"\s+selected>杭州市民政局/);
    const paged = searchPage({
      query: { q: "罚款" },
      items: [
        {
          id: "n1",
          title: "t",
          kind: "行政处罚",
          bodyName: "b",
          partyName: null,
          status: "published",
          publishedAt: "2025-02-25T16:30:00.000Z",
        },
      ],
      total: 10_000,
      totalCapped: true,
      state: { cursor: "MDAy", start: 21, trail: [] },
    });
    expect(text(paged)).toContain("共 10000+ 条，本页为第 21 条");
    expect(text(paged)).toMatch(/公示日期\s*2025年2月26日/);
  });
});
