/**
 * Redaction by the law's categories (家庭住址、通信方式、身份证号码、银行账号、健康状况, identity
 * documents, plates): a corpus of real-looking sentences with what must go and what must stay, and
 * properties over generated forms — digit groupings, full-width digits, cue words, plates,
 * obfuscated e-mails, addresses — next to public identifiers that must survive verbatim.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { creditCodeCheckChar } from "../../shared/credit-code.js";
import { REDACTION_RULE_LABELS } from "../../web/console/labels.js";
import { buildPublicNotice } from "../../shared/public-record.js";
import {
  ADDRESS_TOKEN,
  BANK_ACCOUNT_TOKEN,
  contactSecrets,
  CONTACT_TOKEN,
  DECISION_REDACTION_SPEC,
  EMAIL_TOKEN,
  HEALTH_TOKEN,
  ID_NUMBER_TOKEN,
  PHONE_TOKEN,
  maskPlate,
  publicText,
  redactRecord,
  redactText,
  residentIdCheckChar,
  TEXT_RULES,
  type Redaction,
} from "../../shared/redaction.js";
import { publicContent } from "../../services/feedback/feedback.service.js";
import { CORPUS } from "../support/pii-corpus.js";

const toFullWidth = (s: string): string =>
  [...s].map((c) => (/[0-9A-Za-z]/.test(c) ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join("");
const toAscii = (s: string): string =>
  s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
/** The output's digits and letters alone, so a grouping or width change cannot hide a leak. */
const compact = (s: string): string => toAscii(s).replace(/[^0-9A-Za-z]/g, "");

function applyLog(text: string, redactions: readonly Redaction[]): string {
  let out = "";
  let at = 0;
  for (const r of redactions) {
    out += text.slice(at, r.start) + r.replacement;
    at = r.end;
  }
  return out + text.slice(at);
}

// ---------------------------------------------------------------------------------------------
// Arbitraries

/** Chinese filler with no digits, Latin letters, money, cue or address words. */
const filler = fc
  .array(fc.constantFrom(..."当事人经查实施违法行为被处以警告责令改正并没收物品其陈述申辩已记录在案，。；"), {
    maxLength: 12,
  })
  .map((cs) => cs.join(""));

const digitString = (min: number, max: number) =>
  fc
    .tuple(
      fc.integer({ min: 1, max: 9 }),
      fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min - 1, maxLength: max - 1 }),
    )
    .map(([first, rest]) => `${first}${rest.join("")}`);

/** Groups of four after a first group of 3-6 digits, as cards and corporate accounts are printed. */
function grouped(digits: string, first: number, sep: string): string {
  const head = digits.slice(0, first);
  const groups = digits.slice(first).match(/.{1,4}/g) ?? [];
  return [head, ...groups].join(sep);
}

const accountForm = digitString(12, 30).chain((digits) =>
  fc
    .record({
      style: fc.constantFrom("plain", "space", "dash", "threes", "bin"),
      first: fc.integer({ min: 3, max: 6 }),
      wide: fc.boolean(),
      cue: fc.constantFrom(
        "",
        "银行卡",
        "银行卡号：",
        "卡号",
        "账号",
        "账户",
        "银行账户",
        "对公账户：",
        "开户行中国银行，账号",
      ),
    })
    .map(({ style, first, wide, cue }) => {
      const sep = style === "dash" ? "-" : " ";
      const written =
        style === "plain"
          ? digits
          : style === "threes"
            ? (digits.match(/.{1,3}/g) ?? []).join(sep)
            : style === "bin"
              ? `${digits.slice(0, 6)} ${digits.slice(6)}`
              : // A grouped form needs at least two groups of four after the first.
                digits.length - first < 8
                ? digits
                : grouped(digits, first, sep);
      return { digits, written: wide ? toFullWidth(written) : written, cue };
    }),
);

