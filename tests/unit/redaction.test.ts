import { describe, expect, it } from "vitest";
import { creditCodeCheckChar } from "../../shared/credit-code.js";
import {
  BANK_ACCOUNT_TOKEN,
  DECISION_REDACTION_SPEC,
  EMAIL_TOKEN,
  ID_NUMBER_TOKEN,
  ADDRESS_TOKEN,
  PERSONAL_VALUE_TOKEN,
  PHONE_TOKEN,
  containsPersonalData,
  isValidResidentId,
  maskName,
  redactRecord,
  redactText,
  residentIdCheckChar,
  type Redaction,
  type RecordRedactionSpec,
} from "../../shared/redaction.js";
import { seededRandom } from "../../shared/seeded-random.js";

// ---------------------------------------------------------------------------------------------
// Independent references

/** GB 11643: weight of position i (1-based from the left) is 2^(18-i) mod 11; check = (12 - S mod 11) mod 11. */
function referenceIdCheck(first17: string): string {
  let sum = 0;
  for (let i = 1; i <= 17; i++) sum += Number(first17.charAt(i - 1)) * (2 ** (18 - i) % 11);
  const check = (12 - (sum % 11)) % 11;
  return check === 10 ? "X" : String(check);
}

function referenceLuhn(digits: string): boolean {
  let sum = 0;
  [...digits].reverse().forEach((c, i) => {
    const d = Number(c) * (i % 2 === 1 ? 2 : 1);
    sum += Math.floor(d / 10) + (d % 10);
  });
  return sum % 10 === 0;
}

function luhnComplete(partial: string): string {
  for (let d = 0; d <= 9; d++) if (referenceLuhn(partial + d)) return partial + d;
  throw new Error("unreachable");
}

function digits(rand: () => number, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += Math.floor(rand() * 10);
  return s;
}

const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)];

// ---------------------------------------------------------------------------------------------
// Fixtures

function makeId(region: string, birth: string, seq: string): string {
  const first17 = region + birth + seq;
  return first17 + residentIdCheckChar(first17);
}

/** The first ID built from region and birth date whose sequence number satisfies `wanted`. */
function idWhere(region: string, birth: string, wanted: (id: string) => boolean): string {
  for (let n = 100; n < 1000; n++) {
    const id = makeId(region, birth, String(n));
    if (wanted(id)) return id;
  }
  throw new Error("no such ID");
}

const ID = idWhere("330106", "19900101", (id) => /\d$/.test(id) && !referenceLuhn(id));
const ID_X = idWhere("110105", "19491231", (id) => id.endsWith("X"));
const ID_LEGACY = "330106900101123";
const CARD16 = luhnComplete("622202123456789");
const CARD19 = luhnComplete("623456789012345678");
const MOBILE = "13800138000";

const group4 = (s: string, sep = " "): string => s.match(/.{1,4}/g)!.join(sep);

function slices(text: string, redactions: readonly Redaction[]): string[] {
  return redactions.map((r) => text.slice(r.start, r.end));
}

/** Rebuilds the output from the original and the log: the offsets must be exact for this to hold. */
function applyLog(text: string, redactions: readonly Redaction[]): string {
  let out = "";
  let at = 0;
  for (const r of redactions) {
    expect(r.start).toBeGreaterThanOrEqual(at);
    out += text.slice(at, r.start) + r.replacement;
    at = r.end;
  }
  return out + text.slice(at);
}

function expectUnchanged(text: string): void {
  const result = redactText(text, "facts");
  expect(result.redactions, text).toEqual([]);
  expect(result.text).toBe(text);
  expect(containsPersonalData(text), text).toBe(false);
}

// ---------------------------------------------------------------------------------------------

describe("fixtures", () => {
  it("are what they claim to be", () => {
    expect(ID).toMatch(/^\d{18}$/);
    expect(ID_X).toMatch(/^\d{17}X$/);
    expect(referenceLuhn(CARD16) && CARD16.length === 16).toBe(true);
    expect(referenceLuhn(CARD19) && CARD19.length === 19).toBe(true);
  });
});

describe("residentIdCheckChar", () => {
  const sut = residentIdCheckChar;

  it("matches an independent implementation of GB 11643 over random prefixes", () => {
    const rand = seededRandom(11643);
    for (let n = 0; n < 500; n++) {
      const first17 = digits(rand, 17);
      expect(sut(first17), first17).toBe(referenceIdCheck(first17));
    }
  });

  it("computes the check characters of the standard's examples", () => {
    expect(sut("11010519491231002")).toBe("X");
    expect(sut("44052418800101001")).toBe("4");
  });

  it("produces every check character 0-9 and X", () => {
    const seen = new Set<string>();
    for (let n = 100; n < 1000; n++) seen.add(sut(`33010619900101${n}`));
    expect([...seen].sort()).toEqual([..."0123456789X"].sort());
  });

  it.each(["", "1101051949123100", "110105194912310021", "1101051949123100X", "11010519491231 02"])(
    "rejects %j, which is not 17 digits",
    (bad) => {
      expect(() => sut(bad)).toThrow(RangeError);
    },
  );
});

