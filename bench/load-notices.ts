/**
 * Synthetic published notices for the feed search benchmark: `npx tsx bench/load-notices.ts
 * --rows 1000000 --db postgresql://postgres@127.0.0.1:5432/zfgs_search_lab [--fresh]`.
 *
 * Text is built from kind- and department-specific templates so word frequencies look like real
 * notices: a few words are in nearly every row (罚款 only in penalties, 许可 only in licences), topic
 * words of one department are mid-frequency, a handful of RARE_WORDS are injected at fixed rates
 * (1–100 rows per million) and ABSENT_WORDS use characters the generator never emits. Rows are
 * generated in Node with a seeded PRNG (reproducible) and sent as one INSERT … SELECT FROM unnest()
 * per batch; the next batch is generated while the previous one is inserted.
 */
import { randomBytes } from "node:crypto";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { noticeSearchParts, searchTextOf, type NoticeQuery, type Queryable } from "../services/feed/search.js";
import { SEARCH_SQL } from "../services/feed/migrations/Migration20261126000700_feed.js";
import { seededRandom } from "../shared/seeded-random.js";
import {
  AMOUNTS,
  type Body,
  CITIES,
  CITY_ABBR,
  DISTRICTS,
  type Dept,
  FILLER,
  LAWS,
  NAME_CHARS,
  NUMS,
  RARE_WORDS,
  type Rand,
  SHOP_WORDS,
  SURNAMES,
  pickBody,
  pickKind,
  pickStatus,
  uuid7,
} from "./notice-vocabulary.js";
import { explain, measure, report } from "./search-mix.js";

export const BASE_DDL = [
  `create schema if not exists feed`,
  `create table if not exists feed.notices (
    id text primary key,
    result_id text not null, version int not null,
    body_id text not null, body_name text not null,
    kind text not null,
    status text not null,
    title text not null, decision_no text not null, decided_on date not null,
    published_at timestamptz not null, published_on date not null, expires_on date not null,
    status_changed_at timestamptz null, reason text null, predecessor_id text null, successor_id text null,
    party_name text not null, verify_code text not null, sha256 text not null,
    record jsonb not null,
    search_text text not null,
    seq bigint not null
  )`,
];

interface Row {
  id: string;
  resultId: string;
  version: number;
  body: Body;
  kind: string;
  status: string;
  title: string;
  decisionNo: string;
  decidedOn: string;
  publishedAt: Date;
  publishedOn: string;
  expiresOn: string;
  statusChangedAt: string | null;
  reason: string | null;
  partyName: string;
  verifyCode: string;
  sha256: string;
  record: string;
  searchText: string;
  seq: number;
}

