/**
 * The feed's use cases against a real `feed` schema, without a broker: the owning services'
 * outboxes are a small in-test Caller answering `<source>.eventsSince`. Pulled events become the
 * read model; the public lists, search, notice and register reads answer from it; a rebuild
 * replays them; a refused read or a source that does not answer changes nothing.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Caller } from "../../lib/contract.js";
import type { FeedDeps } from "../../services/feed/app/deps.js";
import { pull, rebuild } from "../../services/feed/app/ingest.js";
import { getNotice, listNotices, noticeAtom, type NoticeReadDeps } from "../../services/feed/app/notices.js";
import {
  getBody,
  listBodies,
  listInspectionItems,
  listOfficers,
  listPowers,
  listReplies,
} from "../../services/feed/app/registers.js";
import { DATABASE } from "../../services/feed/database.js";
import { SITEMAP_MAX_URLS, sitemapEntries, sitemapFiles } from "../../services/feed/app/sitemap.js";
import type {
  DutiesEventIn,
  NoticeEventIn,
  NoticeView,
  ReplyEventIn,
  RequestsEventIn,
} from "../../services/feed/read-model.js";
import { newId } from "../../shared/ids.js";
import { buildPublicNotice } from "../../shared/public-record.js";
import { creditCode } from "../support/fixtures.js";
import { openTestOrm, type TestOrm } from "../support/orm.js";

const BASE = "https://gs.example.cn";
const bodyId = newId();
const powerId = newId();

function notice(seq: number, title: string, party: string, conclusion: string, extra: Partial<NoticeView> = {}) {
  const built = buildPublicNotice({
    title,
    kind: "行政处罚",
    decisionNo: `杭民罚〔2026〕${seq}号`,
    decidedOn: "2026-11-02",
    bodyName: "杭州市民政局",
    bodyCreditCode: creditCode(),
    powerCode: "330217001000",
    powerName: "对擅自兴建殡葬设施的行政处罚",
    party: { type: "legal", name: party },
    facts: `${party}擅自兴建殡葬设施。`,
    conclusion,
    basis: "《殡葬管理条例》第二十八条",
    maskNames: [],
  });
  const view: NoticeView = {
    id: newId(),
    resultId: newId(),
    version: 1,
    bodyId,
    bodyName: "杭州市民政局",
    kind: "行政处罚",
    title,
    decisionNo: `杭民罚〔2026〕${seq}号`,
    decidedOn: "2026-11-02",
    partyName: party,
    record: built.record as unknown as Record<string, unknown>,
    status: "published",
    reason: null,
    statusChangedAt: null,
    predecessorId: null,
    successorId: null,
    verifyCode: `ABCD-EFGH-JKMN-${String(seq).padStart(4, "P")}`,
    sha256: String(seq).repeat(64).slice(0, 64),
    publishedAt: new Date(Date.UTC(2026, 10, 3, seq)).toISOString(),
    expiresOn: "2029-11-03",
    ...extra,
  };
  return view;
}

const fine = notice(1, "某某殡葬公司违规兴建案", "某某殡葬公司", "罚款人民币5000元。");
const warning = notice(2, "某某陵园公司违规案", "某某陵园公司", "警告。");
const withdrawn = {
  ...fine,
  status: "withdrawn" as const,
  reason: "决定已撤销",
  statusChangedAt: "2026-11-05T00:00:00.000Z",
};

/** The outboxes as their services answer `eventsSince`; the test appends to them. */
const outboxes: Record<string, (DutiesEventIn | NoticeEventIn | ReplyEventIn | RequestsEventIn)[]> = {
  duties: [
    {
      seq: "1",
      entity: "body",
      id: bodyId,
      view: { id: bodyId, name: "杭州市民政局", creditCode: creditCode(), region: "杭州市" },
    },
    {
      seq: "2",
      entity: "power",
      id: powerId,
      view: {
        id: powerId,
        bodyId,
        code: "330217001000",
        name: "对擅自兴建殡葬设施的行政处罚",
        category: "行政处罚",
        history: [],
      },
    },
  ],
  notices: [
    { seq: "1", type: "published", notice: fine },
    { seq: "2", type: "published", notice: warning },
  ],
  feedback: [],
  documents: [],
  reports: [],
  inspections: [],
  // A request as the statistics read it: dates and outcome, no identity, no text.
  requests: [
    {
      seq: "1",
      id: "01a218bd-ee1b-7000-968e-f431a7adef99",
      view: {
        bodyId,
        applicantKind: "natural_person",
        channel: "online",
        status: "answered",
        receivedOn: "2026-11-02",
        dueBy: "2026-11-30",
        outcome: { type: "disclosed", on: "2026-11-20", late: false },
        workingDaysUsed: 14,
      },
    },
  ],
};
let down = false;
const calls: string[] = [];