describe("isValidResidentId", () => {
  const sut = isValidResidentId;

  it("accepts IDs built with the check character, including X in either case", () => {
    expect(sut(ID)).toBe(true);
    expect(sut("11010519491231002X")).toBe(true);
    expect(sut("11010519491231002x")).toBe(true);
    expect(sut(ID_X)).toBe(true);
  });

  it("rejects every other check character", () => {
    for (const id of [ID, ID_X]) {
      for (const c of "0123456789X") {
        if (c === id[17]) continue;
        expect(sut(id.slice(0, 17) + c), id.slice(0, 17) + c).toBe(false);
      }
    }
  });

  it.each(["19900230", "19901301", "19900001", "19900100", "19000229", "18991231", "20990101"])(
    "rejects the impossible or implausible birth date %s even with a right check character",
    (birth) => {
      expect(sut(makeId("330106", birth, "123"))).toBe(false);
    },
  );

  it("rejects the standard's 1880 example: birth dates start in 1900", () => {
    expect(sut("440524188001010014")).toBe(false);
  });

  it.each(["19000101", "20000229", "20240229", "19491231"])("accepts the birth date %s", (birth) => {
    expect(sut(makeId("330106", birth, "123"))).toBe(true);
  });

  it("bounds the birth date by today in China (UTC+8)", () => {
    const id = makeId("330106", "20260301", "123");
    expect(sut(id, new Date("2026-02-28T17:00:00Z"))).toBe(true);
    expect(sut(id, new Date("2026-02-28T15:00:00Z"))).toBe(false);
    expect(sut(id, new Date("2026-03-02T00:00:00Z"))).toBe(true);
  });

  it("accepts 15-digit legacy IDs with a valid 19YYMMDD date", () => {
    expect(sut(ID_LEGACY)).toBe(true);
    expect(sut("110105491231002")).toBe(true);
    expect(sut("330106901301123")).toBe(false);
    expect(sut("330106900230123")).toBe(false);
  });

  it.each([
    "",
    "33010619900101123",
    "3301061990010112345",
    "030106199001011234",
    "91350100M000100Y43",
    "91440300708461136T",
    "3301061990010112X4",
    " 33010619900101123X",
  ])("rejects %j by shape", (bad) => {
    expect(sut(bad)).toBe(false);
  });
});

describe("redactText: resident ID numbers", () => {
  const sut = redactText;

  it("masks an ID inside a Chinese sentence with no spaces around it", () => {
    const text = `身份证号码${ID}住杭州市西湖区`;
    const result = sut(text, "facts");
    expect(result.text).toBe(`身份证号码${ID_NUMBER_TOKEN}住杭州市西湖区`);
    expect(result.redactions).toEqual([
      { rule: "id-number", field: "facts", start: 5, end: 23, replacement: ID_NUMBER_TOKEN },
    ]);
    expect(slices(text, result.redactions)).toEqual([ID]);
  });

  it.each([
    ["ending in X", ID_X],
    ["ending in lowercase x", ID_X.toLowerCase()],
    ["grouped 6-8-4 with spaces", `${ID.slice(0, 6)} ${ID.slice(6, 14)} ${ID.slice(14)}`],
    ["grouped 6-8-4 with hyphens", `${ID_X.slice(0, 6)}-${ID_X.slice(6, 14)}-${ID_X.slice(14)}`],
    ["in full-width digits", [...ID].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join("")],
    ["15-digit legacy", ID_LEGACY],
  ])("masks an ID %s", (_, id) => {
    const text = `当事人（公民身份号码${id}）`;
    const result = sut(text, "facts");
    expect(result.text).toBe(`当事人（公民身份号码${ID_NUMBER_TOKEN}）`);
    expect(result.redactions.map((r) => r.rule)).toEqual(["id-number"]);
    expect(slices(text, result.redactions)).toEqual([id]);
  });

  it("masks an ID-shaped number whatever its check character: a mistyped ID is still a person's ID", () => {
    for (const c of "0123456789X") {
      const number = ID.slice(0, 17) + c;
      const text = `编号${number}。`;
      const result = sut(text, "facts");
      expect(result.text, number).toBe(`编号${ID_NUMBER_TOKEN}。`);
      expect(result.redactions.map((r) => r.rule)).toEqual(["id-number"]);
    }
  });

  it("masks any 15-18 character number after an ID cue, as an ID", () => {
    for (const number of ["440524188001010014", "33010619901301123X", "330106901301123"]) {
      expect(sut(`公民身份号码：${number}。`, "facts").text, number).toBe(`公民身份号码：${ID_NUMBER_TOKEN}。`);
      expect(sut(`身份证号${number}，`, "facts").redactions.map((r) => r.rule)).toEqual(["id-number"]);
    }
  });

  it.each(["19900230", "19901301", "18991231", "20990101"])(
    "masks a number with the impossible birth date %s as a bank account, not an ID",
    (birth) => {
      const number = idWhere("330106", birth, (id) => !id.endsWith("X") && !referenceLuhn(id));
      const result = sut(`编号${number}，`, "facts");
      expect(result.text).toBe(`编号${BANK_ACCOUNT_TOKEN}，`);
      expect(result.redactions.map((r) => r.rule)).toEqual(["bank-card"]);
    },
  );

  it("leaves a 15-digit 注册号 after its cue alone", () => {
    expectUnchanged("注册号330106901301123，");
    expectUnchanged("工商注册号：330106900230123，");
  });

  it("does not mask an ID inside a longer 案号 written after its cue", () => {
    expectUnchanged(`案号1234${ID}号`);
    expectUnchanged(`案号${ID}00号`);
  });

  it("masks a longer digit run holding an ID whole, never a part of it", () => {
    const text = `流水${ID}00号`;
    const result = sut(text, "facts");
    expect(result.text).toBe(`流水${BANK_ACCOUNT_TOKEN}号`);
    expect(slices(text, result.redactions)).toEqual([`${ID}00`]);
  });

  it("leaves 18-character 统一社会信用代码 with letters alone", () => {
    const ownCode = "91330106MA2B3C4D5" + creditCodeCheckChar("91330106MA2B3C4D5");
    for (const code of [ownCode, "91350100M000100Y43", "91440300708461136T"]) {
      expectUnchanged(`统一社会信用代码${code}，`);
      expectUnchanged(`统一社会信用代码：${code}`);
    }
  });

  it("labels an ID that also passes the Luhn check as an ID, in one redaction", () => {
    const both = idWhere("330106", "19850615", (id) => !id.endsWith("X") && referenceLuhn(id));
    const result = sut(`号码${both}。`, "facts");
    expect(result.redactions).toEqual([
      { rule: "id-number", field: "facts", start: 2, end: 20, replacement: ID_NUMBER_TOKEN },
    ]);
  });
});