const PROVINCES = [..."京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"];
const PLATE_LETTERS = [..."ABCDEFGHJKLMNPQRSTUVWXYZ"];
const plate = fc
  .record({
    province: fc.constantFrom(...PROVINCES),
    letter: fc.constantFrom(...PLATE_LETTERS),
    body: fc.array(fc.constantFrom(..."0123456789", ..."0123456789", ..."ABCDEFGHJKLMNPQRSTUVWXYZ"), {
      minLength: 5,
      maxLength: 5,
    }),
    newEnergy: fc.constantFrom("", "D", "F"),
    digit: fc.integer({ min: 0, max: 9 }),
  })
  .map(({ province, letter, body, newEnergy, digit }) => {
    const rest = [...body];
    rest[2] = String(digit); // a plate has digits
    return `${province}${letter}${newEnergy}${rest.join("")}`;
  });

const mailbox = fc.stringMatching(/^[a-z][a-z0-9_]{3,10}$/);
const host = fc.stringMatching(/^[a-z][a-z0-9]{2,9}$/);
const obfuscatedEmail = fc
  .record({ mailbox, host, tld: fc.constantFrom("com", "cn", "net", "org"), form: fc.integer({ min: 0, max: 6 }) })
  .map(({ mailbox, host, tld, form }) => {
    const written = [
      `${mailbox}(at)${host}.${tld}`,
      `${mailbox}[at]${host}.${tld}`,
      `${mailbox} at ${host} dot ${tld}`,
      `${mailbox}＠${host}.${tld}`,
      `${mailbox}＠${host}`,
      `${mailbox}（at）${host}`,
      `${mailbox}@${host}.${tld}`,
    ][form] as string;
    return { mailbox, written };
  });

const CITIES = ["杭州市", "宁波市", "温州市", "绍兴市", "乌鲁木齐市", "南京市"];
const DISTRICTS = ["西湖区", "拱墅区", "鹿城区", "海曙区", "", "余杭区"];
const ROADS = ["文三路", "中山北路", "解放东路", "米市巷", "南塘街", "幸福村", "阳光小区", "金色家园", "长乐弄"];
const CUES = ["住", "住址：", "家住", "居住在", "住在", "现住", "户籍地为", "家庭住址为", "地址：", ""];
const address = fc
  .record({
    cue: fc.constantFrom(...CUES),
    province: fc.constantFrom("浙江省", ""),
    city: fc.constantFrom(...CITIES),
    district: fc.constantFrom(...DISTRICTS),
    road: fc.constantFrom(...ROADS),
    no: fc.integer({ min: 1, max: 2999 }),
    unit: fc.constantFrom("号", "弄", "号院"),
    room: fc.constantFrom("", "2幢301室", "3单元1201室", "5栋2单元602", "-8"),
  })
  .map(({ cue, province, city, district, road, no, unit, room }) => {
    const house = `${road}${no}${unit}${room}`;
    return { cue, full: `${province}${city}${district}${house}`, house };
  });

const passport = fc
  .record({
    kind: fc.constantFrom("E", "G", "EA", "C", "CA", "H", "M", "L"),
    digits: digitString(8, 8),
    cue: fc.constantFrom("护照", "护照号码", "通行证号码", "回乡证", "持", ""),
  })
  .map(({ kind, digits, cue }) => ({ cue, number: `${kind}${kind.length === 2 ? digits.slice(1) : digits}` }));

const residentId = fc
  .record({
    region: digitString(6, 6),
    year: fc.integer({ min: 1930, max: 2010 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 28 }),
    seq: fc.stringMatching(/^[0-9]{3}$/),
    check: fc.constantFrom(..."0123456789X", "valid"),
  })
  .map(({ region, year, month, day, seq, check }) => {
    const first17 = `${region}${year}${String(month).padStart(2, "0")}${String(day).padStart(2, "0")}${seq}`;
    return first17 + (check === "valid" ? residentIdCheckChar(first17) : check);
  });

/** Public identifiers, each written after its cue as a decision writes it. */
const creditCode = fc
  .record({ body: fc.stringMatching(/^[0-9A-HJ-NPQRTUWXY]{9}$/), allDigits: fc.boolean(), digits: digitString(9, 9) })
  .map(({ body, allDigits, digits }) => {
    const first17 = `91330106${allDigits ? digits : body}`;
    return first17 + creditCodeCheckChar(first17);
  });
