/**
 * The unified publicity feed over real NATS and PostgreSQL: the read model follows publish,
 * withdraw and correct; Chinese search; facets; paging while notices arrive; Atom; the 双公示 CSV;
 * a rebuild from scratch replays to the same state.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPLAY_NOTICES_SQL } from "../../services/feed/migrations/Migration20261206000200_feed_search_fields.js";
import { xmlSafe } from "../../shared/xml.js";
import { setUpOffice, publishNotice, type Office, type Published } from "../support/flow.js";
import { startPlatform, type Api, type ApiResponse, type Platform } from "../support/platform.js";
import { child, childrenNamed, parseXml, type XmlTree } from "../support/xml-tools.js";

let platform: Platform;
let api: Api;
let office: Office;
let other: Office;
let funeral: Published;
let cemetery: Published;

beforeAll(async () => {
  platform = await startPlatform([
    "gateway,feed",
    "accounts,duties,cases,feedback,requests,documents,tlog,reports,subscriptions,inspections,imports",
    "results,notices",
  ]);
  api = platform.api;
  office = await setUpOffice(api, "杭州市民政局", "hz.officer");
  other = await setUpOffice(api, "温州市民政局", "wz.officer");
  funeral = await publishNotice(api, office, {
    partyName: "杭州永安殡葬服务有限公司",
    facts: "当事人未经批准擅自从事殡葬中介服务，收取费用。",
    decisionNo: "杭民罚决〔2026〕Ab-17号",
  });
  cemetery = await publishNotice(api, other, {
    partyName: "温州青山公墓有限公司",
    facts: "当事人超标准建造墓穴并销售。",
  });
});

afterAll(async () => {
  await platform?.stop();
});

async function list(query: string): Promise<ApiResponse> {
  const res = await api.get(`/api/public/notices?${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res;
}

const ids = (res: ApiResponse) => res.body.items.map((n: { id: string }) => n.id);
const q = (s: string) => `q=${encodeURIComponent(s)}`;

describe("the read model", () => {
  it("shows a notice as soon as it is published, with the public record and no private data", async () => {
    const res = await api.get(`/api/public/notices/${funeral.noticeId}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: funeral.noticeId,
      status: "published",
      verifyCode: funeral.verifyCode,
      sha256: funeral.sha256,
      bodyName: "杭州市民政局",
      partyName: "杭州永安殡葬服务有限公司",
      pdfUrl: expect.stringContaining(`/api/public/notices/${funeral.noticeId}/pdf`),
    });
    expect(res.body.fields).toEqual(expect.arrayContaining([{ label: "决定文书号", value: funeral.decisionNo }]));
    expect(ids(await list(""))).toEqual(expect.arrayContaining([funeral.noticeId, cemetery.noticeId]));
  });

  it("follows withdrawal and correction, and filters by status", async () => {
    const n = await publishNotice(api, office, { partyName: "杭州长明寿衣店" });
    expect(ids(await list(q("长明寿衣")))).toEqual([n.noticeId]);
    const corrected = await api.post(
      `/api/results/${n.resultId}/correct`,
      { reason: "当事人名称有误", partyName: "杭州长明寿衣商店" },
      office.officer,
    );
    expect(corrected.status).toBe(200);
    const newId = corrected.body.noticeId;
    expect(ids(await list(q("长明寿衣")))).toEqual([newId]);
    const old = await api.get(`/api/public/notices/${n.noticeId}`);
    expect(old.body).toMatchObject({ status: "corrected", successorId: newId, reason: "当事人名称有误" });
    // The superseded version is taken down: found by its 文书号, no longer by its party.
    expect(ids(await list(`${q(n.decisionNo)}&status=corrected`))).toEqual([n.noticeId]);
    expect(ids(await list(`${q("长明寿衣")}&status=corrected`))).toEqual([]);
    await api.post(`/api/results/${n.resultId}/withdraw`, { reason: "决定已被撤销" }, office.officer);
    expect(ids(await list(q("长明寿衣")))).toEqual([]);
    expect(ids(await list(`${q("长明寿衣")}&status=all`))).toEqual([]);
    const all = await list(`${q(n.decisionNo)}&status=all`);
    expect(all.body.items.map((i: { status: string }) => i.status).sort()).toEqual(["corrected", "withdrawn"]);
    expect((await api.get(`/api/public/notices/${newId}`)).body).toMatchObject({
      status: "withdrawn",
      reason: "决定已被撤销",
    });
  });

  it("serves bodies, officers and powers from the feed right after they change", async () => {
    const body = await api.get(`/api/public/bodies/${office.bodyId}`);
    expect(body.body).toMatchObject({ name: "杭州市民政局", counts: { officers: 2, activeOfficers: 2, powers: 1 } });
    await api.post(
      `/api/officers/${office.officerIds[0]}/status`,
      { status: "suspended", reason: "培训" },
      office.officer,
    );
    const officers = await api.get(`/api/public/officers?bodyId=${office.bodyId}&status=suspended`);
    expect(officers.body.items).toEqual([expect.objectContaining({ id: office.officerIds[0], status: "suspended" })]);
    await api.post(`/api/officers/${office.officerIds[0]}/status`, { status: "active" }, office.officer);
  });

  it("rebuilds from scratch to the same state", async () => {
    const before = await list("status=all&limit=100");
    const bodiesBefore = await api.get("/api/public/bodies?limit=100");
    expect((await api.post("/api/feed/rebuild", {}, office.officer)).status).toBe(403);
    const res = await api.post("/api/feed/rebuild", {}, office.admin);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.applied.notices).toBeGreaterThan(0);
    const after = await list("status=all&limit=100");
    expect(after.body.items).toEqual(before.body.items);
    expect((await api.get("/api/public/bodies?limit=100")).body).toEqual(bodiesBefore.body);
    // The same from the command line (npm run feed:rebuild), joining the running platform's bus.
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "src/feed-rebuild.ts"], {
      cwd: path.resolve(import.meta.dirname, "../.."),
      env: { ...platform.env, PATH: process.env.PATH ?? "", LOG_LEVEL: "warn", NODE_ID: "" },
    });
    expect(stdout).toContain("Feed rebuilt");
    expect((await list("status=all&limit=100")).body.items).toEqual(before.body.items);
  });

  it("rewrites the search text of the notices it holds once the search-fields migration ran", async () => {
    const db = new pg.Client({ connectionString: platform.env.DATABASE_URL });
    await db.connect();
    try {
      // The text an earlier version wrote: title, party, 文书号, facts and conclusion only.
      await db.query(`update feed.notices set search_text = 'stale' where id = $1`, [cemetery.noticeId]);
      const byBody = `${q("温州市民政局")}&bodyId=${other.bodyId}&limit=100`;
      expect(ids(await list(byBody))).not.toContain(cemetery.noticeId);
      await db.query(REPLAY_NOTICES_SQL);
      // Any change nudges the feed, which replays the notices' outbox over its rows.
      await publishNotice(api, office, { partyName: "杭州重放测试公司" });
      expect(ids(await list(byBody))).toContain(cemetery.noticeId);
      const { rows } = await db.query(`select search_text from feed.notices where id = $1`, [cemetery.noticeId]);
      expect(rows[0].search_text).toContain("温州青山公墓有限公司");
    } finally {
      await db.end();
    }
  });
});

describe("search", () => {
  it("matches a 2-character word, a party name and a 文书号 (Latin letters in any case)", async () => {
    // (殡葬 alone is in every notice's legal basis, 《殡葬管理条例》.)
    expect(ids(await list(q("中介")))).toContain(funeral.noticeId);
    expect(ids(await list(q("中介")))).not.toContain(cemetery.noticeId);
    expect(ids(await list(q("公墓")))).toEqual([cemetery.noticeId]);
    expect(ids(await list(q("杭州永安殡葬服务有限公司")))).toEqual([funeral.noticeId]);
    expect(ids(await list(q("杭民罚决〔2026〕ab-17号")))).toEqual([funeral.noticeId]);
    expect(ids(await list(q("不存在的词语")))).toEqual([]);
    expect(ids(await list(`${q("中介")}&bodyId=${other.bodyId}`))).toEqual([]);
    expect(ids(await list(`${q("墓穴 销售")}`))).toEqual([cemetery.noticeId]);
  });

  it("finds a fine by 罚款, 处罚, its category, its legal basis and its body's name", async () => {
    const zs = await setUpOffice(api, "舟山市殡葬管理所", "zs.officer");
    // Neither notice says 罚款 in its title, facts or conclusion: only the 处罚 block and the kind do.
    const fine = await publishNotice(api, zs, {
      partyName: "舟山海天陵园有限公司",
      facts: "当事人超面积建造墓穴。",
      conclusion: "责令限期改正。",
      basis: "《浙江省公墓管理办法》第十九条",
      penalty: {
        categories: ["罚款", "没收违法所得"],
        content: "处人民币叁仟元，没收违法所得捌佰元",
        fineAmount: 3000,
        confiscatedAmount: 800,
        violationType: "超标准建墓",
      },
    });
    const reprimand = await publishNotice(api, zs, {
      partyName: "舟山长青墓园有限公司",
      facts: "当事人未按规定公示收费标准。",
      conclusion: "予以通报批评。",
      basis: "《殡葬管理条例》第二十条",
      penalty: { categories: ["通报批评"], content: "通报批评", violationType: "未公示收费" },
    });
    const inBody = (word: string) => list(`${q(word)}&bodyId=${zs.bodyId}`).then(ids);
    expect(await inBody("罚款")).toEqual([fine.noticeId]);
    expect(ids(await list(q("罚款")))).toContain(fine.noticeId);
    expect((await inBody("处罚")).sort()).toEqual([fine.noticeId, reprimand.noticeId].sort());
    expect(await inBody("没收违法所得")).toEqual([fine.noticeId]);
    expect(await inBody("叁仟元")).toEqual([fine.noticeId]);
    expect(await inBody("超标准建墓")).toEqual([fine.noticeId]);
    expect(ids(await list(q("公墓管理办法")))).toEqual([fine.noticeId]);
    expect(ids(await list(q("舟山市殡葬管理所"))).sort()).toEqual([fine.noticeId, reprimand.noticeId].sort());
    expect(ids(await list(q("殡葬管理所 罚款")))).toEqual([fine.noticeId]);
  });

  it("filters by body, kind and date range, and counts facets", async () => {
    expect(ids(await list(`bodyId=${other.bodyId}`))).toEqual([cemetery.noticeId]);
    expect(ids(await list(`kind=${encodeURIComponent("行政许可")}`))).toEqual([]);
    const today = new Date().toISOString().slice(0, 10);
    expect(ids(await list(`to=2000-01-01`))).toEqual([]);
    expect(ids(await list(`from=2000-01-01&to=2100-01-01&bodyId=${other.bodyId}`))).toEqual([cemetery.noticeId]);
    expect((await api.get(`/api/public/notices?from=${today}&to=2000-01-01`)).status).toBe(422);
    const faceted = await list(`facets=true`);
    expect(faceted.body.facets.kind).toEqual([{ value: "行政处罚", count: faceted.body.items.length }]);
    expect(faceted.body.facets.body).toEqual(
      expect.arrayContaining([expect.objectContaining({ value: other.bodyId, count: 1 })]),
    );
  });

  it("pages without gaps or repeats while new notices arrive", async () => {
    const seen: string[] = [];
    let page = await list(`bodyId=${other.bodyId}&limit=2`);
    const extra: string[] = [];
    for (let i = 0; i < 4; i++)
      extra.push((await publishNotice(api, other, { partyName: `温州翻页公司${i}` })).noticeId);
    page = await list(`bodyId=${other.bodyId}&limit=2`);
    seen.push(...ids(page));
    let cursor = page.body.nextCursor;
    let inserted = 0;
    while (cursor) {
      // A new notice between page fetches must not shift the pages that follow.
      await publishNotice(api, other, { partyName: `温州插队公司${inserted++}` });
      page = await list(`bodyId=${other.bodyId}&limit=2&cursor=${cursor}`);
      seen.push(...ids(page));
      cursor = page.body.nextCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining([cemetery.noticeId, ...extra]));
    expect((await api.get("/api/public/notices?cursor=garbage!")).status).toBe(422);
  });
});

describe("syndication and open data", () => {
  it("publishes well-formed Atom 1.0 with the notice", async () => {
    const res = await api.get(`/api/public/feed.atom?bodyId=${office.bodyId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/atom+xml");
    const feed = parseXml(res.body as string);
    expect(feed.name).toBe("{http://www.w3.org/2005/Atom}feed");
    const entryIds = childrenNamed(feed, "entry").map((e) => child(e, "id")?.text);
    expect(entryIds).toContain(`urn:uuid:${funeral.noticeId}`);
    expect(res.body).not.toContain("温州青山公墓");
  });

  it("keeps hostile officer text as text: one entry per notice, links unchanged", async () => {
    // Each officer-typed field carries a CDATA break-out that forges an entry, markup, every C0
    // control character the edge accepts (NUL cannot be stored; lone surrogates neither) and the
    // non-characters U+FFFE and U+FFFF.
    const controls = Array.from({ length: 31 }, (_, i) => String.fromCharCode(i + 1)).join("");
    const hostile = (label: string) =>
      `${label}]]></title></entry><entry><link href="https://evil.example/"/>${controls}\ufffe\uffff&amp;<b>尾`;
    const atk = await setUpOffice(api, hostile("机关"), "atk.officer");
    const a = await publishNotice(api, atk, {
      title: hostile("案件标题"),
      partyName: hostile("当事人"),
      facts: hostile("事实"),
      conclusion: hostile("结论"),
      basis: hostile("依据"),
      party: { type: "legal", name: hostile("当事人"), legalRepresentative: "代表]]></entry><entry>\u0001\uffff" },
    });
    const b = await publishNotice(api, atk, { conclusion: hostile("撤下的结论") });
    const withdrawn = await api.post(
      `/api/results/${b.resultId}/withdraw`,
      { reason: hostile("撤下理由") },
      atk.officer,
    );
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    const c = await publishNotice(api, atk, {});
    const corrected = await api.post(
      `/api/results/${c.resultId}/correct`,
      { reason: hostile("更正理由"), partyName: hostile("更正后当事人") },
      atk.officer,
    );
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);

    const notices = (await list(`bodyId=${atk.bodyId}&status=all&limit=100`)).body.items as {
      id: string;
      title: string;
      bodyName: string;
      reason: string | null;
      pdfUrl: string | null;
    }[];
    // Taken-down notices have no PDF; the public base comes from a live one.
    const live = notices.find((n) => n.pdfUrl)?.pdfUrl ?? "";
    const base = live.slice(0, live.indexOf("/api/"));
    expect(notices.map((n) => n.id).sort()).toEqual(
      [a.noticeId, b.noticeId, c.noticeId, corrected.body.noticeId as string].sort(),
    );
    const res = await api.get(`/api/public/feed.atom?bodyId=${atk.bodyId}&status=all`);
    expect(res.status).toBe(200);
    const feed = parseXml(res.body as string);
    const entries = childrenNamed(feed, "entry");
    expect(entries.length).toBe(notices.length);
    // a filtered feed is its own feed: its id and self link carry the filters
    const self = childrenNamed(feed, "link").find((l) => l.attrs.rel === "self")?.attrs.href;
    expect(self).toBe(`${base}/api/public/feed.atom?bodyId=${atk.bodyId}&status=all`);
    expect(child(feed, "id")?.text).toBe(self);
    const all = (e: XmlTree): XmlTree[] => [e, ...e.children.flatMap(all)];
    expect(all(feed).filter((e) => e.attrs.href?.includes("evil.example"))).toEqual([]);
    for (const n of notices) {
      const entry = entries.find((e) => child(e, "id")?.text === `urn:uuid:${n.id}`);
      expect(entry, n.id).toBeDefined();
      const e = entry as XmlTree;
      expect(childrenNamed(e, "link").map((l) => l.attrs.href)).toEqual([`${base}/notices/${n.id}`]);
      const title = child(e, "title");
      expect(title?.attrs.type).toBe("text");
      expect(title?.children).toEqual([]);
      expect(title?.text).toBe(xmlSafe(`${n.title}（${n.bodyName}）`));
      expect(child(child(e, "author") as XmlTree, "name")?.text).toBe(xmlSafe(n.bodyName));
      if (n.reason) expect(child(e, "summary")?.text).toContain(xmlSafe(n.reason));
      const record = (await api.get(`/api/public/notices/${n.id}`)).body.record as { conclusion?: string };
      expect(child(e, "content")?.text ?? "").toBe(xmlSafe(record.conclusion ?? ""));
    }
    expect(res.body as string).toContain("&lt;/entry&gt;&lt;entry&gt;");
  });

  it("exports penalties as CSV in 双公示 column order with a BOM", async () => {
    const res = await fetch(`${platform.baseUrl}/api/public/notices.csv?bodyId=${office.bodyId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString("utf8").slice(1).trim().split("\r\n");
    expect(lines[0]?.split(",").slice(0, 5)).toEqual([
      "行政处罚决定书文号",
      "行政相对人名称",
      "行政相对人类别",
      "统一社会信用代码",
      "法定代表人",
    ]);
    expect(lines.some((l) => l.startsWith(funeral.decisionNo))).toBe(true);
    const codes = await (await fetch(`${platform.baseUrl}/api/public/notices.csv?header=code`)).text();
    expect(codes.replace(/^\uFEFF/, "").split("\r\n")[0]).toBe(
      "CF_WSH,CF_XDR_MC,CF_XDR_LB,CF_XDR_SHXYM,CF_FRDB,CF_XDR_ZJLX,CF_XDR_ZJHM,CF_WFXW,CF_SY,CF_YJ,CF_CFLB,CF_NR,CF_NR_FK,CF_NR_WFFF,CF_NR_ZKDX,CF_JDRQ,CF_YXQ,CF_GSJZQ,CF_CFJG,CF_CFJGDM,CF_SJLY,CF_SJLYDM,BZ",
    );
  });
});