describe("redactText: mobile numbers", () => {
  const sut = redactText;

  it.each([
    MOBILE,
    "138 0013 8000",
    "138-0013-8000",
    "+86 13800138000",
    "+8613800138000",
    "+86-138-0013-8000",
    "86 13800138000",
    "8613800138000",
    "0086 13800138000",
    "0086-138-0013-8000",
    "(+86)13800138000",
    "（+86）138 0013 8000",
    "１３８００１３８０００",
    "１３８－００１３－８０００",
  ])("masks %s between Chinese characters", (mobile) => {
    const text = `当事人手机${mobile}，已到案`;
    const result = sut(text, "facts");
    expect(result.text).toBe(`当事人手机${PHONE_TOKEN}，已到案`);
    expect(result.redactions).toEqual([
      { rule: "mobile", field: "facts", start: 5, end: 5 + mobile.length, replacement: PHONE_TOKEN },
    ]);
    expect(slices(text, result.redactions)).toEqual([mobile]);
  });

  it("masks every second digit from 3 to 9", () => {
    for (const second of "3456789") {
      const mobile = `1${second}912345678`;
      expect(sut(`电${mobile}话`, "f").text).toBe(`电${PHONE_TOKEN}话`);
    }
  });

  it.each(["12800138000", "10800138000", "11800138000"])("leaves %s alone: 1[0-2]X is no mobile prefix", (number) => {
    expectUnchanged(`编号${number}号`);
  });

  it.each(["138001380001", "2013800138000", "33010620261380013800", "202611380013800012001", "20261126138001380000"])(
    "masks the whole digit run %s (12-30 digits: an account), never a phone inside it",
    (run) => {
      expectUnchanged(`案号${run}号`);
      const result = sut(`流水${run}号`, "facts");
      expect(result.text).toBe(`流水${BANK_ACCOUNT_TOKEN}号`);
      expect(result.redactions.map((r) => [r.rule, r.start, r.end])).toEqual([["bank-card", 2, 2 + run.length]]);
    },
  );

  it("does not partially mask a ten-digit run", () => {
    expectUnchanged("1380013800");
  });

  it("masks several numbers and numbers next to letters without digits", () => {
    const text = "手机13800138000/13900139000，Tel13700137000";
    const result = sut(text, "facts");
    expect(result.text).toBe(`手机${PHONE_TOKEN}/${PHONE_TOKEN}，Tel${PHONE_TOKEN}`);
    expect(slices(text, result.redactions)).toEqual(["13800138000", "13900139000", "13700137000"]);
  });

  it("does not mask a mobile-looking run inside a code that mixes letters and digits", () => {
    expectUnchanged("批号A1B13800138000");
    expectUnchanged("91330106MA13800138000");
    expectUnchanged("批号13800138000MA2B");
    expectUnchanged("批号13800138000AB1。");
  });

  it("masks a separate token after a hyphen or a space", () => {
    expect(sut("2026-13800138000", "f").text).toBe(`2026-${PHONE_TOKEN}`);
    expect(sut("2026 13800138000", "f").text).toBe(`2026 ${PHONE_TOKEN}`);
  });

  it("masks the 11-digit run of a 文书号 (documented: a false negative would leak a phone)", () => {
    const text = "杭民罚决字〔2026〕第13800138000号";
    const result = sut(text, "facts");
    expect(result.text).toBe(`杭民罚决字〔2026〕第${PHONE_TOKEN}号`);
    expect(slices(text, result.redactions)).toEqual([MOBILE]);
    expect(sut("浙民罚〔2026〕13800138000号", "f").text).toBe(`浙民罚〔2026〕${PHONE_TOKEN}号`);
  });

  it("masks a phone before 元旦 (New Year's Day), which is not money", () => {
    expect(sut("手机13800138000元旦期间关机", "f").text).toBe(`手机${PHONE_TOKEN}元旦期间关机`);
  });
});

describe("redactText: landlines", () => {
  const sut = redactText;

  it.each([
    "0571-87654321",
    "(010)12345678",
    "（010）12345678",
    "0571 8765 4321 转 123",
    "0571 8765 4321转123",
    "0571-87654321-123",
    "0571-87654321 ext 123",
    "0571-87654321分机8",
    "057187654321",
    "01012345678",
    "020-8765-4321",
    "0571-8765432",
    "+86 571 8765 4321",
    "+86-10-12345678",
    "０５７１－８７６５４３２１",
  ])("masks %s", (landline) => {
    const text = `，拨打${landline}后`;
    const result = sut(text, "facts");
    expect(result.text).toBe(`，拨打${PHONE_TOKEN}后`);
    expect(result.redactions.map((r) => r.rule)).toEqual(["landline"]);
    expect(slices(text, result.redactions)).toEqual([landline]);
  });

  it.each(["联系电话：87654321", "电话为 8765 4321", "座机87654321", "Tel: 8765-4321", "传真号码8765432"])(
    "masks a local number without area code right after a phone keyword: %s",
    (text) => {
      const result = sut(text, "facts");
      expect(result.text.endsWith(PHONE_TOKEN), result.text).toBe(true);
      expect(result.redactions.map((r) => r.rule)).toEqual(["landline"]);
      expect(slices(text, result.redactions)[0]).toMatch(/^[\d -]+$/);
    },
  );

  it.each([
    "客服电话400-820-8820",
    "电话：4008208820",
    "拨打800-810-8888",
    "服务热线95588",
    "12345市民热线",
    "拨打110报警",
    "87654321件",
    "0123-4567890",
    "电话2026年停机",
  ])("leaves service numbers and non-phones alone: %s", (text) => {
    expectUnchanged(text);
  });
});

