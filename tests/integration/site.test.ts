/**
 * The site's identity and its discovery by search engines, over HTTP against a real platform (one
 * process, PostgreSQL, S3): the footer shows what SITE_* configures, the site map and accessibility
 * pages answer, the favicon is cached long; robots.txt names the sitemap index, which lists the
 * month of a notice just published, whose sitemap lists the notice's page with its lastmod, and
 * the registers' sitemaps list the body and power. A staging site (SITE_BLOCK_ROBOTS) hides itself.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chinaToday } from "../../shared/dates.js";
import { publishNotice, setUpOffice, type Office, type Published } from "../support/flow.js";
import { startPlatform, type Platform } from "../support/platform.js";
import { child, childrenNamed, parseXml } from "../support/xml-tools.js";

const ONE_PROCESS = [
  "gateway,accounts,duties,cases,results,notices,feed,feedback,requests,documents,tlog,reports,subscriptions,inspections,imports",
];
const NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}";
const SITE = {
  SITE_NAME: "杭州市行政执法公示平台",
  SITE_ORGANIZER: "杭州市司法局",
  SITE_CODE: "3301000001",
  SITE_ICP: "浙ICP备12345678号-1",
  SITE_PSB: "浙公网安备33010602000001号",
  SITE_CONTACT: "0571-12345678",
};

let platform: Platform;
let office: Office;
let published: Published;

async function get(path: string, init: RequestInit = {}): Promise<{ res: Response; text: string }> {
  const res = await fetch(platform.baseUrl + path, { redirect: "manual", ...init });
  return { res, text: await res.text() };
}

/** The feed catches up with the notices' outbox shortly after a publish. */
async function eventually<T>(probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const found = await probe();
    if (found !== undefined) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("never happened");
}

beforeAll(async () => {
  platform = await startPlatform(ONE_PROCESS, SITE);
  office = await setUpOffice(platform.api, "杭州市上城区民政局", "site.officer");
  published = await publishNotice(platform.api, office);
});

afterAll(async () => {
  await platform?.stop();
});

describe("the site's identity", () => {
  it("shows the configured name and footer on every portal page, with the site map and accessibility links", async () => {
    for (const path of ["/", "/search", "/verify", "/sitemap", "/accessibility", `/notices/${published.noticeId}`]) {
      const { res, text } = await get(path);
      expect(res.status, path).toBe(200);
      expect(text, path).toMatch(/<title>[^<]+ - 杭州市行政执法公示平台<\/title>/);
      const footer = text.slice(text.indexOf("<footer"));
      for (const shown of [
        "主办单位：杭州市司法局",
        "网站标识码：3301000001",
        "浙ICP备12345678号-1",
        "浙公网安备33010602000001号",
      ])
        expect(footer, `${path} ${shown}`).toContain(shown);
      expect(footer).toContain('href="/sitemap"');
      expect(footer).toContain('href="/accessibility"');
      expect(text).toContain('<link rel="icon" href="/favicon.svg"');
      expect(res.headers.get("x-robots-tag")).toBeNull();
    }
  });

  it("shows the dates on the notice page in 年月日", async () => {
    const { text } = await get(`/notices/${published.noticeId}`);
    const [year, month, day] = chinaToday().split("-").map(Number);
    expect(text).toContain(`${year}年${month}月${day}日`);
  });

  it("shows the footer in the console too", async () => {
    const { res, text } = await get("/console/login");
    expect(res.status).toBe(200);
    expect(text).toContain("主办单位：杭州市司法局");
    expect(text).toContain("杭州市行政执法公示平台 · 执法人员工作台");
  });

  it("serves the favicon as SVG, cached for a year, and sends /favicon.ico to it", async () => {
    const svg = await get("/favicon.svg");
    expect(svg.res.status).toBe(200);
    expect(svg.res.headers.get("content-type")).toBe("image/svg+xml");
    expect(svg.res.headers.get("cache-control")).toMatch(/max-age=31536000/);
    expect(svg.text).toMatch(/^<svg /);
    const ico = await get("/favicon.ico");
    expect(ico.res.status).toBe(301);
    expect(ico.res.headers.get("location")).toBe("/favicon.svg");
  });
});