const sources: Caller = {
  async call(name, params) {
    calls.push(name);
    const [source, action] = name.split(".");
    if (action !== "eventsSince" || !source || !(source in outboxes)) throw new Error(`unexpected call ${name}`);
    if (down && source === "notices") throw new Error("no notices service");
    const p = params as { after: string; limit: number };
    return outboxes[source]!.filter((e) => BigInt(e.seq) > BigInt(p.after)).slice(0, p.limit);
  },
};

let db: TestOrm;
let pool: pg.Pool;
let sut: FeedDeps;
let reads: NoticeReadDeps;
let changes = 0;

async function count(table: string): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(`select count(*) as n from feed.${table}`);
  return Number(rows[0]!.n);
}

beforeAll(async () => {
  db = await openTestOrm(DATABASE);
  pool = new pg.Pool({ connectionString: db.url, max: 3 });
  sut = { db: pool, caller: sources, log: { warn() {} }, changed: async () => void changes++ };
  reads = { db: pool, publicBaseUrl: BASE };
});

afterAll(async () => {
  await pool?.end();
  await db?.close();
});

describe("ingestion from the outboxes", () => {
  it("applies each source's events after its checkpoint, once, and says the model changed", async () => {
    expect(await pull(sut, "duties")).toBe(2);
    expect(await pull(sut, "notices")).toBe(2);
    expect(await pull(sut, "feedback")).toBe(0);
    expect(changes).toBe(2);
    // Nothing new: nothing applied, no change announced.
    expect(await pull(sut, "notices")).toBe(0);
    expect(changes).toBe(2);
    expect(await count("notices")).toBe(2);
    const { rows } = await pool.query(`select source, seq from feed.checkpoints order by source`);
    expect(rows).toEqual([
      { source: "duties", seq: "2" },
      { source: "feedback", seq: "0" },
      { source: "notices", seq: "2" },
    ]);
  });

  it("a source that does not answer is a 503 and moves no checkpoint", async () => {
    outboxes.notices!.push({ seq: "3", type: "withdrawn", notice: withdrawn });
    down = true;
    await expect(pull(sut, "notices")).rejects.toMatchObject({ code: 503 });
    down = false;
    const { rows } = await pool.query(`select seq from feed.checkpoints where source = 'notices'`);
    expect(rows[0].seq).toBe("2");
  });
});

