/**
 * The 事前公开 directories and the search page over HTTP, end to end: /bodies, /powers and
 * /officers with their totals and filters, their JSON twins under /api/public (totals added, the
 * old fields kept), the search page's total and body filter, and a page address that names no
 * record answering 404. Last (they add records the counts above would see): a body's page with
 * more officers and inspection items than it lists, and more bodies than one page of the feed's
 * list, every one of them offered by the body selects of the portal and the console.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { creditCode } from "../support/fixtures.js";
import { publishNotice, setUpOffice, type Office } from "../support/flow.js";
import { ConsoleBrowser } from "../support/console-browser.js";
import { ADMIN_PASSWORD, startPlatform, type Api, type Platform } from "../support/platform.js";

let platform: Platform;
let api: Api;
let hz: Office;
let nb: Office;
let otherRegionBodyId: string;

/** The text of a page without tags, spaces folded. */
async function page(path: string): Promise<{ status: number; text: string; html: string }> {
  const res = await fetch(platform.baseUrl + path);
  const html = await res.text();
  return { status: res.status, html, text: html.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ") };
}

beforeAll(async () => {
  platform = await startPlatform();
  api = platform.api;
  hz = await setUpOffice(api, "杭州市西湖区民政局", "xh.officer");
  nb = await setUpOffice(api, "宁波市海曙区市场监督管理局", "hs.officer");
  const other = await api.post(
    "/api/bodies",
    {
      name: "温州市鹿城区城市管理局",
      creditCode: creditCode(),
      region: "温州市",
    },
    hz.admin,
  );
  expect(other.status, JSON.stringify(other.body)).toBe(201);
  otherRegionBodyId = other.body.id;
  await publishNotice(api, hz, { partyName: "杭州安宁殡仪服务有限公司" });
});

afterAll(async () => {
  await platform?.stop();
});

describe("the JSON twins", () => {
  it("answer bodies with their counts, the total and the regions", async () => {
    const all = await api.get("/api/public/bodies?limit=2");
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(3);
    expect(all.body.items).toHaveLength(2);
    expect(all.body.nextCursor).toEqual(expect.any(String));
    expect(all.body.regions).toEqual([
      { value: "浙江省", count: 2 },
      { value: "温州市", count: 1 },
    ]);
    const one = await api.get(`/api/public/bodies?region=${encodeURIComponent("温州市")}`);
    expect(one.body).toMatchObject({ total: 1, items: [{ id: otherRegionBodyId, counts: { officers: 0 } }] });
    const withNotice = await api.get(`/api/public/bodies?q=${encodeURIComponent("西湖")}`);
    expect(withNotice.body.items[0].counts).toMatchObject({ notices: 1, powers: 1, officers: 2, activeOfficers: 2 });
  });

  it("answer officers and powers across bodies with the body's name and the total", async () => {
    const officers = await api.get(`/api/public/officers?q=${encodeURIComponent("甲执法员")}`);
    expect(officers.body.total).toBe(2);
    expect(officers.body.items.map((o: { bodyName: string }) => o.bodyName).sort()).toEqual([
      "宁波市海曙区市场监督管理局",
      "杭州市西湖区民政局",
    ]);
    const byBody = await api.get(`/api/public/officers?bodyId=${nb.bodyId}&status=active`);
    expect(byBody.body.total).toBe(2);
    const powers = await api.get(`/api/public/powers?category=${encodeURIComponent("行政处罚")}&bodyId=${hz.bodyId}`);
    expect(powers.body).toMatchObject({ total: 1, items: [{ bodyId: hz.bodyId, bodyName: "杭州市西湖区民政局" }] });
  });

  it("answer the notices' total only when asked", async () => {
    expect((await api.get("/api/public/notices")).body).not.toHaveProperty("total");
    const counted = await api.get(`/api/public/notices?count=true&q=${encodeURIComponent("安宁殡仪")}`);
    expect(counted.body).toMatchObject({ total: 1, totalCapped: false });
  });
});

describe("the pages", () => {
  it("/bodies lists every body by region with its counts, filters by region and keyword", async () => {
    const all = await page("/bodies");
    expect(all.status).toBe(200);
    expect(all.text).toMatch(/共 3 条 ?，本页为第 1–3 条/);
    expect(all.html).toContain(`href="/bodies/${hz.bodyId}"`);
    expect(all.text).toMatch(/杭州市西湖区民政局 \S+ 1 1 2（2）/);
    const wz = await page(`/bodies?region=${encodeURIComponent("温州市")}`);
    expect(wz.text).toContain("共 1 条");
    expect(wz.text).not.toContain("杭州市西湖区民政局");
    expect((await page(`/bodies?q=${encodeURIComponent("不存在的机关")}`)).text).toContain("未找到符合条件的执法主体");
  });

  it("/powers and /officers list across bodies, filtered by category, status, body and keyword", async () => {
    const powers = await page(`/powers?category=${encodeURIComponent("行政处罚")}`);
    expect(powers.status).toBe(200);
    expect(powers.text).toContain("共 2 条");
    expect(powers.text).toContain("宁波市海曙区市场监督管理局");
    const one = await page(`/powers?bodyId=${nb.bodyId}`);
    expect(one.text).toContain("共 1 条");
    const officers = await page(`/officers?q=${encodeURIComponent("乙执法员")}&bodyId=${hz.bodyId}`);
    expect(officers.text).toContain("共 1 条");
    expect(officers.text).toMatch(/乙执法员 \S+ 杭州市西湖区民政局 综合执法 在岗/);
    expect((await page("/officers?status=revoked")).text).toContain("共 0 条");
  });

  it("/search says the total and filters by body", async () => {
    const found = await page(`/search?q=${encodeURIComponent("安宁殡仪")}`);
    expect(found.status).toBe(200);
    expect(found.text).toMatch(/共 1 条 ?，本页为第 1 条/);
    expect((await page(`/search?bodyId=${nb.bodyId}`)).text).toContain("未找到符合条件的公示");
    expect((await page(`/search?bodyId=${hz.bodyId}`)).text).toContain("共 1 条");
  });

  it("the home page links the directories", async () => {
    const home = await page("/");
    for (const path of ["/bodies", "/powers", "/officers"]) expect(home.html).toContain(`href="${path}"`);
  });

  it("answers 404 for an address that names no record, 422 for a cursor it did not issue", async () => {
    for (const path of ["/notices/abc", "/bodies/abc", "/powers/abc"]) {
      const res = await page(path);
      expect(res.status, path).toBe(404);
      expect(res.text).toContain("未找到您要访问的内容");
    }
    expect((await page("/bodies?cursor=bm9wZQ")).status).toBe(422);
    expect((await page("/officers?status=unknown")).status).toBe(422);
  });
});

/** Posts each body in turn, a few at a time; every answer must be 201. */
async function created(bodies: Record<string, unknown>[], path: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < bodies.length; i += 8) {
    const answers = await Promise.all(bodies.slice(i, i + 8).map((b) => api.post(path, b, hz.admin)));
    for (const res of answers) {
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      ids.push(res.body.id as string);
    }
  }
  return ids;
}

