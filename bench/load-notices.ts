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
import {
  forgetStats,
  ginSql,
  noticeFacets,
  parseQ,
  searchNotices,
  noticeSearchParts,
  searchTextOf,
  walkSql,
  type NoticeQuery,
  type Queryable,
} from "../services/feed/search.js";
import { SEARCH_SQL } from "../services/feed/migrations/Migration20261126000700_feed.js";
import { seededRandom } from "../shared/seeded-random.js";

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

export const KINDS: [string, number][] = [
  ["行政处罚", 45],
  ["行政许可", 25],
  ["行政检查", 12],
  ["行政强制", 5],
  ["行政确认", 4],
  ["行政征收", 3],
  ["其他行政权力", 1.5],
  ["行政给付", 1.5],
  ["行政奖励", 1.5],
  ["行政裁决", 1],
  ["行政征用", 0.5],
];

/** Words with fixed injection rates (per row), so a benchmark knows how many rows hold them. */
export const RARE_WORDS: [string, number][] = [
  ["殡葬", 1e-4],
  ["文物", 3e-5],
  ["骨灰", 1e-5],
  ["野生动物", 2e-4],
  ["尾矿库", 2e-5],
  ["古树名木", 1e-5],
  ["烟花爆竹", 5e-4],
];
/** Built from characters no template, name or filler contains. */
export const ABSENT_WORDS = ["量子", "熊猫", "航天飞船", "区块链"];

const CITIES = ["北京", "上海", "广州", "深圳", "杭州", "南京", "成都", "武汉", "西安", "重庆"];
const CITY_ABBR = ["京", "沪", "穗", "深", "杭", "宁", "蓉", "汉", "西", "渝"];
const DISTRICTS = ["朝阳区", "海淀区", "东城区", "西湖区", "鼓楼区", "武侯区", "江汉区", "雁塔区", "渝中区", "南山区"];
interface Dept {
  name: string;
  abbr: string;
  topics: string[];
}
const DEPTS: Dept[] = [
  {
    name: "市场监督管理局",
    abbr: "市监",
    topics: ["食品安全", "价格欺诈", "虚假广告", "商标侵权", "无证经营", "计量器具", "特种设备", "产品质量"],
  },
  {
    name: "生态环境局",
    abbr: "环",
    topics: ["噪声污染", "废气排放", "污水直排", "排污许可", "危险废物", "扬尘污染", "环境影响评价", "自动监测"],
  },
  {
    name: "城市管理综合行政执法局",
    abbr: "城管",
    topics: ["占道经营", "油烟污染", "渣土运输", "违法建设", "户外广告", "绿化损坏", "夜间施工", "垃圾分类"],
  },
  {
    name: "交通运输局",
    abbr: "交",
    topics: ["超限运输", "网约车", "道路运输", "客运班线", "出租汽车", "维修经营", "驾驶培训", "货运车辆"],
  },
  {
    name: "应急管理局",
    abbr: "应急",
    topics: ["安全生产", "危险化学品", "隐患排查", "应急预案", "安全培训", "有限空间", "粉尘涉爆", "事故报告"],
  },
  {
    name: "卫生健康委员会",
    abbr: "卫",
    topics: ["医疗机构", "执业医师", "公共场所", "职业卫生", "放射诊疗", "传染病防治", "母婴保健", "饮用水"],
  },
  {
    name: "民政局",
    abbr: "民",
    topics: ["社会组织", "养老机构", "婚姻登记", "社会救助", "地名管理", "慈善募捐", "福利彩票", "低保对象"],
  },
  {
    name: "文化和旅游局",
    abbr: "文旅",
    topics: ["营业性演出", "网吧经营", "旅行社", "导游证", "娱乐场所", "出版物", "艺术品", "景区管理"],
  },
  {
    name: "税务局",
    abbr: "税",
    topics: ["增值税发票", "纳税申报", "偷税", "个人所得税", "税款滞纳金", "发票管理", "税务登记", "出口退税"],
  },
  {
    name: "消防救援支队",
    abbr: "消",
    topics: ["消防通道", "疏散通道", "灭火器材", "消防设施", "火灾隐患", "电动自行车", "消防安全", "防火检查"],
  },
];
const SURNAMES =
  "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
const NAME_CHARS =
  "伟芳娜敏静丽强磊洋艳勇军杰娟涛明超秀霞平刚桂英华玉萍红春建文辉力林志鹏宇浩凯峰晨思雨欣怡佳琪梓涵子轩博睿嘉诚俊豪瑞泽晓彤雅婷丹阳玲燕琳颖慧宏亮斌飞波鑫海兵蕾莉薇晶岩松柏青云天德福贵荣昌盛兴旺永安康乐祥顺和美家国";