const publicIdentifier = fc.oneof(
  creditCode.map((code) => ({ before: "统一社会信用代码", value: code })),
  fc
    .tuple(fc.integer({ min: 2000, max: 2030 }), fc.integer({ min: 1, max: 9999 }))
    .map(([y, n]) => ({ before: "依据", value: `浙市监处罚〔${y}〕${n}号` })),
  digitString(8, 14).map((n) => ({ before: "执法证号", value: n })),
  digitString(14, 22).map((n) => ({ before: "案号", value: n })),
  fc
    .tuple(fc.integer({ min: 2000, max: 2030 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }))
    .map(([y, m, d]) => ({ before: "于", value: `${y}年${m}月${d}日` })),
  fc.integer({ min: 1, max: 10_000_000 }).map((n) => ({ before: "罚款", value: `人民币${n}元` })),
  fc.integer({ min: 1, max: 300 }).map((n) => ({ before: "依据", value: `第${n}条第1款` })),
  digitString(12, 12).map((n) => ({ before: "事项编码", value: n })),
);

// ---------------------------------------------------------------------------------------------

describe("the PII corpus", () => {
  it.each(CORPUS.map((c) => [c.text, c] as const))("%s", (_, entry) => {
    const result = redactText(entry.text, "facts", { keep: ["孙小明"] });
    for (const secret of entry.masked) expect(result.text, secret).not.toContain(secret);
    for (const secret of entry.masked.filter((m) => compact(m) !== "")) {
      expect(compact(result.text), secret).not.toContain(compact(secret));
    }
    for (const kept of entry.survives) expect(result.text, kept).toContain(kept);
    expect(applyLog(entry.text, result.redactions)).toBe(result.text);
    expect(result.redactions.every((r) => r.rule !== "dropped-field" && r.field === "facts")).toBe(true);
  });

  it("holds when every sentence stands in one paragraph of a decision", () => {
    const facts = CORPUS.map((c) => c.text).join("");
    const notice = buildPublicNotice({
      title: "孙小明违规经营案",
      kind: "行政处罚",
      decisionNo: "浙市监处罚〔2026〕12号",
      decidedOn: "2026-11-20",
      bodyName: "浙江省市场监督管理局",
      bodyCreditCode: "11330000002482173X",
      powerCode: "330217001000",
      powerName: "对无照经营行为的处罚",
      party: { type: "natural", name: "孙小明" },
      facts,
      conclusion: CORPUS.map((c) => c.text)
        .reverse()
        .join(""),
      basis: "《无证无照经营查处办法》第十三条",
      maskNames: [],
    });
    const published = JSON.stringify(notice.record) + notice.fields.map((f) => f.value).join("");
    for (const entry of CORPUS) {
      for (const secret of entry.masked) expect(published, secret).not.toContain(secret);
      for (const kept of entry.survives) expect(notice.record.facts, kept).toContain(kept);
    }
  });

  it("logs each masked span with the rule that found it", () => {
    const rulesOf = (text: string) => redactText(text, "facts").redactions.map((r) => r.rule);
    expect(rulesOf("银行卡6228480402564890011")).toEqual(["bank-card"]);
    expect(rulesOf("护照E12345678")).toEqual(["passport"]);
    expect(rulesOf("车牌浙A12345")).toEqual(["plate"]);
    expect(rulesOf("邮箱a_b(at)host.com")).toEqual(["email"]);
    expect(rulesOf("微信号abc_12345")).toEqual(["contact"]);
    expect(rulesOf("家住杭州市西湖区文三路1号")).toEqual(["address"]);
    expect(rulesOf("当事人患有糖尿病，")).toEqual(["health"]);
    expect(redactText("车牌浙A12345", "facts").redactions[0]?.replacement).toBe("浙A1**45");
    expect(publicText("a@b.com浙A12345与100000000000京B00001")).toBe(
      `${EMAIL_TOKEN}浙A1**45与${BANK_ACCOUNT_TOKEN}京B0**01`,
    );
  });

  it("has a Chinese name for every rule, for the officer's redaction preview", () => {
    for (const rule of [...TEXT_RULES, "dropped-field"]) {
      expect(REDACTION_RULE_LABELS[rule], rule).toMatch(/^[\u4e00-\u9fff、或]+$/);
    }
  });
});