describe("redactText: bank cards", () => {
  const sut = redactText;

  it.each([
    ["16 digits", CARD16],
    ["16 digits in spaced groups", group4(CARD16)],
    ["16 digits in hyphenated groups", group4(CARD16, "-")],
    ["19 digits", CARD19],
    ["19 digits in spaced groups", group4(CARD19)],
    ["19 digits in hyphenated groups", group4(CARD19, "-")],
    ["17 digits", luhnComplete("6222021234567890")],
    ["18 digits", luhnComplete("62220212345678901")],
  ])("masks a Luhn-valid card of %s", (_, card) => {
    const text = `当事人银行卡${card}收款`;
    const result = sut(text, "facts");
    expect(result.text).toBe(`当事人银行卡${BANK_ACCOUNT_TOKEN}收款`);
    expect(result.redactions.map((r) => r.rule)).toEqual(["bank-card"]);
    expect(slices(text, result.redactions)).toEqual([card]);
  });

  it("masks Luhn-invalid 16-19 digit numbers too, plain or grouped, with or without a cue", () => {
    for (const card of [CARD16, CARD19, luhnComplete("6222021234567890")]) {
      const last = Number(card.at(-1));
      const wrong = card.slice(0, -1) + ((last + 1) % 10);
      expect(referenceLuhn(wrong)).toBe(false);
      for (const written of [wrong, group4(wrong), group4(wrong, "-")]) {
        for (const before of ["编号", "银行卡", "", "卡号："]) {
          const text = `${before}${written}收款`;
          const result = sut(text, "facts");
          expect(result.text, text).toBe(`${before}${BANK_ACCOUNT_TOKEN}收款`);
          expect(result.redactions.map((r) => r.rule)).toEqual(["bank-card"]);
        }
      }
    }
  });

  it("masks a card inside a longer digit run as one account, never leaving a part", () => {
    for (const run of [`${CARD16}0000`, `9${CARD19}`]) {
      const text = `流水号${run}号`;
      const result = sut(text, "facts");
      expect(result.text).toBe(`流水号${BANK_ACCOUNT_TOKEN}号`);
      expect(slices(text, result.redactions)).toEqual([run]);
    }
  });

  it.each([
    ["对公账户：12020212099000123456", "12020212099000123456"],
    ["银行账号为 1202 0212 0990 0012 345", "1202 0212 0990 0012 345"],
    ["卡号1234567890", "1234567890"],
  ])("masks any account number right after an account keyword: %s", (text, account) => {
    expect(referenceLuhn(account.replace(/ /g, ""))).toBe(false);
    const result = sut(text, "facts");
    expect(result.redactions.map((r) => r.rule)).toEqual(["bank-card"]);
    expect(slices(text, result.redactions)).toEqual([account]);
  });

  it("leaves amounts after an account keyword alone", () => {
    expectUnchanged("账户余额20000元");
    expectUnchanged("账户内存入人民币1234567890元");
  });

  it("labels a merged span by its longest match even when a shorter one starts first", () => {
    const card = luhnComplete(`8000${digits(seededRandom(2), 11)}`);
    const text = `138 0013 ${group4(card)}`;
    const result = sut(`号码${text}。`, "facts");
    expect(result.redactions).toEqual([
      { rule: "bank-card", field: "facts", start: 2, end: 2 + text.length, replacement: BANK_ACCOUNT_TOKEN },
    ]);
  });

  it("merges a card overlapping a phone into one redaction over both", () => {
    const rand = seededRandom(1);
    const head = digits(rand, 15);
    let card = "";
    for (let d = 0; d <= 9 && card === ""; d++) if (referenceLuhn(`${head}${d}138`)) card = `${head}${d}138`;
    expect(sut("138 0013 8000", "f").redactions.map((r) => r.rule)).toEqual(["mobile"]);
    const text = `${group4(card)} 0013 8000`;
    const result = sut(`转入${text}。`, "facts");
    expect(result.text).toBe(`转入${BANK_ACCOUNT_TOKEN}。`);
    expect(result.redactions).toEqual([
      { rule: "bank-card", field: "facts", start: 2, end: 2 + text.length, replacement: BANK_ACCOUNT_TOKEN },
    ]);
  });
});

describe("redactText: e-mail", () => {
  const sut = redactText;

  it.each(["zhang.san+case@example.com.cn", "li_si@163.com", "WANG-WU@EXAMPLE.ORG", "a@b-c.io", "zhang＠example.com"])(
    "masks %s",
    (email) => {
      const text = `邮箱${email}，`;
      const result = sut(text, "facts");
      expect(result.text).toBe(`邮箱${EMAIL_TOKEN}，`);
      expect(result.redactions.map((r) => r.rule)).toEqual(["email"]);
      expect(slices(text, result.redactions)).toEqual([email]);
    },
  );

  it("keeps a sentence-ending full stop out of the address", () => {
    expect(sut("发至li@example.com.", "f").text).toBe(`发至${EMAIL_TOKEN}.`);
  });

  it("labels an address made of a phone number as one e-mail", () => {
    const text = "QQ邮箱13800138000@qq.com";
    const result = sut(text, "facts");
    expect(result.text).toBe(`QQ邮箱${EMAIL_TOKEN}`);
    expect(result.redactions).toHaveLength(1);
    expect(result.redactions[0]?.rule).toBe("email");
    expect(slices(text, result.redactions)).toEqual(["13800138000@qq.com"]);
  });

  it.each(["@张三", "a@b", "张三@杭州", "user@localhost", "微博@市场监管"])("leaves %s alone", (text) => {
    expectUnchanged(text);
  });
});