const SHOP_WORDS = [
  "商贸",
  "餐饮",
  "科技",
  "建筑",
  "物流",
  "食品",
  "医药",
  "环保",
  "文化",
  "旅游",
  "汽车",
  "电子",
  "服装",
  "建材",
  "印务",
  "化工",
];
const FILLER = [
  "执法人员",
  "现场检查",
  "调查取证",
  "询问笔录",
  "证据材料",
  "责令改正",
  "限期整改",
  "复查",
  "整改到位",
  "主动配合",
  "如实陈述",
  "从轻处罚",
  "社会危害",
  "情节轻微",
  "首次违法",
  "陈述申辩",
  "听证权利",
  "送达回证",
  "相关规定",
  "经营场所",
  "负责人",
  "工作人员",
  "营业执照",
  "监督检查",
  "依法",
  "及时",
  "有关部门",
  "群众举报",
  "投诉",
  "核查",
  "检测报告",
  "现场照片",
];
const LAWS = [
  "中华人民共和国行政处罚法",
  "中华人民共和国食品安全法",
  "中华人民共和国环境保护法",
  "中华人民共和国安全生产法",
  "城市市容和环境卫生管理条例",
  "中华人民共和国道路运输条例",
  "中华人民共和国消防法",
  "中华人民共和国税收征收管理法",
  "中华人民共和国行政许可法",
];
const AMOUNTS = ["五百", "一千", "二千", "五千", "一万", "二万", "五万", "十万"];
const NUMS = "一二三四五六七八九十";

type Rand = () => number;
interface Body {
  id: string;
  name: string;
  city: number;
  dept: Dept;
}
/** 200 bodies: 10 cities × 10 departments × 2 levels (city and district). */
function makeBodies(): Body[] {
  const idRnd = seededRandom(7);
  const bodies: Body[] = [];
  for (let c = 0; c < CITIES.length; c++)
    for (const dept of DEPTS)
      for (let level = 0; level < 2; level++) {
        const n = bodies.length;
        const place = level === 0 ? `${CITIES[c]}市` : `${CITIES[c]}市${DISTRICTS[(c + n) % DISTRICTS.length]}`;
        bodies.push({ id: uuid7(1_700_000_000_000 + n, idRnd), name: `${place}${dept.name}`, city: c, dept });
      }
  return bodies;
}
export const BODIES = makeBodies();

function weighted<T>(items: [T, number][]): (r: number) => T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  const cum: number[] = [];
  let acc = 0;
  for (const [, w] of items) cum.push((acc += w / total));
  return (r) => {
    for (let i = 0; i < cum.length; i++) if (r < (cum[i] as number)) return (items[i] as [T, number])[0];
    return (items[items.length - 1] as [T, number])[0];
  };
}
const pickKind = weighted(KINDS);
// Zipf-like: the busiest body publishes ~30× more than the quietest.
const pickBody = weighted(
  BODIES.map((b, i): [Body, number] => [b, 1 / Math.pow(1 + ((i * 37) % BODIES.length), 0.65)]),
);
const pickStatus = weighted<string>([
  ["published", 88],
  ["expired", 6],
  ["corrected", 3],
  ["withdrawn", 3],
]);

function uuid7(ms: number, rnd: Rand): string {
  const b = Buffer.alloc(16);
  b.writeUIntBE(ms, 0, 6);
  for (let i = 6; i < 16; i++) b[i] = Math.floor(rnd() * 256);
  b[6] = 0x70 | ((b[6] as number) & 0x0f);
  b[8] = 0x80 | ((b[8] as number) & 0x3f);
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

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
  const gen = new NoticeGenerator(options.seed ?? 20240601, Date.now() - spanMs, spanMs, rows);
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

/** The benchmark mix: word classes of 2 and 4 characters, as generated above. */
export const MIX_WORDS: Record<string, string[]> = {
  "frequent-2": ["罚款", "许可", "检查"],
  "frequent-4": ["行政处罚", "申请材料", "食品安全"],
  // ~0.15 % (王某, 熊某: party names) to ~5 % (噪声, 网吧): the zone between the two paths.
  "mid-2": ["王某", "熊某", "噪声", "网吧"],
  "mid-4": ["2023年5月", "第七十六条", "没收违法所得二万", "消防通道"],
  "rare-2": ["殡葬", "文物", "骨灰"],
  "rare-4": ["野生动物", "烟花爆竹", "古树名木"],
  "absent-2": ["量子", "熊猫"],
  // 许可罚款 and 罚款检查 are made of frequent bigrams.
  "absent-4": ["航天飞船", "许可罚款", "罚款检查"],
  "multi-word": ["罚款 噪声", "殡葬 罚款", "许可 消防 通道", "王某 罚款"],
};

function mixFilters(bodyBig: string, bodySmall: string): Record<string, Partial<NoticeQuery>> {
  const day = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString().slice(0, 10);
  return {
    none: {},
    "body-big": { bodyId: bodyBig },
    "body-small": { bodyId: bodySmall },
    "kind-处罚": { kind: "行政处罚" },
    "kind-许可": { kind: "行政许可" },
    "kind-征用": { kind: "行政征用" },
    "date-30d": { from: day(30), to: day(0) },
    "date-old-90d": { from: day(800), to: day(710) },
    "status-withdrawn+corrected": { statuses: ["withdrawn", "corrected"] },
    "status-all": { statuses: ["published", "withdrawn", "corrected", "expired"] },
  };
}

interface Sample {
  cls: string;
  filter: string;
  op: string;
  ms: number;
  plan: string;
  q?: string;
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] as number;
}