describe("ordinary decision text", () => {
  it.each([
    "当事人于2026年3月15日在其经营场所销售超过保质期的食品，货值金额人民币1234.5元。",
    "当事人在居住区内擅自建造坟墓，占地面积约20平方米。",
    "当事人擅自搭建3栋200平方米的简易用房用于殡葬用品经营。",
    "依据《殡葬管理条例》第二十二条第二款之规定，责令限期改正，并处罚款人民币5000元。",
    "如不服本决定，可在收到本决定书之日起六十日内向浙江省民政厅申请行政复议，或者在六个月内向杭州市西湖区人民法院提起行政诉讼。",
    "罚款应于收到本决定书之日起十五日内缴至指定银行，逾期每日按罚款数额的3%加处罚款。",
    "住建部门已于2026年4月2日配合完成整改验收。",
    "当事人销售的产品批号为20260301，生产日期2026年3月1日，规格500克/袋。",
    "本机关于2026年5月6日向当事人送达了《行政处罚告知书》（浙民罚告〔2026〕6号）。",
    "当事人已于2026年5月10日整改完毕，并主动消除了安全隐患。",
    "依据浙政办发〔2019〕42号文件第三条，属于从轻处罚情形。",
    "执法人员2名，出示了执法证件，执法证号分别为33010012345678、33010012345679。",
    "当事人在沪杭高速公路杭州收费站附近设置广告牌。",
    "现场检查发现第1号、第2号冷库温度不达标。",
    "统一社会信用代码91330106MA2B3C4D5X的杭州某某科技有限公司于文三路经营。",
  ])("passes unchanged: %s", (text) => {
    const result = redactText(text, "facts");
    expect(result.redactions).toEqual([]);
    expect(result.text).toBe(text);
  });
});