function cnDate(d: Date): string {
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}
/** The calendar day in China (UTC+8), which is what published_on holds. */
function chinaDay(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

export class NoticeGenerator {
  private readonly rnd: Rand;
  constructor(
    seed: number,
    private readonly startMs: number,
    private readonly spanMs: number,
    private readonly total: number,
  ) {
    this.rnd = seededRandom(seed);
  }
  private pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.rnd() * xs.length)] as T;
  }
  private chars(pool: string, n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += pool[Math.floor(this.rnd() * pool.length)];
    return s;
  }
  private party(city: number): string {
    const r = this.rnd();
    if (r < 0.55) return `${CITIES[city]}${this.chars(NAME_CHARS, 2)}${this.pick(SHOP_WORDS)}有限公司`;
    if (r < 0.75)
      return `${CITIES[city]}市${this.pick(DISTRICTS)}${this.chars(NAME_CHARS, 2)}${this.pick(SHOP_WORDS)}店`;
    const surname = this.pick([...SURNAMES]);
    return r < 0.9 ? `${surname}某某` : `${surname}${this.chars(NAME_CHARS, 1 + Math.floor(this.rnd() * 2))}`;
  }
  private sentence(kind: string, dept: Dept, party: string, when: Date): string {
    const r = this.rnd();
    const topic = this.pick(dept.topics);
    const f1 = this.pick(FILLER);
    const f2 = this.pick(FILLER);
    const law = this.pick(LAWS);
    const art = `第${this.pick([...NUMS])}十${this.pick([...NUMS])}条`;
    if (kind === "行政处罚") {
      if (r < 0.3) return `经查，当事人${party}于${cnDate(when)}在${this.pick(DISTRICTS)}存在${topic}违法行为，${f1}。`;
      if (r < 0.55) return `上述行为违反了《${law}》${art}的规定，构成${topic}违法。`;
      if (r < 0.8) return `${f1}${f2}，当事人对违法事实无异议，${f1}。`;
      return `本案${f2}包括${topic}相关${f1}、${f2}等。`;
    }
    if (kind === "行政许可") {
      if (r < 0.35) return `申请人${party}于${cnDate(when)}提出${topic}许可申请，申请材料齐全、符合法定形式。`;
      if (r < 0.65) return `经审查，申请人符合《${law}》${art}规定的条件，${f1}。`;
      return `${f1}对${topic}事项进行了${f2}，${f1}。`;
    }
    if (kind === "行政检查") {
      if (r < 0.4) return `执法人员于${cnDate(when)}对${party}开展${topic}专项检查，${f1}。`;
      return `检查发现${topic}方面${f2}，已${this.pick(["责令改正", "限期整改", "当场纠正"])}。`;
    }
    if (r < 0.4)
      return `${party}于${cnDate(when)}${this.pick(["涉及", "申请", "办理"])}${topic}事项，依据《${law}》${art}办理。`;
    return `${f1}${f2}，${topic}${this.pick(["情况属实", "符合规定", "已予登记"])}。`;
  }
  private conclusion(kind: string, law: string): string {
    const art = `第${this.pick([...NUMS])}十条`;
    switch (kind) {
      case "行政处罚":
        return `依据《${law}》${art}的规定，决定给予当事人警告，并处罚款人民币${this.pick(AMOUNTS)}元${this.rnd() < 0.4 ? `，没收违法所得${this.pick(AMOUNTS)}元` : ""}。当事人应当自收到本决定书之日起十五日内缴纳罚款。`;
      case "行政许可":
        return `依据《${law}》${art}的规定，决定准予行政许可，许可有效期五年。`;
      case "行政检查":
        return `检查结论：${this.pick(["未发现违法行为", "责令限期整改", "移交立案查处"])}。`;
      case "行政强制":
        return `依据《${law}》${art}的规定，决定对相关物品采取查封、扣押的行政强制措施，期限三十日。`;
      default:
        return `依据《${law}》${art}的规定，决定予以${kind.slice(2)}。`;
    }
  }

  row(i: number): Row {
    const rnd = this.rnd;
    const publishedMs = Math.floor(this.startMs + ((i + rnd()) * this.spanMs) / this.total);
    const publishedAt = new Date(publishedMs);
    const decided = new Date(publishedMs - Math.floor(rnd() * 7 * 86_400_000));
    const kind = pickKind(rnd());
    const body = pickBody(rnd());
    const status = pickStatus(rnd());
    const partyName = this.party(body.city);
    const law = this.pick(LAWS);
    const target = 100 + Math.floor(rnd() * 500);
    let facts = "";
    while (facts.length < target) facts += this.sentence(kind, body.dept, partyName, decided);
    for (const [word, p] of RARE_WORDS) {
      if (rnd() < p) {
        const at = Math.floor(rnd() * facts.length);
        facts = `${facts.slice(0, at)}涉及${word}${facts.slice(at)}`;
      }
    }
    const conclusion = this.conclusion(kind, law);
    const year = decided.getUTCFullYear();
    const n = 1 + Math.floor(rnd() * 9999);
    const cityAbbr = CITY_ABBR[body.city] as string;
    const decisionNo =
      rnd() < 0.7
        ? `${cityAbbr}${body.dept.abbr}${kind.slice(2, 3)}〔${year}〕${n}号`
        : `${cityAbbr}${body.dept.abbr}字-${String.fromCharCode(65 + Math.floor(rnd() * 26))}${String.fromCharCode(65 + Math.floor(rnd() * 26))}-${year}-${String(n).padStart(5, "0")}`;
    const title = `${body.name}${kind}决定书`;
    const statusChangedAt =
      status === "published" ? null : new Date(publishedMs + Math.floor(rnd() * 90 * 86_400_000)).toISOString();
    const reason = status === "withdrawn" ? "决定被依法撤销" : status === "corrected" ? "更正文书错误" : null;
    const expires = new Date(publishedMs + (kind === "行政处罚" ? 3 : 1) * 365 * 86_400_000);
    const publicRecord = {
      title,
      kind,
      decisionNo,
      decidedOn: decided.toISOString().slice(0, 10),
      bodyName: body.name,
      bodyCreditCode: body.id,
      party: { name: partyName },
      facts,
      basis: `《${law}》`,
      conclusion,
    };
    const record = JSON.stringify(publicRecord);
    return {
      id: uuid7(publishedMs, rnd),
      resultId: uuid7(decided.getTime(), rnd),
      version: status === "corrected" ? 2 : 1,
      body,
      kind,
      status,
      title,
      decisionNo,
      decidedOn: decided.toISOString().slice(0, 10),
      publishedAt,
      publishedOn: chinaDay(publishedAt),
      expiresOn: expires.toISOString().slice(0, 10),
      statusChangedAt,
      reason,
      partyName,
      verifyCode: this.chars("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 12),
      sha256: randomBytes(32).toString("hex"),
      record,
      // the searched text as the feed builds it (every public field of the record)
      searchText: searchTextOf(
        noticeSearchParts({ title, partyName, decisionNo, kind, bodyName: body.name, reason, record: publicRecord }),
      ),
      seq: i + 1,
    };
  }
}

