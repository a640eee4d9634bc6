import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEARCH_SQL } from "../../services/feed/migrations/Migration20261126000700_feed.js";
import {
  LIMITS,
  bigramsOf,
  choosePath,
  decodeCursor,
  encodeCursor,
  estimateCandidates,
  headScore,
  likePattern,
  noticeFacets,
  parseQ,
  searchNotices,
  noticeSearchParts,
  searchTextOf,
  walkwayOf,
  type NoticeQuery,
  type NoticeRow,
} from "../../services/feed/search.js";
import { countNotices } from "../../services/feed/search-count.js";
import { newId } from "../../shared/ids.js";

describe("parseQ", () => {
  it("normalises, splits on any whitespace and drops words implied by longer ones", () => {
    expect(parseQ("  罚款　殡葬  罚款人民币 ").words).toEqual(["殡葬", "罚款人民币"]);
    expect(parseQ("ＡＢＣ-01").words).toEqual(["abc-01"]);
  });

  it("looks up bigrams of words of two or more characters only", () => {
    expect(parseQ("殡葬 张").bigrams).toEqual(["殡葬"]);
    expect(parseQ("烟花爆竹").bigrams).toEqual(["烟花", "花爆", "爆竹"]);
  });

  it("refuses a q of only one-character words, empty or too long", () => {
    expect(() => parseQ("张")).toThrow(RangeError);
    expect(() => parseQ("张 王")).toThrow(/at least 2 characters/);
    expect(() => parseQ("   ")).toThrow(RangeError);
    expect(() => parseQ("字".repeat(51))).toThrow(/longer than 50/);
    expect(() => parseQ("ab cd ef gh ij kl mn op qr")).toThrow(/more than 8 words/);
  });
});

describe("bigramsOf", () => {
  it("counts code points, so a character outside the BMP is one character", () => {
    expect(bigramsOf("𠮷野家")).toEqual(["𠮷野", "野家"]);
    expect(bigramsOf("哈哈哈")).toEqual(["哈哈"]);
    expect(bigramsOf("罚")).toEqual([]);
  });
});

describe("likePattern", () => {
  it("escapes %, _ and backslash", () => {
    expect(likePattern("100%_a\\b")).toBe("%100\\%\\_a\\\\b%");
  });
});

describe("searchTextOf", () => {
  it("joins the normalised fields with single spaces", () => {
    expect(
      searchTextOf({
        title: "某局 行政处罚决定书",
        partyName: "张三",
        decisionNo: "ＸＫ-2024\t001",
        facts: "李四\n\n经查",
        conclusion: " 罚款。 ",
      }),
    ).toBe("某局 行政处罚决定书 张三 xk-2024 001 李四 经查 罚款。");
  });
});

describe("noticeSearchParts", () => {
  const fine = {
    title: "某公司违规经营案",
    partyName: "某公司",
    decisionNo: "某罚决〔2026〕1号",
    kind: "行政处罚",
    bodyName: "杭州市民政局",
    reason: null,
    record: {
      facts: "当事人未经批准擅自经营。",
      conclusion: "责令改正。",
      basis: "《殡葬管理条例》第二十八条",
      powerName: "对擅自从事殡葬中介服务的处罚",
      party: { name: "某公司", legalRepresentative: "王某" },
      penalty: {
        categories: ["警告", "罚款"],
        content: "罚款人民币五千元",
        fineAmount: 5000,
        violationType: "违规经营",
        licenceAction: "暂扣经营许可证",
      },
    },
  };

  it("puts every public text of the notice into the searched text", () => {
    const text = searchTextOf(noticeSearchParts(fine));
    for (const word of [
      "违规经营案",
      "某罚决〔2026〕1号",
      "擅自经营",
      "责令改正",
      "行政处罚",
      "杭州市民政局",
      "殡葬管理条例",
      "擅自从事殡葬中介",
      "王某",
      "警告",
      "罚款人民币五千元",
      "违规经营",
      "暂扣经营许可证",
    ])
      expect(text, word).toContain(word);
    expect(text.startsWith("某公司违规经营案 某公司 某罚决〔2026〕1号 当事人未经批准擅自经营。 责令改正。 ")).toBe(
      true,
    );
  });

  it("reads a licence and a reason, and does without the fields a record lacks", () => {
    const licence = searchTextOf(
      noticeSearchParts({
        ...fine,
        kind: "行政许可",
        reason: "决定已被撤销",
        record: {
          licence: {
            documentName: "殡葬服务许可决定书",
            category: "普通",
            certificateName: "殡葬服务许可证",
            licenceNo: "ZJ-2026-01",
            content: "准予从事殡葬服务",
          },
        },
      }),
    );
    for (const word of [
      "行政许可",
      "殡葬服务许可决定书",
      "普通",
      "殡葬服务许可证",
      "zj-2026-01",
      "准予从事",
      "决定已被撤销",
    ])
      expect(licence, word).toContain(word);
    expect(searchTextOf(noticeSearchParts({ ...fine, record: {} }))).toBe(
      "某公司违规经营案 某公司 某罚决〔2026〕1号   行政处罚 杭州市民政局",
    );
  });
});