describe("public reads", () => {
  it("lists published notices newest first and finds them by a Chinese word, with facets", async () => {
    const page = await listNotices(reads, {});
    expect(page.items.map((n) => n.id)).toEqual([warning.id, fine.id]);
    expect(page.items[0]).not.toHaveProperty("record");
    expect(page.items[0]!.pdfUrl).toBe(`${BASE}/api/public/notices/${warning.id}/pdf`);

    const found = await listNotices(reads, { q: "罚款", facets: true, sort: "relevance" });
    expect(found.items.map((n) => n.id)).toEqual([fine.id]);
    expect(found.facets?.kind).toEqual([{ value: "行政处罚", count: 1 }]);
    expect(found.nextCursor).toBeNull();
  });

  it("refuses a query it cannot search and a cursor it did not issue (422)", async () => {
    await expect(listNotices(reads, { q: "罚" })).rejects.toMatchObject({ code: 422, data: [{ field: "q" }] });
    await expect(listNotices(reads, { cursor: "bm9wZQ" })).rejects.toMatchObject({
      code: 422,
      data: [{ field: "cursor" }],
    });
    await expect(listNotices(reads, { from: "2026-12-01", to: "2026-11-01" })).rejects.toMatchObject({ code: 422 });
  });

  it("answers one notice with its fields and sections, and 404 for an unknown id", async () => {
    const n = await getNotice(reads, fine.id);
    expect(n.partyName).toBe("某某殡葬公司");
    expect(n.sections.map((s) => s.heading)).toEqual(["案件事实", "执法结论"]);
    await expect(getNotice(reads, newId())).rejects.toMatchObject({ code: 404 });
  });

  it("answers the registers as their service published them", async () => {
    expect((await listBodies(reads, { q: "民政" })).items).toHaveLength(1);
    expect(await getBody(reads, bodyId)).toMatchObject({
      name: "杭州市民政局",
      counts: { powers: 1, officers: 0, notices: 2 },
    });
    // A list leaves the history out.
    expect((await listPowers(reads, { bodyId })).items[0]).not.toHaveProperty("history");
    await expect(listReplies(reads, { targetType: "notice" })).rejects.toMatchObject({ code: 422 });
  });

  it("takes a withdrawn notice down to its tombstone, in the list, the notice and the Atom feed", async () => {
    expect(await pull(sut, "notices")).toBe(1);
    expect((await listNotices(reads, {})).items.map((n) => n.id)).toEqual([warning.id]);
    const n = await getNotice(reads, fine.id);
    expect(n).toMatchObject({ status: "withdrawn", partyName: null, pdfUrl: null, takenDown: true, sections: [] });
    expect((await listNotices(reads, { q: "某某殡葬公司", status: "all" })).items).toEqual([]);
    const atom = await noticeAtom(reads, { status: "all" });
    expect(atom).toContain("已撤下");
    expect(atom).not.toContain("某某殡葬公司");
  });
});

describe("rebuild", () => {
  it("replays every outbox into an empty model and ends where the pulls did", async () => {
    await pool.query(`update feed.notices set title = 'stale'`);
    const before = changes;
    expect(await rebuild(sut)).toEqual({
      rebuilt: true,
      applied: { duties: 2, notices: 3, feedback: 0, documents: 0, requests: 1, reports: 0, inspections: 0 },
    });
    expect(changes).toBe(before + 1);
    expect(await count("notices")).toBe(2);
    expect(await count("requests")).toBe(1);
    expect((await getNotice(reads, warning.id)).title).toBe(warning.title);
  });
});

describe("sitemaps", () => {
  it("lists one file per month of publication, then bodies and powers, each with its newest change", async () => {
    expect(await sitemapFiles(reads)).toEqual({
      files: [
        // The withdrawn notice keeps its page (a tombstone): its withdrawal is the month's newest change.
        { name: "notices-2026-11", lastmod: "2026-11-05T00:00:00.000Z" },
        // The views in this outbox carry no updatedAt: nothing to claim.
        { name: "bodies", lastmod: null },
        { name: "powers", lastmod: null },
        // Each body's 政府信息公开 platform page.
        { name: "openness", lastmod: null },
      ],
    });
  });

  it("answers a month's notices in any status, and the registers, each with its lastmod", async () => {
    const month = await sitemapEntries(reads, "notices-2026-11");
    expect(month.items).toEqual(
      expect.arrayContaining([
        { id: fine.id, lastmod: "2026-11-05T00:00:00.000Z" },
        { id: warning.id, lastmod: warning.publishedAt },
      ]),
    );
    expect(month.items).toHaveLength(2);
    expect(await sitemapEntries(reads, "bodies")).toEqual({ items: [{ id: bodyId, lastmod: null }] });
    expect(await sitemapEntries(reads, "powers")).toEqual({ items: [{ id: powerId, lastmod: null }] });
    expect(await sitemapEntries(reads, "openness")).toEqual({ items: [{ id: bodyId, lastmod: null }] });
  });

  it("finds the months by China's calendar date", async () => {
    // 2026-10-31T20:00Z is 1 November in China.
    const late = notice(7, "某某公墓违规案", "某某公墓", "警告。", { publishedAt: "2026-10-31T20:00:00.000Z" });
    outboxes.notices!.push({ seq: "4", type: "published", notice: late });
    expect(await pull(sut, "notices")).toBe(1);
    expect((await sitemapEntries(reads, "notices-2026-11")).items.map((e) => e.id)).toContain(late.id);
    await expect(sitemapEntries(reads, "notices-2026-10")).rejects.toMatchObject({ code: 404 });
  });

  it("is 404 for a file the index does not list, a month with nothing and a continuation past the end", async () => {
    for (const file of ["notices-2025-01", "bodies-2", "officers", "notices-2026-11-2", "../etc"])
      await expect(sitemapEntries(reads, file), file).rejects.toMatchObject({ code: 404 });
    expect(SITEMAP_MAX_URLS).toBe(50_000);
  });
});