describe("more records than one page", () => {
  it("a body's page says its true totals, lists the first page and links the whole lists", async () => {
    const bodyId = otherRegionBodyId;
    await created(
      Array.from({ length: 22 }, (_, i) => ({
        bodyId,
        name: `丙执法员${i + 1}`,
        certificateNo: `LC-${i + 1}`,
        fields: ["城市管理"],
      })),
      "/api/officers",
    );
    await created(
      Array.from({ length: 21 }, (_, i) => ({
        bodyId,
        project: `市容环境卫生检查第${i + 1}项`,
        subject: "沿街商户",
        basis: "《城市市容和环境卫生管理条例》",
        method: "现场检查",
        content: "门前三包落实情况",
      })),
      "/api/inspections",
    );
    const body = await page(`/bodies/${bodyId}`);
    expect(body.status).toBe(200);
    expect(body.text).toContain("执法人员名单（共 22 人，列出前 20 人）");
    expect(body.text).toContain("随机抽查事项清单（共 21 项，列出前 20 项）");
    expect(body.html).toMatch(new RegExp(`<a href="/officers\\?bodyId&#61;${bodyId}">查看全部 22 条执法人员</a>`));
    expect(body.html).toMatch(new RegExp(`<a href="/bodies/${bodyId}/inspections">查看全部 21 条随机抽查事项</a>`));
    // The directory the link leads to has every one of them.
    expect((await page(`/officers?bodyId=${bodyId}`)).text).toMatch(/共 22 条 ?，本页为第 1–20 条/);

    const inspections = await page(`/bodies/${bodyId}/inspections`);
    expect(inspections.status).toBe(200);
    expect(inspections.text).toMatch(/共 21 条 ?，本页为第 1–20 条/);
    const next = /<a rel="next" href="([^"]+)"/
      .exec(inspections.html)?.[1]
      ?.replace(/&#61;/g, "=")
      .replace(/&amp;/g, "&");
    expect(next).toMatch(new RegExp(`^/bodies/${bodyId}/inspections\\?cursor=`));
    const second = await page(next as string);
    expect(second.text).toMatch(/共 21 条 ?，本页为第 21 条/);
    expect((await page("/bodies/abc/inspections")).status).toBe(404);
  });

  it("the body selects of the search page and the console's new case offer every body past the first 100", async () => {
    const ids = await created(
      Array.from({ length: 101 }, (_, i) => ({
        name: `丽水市第${i + 1}执法大队`,
        creditCode: creditCode(),
        region: "丽水市",
      })),
      "/api/bodies",
    );
    const listed = await api.get("/api/public/bodies?limit=1");
    expect(listed.body.total).toBe(104);
    const search = await page("/search");
    const missing = ids.filter((id) => !search.html.includes(`<option value="${id}"`));
    expect(missing).toEqual([]);

    const admin = new ConsoleBrowser(platform.baseUrl);
    await admin.login("admin", ADMIN_PASSWORD);
    const newCase = await admin.get("/console/cases/new");
    expect(newCase.status).toBe(200);
    expect(ids.filter((id) => !newCase.text.includes(`value="${id}"`))).toEqual([]);
  });
});