describe("redaction properties", () => {
  it("masks every bank account of 12-30 digits in any grouping, width or cue, Luhn or not", () => {
    fc.assert(
      fc.property(filler, accountForm, filler, (a, account, b) => {
        const text = `${a}${account.cue}${account.written}${b}`;
        const out = redactText(text, "facts").text;
        expect(out).not.toContain(account.written);
        expect(compact(out)).not.toContain(account.digits);
      }),
      { numRuns: 400 },
    );
  });

  it("masks a 19-digit card failing Luhn right after 银行卡, and a 20-digit corporate account", () => {
    fc.assert(
      fc.property(digitString(19, 19), digitString(20, 20), (card, account) => {
        const out = publicText(`其银行卡${card}与对公账户${account}均被冻结`);
        expect(out).toBe(`其银行卡${BANK_ACCOUNT_TOKEN}与对公账户${BANK_ACCOUNT_TOKEN}均被冻结`);
      }),
      { numRuns: 200 },
    );
  });

  it("masks every resident ID, whatever its check character", () => {
    fc.assert(
      fc.property(filler, residentId, fc.constantFrom("", "身份证号", "公民身份号码："), filler, (a, id, cue, b) => {
        const out = publicText(`${a}${cue}${id}${b}`);
        expect(compact(out)).not.toContain(id.slice(0, 17));
      }),
      { numRuns: 300 },
    );
  });

  it("shows a plate only partly: province, letter, first and last two characters", () => {
    fc.assert(
      fc.property(filler, plate, filler, (a, p, b) => {
        const out = publicText(`${a}车辆${p}${b}`);
        expect(out).not.toContain(p);
        expect(out).toContain(maskPlate(p));
        expect(maskPlate(p)).toMatch(new RegExp(`^${p.slice(0, 3)}\\*+${p.slice(-2)}$`));
      }),
      { numRuns: 300 },
    );
  });

  it("masks e-mails however the at sign is written", () => {
    fc.assert(
      fc.property(filler, obfuscatedEmail, filler, (a, email, b) => {
        const out = publicText(`${a}邮箱${email.written}${b}`);
        expect(out).not.toContain(email.mailbox);
      }),
      { numRuns: 300 },
    );
  });

  it("masks addresses written in free text, with or without a cue word", () => {
    fc.assert(
      fc.property(filler, address, fc.constantFrom("，", "）", "。", "的住处"), (a, addr, after) => {
        const text = `${a}，${addr.cue}${addr.full}${after}`;
        const out = publicText(text);
        expect(out).not.toContain(addr.house);
        expect(out).not.toContain(addr.full);
        expect(out).toContain(ADDRESS_TOKEN);
      }),
      { numRuns: 300 },
    );
  });

  it("masks passport and permit numbers", () => {
    fc.assert(
      fc.property(filler, passport, filler, (a, p, b) => {
        const out = publicText(`${a}${p.cue}${p.number}${b}`);
        expect(out).not.toContain(p.number);
      }),
      { numRuns: 300 },
    );
  });

  it("masks the clause after a health cue", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("患有", "经诊断为", "确诊", "罹患"),
        fc.constantFrom("高血压", "肺结核", "乙型肝炎", "精神分裂症", "二型糖尿病"),
        (cue, illness) => {
          const out = publicText(`当事人${cue}${illness}，仍从事食品经营。`);
          expect(out).toBe(`当事人${HEALTH_TOKEN}，仍从事食品经营。`);
        },
      ),
    );
  });

  it("never masks a public identifier, even right beside masked data", () => {
    const secret = fc.oneof(
      accountForm.map((a) => `银行卡${a.written}`),
      plate.map((p) => `车牌${p}`),
      obfuscatedEmail.map((e) => `邮箱${e.written}`),
      residentId.map((id) => `身份证号${id}`),
      address.map((a) => `住址：${a.full}`),
    );
    fc.assert(
      fc.property(secret, publicIdentifier, secret, (s1, id, s2) => {
        const text = `${s1}，${id.before}${id.value}，${s2}。`;
        const out = publicText(text);
        expect(out).toContain(`${id.before}${id.value}`);
      }),
      { numRuns: 500 },
    );
  });

  it("keeps an organisation's registered address and a party's name; masks another address beside them", () => {
    const record = {
      party: { type: "legal", name: "杭州某某科技有限公司", address: "杭州市滨江区网商路1号" },
      facts: "当事人杭州某某科技有限公司住所杭州市滨江区网商路1号，其员工住杭州市西湖区文三路2号。",
      conclusion: "",
    };
    const { value } = redactRecord(record, DECISION_REDACTION_SPEC);
    expect(value.facts).toBe(`当事人杭州某某科技有限公司住所杭州市滨江区网商路1号，其员工住${ADDRESS_TOKEN}。`);
    expect(value.party).toEqual({ type: "legal", name: "杭州某某科技有限公司", address: "杭州市滨江区网商路1号" });

    const natural = redactRecord(
      { party: { type: "natural", name: "孙小明" }, facts: "当事人孙小明杭州市西湖区文三路2号", conclusion: "" },
      DECISION_REDACTION_SPEC,
    );
    expect(natural.value.facts).toBe(`当事人孙小明${ADDRESS_TOKEN}`);
  });

  it("never throws, logs offsets that rebuild its output, and changes nothing on a second pass", () => {
    const piece = fc.oneof(
      fc.string({ unit: "binary", maxLength: 20 }),
      fc.constantFrom(...CORPUS.map((c) => c.text)),
      accountForm.map((a) => a.cue + a.written),
      plate,
      address.map((a) => a.cue + a.full),
      obfuscatedEmail.map((e) => e.written),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 6 }), (pieces) => {
        const text = pieces.join("，");
        const once = redactText(text, "facts");
        expect(applyLog(text, once.redactions)).toBe(once.text);
        expect(publicText(once.text)).toBe(once.text);
      }),
      { numRuns: 300 },
    );
  });

  it("stays linear on long and hostile input", () => {
    const long = [
      CORPUS.map((c) => c.text)
        .join("")
        .repeat(40),
      "市".repeat(50_000),
      "住".repeat(50_000),
      "1 ".repeat(50_000),
      "1-".repeat(50_000),
      "a(at)".repeat(20_000),
      "a at b dot ".repeat(10_000),
      "路1号".repeat(20_000),
      "患有".repeat(30_000),
      "浙A".repeat(30_000),
      "1".repeat(100_000),
      "1234 ".repeat(20_000),
      `路${"1-".repeat(50_000)}`,
      `银行卡${"中".repeat(12)}`.repeat(5_000),
      `${"a.".repeat(50_000)}@`,
      "病史".repeat(40_000),
      "a(at)b(dot)".repeat(10_000),
      // thousands of different relatives, each name searched for in the whole text
      Array.from({ length: 20_000 }, (_, i) => `其妻子李${String.fromCharCode(0x4e00 + (i % 20_000))}，`).join(""),
    ];
    for (const text of long) {
      const result = redactText(text, "facts");
      expect(applyLog(text, result.redactions)).toBe(result.text);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Review of issue 12: leaks and a slow path found by a reviewer

describe("review fixes", () => {
  it("cuts kept names out of thousands of addresses without comparing every pair", () => {
    // Before: every address clause was checked against every kept occurrence, over a minute on this input (past the test timeout).
    const text = "张三路1号".repeat(16_000);
    const result = redactText(text, "facts", { keep: ["张三"] });
    expect(result.text).toBe(`张三${ADDRESS_TOKEN}`.repeat(16_000));
    expect(applyLog(text, result.redactions)).toBe(result.text);
    const numbers = "张三13800138000".repeat(16_000);
    expect(redactText(numbers, "facts", { keep: ["张三"] }).text).toBe("张三[电话已隐去]".repeat(16_000));
  });

  it("masks a bank number grouped by middle dots, slashes, dots, underscores, wide spaces or line breaks", () => {
    for (const sep of ["·", "／", "/", ".", "_", "\u3000", "\n", "-"]) {
      const number = ["6222", "0212", "3456", "7890", "128"].join(sep);
      for (const before of ["银行卡号", "转账至"]) {
        const out = publicText(`${before}${number}。`);
        expect(out, JSON.stringify(sep)).toBe(`${before}${BANK_ACCOUNT_TOKEN}。`);
      }
    }
    for (const kept of ["2026.01.02", "1,234.56元", "2026/01/02", "第1.2.3条"]) expect(publicText(kept)).toBe(kept);
  });

  it("reads seven or more Chinese numerals in a row as digits; shorter runs are words", () => {
    expect(publicText("卡号为六二二二零二一二三四五六七八九零一二八")).toBe(`卡号为${BANK_ACCOUNT_TOKEN}`);
    expect(publicText("身份证号三三零一零六一九九零零一零一一二三四")).toBe(`身份证号${ID_NUMBER_TOKEN}`);
    expect(publicText("联系一三八零零一三八零零零")).toBe(`联系${PHONE_TOKEN}`);
    expect(publicText("联系壹叁捌零零壹叁捌零零零")).toBe(`联系${PHONE_TOKEN}`);
    expect(publicText("QQ：一二三四五六七八九")).toBe(`QQ：${CONTACT_TOKEN}`);
    for (const kept of ["依据第二十八条第一款", "于二〇二六年三月一日", "一次", "一二三四五六", "第一百二十六条"]) {
      expect(publicText(kept)).toBe(kept);
    }
  });

  it("masks a mobile number in any grouping of its eleven digits", () => {
    for (const phone of ["1380 013 8000", "13800 138000", "138.0013.8000", "138·0013·8000", "138-0013-8000"]) {
      expect(publicText(`联系${phone}。`), phone).toBe(`联系${PHONE_TOKEN}。`);
    }
  });

  it("masks a QQ number written right after QQ", () => {
    expect(publicText("QQ123456789")).toBe(`QQ${CONTACT_TOKEN}`);
    expect(publicText("qq号123456789，")).toBe(`qq号${CONTACT_TOKEN}，`);
  });

  it("masks plates with a space after the province or between the characters", () => {
    for (const plate of ["浙 A12345", "浙A 123 45", "浙A·12345", "浙A 12345"]) {
      expect(publicText(`车牌${plate}。`), plate).toBe("车牌浙A1**45。");
    }
  });

  it("masks an ID number grouped 6-4-4-4 or 4-4-4-4-2 with its final X, leaving no tail", () => {
    const id = "33010619900101123" + residentIdCheckChar("33010619900101123");
    expect(id.endsWith("X")).toBe(true);
    const lower = id.toLowerCase();
    for (const written of [
      `${lower.slice(0, 6)} ${lower.slice(6, 10)} ${lower.slice(10, 14)} ${lower.slice(14)}`,
      `${id.slice(0, 4)} ${id.slice(4, 8)} ${id.slice(8, 12)} ${id.slice(12, 16)} ${id.slice(16)}`,
      `${id}x`,
    ]) {
      expect(publicText(`当事人${written}，`), written).toBe(`当事人${ID_NUMBER_TOKEN}，`);
    }
  });

  it("masks every number of a list after a bank or ID cue", () => {
    expect(publicText("卡号6222021234和5678901288")).toBe(`卡号${BANK_ACCOUNT_TOKEN}和${BANK_ACCOUNT_TOKEN}`);
    expect(publicText("账户分别为6222021234、5678901288，")).toBe(
      `账户分别为${BANK_ACCOUNT_TOKEN}、${BANK_ACCOUNT_TOKEN}，`,
    );
    expect(publicText("账户内存入人民币1234567890元和1234567890元")).toBe("账户内存入人民币1234567890元和1234567890元");
  });

  it("masks e-mails with an ideographic full stop or 艾特 and 点", () => {
    expect(publicText("邮箱 zhang@qq。com")).toBe(`邮箱 ${EMAIL_TOKEN}`);
    expect(publicText("邮箱：zhang艾特qq点com")).toBe(`邮箱：${EMAIL_TOKEN}`);
    expect(publicText("邮箱zhang 艾特 163点com，")).toBe(`邮箱${EMAIL_TOKEN}，`);
  });

  it("masks the record's own number in any grouping", () => {
    const secrets = ["13800138000", "6222021234567890", "8888888"];
    const text = "电话1380-013-8000，转入6222 02 1234 56 78 90，对方号码888-8888。";
    expect(redactText(text, "facts", { secrets }).text).not.toMatch(/\d{2}/);
    expect(publicText("转入6222 02 1234 56 78 90，对方号码888-8888。")).toContain("888-8888");
  });
});

describe("health words", () => {
  it("masks illness, disability and pregnancy wherever they stand", () => {
    for (const [text, out] of [
      ["当事人患糖尿病。", `当事人${HEALTH_TOKEN}。`],
      ["当事人系精神疾病患者，", `当事人系${HEALTH_TOKEN}，`],
      ["当事人为残疾人。", `当事人为${HEALTH_TOKEN}。`],
      ["当事人持有残疾人证，肢体二级残疾。", `当事人持有${HEALTH_TOKEN}，${HEALTH_TOKEN}。`],
      ["当事人系HIV感染者。", `当事人系${HEALTH_TOKEN}。`],
      ["当事人系艾滋病病毒感染者。", `当事人系${HEALTH_TOKEN}。`],
      ["当事人因抑郁症住院治疗。", `当事人因${HEALTH_TOKEN}。`],
      ["当事人怀孕7个月。", `当事人${HEALTH_TOKEN}。`],
    ]) {
      expect(publicText(text as string), text).toBe(out);
    }
  });

  it("keeps 患者 alone, hazards, and laws, bodies and products named after an illness", () => {
    for (const kept of [
      "药店向患者销售处方药",
      "诊所向患儿开具处方",
      "宣称涂抹患处即可治愈",
      "存在安全隐患",
      "医患纠纷",
      "依据《中华人民共和国残疾人保障法》第五十条",
      "向残疾人联合会通报",
      "《艾滋病防治条例》",
      "艾滋病检测试剂",
      "宣称可治疗糖尿病、高血压",
    ]) {
      expect(publicText(kept)).toBe(kept);
    }
  });
});

describe("relatives' names", () => {
  it("masks a name written after a kinship word, everywhere in the text", () => {
    expect(publicText("其妻子李四、儿子王小明共同经营，李四负责收银。")).toBe(
      "其妻子李某、儿子王某某共同经营，李某负责收银。",
    );
    expect(publicText("当事人之父王大明到场。")).toBe("当事人之父王某某到场。");
    expect(publicText("其母张某某在场。")).toBe("其母张某某在场。");
  });

  it("keeps the party's own name and words that are not names", () => {
    expect(redactText("孙小明之子孙小明代为签收", "facts", { keep: ["孙小明"] }).text).toBe("孙小明之子孙小明代为签收");
    for (const kept of [
      "其亲属关系已查明",
      "儿子上学",
      "父亲节促销",
      "其配偶名下的车辆",
      "某办公公司法定代表人",
      "其母公司",
    ]) {
      expect(publicText(kept)).toBe(kept);
    }
  });
});

describe("public identifiers that looked private", () => {
  it("keeps an organisation's all-digit credit code in brackets after its name when its check is valid", () => {
    const code = `91330106710987655${creditCodeCheckChar("91330106710987655")}`;
    expect(code).toMatch(/^\d{18}$/);
    expect(publicText(`杭州甲乙有限公司（${code}）`)).toBe(`杭州甲乙有限公司（${code}）`);
    expect(publicText(`杭州甲乙有限公司（统一社会信用代码${code}）`)).toBe(
      `杭州甲乙有限公司（统一社会信用代码${code}）`,
    );
    // a number failing the check is no code: masked as before
    const wrong = code.slice(0, 17) + ((Number(code[17]) + 1) % 10);
    expect(publicText(`杭州甲乙有限公司（${wrong}）`)).toBe(`杭州甲乙有限公司（${BANK_ACCOUNT_TOKEN}）`);
  });

  it("keeps batch, report, application and model numbers after their cue; the same digits alone stay masked", () => {
    const kept = [
      "抽检的产品批号20261101123456不合格",
      "检验报告编号202611010012345显示",
      "受理编号330100202600001234的申请",
      "生产批次号 2026110112345678",
    ];
    for (const text of kept) expect(publicText(text)).toBe(text);
    expect(publicText("转入20261101123456")).toBe(`转入${BANK_ACCOUNT_TOKEN}`);
  });

  it("reads a number between 第 and 条 as an article, not a phone", () => {
    expect(publicText("依据第13800138000条")).toBe("依据第13800138000条");
    expect(publicText("杭民罚决字〔2026〕第13800138000号")).toBe(`杭民罚决字〔2026〕第${PHONE_TOKEN}号`);
  });

  it("keeps an organisation's registered address whole however the text extends it", () => {
    const record = {
      party: { type: "legal", name: "杭州某某餐饮有限公司", address: "杭州市西湖区文三路100号" },
      title: "杭州某某餐饮有限公司未按规定公示案",
      facts:
        "当事人住所地浙江省杭州市西湖区文三路100号，经营场所杭州市西湖区文三路100号1楼，员工王五家住杭州市滨江区江南大道1号3幢201室。",
    };
    const facts = redactRecord(record, DECISION_REDACTION_SPEC).value.facts;
    expect(facts).toContain("住所地浙江省杭州市西湖区文三路100号，");
    expect(facts).toContain("经营场所杭州市西湖区文三路100号1楼");
    expect(facts).not.toContain("江南大道");
    const natural = { ...record, party: { ...record.party, type: "natural" } };
    expect(redactRecord(natural, DECISION_REDACTION_SPEC).value.facts).not.toContain("文三路");
  });

  it("keeps an organisation's 住所 after 当事人 or its name even when the record holds no address", () => {
    const record = {
      party: { type: "legal", name: "杭州某某有限公司", legalRepresentative: "王大明" },
      facts:
        "当事人杭州某某有限公司（统一社会信用代码：91330106MA2B3C4D5E）住所地杭州市西湖区文三路100号。" +
        "当事人住所：杭州市西湖区文一路1号。法定代表人王大明住所地杭州市滨江区江南大道1号3幢201室。",
    };
    const facts = redactRecord(record, DECISION_REDACTION_SPEC).value.facts;
    expect(facts).toContain("住所地杭州市西湖区文三路100号。");
    expect(facts).toContain("当事人住所：杭州市西湖区文一路1号。");
    expect(facts).toContain(`王大明住所地${ADDRESS_TOKEN}`);
    const natural = { ...record, party: { type: "natural", name: "张三" } };
    expect(redactRecord(natural, DECISION_REDACTION_SPEC).value.facts).not.toMatch(/文三路|文一路|江南大道/);
  });
});

describe("feedback shown to the public", () => {
  it("never shows the sender's contact, in any form", () => {
    const contact = "张先生 13800138000 zhang_san@example.com";
    const reply = "张先生您好，已致电1380-013-8000，并回复至zhang_san＠example。com。";
    const out = publicContent(reply, contact);
    expect(out).not.toContain("张先生");
    expect(compact(out)).not.toMatch(/13800138000|zhang/);
    expect(publicContent("您反映的问题已转交", contact)).toBe("您反映的问题已转交");
    expect(contactSecrets("电话：13800138000")).toEqual(["电话:13800138000", "13800138000"]);
    // a contact written as a local number only the field knows about
    expect(publicContent("请拨打888-8888咨询", "8888888")).not.toContain("888-8888");
  });
});