describe("cursors", () => {
  const key = { us: "1717200000123456", id: "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b" };

  it("round-trip", () => {
    const date = { sort: "date", key } as const;
    expect(decodeCursor(encodeCursor(date), "date")).toEqual(date);
    const rel = { sort: "relevance", floor: { ...key, us: "1" }, score: 2, key } as const;
    expect(decodeCursor(encodeCursor(rel), "relevance")).toEqual(rel);
    const tail = { sort: "relevance", floor: null, score: 0, key } as const;
    expect(decodeCursor(encodeCursor(tail), "relevance")).toEqual(tail);
    expect(encodeCursor(date)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it("are rejected with a RangeError when malformed or issued for the other sort", () => {
    const b64 = (s: string) => Buffer.from(s).toString("base64url");
    for (const bad of ["", "not a cursor!", b64("x|1|a"), b64("d|1.5|a"), b64("d|1|a|b"), b64("d|1|a'--")]) {
      expect(() => decodeCursor(bad, "date")).toThrow(RangeError);
    }
    expect(() => decodeCursor(encodeCursor({ sort: "date", key }), "relevance")).toThrow(/another sort/);
    expect(() => decodeCursor(b64("r|||3|1|a"), "relevance")).toThrow(/score/);
    expect(() => decodeCursor(b64("r|1|a|99|1|a"), "relevance")).toThrow(/score/);
  });
});

describe("plan choice", () => {
  const stats = {
    rows: 1_000_000,
    freq: new Map([
      ["罚款", 0.45],
      ["噪声", 0.03],
      ["行政", 0.95],
    ]),
    floor: 0.0004,
  };

  it("estimates candidates by the rarest bigram and uses the index when they are few", () => {
    expect(estimateCandidates(["罚款", "行政"], stats)).toBe(450_000);
    expect(estimateCandidates(["殡葬"], stats)).toBe(400);
    expect(choosePath(["殡葬"], stats)).toBe("gin");
    expect(choosePath(["罚款"], stats)).toBe("walk");
    expect(choosePath(["噪声"], stats)).toBe("walk");
    expect(choosePath(["罚款", "殡葬"], stats)).toBe("gin");
    expect(choosePath(["罚款"], { rows: 0, freq: new Map(), floor: 0 })).toBe("gin");
  });

  it("walks the btree of the most selective filter", () => {
    const q: NoticeQuery = { statuses: ["published"], sort: "date", limit: 20 };
    expect(walkwayOf(q)).toBe("date");
    expect(walkwayOf({ ...q, kind: "行政许可" })).toBe("kind");
    expect(walkwayOf({ ...q, kind: "行政许可", bodyId: "b" })).toBe("body");
    expect(walkwayOf({ ...q, statuses: ["withdrawn", "corrected"] })).toBe("unpublished");
    expect(walkwayOf({ ...q, statuses: ["withdrawn", "published"] })).toBe("date");
  });

  it("scores the words found in title, party name or 文书号", () => {
    const row = { title: "某局行政处罚决定书", party_name: "张三殡葬服务部", decision_no: "ＡＢ-1" };
    expect(headScore(row, ["殡葬", "罚款"])).toBe(1);
    expect(headScore(row, ["ab-1", "处罚"])).toBe(2);
  });
});

// ---- against a real PostgreSQL

const ADMIN_URL = process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const BASE_DDL = [
  `create schema if not exists feed`,
  `create table feed.notices (
    id text primary key, result_id text not null, version int not null,
    body_id text not null, body_name text not null, kind text not null, status text not null,
    title text not null, decision_no text not null, decided_on date not null,
    published_at timestamptz not null, published_on date not null, expires_on date not null,
    status_changed_at timestamptz null, reason text null, predecessor_id text null, successor_id text null,
    party_name text not null, verify_code text not null, sha256 text not null,
    record jsonb not null, search_text text not null, seq bigint not null)`,
];

interface Seed {
  at: string;
  title?: string;
  party?: string;
  decisionNo?: string;
  facts?: string;
  conclusion?: string;
  kind?: string;
  status?: string;
  body?: string;
}
const BODY_A = newId(Date.parse("2024-01-01T00:00:00Z"));
const BODY_B = newId(Date.parse("2024-01-01T00:00:01Z"));
const FILLER = "经查当事人于某日在经营场所从事经营活动执法人员现场检查并制作询问笔录";

describe("searchNotices and noticeFacets on PostgreSQL", () => {
  let admin: pg.Client;
  let db: pg.Client;
  const name = `zfgs_search_${randomBytes(5).toString("hex")}`;
  let seq = 0;
  const saved = { ...LIMITS };

  async function insert(s: Seed): Promise<string> {
    const at = new Date(s.at);
    const id = newId(at.getTime());
    const title = s.title ?? `某局${s.kind ?? "行政处罚"}决定书`;
    const party = s.party ?? "某某公司";
    const decisionNo = s.decisionNo ?? `某罚〔2024〕${++seq}号`;
    const facts = s.facts ?? FILLER;
    const conclusion = s.conclusion ?? "决定予以警告。";
    const chinaDay = new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    await db.query(
      `insert into feed.notices values ($1, $2, 1, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, null, null, null, null,
        $13, $14, 'sha', $15, $16, $17)`,
      [
        id,
        newId(),
        s.body ?? BODY_A,
        s.body === BODY_B ? "乙局" : "甲局",
        s.kind ?? "行政处罚",
        s.status ?? "published",
        title,
        decisionNo,
        chinaDay,
        at.toISOString(),
        chinaDay,
        "2030-01-01",
        party,
        `V${++seq}`,
        JSON.stringify({ facts, conclusion }),
        searchTextOf({ title, partyName: party, decisionNo, facts, conclusion }),
        ++seq,
      ],
    );
    return id;
  }

  const base: NoticeQuery = { statuses: ["published"], sort: "date", limit: 50 };
  const ids = async (q: Partial<NoticeQuery>) => (await searchNotices(db, { ...base, ...q })).items.map((r) => r.id);
  async function all(q: Partial<NoticeQuery>, between?: () => Promise<void>): Promise<NoticeRow[]> {
    const out: NoticeRow[] = [];
    let cursor: string | undefined;
    do {
      const page = await searchNotices(db, { ...base, limit: 7, ...q, cursor });
      out.push(...page.items);
      cursor = page.nextCursor ?? undefined;
      if (between) await between();
    } while (cursor);
    return out;
  }

  const named: Record<string, string> = {};
  beforeAll(async () => {
    admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    db = new pg.Client({ connectionString: url.toString() });
    await db.connect();
    for (const sql of [...BASE_DDL, ...SEARCH_SQL]) await db.query(sql);
    // 300 ordinary notices over 2024, a third of them with 罚款, some withdrawn, two bodies.
    for (let i = 0; i < 300; i++) {
      await insert({
        at: new Date(Date.parse("2024-01-01T00:00:00Z") + i * 86_400_000 + (i % 7) * 3_600_000).toISOString(),
        facts: i % 3 === 0 ? `${FILLER}，决定罚款五百元` : FILLER,
        kind: i % 5 === 0 ? "行政许可" : "行政处罚",
        status: i % 10 === 9 ? "withdrawn" : "published",
        body: i % 4 === 0 ? BODY_B : BODY_A,
      });
    }
    named.funeral1 = await insert({ at: "2024-03-05T10:00:00Z", facts: `${FILLER}，涉及殡葬服务收费` });
    named.funeral2 = await insert({ at: "2024-06-05T10:00:00Z", facts: `违规经营殡葬用品，${FILLER}` });
    named.funeralWithdrawn = await insert({ at: "2024-07-05T10:00:00Z", facts: "殡葬", status: "withdrawn" });
    named.fireworks = await insert({ at: "2024-04-01T10:00:00Z", facts: `${FILLER}，违法储存烟花爆竹` });
    named.scattered = await insert({ at: "2024-04-02T10:00:00Z", facts: `烟花易燃，爆竹危险，${FILLER}` });
    named.boundary = await insert({ at: "2024-05-01T10:00:00Z", party: "王三", facts: `李四${FILLER}` });
    named.partyFuneral = await insert({ at: "2023-12-01T10:00:00Z", party: "安康殡葬服务有限公司" });
    named.latin = await insert({ at: "2024-08-01T10:00:00Z", decisionNo: "SZ-Ab-2024-00917" });
    named.fullwidth = await insert({ at: "2024-08-02T10:00:00Z", decisionNo: "ＳＺ－ＡＢ－２０２４－００９１８" });
    named.percent = await insert({ at: "2024-08-03T10:00:00Z", facts: `收取100%_费用，${FILLER}` });
    named.percentLike = await insert({ at: "2024-08-04T10:00:00Z", facts: `收取1000x费用，${FILLER}` });
    // Date range edges: 2024-09-10 and 2024-09-12 in China time (UTC+8).
    named.dayStart = await insert({ at: "2024-09-09T16:00:00Z", facts: "区间测试" });
    named.beforeStart = await insert({ at: "2024-09-09T15:59:59.999Z", facts: "区间测试" });
    named.dayEnd = await insert({ at: "2024-09-12T15:59:59.999Z", facts: "区间测试" });
    named.afterEnd = await insert({ at: "2024-09-12T16:00:00Z", facts: "区间测试" });
    await db.query("analyze feed.notices");
  }, 60_000);

  afterAll(async () => {
    Object.assign(LIMITS, saved);
    await db?.end();
    await admin?.query(`drop database if exists ${name} with (force)`);
    await admin?.end();
  });

  // Every behaviour is checked on each access path: the index, the walk, and a walk whose budget
  // runs out and hands over to the index.
  const paths = {
    gin: { ginCandidates: Number.MAX_SAFE_INTEGER, walkRows: 3000 },
    walk: { ginCandidates: -1, walkRows: 100_000 },
    "walk+gin": { ginCandidates: -1, walkRows: 5 },
    // A 10-row probe, then the rest of a 60-row budget when the probe's hit rate promises enough.
    probed: { ginCandidates: -1, walkRows: 60, walkProbe: 10 },
  } as const;
  describe.each(Object.keys(paths) as (keyof typeof paths)[])("on the %s path", (path) => {
    beforeAll(() => {
      Object.assign(LIMITS, paths[path]);
    });
    afterAll(() => {
      Object.assign(LIMITS, saved);
    });

    it("reports the path it took", async () => {
      const { plan } = await searchNotices(db, { ...base, q: "殡葬" });
      expect(plan.startsWith(path === "gin" ? "gin" : "walk:date")).toBe(true);
      if (path === "walk+gin") expect(plan).toBe("walk:date+gin");
    });

    it("matches 2- and 4-character words, newest first, published only by default", async () => {
      expect(await ids({ q: "殡葬" })).toEqual([named.funeral2, named.funeral1, named.partyFuneral]);
      expect(await ids({ q: "烟花爆竹" })).toEqual([named.fireworks]);
      expect(await ids({ q: "殡葬", statuses: ["withdrawn"] })).toEqual([named.funeralWithdrawn]);
      expect(await ids({ q: "殡葬", statuses: ["published", "withdrawn"] })).toHaveLength(4);
      expect(await ids({ q: "量子" })).toEqual([]);
    });

    it("never matches across the boundary of two fields", async () => {
      expect(await ids({ q: "三李" })).toEqual([]);
      expect(await ids({ q: "王三" })).toEqual([named.boundary]);
    });

    it("requires every word", async () => {
      expect(await ids({ q: "烟花 爆竹" })).toEqual([named.scattered, named.fireworks]);
      expect(await ids({ q: "殡葬 收费" })).toEqual([named.funeral1]);
      expect(await ids({ q: "殡葬 烟花" })).toEqual([]);
    });

    it("is case- and width-insensitive for Latin letters and digits in 文书号", async () => {
      expect(await ids({ q: "sz-ab-2024-00917" })).toEqual([named.latin]);
      expect(await ids({ q: "SZ-AB-2024" })).toEqual([named.fullwidth, named.latin]);
      expect(await ids({ q: "ｓｚ－ａｂ－２０２４－００９１８" })).toEqual([named.fullwidth]);
    });

    it("takes % and _ literally", async () => {
      expect(await ids({ q: "100%_" })).toEqual([named.percent]);
      expect(await ids({ q: "0%" })).toEqual([named.percent]);
      expect(await ids({ q: "1_00" })).toEqual([]);
    });

    it("filters by body, kind and an inclusive China-day date range", async () => {
      const body = await ids({ q: "罚款", bodyId: BODY_B, limit: 1000 });
      const { rows } = await db.query<{ id: string }>(
        `select id from feed.notices where body_id = $1 and status = 'published' and search_text like '%罚款%'
         order by published_at desc, id desc`,
        [BODY_B],
      );
      expect(body).toEqual(rows.map((r) => r.id));
      expect((await ids({ q: "罚款", kind: "行政许可" })).length).toBeGreaterThan(0);
      const kinds = (await searchNotices(db, { ...base, q: "罚款", kind: "行政许可", limit: 1000 })).items;
      expect(kinds.every((r) => r.kind === "行政许可")).toBe(true);
      expect(await ids({ q: "区间测试", from: "2024-09-10", to: "2024-09-12" })).toEqual([
        named.dayEnd,
        named.dayStart,
      ]);
      expect(await ids({ q: "区间测试", from: "2024-09-13" })).toEqual([named.afterEnd]);
      expect(await ids({ q: "区间测试", to: "2024-09-09" })).toEqual([named.beforeStart]);
    });

    it("pages with a keyset cursor: each match once, even while notices arrive", async () => {
      const { rows } = await db.query<{ id: string }>(
        `select id from feed.notices where status = 'published' and search_text like '%罚款%'`,
      );
      let n = 0;
      const got = await all({ q: "罚款" }, async () => {
        // A newer and a back-dated notice arrive between pages.
        await insert({ at: new Date(Date.parse("2025-01-01T00:00:00Z") + ++n * 1000).toISOString(), facts: "罚款" });
        await insert({ at: `2024-06-${String(10 + (n % 15)).padStart(2, "0")}T01:02:03Z`, facts: "罚款" });
      });
      const seen = got.map((r) => r.id);
      expect(new Set(seen).size).toBe(seen.length);
      for (const id of rows.map((r) => r.id)) expect(seen).toContain(id);
      for (let i = 1; i < got.length; i++) {
        const [a, b] = [got[i - 1] as NoticeRow, got[i] as NoticeRow];
        expect(new Date(a.published_at).getTime()).toBeGreaterThanOrEqual(new Date(b.published_at).getTime());
      }
      await db.query(`delete from feed.notices where search_text = $1`, [
        searchTextOf({ title: "", partyName: "", decisionNo: "", facts: "", conclusion: "" }),
      ]);
    });

    // A small walk budget makes the relevance window and the facets cover only the newest rows, so
    // these exact expectations apply to the full-budget paths only (the capped ones are tested apart).
    const fullBudget = path !== "walk+gin" && path !== "probed";
    const itFullBudget = fullBudget ? it : () => undefined;
    itFullBudget("ranks a party-name match first by relevance, then by date, and pages it", async () => {
      const page = await searchNotices(db, { ...base, q: "殡葬", sort: "relevance", limit: 2 });
      expect(page.items.map((r) => r.id)).toEqual([named.partyFuneral, named.funeral2]);
      const rest = await searchNotices(db, {
        ...base,
        q: "殡葬",
        sort: "relevance",
        limit: 2,
        cursor: page.nextCursor!,
      });
      expect(rest.items.map((r) => r.id)).toEqual([named.funeral1]);
      expect(rest.nextCursor).toBeNull();
    });

    it("pages relevance past a small window in date order, each match once", async () => {
      Object.assign(LIMITS, { relevanceWindow: 5 });
      try {
        const got = await all({ q: "罚款", sort: "relevance" });
        const { rows } = await db.query<{ n: number }>(
          `select count(*)::int as n from feed.notices where status = 'published' and search_text like '%罚款%'`,
        );
        expect(new Set(got.map((r) => r.id)).size).toBe(rows[0]?.n);
        expect(got).toHaveLength(rows[0]?.n ?? -1);
      } finally {
        Object.assign(LIMITS, { relevanceWindow: saved.relevanceWindow });
      }
    });

    itFullBudget("counts facets of the matches", async () => {
      const f = await noticeFacets(db, { ...base, q: "殡葬", statuses: ["published", "withdrawn"] });
      expect(f.capped).toBe(false);
      expect(f.kind).toEqual([{ value: "行政处罚", count: 4 }]);
      expect(f.status).toEqual([
        { value: "published", count: 3 },
        { value: "withdrawn", count: 1 },
      ]);
      expect(f.body).toEqual([{ value: BODY_A, name: "甲局", count: 4 }]);
      const { rows } = await db.query<{ kind: string; n: number }>(
        `select kind, count(*)::int as n from feed.notices where status = 'published' and search_text like '%罚款%'
         group by kind order by n desc`,
      );
      const all = await noticeFacets(db, { ...base, q: "罚款" });
      expect(all.kind).toEqual(rows.map((r) => ({ value: r.kind, count: r.n })));
    });
  });

  it("caps facets at facetRows matches, or at what one walk budget reads, and says so", async () => {
    try {
      Object.assign(LIMITS, { facetRows: 10 });
      const f = await noticeFacets(db, { ...base, q: "经查" });
      expect(f.capped).toBe(true);
      expect(f.status.reduce((s, c) => s + c.count, 0)).toBe(10);
      Object.assign(LIMITS, { facetRows: 1000, ginCandidates: -1, facetWalkRows: 30 });
      const w = await noticeFacets(db, { ...base, q: "罚款" });
      expect(w.capped).toBe(true);
      expect(w.plan).toBe("walk:date");
      const { rows } = await db.query<{ n: number }>(
        `select count(*) filter (where search_text like '%罚款%')::int as n from (select search_text from feed.notices
         where status = 'published' order by published_at desc, id desc limit 30) r`,
      );
      expect(w.status).toEqual([{ value: "published", count: rows[0]?.n }]);
    } finally {
      Object.assign(LIMITS, saved);
    }
  });

  it("counts the matches exactly up to countCap on every path, and says when the total is capped", async () => {
    const exact = async (like: string, extra = "") =>
      (
        await db.query<{ n: number }>(
          `select count(*)::int as n from feed.notices where status = 'published' and search_text like $1 ${extra}`,
          [`%${like}%`],
        )
      ).rows[0]!.n;
    const fines = await exact("罚款");
    const permitFines = await exact("罚款", "and kind = '行政许可'");
    const count = (q: Partial<NoticeQuery>) => countNotices(db, { ...base, ...q });
    try {
      for (const limits of [
        { ginCandidates: Number.MAX_SAFE_INTEGER },
        { ginCandidates: -1, countWalkRows: 100_000 },
        { ginCandidates: -1, walkProbe: 10, countWalkRows: 40, countGinCandidates: Number.MAX_SAFE_INTEGER },
      ]) {
        Object.assign(LIMITS, saved, limits);
        expect(await count({ q: "罚款" })).toMatchObject({ total: fines, capped: false });
        expect(await count({ q: "罚款", kind: "行政许可" })).toMatchObject({ total: permitFines, capped: false });
        expect(await count({ q: "殡葬" })).toMatchObject({ total: 3, capped: false });
      }
      expect((await count({ q: "罚款" })).plan).toBe("walk+gin");
      // An unbounded index and a walk that cannot reach the cap: a lower bound, said to be one.
      Object.assign(LIMITS, saved, { ginCandidates: -1, walkProbe: 10, countWalkRows: 40, countGinCandidates: -1 });
      const bound = await count({ q: "罚款" });
      expect(bound.capped).toBe(true);
      expect(bound.total).toBeLessThan(fines);
      Object.assign(LIMITS, saved, { countCap: 10 });
      expect(await count({ q: "罚款" })).toMatchObject({ total: 10, capped: true });
      expect(await count({})).toMatchObject({ total: 10, capped: true, plan: "recent" });
      Object.assign(LIMITS, saved);
      expect(await count({ kind: "行政许可" })).toMatchObject({
        total: (
          await db.query<{ n: number }>(
            `select count(*)::int as n from feed.notices where status = 'published' and kind = '行政许可'`,
          )
        ).rows[0]!.n,
        capped: false,
      });
    } finally {
      Object.assign(LIMITS, saved);
    }
  });

  it("lists newest first without q and refuses bad input", async () => {
    const page = await searchNotices(db, { ...base, limit: 3, kind: "行政许可" });
    expect(page.plan).toBe("recent:kind");
    expect(page.items.every((r) => r.kind === "行政许可" && r.status === "published")).toBe(true);
    await expect(searchNotices(db, { ...base, cursor: "garbage!" })).rejects.toThrow(RangeError);
    await expect(searchNotices(db, { ...base, q: "罚" })).rejects.toThrow(RangeError);
    await expect(searchNotices(db, { ...base, limit: 0 })).rejects.toThrow(RangeError);
  });
});