describe("directories across bodies", () => {
  const otherBody = newId();
  const officer = (seq: string, name: string, certificateNo: string, status: string, body = bodyId) => {
    const id = newId();
    return { seq, entity: "officer" as const, id, view: { id, bodyId: body, name, certificateNo, status, fields: [] } };
  };

  it("lists bodies with their counts, the total and every region to filter by", async () => {
    outboxes.duties!.push(
      {
        seq: "3",
        entity: "body",
        id: otherBody,
        view: { id: otherBody, name: "宁波市市场监督管理局", creditCode: creditCode(), region: "宁波市" },
      },
      officer("4", "张建国", "33020012345", "active"),
      officer("5", "李明", "33020012346", "revoked"),
      officer("6", "王芳", "33020212347", "active", otherBody),
    );
    expect(await pull(sut, "duties")).toBe(4);
    const all = await listBodies(reads, { limit: 1 });
    expect(all).toMatchObject({
      total: 2,
      regions: [
        { value: "宁波市", count: 1 },
        { value: "杭州市", count: 1 },
      ],
    });
    expect(all.items).toHaveLength(1);
    const hz = await listBodies(reads, { region: "杭州市" });
    expect(hz.total).toBe(1);
    expect(hz.items[0]).toMatchObject({
      name: "杭州市民政局",
      // Two notices: the sitemap tests above published a second one for this body.
      counts: { officers: 2, activeOfficers: 1, powers: 1, notices: 2 },
    });
    expect((await listBodies(reads, { cursor: all.nextCursor! })).items).toHaveLength(1);
    // Names only, for a list to choose from: no counts computed.
    expect((await listBodies(reads, { counts: false })).items[0]).not.toHaveProperty("counts");
  });

  it("lists officers across bodies by status and name or certificate, with the body's name and the total", async () => {
    const everyone = await listOfficers(reads, { limit: 2 });
    expect(everyone.total).toBe(3);
    expect(everyone.items).toHaveLength(2);
    expect(everyone.nextCursor).not.toBeNull();
    const active = await listOfficers(reads, { status: "active" });
    expect(active.total).toBe(2);
    expect(active.items.map((o) => o.bodyName).sort()).toEqual(["宁波市市场监督管理局", "杭州市民政局"]);
    expect((await listOfficers(reads, { q: "12346" })).items.map((o) => o.name)).toEqual(["李明"]);
    expect((await listOfficers(reads, { q: "王芳", bodyId })).total).toBe(0);
  });

  it("lists powers across bodies by category and keyword, and the inspection list with its total", async () => {
    const powers = await listPowers(reads, { category: "行政处罚", q: "殡葬" });
    expect(powers).toMatchObject({
      total: 1,
      items: [{ name: "对擅自兴建殡葬设施的行政处罚", bodyName: "杭州市民政局" }],
    });
    expect((await listPowers(reads, { category: "行政许可" })).total).toBe(0);
    expect((await listInspectionItems(reads, {})).total).toBe(0);
  });

  it("answers the notices' total when asked, and refuses a query it cannot count", async () => {
    expect(await listNotices(reads, {})).not.toHaveProperty("total");
    // Three in all: two from the start, one from the sitemap tests above.
    expect(await listNotices(reads, { count: true, status: "all" })).toMatchObject({ total: 3, totalCapped: false });
    expect(await listNotices(reads, { count: true, q: "陵园" })).toMatchObject({ total: 1, totalCapped: false });
    await expect(listNotices(reads, { count: true, q: "罚" })).rejects.toMatchObject({ code: 422 });
  });
});