/** Runs the mix twice (the first pass warms the caches) and prints p50/p95/max per category. */
export async function measure(db: Queryable, deepPages = 10): Promise<Sample[]> {
  const { rows: bodies } = await db.query<{ body_id: string; n: string }>(
    `select body_id, count(*) as n from feed.notices group by 1 order by 2 desc`,
  );
  const filters = mixFilters(
    (bodies[0] as { body_id: string }).body_id,
    (bodies[bodies.length - 1] as { body_id: string }).body_id,
  );
  forgetStats(db);
  const samples: Sample[] = [];
  for (const pass of [0, 1]) {
    for (const [cls, words] of Object.entries(MIX_WORDS))
      for (const q of words)
        for (const [filter, f] of Object.entries(filters)) {
          const base: NoticeQuery = { q, statuses: ["published"], sort: "date", limit: 20, ...f };
          for (const sort of ["date", "relevance"] as const) {
            let t = performance.now();
            let page = await searchNotices(db, { ...base, sort });
            if (pass) samples.push({ cls, filter, op: `${sort}:first`, ms: performance.now() - t, plan: page.plan, q });
            for (let i = 1; i < deepPages && page.nextCursor; i++) {
              t = performance.now();
              page = await searchNotices(db, { ...base, sort, cursor: page.nextCursor });
              if (pass && i === deepPages - 1)
                samples.push({
                  cls,
                  filter,
                  op: `${sort}:page${deepPages}`,
                  ms: performance.now() - t,
                  plan: page.plan,
                  q,
                });
            }
          }
          const t = performance.now();
          const facets = await noticeFacets(db, base);
          if (pass) samples.push({ cls, filter, op: "facets", ms: performance.now() - t, plan: facets.plan, q });
        }
  }
  return samples;
}

export function report(samples: Sample[]): string {
  const lines = ["| group | n | p50 ms | p95 ms | max ms | slowest |", "|---|---|---|---|---|---|"];
  const group = (name: string, xs: Sample[]) => {
    if (xs.length === 0) return;
    const ms = xs.map((x) => x.ms);
    const worst = xs.reduce((a, b) => (b.ms > a.ms ? b : a));
    lines.push(
      `| ${name} | ${xs.length} | ${pct(ms, 50).toFixed(2)} | ${pct(ms, 95).toFixed(2)} | ${Math.max(...ms).toFixed(2)} | ${worst.q} / ${worst.filter} / ${worst.op} (${worst.plan}) |`,
    );
  };
  group(
    "**all searches**",
    samples.filter((s) => s.op !== "facets"),
  );
  group(
    "**all facets**",
    samples.filter((s) => s.op === "facets"),
  );
  for (const cls of Object.keys(MIX_WORDS))
    group(
      `${cls} search`,
      samples.filter((s) => s.cls === cls && s.op !== "facets"),
    );
  for (const cls of Object.keys(MIX_WORDS))
    group(
      `${cls} facets`,
      samples.filter((s) => s.cls === cls && s.op === "facets"),
    );
  for (const op of [...new Set(samples.map((s) => s.op))])
    group(
      `op ${op}`,
      samples.filter((s) => s.op === op),
    );
  for (const f of [...new Set(samples.map((s) => s.filter))])
    group(
      `filter ${f}`,
      samples.filter((s) => s.filter === f),
    );
  return lines.join("\n");
}

/** EXPLAIN (ANALYZE, BUFFERS) of the statements the two paths run for one word. */
export async function explain(db: Queryable, q: string, f: Partial<NoticeQuery> = {}): Promise<string> {
  const query: NoticeQuery = { q, statuses: ["published"], sort: "date", limit: 20, ...f };
  const parsed = parseQ(q);
  const out: string[] = [];
  for (const st of [walkSql(query, parsed.words, {}, 21), ginSql(query, parsed, {}, 21)]) {
    const { rows } = await db.query<{ "QUERY PLAN": string }>(`explain (analyze, buffers) ${st.text}`, st.params);
    out.push(rows.map((r) => r["QUERY PLAN"]).join("\n"));
  }
  return out.join("\n\n");
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