describe("discovery by search engines", () => {
  it("points robots.txt to the sitemap index", async () => {
    const { res, text } = await get("/robots.txt");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(text).toContain(`Sitemap: ${platform.baseUrl}/sitemap.xml`);
    expect(text).toContain("Disallow: /console");
  });

  it("lists the month of publication, the bodies and the powers, and each file lists its pages with lastmod", async () => {
    const month = chinaToday().slice(0, 7);
    const index = await eventually(async () => {
      const { res, text } = await get("/sitemap.xml");
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^application\/xml/);
      return text.includes(`notices-${month}.xml`) ? parseXml(text) : undefined;
    });
    const locs = childrenNamed(index, "sitemap", NS).map((s) => child(s, "loc", NS)?.text);
    expect(locs).toEqual([
      `${platform.baseUrl}/sitemaps/notices-${month}.xml`,
      `${platform.baseUrl}/sitemaps/bodies.xml`,
      `${platform.baseUrl}/sitemaps/powers.xml`,
      `${platform.baseUrl}/sitemaps/openness.xml`,
    ]);
    for (const s of childrenNamed(index, "sitemap", NS)) expect(child(s, "lastmod", NS)?.text).toMatch(/^\d{4}-/);

    const urlsOf = async (file: string) => {
      const { res, text } = await get(`/sitemaps/${file}.xml`);
      expect(res.status, file).toBe(200);
      return childrenNamed(parseXml(text), "url", NS).map((u) => ({
        loc: child(u, "loc", NS)?.text,
        lastmod: child(u, "lastmod", NS)?.text,
      }));
    };
    const notices = await urlsOf(`notices-${month}`);
    expect(notices).toEqual([
      { loc: `${platform.baseUrl}/notices/${published.noticeId}`, lastmod: expect.stringMatching(/^\d{4}-/) },
    ]);
    expect(await urlsOf("bodies")).toEqual([
      { loc: `${platform.baseUrl}/bodies/${office.bodyId}`, lastmod: expect.stringMatching(/^\d{4}-/) },
    ]);
    expect((await urlsOf("powers")).map((u) => u.loc)).toContain(`${platform.baseUrl}/powers/${office.penaltyPowerId}`);
    // Every address listed answers.
    for (const u of [...notices, ...(await urlsOf("bodies"))])
      expect((await fetch(u.loc as string)).status, u.loc).toBe(200);
  });

  it("answers 404 for a sitemap the index does not list", async () => {
    for (const file of ["notices-1999-01.xml", "officers.xml", "bodies-2.xml", "bodies", "notices-2026-13.xml"]) {
      const { res } = await get(`/sitemaps/${file}`);
      expect(res.status, file).toBe(404);
    }
  });
});

describe("a staging site (SITE_BLOCK_ROBOTS=true)", () => {
  let staging: Platform;
  beforeAll(async () => {
    staging = await startPlatform(ONE_PROCESS, { SITE_BLOCK_ROBOTS: "true" });
  });
  afterAll(async () => {
    await staging?.stop();
  });

  it("disallows everything in robots.txt and says noindex on every page", async () => {
    const robots = await fetch(`${staging.baseUrl}/robots.txt`);
    expect(await robots.text()).toBe("User-agent: *\nDisallow: /\n");
    for (const path of ["/", "/sitemap", "/robots.txt"]) {
      const res = await fetch(staging.baseUrl + path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("x-robots-tag"), path).toBe("noindex");
    }
    // Unconfigured: the default name, and no registration number made up.
    const home = await (await fetch(`${staging.baseUrl}/`)).text();
    expect(home).toContain("<title>首页 - 行政执法公示平台</title>");
    expect(home).not.toMatch(/网站标识码|ICP备|公网安备/);
  });
});