describe("redactText: what must survive", () => {
  const creditCode = "91330106MA2B3C4D5" + creditCodeCheckChar("91330106MA2B3C4D5");

  it.each([
    "2026-11-26",
    "2026年11月26日",
    "2026/11/26 13:45:00",
    "20261126",
    "人民币20000元",
    "2.5万元",
    "罚款人民币18228000000元",
    "罚款人民币 13800138000 元",
    "￥13800138000",
    "¥ 13800138000",
    "13800138000.50元",
    "系数0.13800138000",
    "罚款人民币13800138000，",
    "13800138000万元",
    "销售额增长13800138000%",
    "1,380,013,800元",
    `统一社会信用代码${creditCode}`,
    "案号33010620261126000123",
    "（2026）浙0106行初138号",
    "杭民罚决字〔2026〕第138号",
    "邮政编码310000",
    "第3.2条",
    "IP 192.168.1.1",
    "",
  ])("leaves %j unchanged", (text) => {
    expectUnchanged(text);
  });

  it("leaves the replacement tokens themselves alone", () => {
    expectUnchanged([ID_NUMBER_TOKEN, PHONE_TOKEN, BANK_ACCOUNT_TOKEN, EMAIL_TOKEN].join("，"));
  });
});

describe("redactText: marked names", () => {
  const sut = redactText;

  it("masks every occurrence of each marked name", () => {
    const text = "证人张三称，欧阳娜娜与张三同行。";
    const result = sut(text, "facts", { names: ["张三", "欧阳娜娜"] });
    expect(result.text).toBe("证人张某称，欧某某某与张某同行。");
    expect(result.redactions.map((r) => [r.rule, r.replacement])).toEqual([
      ["marked-name", "张某"],
      ["marked-name", "欧某某某"],
      ["marked-name", "张某"],
    ]);
    expect(slices(text, result.redactions)).toEqual(["张三", "欧阳娜娜", "张三"]);
  });

  it("never masks a kept name, even when it is also marked", () => {
    const result = sut("当事人王五与张三", "facts", { names: ["王五", "张三"], keep: ["王五"] });
    expect(result.text).toBe("当事人王五与张某");
  });

  it("does not mask a marked name inside an occurrence of a kept one", () => {
    const result = sut("张三丰和张三", "facts", { names: ["张三"], keep: ["张三丰"] });
    expect(result.text).toBe("张三丰和张某");
    expect(result.redactions.map((r) => r.start)).toEqual([4]);
  });

  it("masks a longer name whole when a shorter marked name is its prefix", () => {
    const result = sut("欧阳娜娜到场", "facts", { names: ["欧阳", "欧阳娜娜"] });
    expect(result.text).toBe("欧某某某到场");
    expect(result.redactions).toHaveLength(1);
  });

  it("lets a number, not an overlapping marked name, label the span (a name mask keeps a first character)", () => {
    const text = "电话13800138000张三丰和李四及其同事王五";
    const result = sut(text, "facts", { names: ["000张三丰和李四及其同事王五"] });
    expect(result.text).toBe(`电话${PHONE_TOKEN}`);
    expect(result.redactions.map((r) => [r.rule, r.start, r.end])).toEqual([["mobile", 2, text.length]]);
  });

  it("ignores empty marked names", () => {
    expectUnchanged("张三到场");
    expect(sut("张三到场", "f", { names: ["", "  "] }).text).toBe("张三到场");
  });

  it("masks a name and an adjacent number separately", () => {
    const text = "张三13800138000";
    const result = sut(text, "facts", { names: ["张三"] });
    expect(result.text).toBe(`张某${PHONE_TOKEN}`);
    expect(slices(text, result.redactions)).toEqual(["张三", MOBILE]);
  });

  it("keeps any kept string from every rule", () => {
    const code = (() => {
      for (let n = 100000000; ; n++) {
        const first17 = `91330106${n}`;
        const check = creditCodeCheckChar(first17);
        const code = first17 + check;
        if (/^\d{18}$/.test(code) && referenceLuhn(code) && !isValidResidentId(code)) return code;
      }
    })();
    const text = `供货商代码${code}。`;
    expect(sut(text, "facts").redactions.map((r) => r.rule)).toEqual(["bank-card"]);
    expect(sut(text, "facts", { keep: [code] }).text).toBe(text);
    // after its own cue the code is a public identifier, kept or not
    expectUnchanged(`供货商统一社会信用代码${code}。`);
  });
});

describe("maskName", () => {
  const sut = maskName;

  it.each([
    ["张三", "张某"],
    ["欧阳娜娜", "欧某某某"],
    ["李", "某"],
    ["𠀀三", "𠀀某"],
    ["Tom", "T某某"],
  ])("masks %s as %s", (name, masked) => {
    expect(sut(name)).toBe(masked);
  });
});

describe("redactText: offsets", () => {
  it("point exactly at the original substrings in a mixed paragraph", () => {
    const card = group4(CARD19);
    const text =
      `当事人王五（身份证号码${ID}，手机+86 138-0013-8000，住宅电话（0571）87654321转8），` +
      `于2026年3月1日通过银行卡${card}收取货款人民币20000元，并以邮箱wang.wu@example.com与证人张三联系。` +
      `张三的身份证号${ID_X}。`;
    const result = redactText(text, "facts", { names: ["张三", "王五"], keep: ["王五"] });
    expect(slices(text, result.redactions)).toEqual([
      ID,
      "+86 138-0013-8000",
      "（0571）87654321转8",
      card,
      "wang.wu@example.com",
      "张三",
      "张三",
      ID_X,
    ]);
    expect(result.redactions.map((r) => r.rule)).toEqual([
      "id-number",
      "mobile",
      "landline",
      "bank-card",
      "email",
      "marked-name",
      "marked-name",
      "id-number",
    ]);
    expect(result.redactions.every((r) => r.field === "facts")).toBe(true);
    expect(applyLog(text, result.redactions)).toBe(result.text);
    expect(result.text).toContain("当事人王五");
    expect(result.text).toContain("人民币20000元");
    expect(result.text).toContain("2026年3月1日");
    expect(containsPersonalData(result.text)).toBe(false);
  });
});