const INSERT_SQL = `insert into feed.notices (id, result_id, version, body_id, body_name, kind, status, title,
  decision_no, decided_on, published_at, published_on, expires_on, status_changed_at, reason, predecessor_id,
  successor_id, party_name, verify_code, sha256, record, search_text, seq)
select id, result_id, version, body_id, body_name, kind, status, title, decision_no, decided_on, published_at,
  published_on, expires_on, status_changed_at, reason, null, null, party_name, verify_code, sha256, record,
  search_text, seq
from unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
  $9::text[], $10::date[], $11::timestamptz[], $12::date[], $13::date[], $14::timestamptz[], $15::text[],
  $16::text[], $17::text[], $18::text[], $19::jsonb[], $20::text[], $21::bigint[])
  as t(id, result_id, version, body_id, body_name, kind, status, title, decision_no, decided_on, published_at,
  published_on, expires_on, status_changed_at, reason, party_name, verify_code, sha256, record, search_text, seq)`;

function batchParams(rows: Row[]): unknown[] {
  const col = <T>(f: (r: Row) => T): T[] => rows.map(f);
  return [
    col((r) => r.id),
    col((r) => r.resultId),
    col((r) => r.version),
    col((r) => r.body.id),
    col((r) => r.body.name),
    col((r) => r.kind),
    col((r) => r.status),
    col((r) => r.title),
    col((r) => r.decisionNo),
    col((r) => r.decidedOn),
    col((r) => r.publishedAt.toISOString()),
    col((r) => r.publishedOn),
    col((r) => r.expiresOn),
    col((r) => r.statusChangedAt),
    col((r) => r.reason),
    col((r) => r.partyName),
    col((r) => r.verifyCode),
    col((r) => r.sha256),
    col((r) => r.record),
    col((r) => r.searchText),
    col((r) => r.seq),
  ];
}

export interface LoadOptions {
  seed?: number;
  batchSize?: number;
  /** Publication dates are spread evenly over [now - years, now). */
  years?: number;
  /** Row numbers (seq) continue from here, so a second load appends. */
  firstSeq?: number;
  /** The end of the publication span (default: now); the same value and seed give the same ids and texts. */
  nowMs?: number;
}