describe("redactText: long input", () => {
  it("stays linear on long Latin and digit runs", () => {
    const text = `${"a".repeat(60_000)} ${MOBILE} ${"1".repeat(60_000)} ${"ab.".repeat(20_000)}`;
    const started = performance.now();
    const result = redactText(text, "facts");
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(slices(text, result.redactions)).toContain(MOBILE);
  });
});

describe("containsPersonalData", () => {
  const sut = containsPersonalData;

  it.each([ID, ID_LEGACY, MOBILE, "0571-87654321", CARD16, "li@example.com"])("finds %s", (value) => {
    expect(sut(`内容${value}。`)).toBe(true);
  });

  it("finds marked names only when given", () => {
    expect(sut("证人张三")).toBe(false);
    expect(sut("证人张三", { names: ["张三"] })).toBe(true);
  });

  it("finds nothing in clean text", () => {
    expect(sut("当事人于2026年11月26日被处以罚款人民币20000元。")).toBe(false);
  });
});

describe("redactText: random values in random text", () => {
  // No digits, Latin letters, money words (元 万 亿 人民币) or extension words (转) in the filler.
  const FILLER = "当事人于在市区路号经营场所销售违法产品被查获并处罚款没收所得责令改正和的了是其，。：；、（）《》";
  const MOBILE_FORMATS = [
    (m: string) => m,
    (m: string) => `${m.slice(0, 3)} ${m.slice(3, 7)} ${m.slice(7)}`,
    (m: string) => `${m.slice(0, 3)}-${m.slice(3, 7)}-${m.slice(7)}`,
    (m: string) => `+86 ${m}`,
    (m: string) => `+86${m}`,
    (m: string) => `86${m}`,
    (m: string) => `0086-${m}`,
    (m: string) => `(+86)${m}`,
  ];

  function filler(rand: () => number): string {
    let s = "";
    for (let n = Math.floor(rand() * 12); n > 0; n--) s += pick(rand, [...FILLER]);
    return s;
  }

  function randomValue(rand: () => number): { value: string; core: string } {
    switch (Math.floor(rand() * 4)) {
      case 0: {
        const date = new Date(Date.UTC(1900, 0, 1) + Math.floor(rand() * 125 * 365.25) * 86_400_000);
        const birth = date.toISOString().slice(0, 10).replace(/-/g, "");
        const id = makeId(`${1 + Math.floor(rand() * 9)}${digits(rand, 5)}`, birth, digits(rand, 3));
        const value = rand() < 0.5 ? id.toLowerCase() : id;
        return { value, core: id.slice(0, 17) };
      }
      case 1: {
        const pad2 = (n: number): string => String(n).padStart(2, "0");
        const birth = digits(rand, 2) + pad2(1 + Math.floor(rand() * 12)) + pad2(1 + Math.floor(rand() * 28));
        const id = `${1 + Math.floor(rand() * 9)}${digits(rand, 5)}${birth}${digits(rand, 3)}`;
        return { value: id, core: id };
      }
      case 2: {
        const mobile = `1${3 + Math.floor(rand() * 7)}${digits(rand, 9)}`;
        return { value: pick(rand, MOBILE_FORMATS)(mobile), core: mobile };
      }
      default: {
        const card = luhnComplete(`${1 + Math.floor(rand() * 9)}${digits(rand, 14 + Math.floor(rand() * 4))}`);
        const value = pick(rand, [card, group4(card), group4(card, "-")]);
        return { value, core: card };
      }
    }
  }

  it("never leaves an ID, mobile or card in the output (500 cases)", () => {
    const rand = seededRandom(20260301);
    for (let n = 0; n < 500; n++) {
      const values = [randomValue(rand), randomValue(rand)];
      const text = filler(rand) + values[0].value + filler(rand) + "。" + values[1].value + filler(rand);
      const result = redactText(text, "facts");
      const label = `case ${n}: ${text}`;
      for (const { value, core } of values) {
        expect(result.text, label).not.toContain(value);
        expect(result.text, label).not.toContain(core);
        expect(slices(text, result.redactions), label).toContain(value);
      }
      expect(result.redactions, label).toHaveLength(2);
      expect(containsPersonalData(result.text), label).toBe(false);
      expect(applyLog(text, result.redactions), label).toBe(result.text);
    }
  });

  it("masks a longer digit run holding a mobile-looking substring whole, never a part (500 cases)", () => {
    const rand = seededRandom(42);
    for (let n = 0; n < 500; n++) {
      const length = pick(rand, [12, 13, 14, 20, 22, 25, 30]);
      const mobile = `1${3 + Math.floor(rand() * 7)}${digits(rand, 9)}`;
      const at = Math.floor(rand() * (length - 11 + 1));
      const run = (
        `${1 + Math.floor(rand() * 9)}${digits(rand, length)}`.slice(0, at) +
        mobile +
        digits(rand, length)
      ).slice(0, length);
      const fixed = run[0] === "0" ? `9${run.slice(1)}` : run;
      const before = filler(rand);
      const text = before + fixed + filler(rand);
      const result = redactText(text, "facts");
      expect(slices(text, result.redactions), text).toEqual([fixed]);
      expect(result.text).toBe(text.replace(fixed, BANK_ACCOUNT_TOKEN));
    }
  });

  it("masks an 18-digit number with a wrong check digit as an ID (500 cases)", () => {
    const rand = seededRandom(7);
    for (let n = 0; n < 500; n++) {
      const id = makeId(`${1 + Math.floor(rand() * 9)}${digits(rand, 5)}`, "19800515", digits(rand, 3));
      const wrong =
        id.slice(0, 17) +
        pick(
          rand,
          [..."0123456789X"].filter((c) => c !== id[17]),
        );
      const result = redactText(`号${wrong}号`, "facts");
      expect(result.redactions.map((r) => r.rule)).toEqual(["id-number"]);
      expect(result.text).toBe(`号${ID_NUMBER_TOKEN}号`);
    }
  });
});