/** Inserts `rows` synthetic notices into feed.notices; resolves with the elapsed milliseconds. */
export async function loadNotices(
  db: Queryable,
  rows: number,
  onProgress?: (done: number, total: number) => void,
  options: LoadOptions = {},
): Promise<number> {
  const started = Date.now();
  const batchSize = options.batchSize ?? 5000;
  const spanMs = (options.years ?? 5) * 365 * 86_400_000;
  const gen = new NoticeGenerator(options.seed ?? 20240601, (options.nowMs ?? Date.now()) - spanMs, spanMs, rows);
  const first = options.firstSeq ?? 0;
  const make = (from: number): unknown[] => {
    const batch: Row[] = [];
    for (let i = from; i < Math.min(rows, from + batchSize); i++) {
      const r = gen.row(i);
      r.seq = first + i + 1;
      batch.push(r);
    }
    return batchParams(batch);
  };
  let pending: Promise<unknown> = Promise.resolve();
  for (let from = 0; from < rows; from += batchSize) {
    const params = make(from);
    await pending;
    onProgress?.(from, rows);
    pending = db.query(INSERT_SQL, params);
  }
  await pending;
  onProgress?.(rows, rows);
  return Date.now() - started;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const rows = Number(arg("rows") ?? "100000");
  const url = arg("db") ?? "postgresql://postgres@127.0.0.1:5432/zfgs_search_lab";
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const db: Queryable = client;
  if (process.argv.includes("--measure")) {
    const samples = await measure(db, Number(arg("pages") ?? "10"));
    console.log(report(samples));
    const slow = samples.filter((x) => x.ms > Number(arg("slow") ?? "10")).sort((a, b) => b.ms - a.ms);
    for (const x of slow.slice(0, 40))
      console.error(`${x.ms.toFixed(1)} ms ${x.q} / ${x.filter} / ${x.op} (${x.plan})`);
    await client.end();
    return;
  }
  const explainQ = arg("explain");
  if (explainQ !== undefined) {
    console.log(await explain(db, explainQ, JSON.parse(arg("filter") ?? "{}") as Partial<NoticeQuery>));
    await client.end();
    return;
  }
  const writeCost = arg("write-cost");
  if (writeCost !== undefined) {
    // Single-row inserts, as the read model writes them; the rows are deleted afterwards.
    const n = Number(writeCost);
    const first = 900_000_000;
    const ms = await loadNotices(db, n, undefined, { batchSize: 1, seed: 99, firstSeq: first });
    await client.query(`delete from feed.notices where seq > $1`, [first]);
    console.log(`${n} single-row inserts: ${(ms / n).toFixed(3)} ms per notice`);
    await client.end();
    return;
  }
  if (process.argv.includes("--apply")) {
    // Re-applies the (idempotent) search DDL to a loaded table, then refreshes the statistics.
    for (const sql of SEARCH_SQL) await client.query(sql);
    if (process.argv.includes("--analyze")) await client.query("analyze feed.notices");
    await client.end();
    return;
  }
  if (process.argv.includes("--fresh")) await client.query("drop schema if exists feed cascade");
  for (const sql of BASE_DDL) await client.query(sql);
  // Functions and column settings first (lz4 applies to rows written afterwards); index builds
  // after the bulk load are several times faster than maintaining them per row.
  const isIndex = (sql: string) => /^\s*(create index|alter index)/i.test(sql);
  const log = (s: string) => process.stderr.write(s);
  for (const sql of SEARCH_SQL.filter((s) => !isIndex(s))) await client.query(sql);
  const indexed = process.argv.includes("--no-index") ? [] : SEARCH_SQL.filter(isIndex);
  const ms = await loadNotices(db, rows, (done, total) => {
    log(`\rloaded ${done}/${total} (${Math.round((done / total) * 100)}%)   `);
  });
  log(`\nloaded ${rows} rows in ${(ms / 1000).toFixed(1)} s\n`);
  await client.query("set maintenance_work_mem = '1GB'");
  for (const sql of indexed) {
    const t = Date.now();
    await client.query(sql);
    log(`${((Date.now() - t) / 1000).toFixed(1)} s  ${sql.replace(/\s+/g, " ").slice(0, 100)}\n`);
  }
  const t = Date.now();
  await client.query("vacuum analyze feed.notices");
  log(`vacuum analyze ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
  await client.end();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