describe("redactRecord", () => {
  const sut = redactRecord;
  const spec = DECISION_REDACTION_SPEC;

  function deepFreeze<T>(value: T): T {
    if (typeof value === "object" && value !== null) {
      for (const inner of Object.values(value)) deepFreeze(inner);
      Object.freeze(value);
    }
    return value;
  }

  const natural = () => ({
    number: "杭市监罚〔2026〕15号",
    party: {
      type: "natural",
      name: "王五",
      idNumber: ID,
      address: "杭州市西湖区文三路1号",
      phone: MOBILE,
      email: "wang@example.com",
      bankAccount: CARD16,
      health: "高血压",
    },
    facts: `当事人王五（身份证号码${ID}，手机${MOBILE}）销售过期食品，证人张三（电话0571-87654321）证实。`,
    conclusion: "对王五罚款人民币20000元。张三无责任。",
    penalty: { amount: 20000 },
  });

  it("states the decision spec once", () => {
    expect(spec.party).toBe("party");
    expect([...spec.drop.natural].sort()).toEqual(
      ["address", "bankAccount", "creditCode", "email", "health", "idNumber", "phone"].sort(),
    );
    expect([...spec.drop.individual].sort()).toEqual(
      ["address", "bankAccount", "email", "health", "idNumber", "phone"].sort(),
    );
    expect([...spec.drop.legal].sort()).toEqual(["bankAccount", "email", "phone"]);
    expect(spec.keep.natural).toEqual(["name"]);
    expect(spec.freeText).toEqual(expect.arrayContaining(["facts", "conclusion"]));
  });

  it("drops a natural person's personal fields, masks free text and keeps the party's name", () => {
    const record = natural();
    const { value, redactions } = sut(record, spec, { names: ["张三", "王五"] });
    expect(value.party).toEqual({ type: "natural", name: "王五" });
    expect(value.facts).toBe(
      `当事人王五（身份证号码${ID_NUMBER_TOKEN}，手机${PHONE_TOKEN}）销售过期食品，证人张某（电话${PHONE_TOKEN}）证实。`,
    );
    expect(value.conclusion).toBe("对王五罚款人民币20000元。张某无责任。");
    expect(value.number).toBe(record.number);
    expect(value.penalty).toEqual({ amount: 20000 });

    const dropped = redactions.filter((r) => r.rule === "dropped-field");
    expect(dropped.map((r) => r.field).sort()).toEqual(
      ["party.address", "party.bankAccount", "party.email", "party.health", "party.idNumber", "party.phone"].sort(),
    );
    for (const r of dropped) expect([r.start, r.end, r.replacement]).toEqual([0, 0, ""]);
  });

  it("logs text redactions whose offsets point at the original substrings", () => {
    const record = natural();
    const { value, redactions } = sut(record, spec, { names: ["张三"] });
    const facts = redactions.filter((r) => r.field === "facts");
    const conclusion = redactions.filter((r) => r.field === "conclusion");
    expect(slices(record.facts, facts)).toEqual([ID, MOBILE, "张三", "0571-87654321"]);
    expect(facts.map((r) => r.rule)).toEqual(["id-number", "mobile", "marked-name", "landline"]);
    expect(slices(record.conclusion, conclusion)).toEqual(["张三"]);
    expect(applyLog(record.facts, facts)).toBe(value.facts);
    expect(applyLog(record.conclusion, conclusion)).toBe(value.conclusion);
  });

  it("keeps no personal data in the log", () => {
    const { redactions } = sut(natural(), spec, { names: ["张三"] });
    const log = JSON.stringify(redactions);
    for (const secret of [ID, MOBILE, CARD16, "wang@example.com", "文三路", "高血压", "张三", "87654321"]) {
      expect(log).not.toContain(secret);
    }
  });

  it("never mutates its input", () => {
    const record = natural();
    const before = structuredClone(record);
    const { value } = sut(deepFreeze(record), spec, { names: ["张三"] });
    expect(record).toEqual(before);
    expect(value).not.toBe(record);
    expect(value.party).not.toBe(record.party);
    expect(value.penalty).not.toBe(record.penalty);
  });

  it("treats a 个体工商户 as a natural person but keeps its credit code and operator", () => {
    const creditCode = "92330106MA2B3C4D5" + creditCodeCheckChar("92330106MA2B3C4D5");
    const record = {
      party: {
        type: "individual",
        name: "杭州市西湖区王五便利店",
        legalRepresentative: "王五",
        creditCode,
        idNumber: ID,
        address: "杭州市西湖区文三路1号",
        phone: MOBILE,
        email: "wang@example.com",
        bankAccount: CARD16,
        health: "良好",
      },
      facts: `经营者王五（身份证号码${ID}）经营杭州市西湖区王五便利店，代码${creditCode}。`,
      conclusion: "",
    };
    const { value, redactions } = sut(record, spec, { names: ["王五"] });
    expect(value.party).toEqual({
      type: "individual",
      name: "杭州市西湖区王五便利店",
      legalRepresentative: "王五",
      creditCode,
    });
    expect(value.facts).toBe(
      `经营者王五（身份证号码${ID_NUMBER_TOKEN}）经营杭州市西湖区王五便利店，代码${creditCode}。`,
    );
    expect(redactions.filter((r) => r.rule === "dropped-field")).toHaveLength(6);
  });

  it("keeps an organisation's 法定代表人, address and credit code but drops its bank account and contacts", () => {
    const creditCode = "91330106MA2B3C4D5" + creditCodeCheckChar("91330106MA2B3C4D5");
    const record = {
      party: {
        type: "legal",
        name: "杭州某某科技有限公司",
        legalRepresentative: "李四",
        creditCode,
        address: "杭州市滨江区网商路1号",
        bankAccount: "12020212099000123456",
        phone: "0571-87654321",
        email: "office@example.com",
      },
      facts: "当事人杭州某某科技有限公司（法定代表人李四）对公账户12020212099000123456收取款项。",
      conclusion: "责令改正。",
    };
    const { value, redactions } = sut(record, spec, { names: ["李四"] });
    expect(value.party).toEqual({
      type: "legal",
      name: "杭州某某科技有限公司",
      legalRepresentative: "李四",
      creditCode,
      address: "杭州市滨江区网商路1号",
    });
    expect(value.facts).toBe(`当事人杭州某某科技有限公司（法定代表人李四）对公账户${BANK_ACCOUNT_TOKEN}收取款项。`);
    expect(
      redactions
        .filter((r) => r.rule === "dropped-field")
        .map((r) => r.field)
        .sort(),
    ).toEqual(["party.bankAccount", "party.email", "party.phone"]);
  });

  it("keeps the party's own all-digit credit code in free text even where it looks like a card", () => {
    const creditCode = (() => {
      for (let n = 100000000; ; n++) {
        const code = `91330106${n}` + creditCodeCheckChar(`91330106${n}`);
        if (/^\d{18}$/.test(code) && referenceLuhn(code) && !isValidResidentId(code)) return code;
      }
    })();
    const record = {
      party: { type: "legal", name: "某公司", creditCode },
      facts: `代码${creditCode}。`,
      conclusion: "",
    };
    expect(sut(record, spec).value.facts).toBe(`代码${creditCode}。`);
  });

  it("applies a natural person's rules to a party of missing or unknown type", () => {
    for (const type of [undefined, "", "company"]) {
      const record = { party: { type, name: "某某", creditCode: ID, phone: MOBILE }, facts: "", conclusion: "" };
      const { value } = sut(record, spec);
      expect(value.party, String(type)).toEqual({ type, name: "某某" });
    }
  });

  it("logs only fields that were present and scans only string free text", () => {
    const record = { party: { type: "natural", name: "王五" }, facts: 42, conclusion: null };
    const { value, redactions } = sut(record, spec, { names: ["王五"] });
    expect(value).toEqual(record);
    expect(redactions).toEqual([]);
  });

  it("follows '*' paths through arrays, with concrete indices in the log", () => {
    const custom: RecordRedactionSpec = {
      party: "parties.*",
      drop: { natural: ["idNumber"], individual: ["idNumber"], legal: ["bankAccount"] },
      keep: { natural: ["name"], individual: ["name"], legal: ["name"] },
      freeText: ["evidence.*.note"],
    };
    const record = {
      parties: [
        { type: "natural", name: "王五", idNumber: ID },
        { type: "legal", name: "某公司", bankAccount: CARD16 },
      ],
      evidence: [{ note: `王五手机${MOBILE}` }, { note: "无" }, { note: `张三卡号${CARD19}` }],
    };
    const { value, redactions } = sut(record, custom, { names: ["王五", "张三"] });
    expect(value.parties).toEqual([
      { type: "natural", name: "王五" },
      { type: "legal", name: "某公司" },
    ]);
    expect(value.evidence.map((e) => e.note)).toEqual([
      `王五手机${PHONE_TOKEN}`,
      "无",
      `张某卡号${BANK_ACCOUNT_TOKEN}`,
    ]);
    expect(redactions.map((r) => [r.field, r.rule])).toEqual([
      ["parties.0.idNumber", "dropped-field"],
      ["parties.1.bankAccount", "dropped-field"],
      ["evidence.0.note", "mobile"],
      ["evidence.2.note", "marked-name"],
      ["evidence.2.note", "bank-card"],
    ]);
  });
});

describe("values of never-public fields found in free text", () => {
  it("masks the party's home address wherever the facts repeat it, even beside the kept name, as an address", () => {
    const address = "杭州市拱墅区米市巷街道某小区3幢201室";
    const record = {
      party: { type: "natural", name: "孙小明", address },
      facts: `当事人孙小明（住${address}）擅自建墓。邻居称孙小明常住${address}。`,
      conclusion: "罚款。",
    };
    const sut = redactRecord(record, DECISION_REDACTION_SPEC);
    expect(sut.value.facts).not.toContain(address);
    expect(sut.value.facts).toContain("孙小明");
    expect(sut.value.facts.split(ADDRESS_TOKEN)).toHaveLength(3);
    const logged = sut.redactions.filter((r) => r.rule === "address");
    expect(logged.map((r) => record.facts.slice(r.start, r.end))).toEqual([address, address]);
  });

  it("masks a never-public value no pattern finds as the record's personal value", () => {
    const sut = redactRecord(
      {
        party: { type: "natural", name: "孙小明", address: "老槐树下东头第二家" },
        facts: "当事人孙小明常在老槐树下东头第二家门前摆摊。",
        conclusion: "",
      },
      DECISION_REDACTION_SPEC,
    );
    expect(sut.value.facts).toBe(`当事人孙小明常在${PERSONAL_VALUE_TOKEN}门前摆摊。`);
  });

  it("keeps a pattern's own token when the value is also an ID number, and ignores fragments under 4 characters", () => {
    const id = "33010619900101123" + residentIdCheckChar("33010619900101123");
    const sut = redactText(`号码${id}，楼号12`, "facts", { secrets: [id] });
    expect(sut.text).toBe(`号码${ID_NUMBER_TOKEN}，楼号12`);
    const viaRecord = redactRecord(
      { party: { type: "natural", name: "某", address: "12" }, facts: "楼号12", conclusion: "" },
      DECISION_REDACTION_SPEC,
    );
    expect(viaRecord.value.facts).toBe("楼号12");
  });
});
