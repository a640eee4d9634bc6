/**
 * Redaction (脱敏) of records before publication: every public output (JSON, PDF, CSV, Atom, HTML,
 * the search index, public feedback and replies, withdrawal reasons) passes its text through here.
 * What is masked follows the law's categories, not what is easy to check: a natural person's
 * 身份证号码 and other identity documents (passport, 港澳/台湾 permits), home address, phone and other
 * contact (e-mail, QQ, WeChat), bank account, health condition and vehicle plate (shown partly
 * masked) are never public; names of natural persons other than the punished party are masked; an
 * organisation's bank account is hidden; the punished party's own name stays. Public identifiers
 * are never masked: a legal person's 统一社会信用代码, 文书号, 案号, 执法证号, licence and item codes
 * (after their cue words), dates, money amounts and article numbers.
 *
 * The module is pure: no I/O, inputs never mutated. Every change is logged as a Redaction whose
 * offsets point into the original text, so an officer can review each one; the log itself holds
 * no personal data (offsets, rule and replacement only).
 *
 * Decisions on the edge cases. Throughout, a false positive hides a number that could have been
 * public, a false negative publishes a person's data: when in doubt, mask.
 * - Whole tokens only: a number is never matched inside a longer digit run, nor inside a code mixing
 *   letters and digits (a digit run whose adjacent letters, up to ten, touch another digit, as in
 *   统一社会信用代码 91330106MA2B…; the bound keeps the scan linear on long Latin text). Letters alone
 *   do not shield a phone: "Tel13800138000" is masked. Spaces and hyphens separate tokens except
 *   inside the groupings each rule allows (138-0013-8000, 6222 0212 …). Account and ID numbers may
 *   be grouped by spaces, hyphens, dots, slashes, underscores, middle dots or line breaks; a mobile
 *   number by single spaces, hyphens, dots or middle dots anywhere among its eleven digits.
 * - Seven or more Chinese numerals in a row (一三八零零…, 壹叁捌…) are read digit for digit; shorter
 *   runs are words, dates and articles (第二十八条, 二〇二六年) and are left alone.
 * - Bank accounts: any whole run of 12–30 digits, plain or grouped (groups of 3–8 digits, as
 *   6228 4804 0256 4890 018 or 622848 0402564890018), with or without a Luhn check digit: 12–30
 *   digits is the length of Chinese card and corporate account numbers, and the Luhn digit is not
 *   the law's test. Right after a bank cue (银行卡, 卡号, 账号, 账户, 开户行, 存折 …, up to a dozen
 *   characters such as a bank's name in between) 10–30 digits in any grouping are an account, and so
 *   is every further number of a list after it (卡号6222021234和5678901288). A
 *   long number right after a public cue (统一社会信用代码, 注册号, 文书号, 文号, 案号, 执法证号,
 *   许可证编号, 事项编码 …) is that identifier and stays, as does a number that is money. A bare
 *   12–30 digit run with no cue — a 20-digit 案号 written without its cue, a 流水号 — is masked.
 *   Two exceptions without a cue: 18 characters in brackets right after an organisation's name
 *   (杭州甲乙有限公司（913301…）) with a valid GB 32100 check and no birth date are its
 *   统一社会信用代码, and a number between 第 and 条/款/项 is an article.
 * - A digit run between non-digits is a token even in a 文书号: 杭民罚决字〔2026〕第13800138000号 has its
 *   11-digit run masked as a mobile number. The decision's own 文书号 field is not free text and is
 *   never scanned; only numbers written inside facts and reasoning are at risk.
 * - Money is not a phone or account: a number after ¥/￥/人民币, before 元/万元/亿元/% or with a
 *   decimal part survives (人民币18228000000元). Dates and amounts match no rule at all.
 * - 身份证号码: 18 characters with a birth date from 1900-01-01 to today in China (UTC+8), whatever
 *   the check character (a mistyped ID is still a person's ID), or 15 legacy digits with a valid
 *   19YYMMDD date; after an ID cue (身份证, 公民身份号码, 证件号码) any 15–18 character number.
 *   Region codes are not checked: the 2023 外国人永久居留身份证 starts with 9, and residence permits
 *   for Hong Kong, Macao and Taiwan residents use 81–83.
 * - Passports and permits: E/G/D/S/P (+ an optional letter) with 7–8 digits, C/W (往来港澳通行证),
 *   H/M + 8–10 digits (回乡证), L/T + 8 digits, as whole tokens; after 护照, 通行证, 回乡证, 台胞证 …
 *   any 6–20 character number.
 * - Landlines need an area code (010, 02X or 0XXX, also +86 without the 0), with optional
 *   parentheses, separators and extension (转123, -123, ext 123). A bare 7–8 digit local number is
 *   masked only right after 电话/手机/联系方式/座机/传真/Tel; elsewhere it reads like a serial or an
 *   amount. 400/800 numbers, 95xxx and 12xxx hotlines belong to businesses and authorities, not
 *   persons: no rule matches them. QQ and WeChat accounts are masked after their cue words, also
 *   written right after them (QQ123456789).
 * - E-mail: name@host.tld, and the obfuscated forms name(at)host, name[at]host, name＠host,
 *   name at host dot com, name@qq。com, name艾特qq点com.
 * - Vehicle plates (浙A12345, new-energy 浙AD12345, also 浙 A12345, 浙A 123 45): the province, the letter, the first and the
 *   last two characters stay (浙A1**45), as the public may see a plate in a traffic notice.
 * - Addresses: after a residence cue (住址, 住所, 家住, 居住, 住在, 地址, 户籍地 …, and 住 after a
 *   comma or bracket) the rest of the clause, when it names a place (省, 市, 区, 路, 号 …); anywhere,
 *   a house-level address (…路/街/巷/弄/村/小区 + number + 号/幢/栋/单元/室) with the place names
 *   before it. An organisation party's own registered address is kept (it is public), whole even
 *   when the text writes it longer (浙江省…文三路100号1楼): see `publicAddresses`; and so is the
 *   住所 written right after 当事人 or the organisation's name, even when the record holds none
 *   (`organisations`) — but not after its 法定代表人's name.
 * - Health: the clause after 患有, 罹患, 诊断为, 确诊, 病情, 健康状况 … or 患 alone (患糖尿病; not
 *   患者, 隐患, 医患), the words before 病史, and words that are a condition wherever they stand:
 *   精神疾病患者, 残疾人, 肢体二级残疾, HIV/艾滋病感染者, 抑郁症住院, 怀孕7个月 (not in the name of a
 *   law, a body or a product: 《残疾人保障法》, 残疾人联合会, 艾滋病检测试剂). 患者 alone stays: a
 *   pharmacy's 患者 are nobody in particular; illnesses that advertising cases name as a claim
 *   (糖尿病, 高血压) count only after a cue.
 * - Relatives: two or three characters starting with a common surname right after a kinship word
 *   (其妻子李四, 儿子王小明, 之父王大明, 配偶, 亲属 …) are another person's name, masked like a marked
 *   name wherever they recur; the party's kept name is not.
 * - Full-width digits, letters and punctuation (１３８…, ＠, （）) are read as their ASCII forms;
 *   the mapping keeps every offset.
 * - Overlapping matches merge into one redaction covering their union, so no fragment of either
 *   leaks. It takes the rule of the longest match (an e-mail 13800138000@qq.com is an e-mail, a
 *   19-digit card overlapping a phone is a card), then the earliest; the same span goes by rank:
 *   ID, bank card, passport, mobile, landline, e-mail, contact, plate, a bare long number (as a
 *   bank account), address, health, the record's own secret value, name. A marked name labels a
 *   span only when nothing else matched in it, so a name mask never keeps the first character of a
 *   number.
 * - `keep` wins: a number overlapping an occurrence of a kept string is dropped, whatever its rule;
 *   an address or health clause loses only the kept part (the party's name written just before
 *   its address stays, the address goes).
 */

import { isValidCreditCode } from "./credit-code.js";

/** Every rule that masks a span of text; the log names one of these (or 'dropped-field'). */
export const TEXT_RULES = [
  "id-number",
  "mobile",
  "landline",
  "bank-card",
  "passport",
  "email",
  "contact",
  "plate",
  "address",
  "health",
  "marked-name",
  "personal-value",
] as const;
export type TextRule = (typeof TEXT_RULES)[number];
export type RedactionRule = TextRule | "dropped-field";

/**
 * One change made for publication. For a text rule, [start, end) are UTF-16 offsets in the original
 * value of `field`. A 'dropped-field' redaction removes the whole key: start = end = 0 and the
 * replacement is ''.
 */
export interface Redaction {
  rule: RedactionRule;
  field: string;
  start: number;
  end: number;
  replacement: string;
}

export const ID_NUMBER_TOKEN = "[身份证号已隐去]";
export const PHONE_TOKEN = "[电话已隐去]";
export const BANK_ACCOUNT_TOKEN = "[银行账号已隐去]";
export const EMAIL_TOKEN = "[邮箱已隐去]";
export const PASSPORT_TOKEN = "[证件号码已隐去]";
export const CONTACT_TOKEN = "[联系方式已隐去]";
export const ADDRESS_TOKEN = "[住址已隐去]";
export const HEALTH_TOKEN = "[健康信息已隐去]";
/** A plate whose partial mask cannot be shown (merged with another match). */
export const PLATE_TOKEN = "[车牌号已隐去]";
/** A value the record itself holds in a never-public field (e.g. the party's home address), found in text. */
export const PERSONAL_VALUE_TOKEN = "[个人信息已隐去]";

const TOKENS: Record<Exclude<TextRule, "marked-name">, string> = {
  "personal-value": PERSONAL_VALUE_TOKEN,
  "id-number": ID_NUMBER_TOKEN,
  "bank-card": BANK_ACCOUNT_TOKEN,
  passport: PASSPORT_TOKEN,
  mobile: PHONE_TOKEN,
  landline: PHONE_TOKEN,
  email: EMAIL_TOKEN,
  contact: CONTACT_TOKEN,
  plate: PLATE_TOKEN,
  address: ADDRESS_TOKEN,
  health: HEALTH_TOKEN,
};

/** Rank between matches over the same span, highest first; a bare long number ranks after plates. */
// A record's own secret value that a pattern also finds keeps the pattern's more telling token.
const RANK: readonly TextRule[] = [
  "id-number",
  "bank-card",
  "passport",
  "mobile",
  "landline",
  "email",
  "contact",
  "plate",
  "address",
  "health",
  "personal-value",
  "marked-name",
];

// ---------------------------------------------------------------------------------------------
// 居民身份证号码 (resident ID number), GB 11643-1999

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS = "10X98765432";

/** The GB 11643 check character (0–9 or X) of the first 17 digits of an 18-character ID. */
export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError(`expected 17 digits, got "${first17}"`);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_WEIGHTS[i] as number);
  return ID_CHECK_CHARS[sum % 11] as string;
}

/** YYYYMMDD as a real date from 1900-01-01 to `today` as a date in China (UTC+8). */
function isPlausibleBirthDate(yyyymmdd: string, today: Date): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (year < 1900 || month < 1 || month > 12 || day < 1) return false;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return false;
  const china = new Date(today.getTime() + 8 * 3_600_000);
  const limit = china.getUTCFullYear() * 10_000 + (china.getUTCMonth() + 1) * 100 + china.getUTCDate();
  return year * 10_000 + month * 100 + day <= limit;
}

/**
 * True for an 18-character ID (17 digits and a check character, X in either case) with a matching
 * check character and a plausible birth date, or a 15-digit legacy ID with a valid 19YYMMDD date.
 */
export function isValidResidentId(id: string, today: Date = new Date()): boolean {
  if (/^[1-9]\d{16}[\dXx]$/.test(id)) {
    return (
      isPlausibleBirthDate(id.slice(6, 14), today) && residentIdCheckChar(id.slice(0, 17)) === id[17]?.toUpperCase()
    );
  }
  if (/^[1-9]\d{14}$/.test(id)) return isPlausibleBirthDate(`19${id.slice(6, 12)}`, today);
  return false;
}

function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** An ID-shaped number, whatever its check character: 18 characters with a plausible birth date, or 15 legacy digits. */
function looksLikeResidentId(id: string, today: Date = new Date()): boolean {
  if (/^[1-9]\d{16}[\dXx]$/.test(id)) return isPlausibleBirthDate(id.slice(6, 14), today);
  if (/^[1-9]\d{14}$/.test(id)) return isPlausibleBirthDate(`19${id.slice(6, 12)}`, today);
  return false;
}

// ---------------------------------------------------------------------------------------------
// Patterns. All run on the ASCII-normalised text, which has the same length as the original.

/** Not inside a longer number or an alphanumeric code, and not money. */
const LEFT = String.raw`(?<![0-9][A-Za-z]{0,10})(?<![0-9]\.)(?<![¥￥$]\s?)(?<!人民币\s?)`;
const RIGHT = String.raw`(?![A-Za-z]{0,10}[0-9])(?!\.[0-9])(?!\s?(?:元(?!旦)|万元|亿元|%))`;
/** A bare long number touches no letter at all: a code like JY13301060012345 is not an account. */
const STRICT_LEFT = String.raw`(?<![0-9A-Za-z])(?<![0-9]\.)(?<![¥￥$]\s?)(?<!人民币\s?)`;
const STRICT_RIGHT = String.raw`(?![0-9A-Za-z])(?!\.[0-9])(?!\s?(?:元(?!旦)|万元|亿元|%))`;

const SEP = "[ -]";
/** Between the groups of an account or ID number: also dots, slashes, underscores, middle dots, line breaks. */
const GROUP_SEP = String.raw`[ \-·・./_\n\r\t]`;
/** Between the digits of a mobile number: 1380 013 8000, 138.0013.8000, 138·0013·8000. */
const PHONE_SEP = String.raw`[ \-.·・]`;
const AREA = String.raw`(?:010|02\d|0[3-9]\d\d)`;
const AREA_WITHOUT_ZERO = String.raw`(?:10|2\d|[3-9]\d\d)`;
const LOCAL = String.raw`[1-9]\d{2,3}${SEP}?\d{4}`;
const EXTENSION = String.raw`(?: ?(?:转|分机|[Ee]xt\.?|EXT\.?|[xX]|-) ?\d{1,6})?`;
const COUNTRY = String.raw`(?:(?:\+|00)86${SEP}?|\(\+?86\) ?)`;
/** What may stand between a cue word and its number: 号码, 为, a colon, a space or two. */
const CUE_GAP = String.raw`(?:号码|号|编号)?(?:为|是)?[:\s]{0,2}`;

const BANK_CUE = String.raw`(?:银行卡|银行账户|银行帐户|银行账号|银行帐号|卡号|账号|帐号|账户|帐户|开户行|开户银行|存折)`;
const ID_CUE = String.raw`(?:身份证|公民身份号码|身份号码|证件号码|证件号)`;
const DOCUMENT_CUE = String.raw`(?:护照|通行证|回乡证|台胞证|旅行证|居留证|居留许可|签证)`;
const CONTACT_CUE = String.raw`(?:QQ|qq|Qq|微信|WeChat|wechat|Wechat|VX|vx|Vx)`;
const PHONE_CUE = String.raw`(?:电话|手机|联系方式|座机|传真|[Tt]el|TEL)`;

interface Shape {
  rule: TextRule;
  pattern: RegExp;
  valid?: (token: string) => boolean;
  /** A bare long number: the same span found by a more telling rule takes that rule's label. */
  weak?: boolean;
}

/** A lookahead capture finds the token at every position, so overlapping candidates all surface. */
function shape(
  rule: TextRule,
  source: string,
  valid?: (token: string) => boolean,
  bounds: readonly [string, string] = [LEFT, RIGHT],
  weak = false,
): Shape {
  return { rule, pattern: new RegExp(`(?=(${bounds[0]}(?:${source})${bounds[1]}))`, "g"), valid, weak };
}

const digitsOf = (token: string): string => token.replace(/[^0-9Xx]/g, "");
/** An ID-shaped token; a stray X typed after the check character ("…1234x") belongs to it. */
const isIdLike = (token: string): boolean => {
  const id = digitsOf(token);
  return looksLikeResidentId(id.length === 19 && /[Xx]$/.test(id) ? id.slice(0, 18) : id);
};
const isCard = (token: string): boolean => passesLuhn(digitsOf(token));
const isPersonalPhone = (token: string): boolean => !/^[48]00\d{7}$/.test(digitsOf(token));
const isAccountLength = (token: string): boolean => {
  const n = token.replace(/\D/g, "").length;
  return n >= 12 && n <= 30;
};
const hasDigits = (min: number) => (token: string) => token.replace(/\D/g, "").length >= min;
const hasPlateDigit = (token: string): boolean => /[0-9]/.test(token.replace(/ /g, "").slice(2));

const PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";
const PLATE_CHAR = "[A-HJ-NP-Z0-9]";
const PLATE_GROUP = `(?: ?${PLATE_CHAR})`;
const NO_ALNUM = [String.raw`(?<![A-Za-z0-9])`, String.raw`(?![A-Za-z0-9])`] as const;

const SHAPES: readonly Shape[] = [
  shape("id-number", String.raw`[1-9]\d{16}[\dXx][Xx]?|[1-9]\d{14}`, isIdLike),
  // in any grouping: 330106-19900101-123X, 330106 1990 0101 123x, 3301 0619 9001 0112 3x
  shape("id-number", String.raw`[1-9](?:${GROUP_SEP}?\d){16}${GROUP_SEP}?[\dXx][Xx]?`, isIdLike),
  shape("id-number", String.raw`(?<=${ID_CUE}${CUE_GAP})\d(?:${GROUP_SEP}?\d){13,16}${GROUP_SEP}?[\dXx][Xx]?`),
  shape("bank-card", String.raw`\d{16,19}`, isCard),
  shape("bank-card", String.raw`\d{4}(?:${GROUP_SEP}\d{4}){3}`, isCard),
  shape("bank-card", String.raw`\d{4}(?:${GROUP_SEP}\d{4}){3}${GROUP_SEP}\d{1,3}`, isCard),
  shape("bank-card", String.raw`(?<=${BANK_CUE}[^0-9，。；;\n]{0,12})\d(?:${GROUP_SEP}?\d){9,29}`),
  shape(
    "bank-card",
    // plain; in groups; or a six-digit bank prefix (BIN) set apart from the rest
    String.raw`\d{12,30}|\d{3,8}(?:${GROUP_SEP}\d{3,8}){1,9}(?:${GROUP_SEP}\d{1,2})?|\d{6}${GROUP_SEP}\d{6,24}`,
    isAccountLength,
    [STRICT_LEFT, STRICT_RIGHT],
    true,
  ),
  shape("passport", String.raw`[EGDSP][A-Z]?\d{7,8}|[CW][A-Z]?\d{7,8}|[HM]\d{8,10}|[LT]\d{8}`, undefined, NO_ALNUM),
  shape(
    "passport",
    String.raw`(?<=${DOCUMENT_CUE}${CUE_GAP})[A-Za-z0-9](?:[A-Za-z0-9-]|\([A-Za-z0-9]\)){5,20}`,
    hasDigits(5),
    NO_ALNUM,
  ),
  // 1[3-9] and nine more digits, in any grouping: 138 0013 8000, 1380 013 8000, 13800 138000
  shape("mobile", String.raw`(?:(?:\+|00)?86${SEP}?|\(\+?86\) ?)?1[3-9](?:${PHONE_SEP}?\d){9}`),
  shape(
    "landline",
    String.raw`(?:\(${AREA}\) ?|${AREA}${SEP}?|${COUNTRY}${AREA_WITHOUT_ZERO}${SEP}?)${LOCAL}${EXTENSION}`,
  ),
  shape(
    "landline",
    String.raw`(?<=${PHONE_CUE}(?:号码|号)?(?:为|是)?[:\s]{0,2})\d(?:${SEP}?\d){6,11}`,
    isPersonalPhone,
  ),
  shape(
    "contact",
    String.raw`(?<=${CONTACT_CUE}(?:号码|号|账号)?(?:为|是)?[:\s]{0,2})[A-Za-z0-9][A-Za-z0-9_-]{4,29}`,
    undefined,
    // right after the cue even when it ends in a letter: QQ123456789
    [String.raw`(?:(?<![A-Za-z0-9])|(?<=${CONTACT_CUE}))`, NO_ALNUM[1]],
  ),
  shape(
    "plate",
    // a space may stand after the province and between the characters: 浙 A12345, 浙A 123 45
    String.raw`[${PROVINCES}] ?[A-HJ-NP-Z][·・. -]?(?:[DF]${PLATE_GROUP}{5}|${PLATE_CHAR}${PLATE_GROUP}{4} ?[DF]|${PLATE_CHAR}${PLATE_GROUP}{4}|${PLATE_CHAR}${PLATE_GROUP}{3} ?[挂学警港澳])`,
    hasPlateDigit,
    // the province character itself is the left edge: "…com京A12345" is a plate too
    ["", NO_ALNUM[1]],
  ),
];

/**
 * After a bank or ID cue, every number of a list is one: 卡号6222021234和5678901288,
 * 身份证号分别为…、…. Each entry: the cue with what may stand before the first number, one number, its rule.
 */
const CUE_LISTS: readonly { cue: RegExp; number: RegExp; rule: TextRule }[] = [
  {
    cue: new RegExp(String.raw`${BANK_CUE}[^0-9，。；;\n]{0,12}`, "g"),
    number: new RegExp(String.raw`${LEFT}\d(?:${GROUP_SEP}?\d){9,29}${RIGHT}`, "y"),
    rule: "bank-card",
  },
  {
    cue: new RegExp(String.raw`${ID_CUE}(?:号码|号|编号)?(?:分别|依次)?(?:为|是)?[:\s]{0,2}`, "g"),
    number: new RegExp(String.raw`${LEFT}\d(?:${GROUP_SEP}?\d){13,16}${GROUP_SEP}?[\dXx][Xx]?${RIGHT}`, "y"),
    rule: "id-number",
  },
];
const LIST_JOINER = /(?:[、,/]|和|及|与|或)\s?/y;

function cueListCandidates(plain: string): Span[] {
  const found: Span[] = [];
  for (const { cue, number, rule } of CUE_LISTS) {
    for (const m of plain.matchAll(cue)) {
      for (let at = m.index + m[0].length, n = 0; n < 20; n++) {
        number.lastIndex = at;
        const token = number.exec(plain);
        if (!token) break;
        found.push({ rule, start: token.index, end: token.index + token[0].length });
        LIST_JOINER.lastIndex = at = token.index + token[0].length;
        const joiner = LIST_JOINER.exec(plain);
        if (!joiner) break;
        at += joiner[0].length;
      }
    }
  }
  return found;
}

/**
 * A public identifier's cue: the token right after it is that identifier and stays, whatever
 * number rule it looks like (a 20-digit 案号, an all-digit 统一社会信用代码, a 执法证号).
 */
const PUBLIC_CUE = new RegExp(
  String.raw`(?:统一社会信用代码|社会信用代码|信用代码|组织机构代码|工商注册号|注册号|营业执照号码|营业执照号|` +
    String.raw`决定书文号|文书编号|文书号|文号|案号|执法证件号码|执法证件号|执法证编号|执法证号|执法证|` +
    String.raw`证书编号|许可证编号|许可证号|许可编号|备案编号|备案号|登记编号|登记号|批准文号|事项编码|权力编码|` +
    String.raw`项目编码|商品条码|条形码|批次号|批号|报告编号|受理编号|受理号|型号)(?:号码|号|编号)?(?:分别|依次)?(?:为|是)?[:\s]{0,2}`,
  "g",
);
/** 18 characters in brackets right after an organisation's name; public when a valid GB 32100 code. */
const BRACKETED_CREDIT_CODE =
  /(?<=(?:公司|厂|店|中心|社|所|部|行|院|会|集团|商行|门市|馆|站|场|队|局|委)\s?[（([【]\s?)[0-9A-HJ-NP-RTUWXY]{18}(?![0-9A-Za-z])/g;
const ARTICLE_NUMBER = /(第\s?)(\d{1,30})(?=\s?[条款项])/g;
const PUBLIC_TOKEN = /(?:[\u3400-\u9fff](?=[A-Za-z]))?[A-Za-z0-9](?:[A-Za-z0-9-]|[ ](?=[A-Za-z0-9])){0,40}/y;

const LABEL = String.raw`[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?`;
const MAILBOX = String.raw`(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+`;
const OBFUSCATED_DOT = String.raw`(?:\.|\s*[([{<]\s*(?:dot|DOT|Dot)\s*[)\]}>]\s*|\s+(?:dot|DOT)\s+)`;
const EMAILS: readonly RegExp[] = [
  new RegExp(String.raw`${MAILBOX}@${LABEL}(?:\.${LABEL})*\.[A-Za-z]{2,}(?![A-Za-z0-9-])`, "g"),
  // name(at)host, name[at]host, name (@) host: unmistakable even without a top-level domain
  new RegExp(
    String.raw`${MAILBOX}\s*(?:[([{<]\s*(?:at|AT|At)\s*[)\]}>]|[([]@[)\]])\s*${LABEL}(?:${OBFUSCATED_DOT}${LABEL})*(?![A-Za-z0-9-])`,
    "g",
  ),
  // name at host dot com: the words alone read as English, so a domain part is required
  new RegExp(
    String.raw`${MAILBOX}\s+(?:at|AT)\s+${LABEL}(?:${OBFUSCATED_DOT}${LABEL})*${OBFUSCATED_DOT}[A-Za-z]{2,}(?![A-Za-z0-9-])`,
    "g",
  ),
  // name@qq。com, name艾特qq点com: the at sign or dots spelt in Chinese
  new RegExp(
    String.raw`${MAILBOX}(?:@|\s*艾特\s*)${LABEL}(?:(?:[.。]|点)${LABEL})*(?:[.。]|点)[A-Za-z]{2,}(?![A-Za-z0-9-])`,
    "g",
  ),
];
/** name＠host with the full-width at sign: written that way only to dodge a filter. */
const FULL_WIDTH_EMAIL = new RegExp(String.raw`${MAILBOX}@${LABEL}(?:\.${LABEL})*(?![A-Za-z0-9-])`, "g");

// Addresses and health: clauses rather than tokens.

/** Ends a clause: an address or a diagnosis runs at most to here. */
const CLAUSE_END = /[，,。；;！!？?\n\r)\]】」』》、|]/;
/** Characters that end a place name when walking left from a house number: the words before it. */
const STOP = new Set([..."在于住至到往从是为的了与及将把被对等其称系即并或给让叫址位有向所地"]);
/** A clause names a place when it holds one of these. */
const PLACE_SIGNAL = /[省市区县旗镇乡村路街巷弄道号幢栋单元室楼组苑园里屯庄]/;
/** The first character of a place name is before one of these; a longer run before it is other words. */
const PLACE_SUFFIX = /[省市区县旗盟州镇乡村路街巷弄道里苑园庄屯坊湾]/;
const ADDRESS_CUE = new RegExp(
  String.raw`(?:家庭住址|家庭地址|现住址|现住所|住址|住所地|住所|家住|现住|暂住|居住地|居住于|居住在|居住(?![区用证环条小建房])|住在|住于|` +
    String.raw`户籍所在地|户籍地址|户籍地|户籍|通讯地址|通信地址|联系地址|收货地址|送达地址|详细地址|地址|` +
    // 住 alone, as in "，住杭州市…": only after a comma or bracket, never 住宅, 住房, 住院
    String.raw`(?<=^|[，,（(：:\s、；;])住(?![宅房院宿户]))(?:为|是|在|于|:|\s){0,3}`,
  "g",
);
const NUMERAL = String.raw`(?:\d{1,6}|[A-Za-z]|[一二三四五六七八九十百零〇两]{1,4})`;
const HOUSE = String.raw`${NUMERAL}(?:-\d{1,6}){0,3}(?:号楼|号院|号|弄|幢|栋|座|单元|楼|层|室|户|组)`;
const HOUSE_TAIL = String.raw`${HOUSE}(?:[之-]?${HOUSE}){0,5}(?:-?\d{1,6}(?![0-9]))?`;
/** A house-level address: a road, lane, village or estate followed by its number; or a building and room. */
const HOUSE_NUMBER = new RegExp(
  String.raw`(?<=路|街|巷|弄|胡同|道|里|村|组|社区|小区|花园|公寓|大厦|广场|苑|园|庄|屯|坊|湾|新村|家园)${HOUSE_TAIL}` +
    // a building and room alone needs its 单元 or 室: "3栋200平方米" is a size, not an address
    String.raw`|(?<![0-9A-Za-z])\d{1,4}(?:幢|栋|号楼|座)(?:\d{1,2}单元\d{1,5}(?:室|户|号)?|\d{1,5}(?:室|户))` +
    String.raw`|(?<![0-9A-Za-z])\d{1,2}单元\d{2,5}(?:室|户|号)?`,
  "g",
);
/** The same without the global flag: exec keeps no position between calls. */
const HOUSE_NUMBER_FIRST = new RegExp(HOUSE_NUMBER.source);
const HEALTH_CUE =
  /(?<![隐防祸忧])(?:患有|罹患|身患|患上|患病|所患)|(?:经诊断为|诊断为|诊断|确诊为|确诊|病史[:：]|既往史|病情|健康状况|伤残等级|残疾等级)/g;
/** 有高血压病史: the words before it name the illness. */
const HEALTH_AFTER = /病史/g;
/** 患糖尿病: 患 alone before an illness, but not 患者, 患儿, 患方, 患处, 隐患, 后患, 医患, 患难 or the cues above. */
const HEALTH_BARE = /(?<![隐防祸忧后医罹身所病])患(?![者难有上病儿方处])(?=[\u3400-\u9fff])/g;
/**
 * Words that are a person's health, disability or pregnancy wherever they stand: 精神疾病患者,
 * 残疾人, 肢体二级残疾, HIV感染者, 因抑郁症住院, 怀孕7个月. Not in a law's or a body's name
 * (《残疾人保障法》, 残疾人联合会, 艾滋病防治条例). Illnesses that advertising cases name as a
 * product's claim (糖尿病, 高血压) count only after 患 or another cue.
 */
const HEALTH_WORD = new RegExp(
  String.raw`(?<!《[^》]{0,20})(?:` +
    String.raw`(?:(?:肢体|视力|听力|言语|智力|精神|多重)(?:[一二三四1-4]级)?)?残疾(?:人证|人|证)?|` +
    String.raw`(?:精神疾病|精神病|精神障碍|艾滋病|HIV|抑郁症|躁郁症|精神分裂症|白血病|尿毒症|癫痫|梅毒|性病)` +
    String.raw`(?:病毒)?(?:感染者|携带者|患者|病人)?(?:住院治疗|住院|治疗)?|` +
    String.raw`(?:怀孕|妊娠)(?:\d{1,2}|[一二三四五六七八九十]{1,2})?(?:个多?月|周)?|孕妇|孕期|哺乳期)` +
    String.raw`(?![人证]?(?:保障|就业|联合会|权益|事业|服务|专用|福利|辅助|康复|防治|防控|检测|试剂|药|宣传|条例|法|预防))`,
  "g",
);

const isCjk = (c: string): boolean => /[\u3400-\u9fff]/.test(c);

/** Where the words ending at `end` start: left over Chinese characters up to a stop word, at most `max`. */
function wordsStart(text: string, end: number, max: number): number {
  let start = end;
  while (start > 0 && end - start < max) {
    const c = text[start - 1] as string;
    if (!isCjk(c) || STOP.has(c)) break;
    start--;
  }
  return start;
}

/** Where a place name ending at `end` starts: left over Chinese characters up to a stop word, at most 30. */
function placeStart(text: string, end: number): number {
  let start = wordsStart(text, end, 30);
  // Words run into the first place name ("当事人孙小明杭州市"): keep at most four characters of it;
  // words without any place name ("当事人擅自搭建") are not part of the address at all.
  const run = text.slice(start, end);
  const first = run.search(PLACE_SUFFIX);
  if (first < 0) return end;
  if (first > 4) start += first - 4;
  return start;
}

/** The end of the clause starting at `from`, at most `max` characters on. */
function clauseEnd(text: string, from: number, max: number): number {
  const rest = text.slice(from, from + max);
  const at = rest.search(CLAUSE_END);
  let end = from + (at < 0 ? rest.length : at);
  while (end > from && /\s/.test(text[end - 1] as string)) end--;
  return end;
}

function addressCandidates(plain: string): Span[] {
  const found: Span[] = [];
  for (const m of plain.matchAll(ADDRESS_CUE)) {
    const from = m.index + m[0].length;
    const clause = plain.slice(from, clauseEnd(plain, from, 60));
    if (!PLACE_SIGNAL.test(clause)) continue;
    // The address ends with its house number ("…301室于2026年3月…"); without one, with the clause.
    const tail = HOUSE_NUMBER_FIRST.exec(clause);
    found.push({ rule: "address", start: from, end: from + (tail ? tail.index + tail[0].length : clause.length) });
  }
  for (const m of plain.matchAll(HOUSE_NUMBER)) {
    found.push({ rule: "address", start: placeStart(plain, m.index), end: m.index + m[0].length });
  }
  return found;
}

function healthCandidates(plain: string): Span[] {
  const found: Span[] = [];
  for (const m of plain.matchAll(HEALTH_CUE)) {
    const end = clauseEnd(plain, m.index + m[0].length, 40);
    if (end > m.index + m[0].length) found.push({ rule: "health", start: m.index, end });
  }
  for (const m of plain.matchAll(HEALTH_BARE)) {
    const end = clauseEnd(plain, m.index + m[0].length, 40);
    if (end > m.index + m[0].length) found.push({ rule: "health", start: m.index, end });
  }
  for (const m of plain.matchAll(HEALTH_WORD)) {
    found.push({ rule: "health", start: m.index, end: m.index + m[0].length });
  }
  for (const m of plain.matchAll(HEALTH_AFTER)) {
    found.push({ rule: "health", start: wordsStart(plain, m.index, 10), end: m.index + m[0].length });
  }
  return found;
}

// Relatives named after a kinship word: other natural persons, whose names the law masks.

const KINSHIP = new RegExp(
  String.raw`(?:[之其]?(?:妻子|丈夫|儿子|女儿|父亲|母亲|哥哥|弟弟|姐姐|妹妹|配偶|亲属|岳父|岳母|` +
    String.raw`祖父|祖母|外公|外婆|爷爷|奶奶|孙子|孙女|侄子|侄女|外甥|儿媳|女婿|前妻|前夫|胞兄|胞弟|胞姐|胞妹)|` +
    String.raw`[之其](?:妻|夫|父|母|子|女|兄|弟|姐|妹))(?:[:：]\s?)?`,
  "g",
);
/** Common surnames: a relative's name starts with one, so "儿子上学" names nobody. */
const SURNAMES = new Set(
  Array.from(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢" +
      "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常" +
      "温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴" +
      "霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑" +
      "景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝",
  ),
);
/** Characters that end a name: words that follow a name in a sentence (李四共同经营, 王五等). */
const NAME_STOP = new Set(
  Array.from("共等于在和与及的系为是已也均都一同持名称因将把对向从曾经负未不所之被代帮协参到来去说"),
);
/** Two-character words after a kinship word that are not names: 亲属关系, 配偶名下. */
const NOT_NAMES = new Set([
  "关系",
  "关联",
  "名下",
  "名义",
  "姓名",
  "身份",
  "签字",
  "签名",
  "陪同",
  "代为",
  "一起",
  "共同",
]);

/** Names of relatives written right after a kinship word: 其妻子李四, 儿子王小明, 之父王大明, 其母张某某. */
function relativeNames(plain: string): { spans: Interval[]; names: string[] } {
  const names = new Set<string>();
  const spans: Interval[] = [];
  for (const m of plain.matchAll(KINSHIP)) {
    const at = m.index + m[0].length;
    const first = plain[at];
    if (first === undefined || !SURNAMES.has(first)) continue;
    let end = at + 1;
    while (end < at + 3 && end < plain.length) {
      const c = plain[end] as string;
      if (!/[\u3400-\u9fff]/.test(c) || NAME_STOP.has(c)) break;
      end++;
    }
    const name = plain.slice(at, end);
    if (name.length < 2 || NOT_NAMES.has(name.slice(0, 2))) continue;
    spans.push({ start: at, end });
    // each name is then searched in the whole text: a bounded number, so hostile text stays linear
    if (names.size < MAX_RELATIVE_NAMES) names.add(name);
  }
  return { spans, names: [...names] };
}
const MAX_RELATIVE_NAMES = 50;

const CHINESE_DIGITS: Readonly<Record<string, string>> = {
  零: "0",
  〇: "0",
  "○": "0",
  一: "1",
  幺: "1",
  二: "2",
  三: "3",
  四: "4",
  五: "5",
  六: "6",
  七: "7",
  八: "8",
  九: "9",
  壹: "1",
  贰: "2",
  叁: "3",
  肆: "4",
  伍: "5",
  陆: "6",
  柒: "7",
  捌: "8",
  玖: "9",
};
/** Seven or more Chinese numerals in a row spell a number digit by digit (一三八零零一三八零零零);
 *  shorter runs are words, dates and article numbers (第二十八条, 一次, 二〇二六年). */
const CHINESE_DIGIT_RUN = /[零〇○一幺二三四五六七八九壹贰叁肆伍陆柒捌玖]{7,}/g;

/**
 * Full-width forms (U+FF01–FF5E), ideographic and no-break spaces, and dashes as ASCII; a run of
 * seven or more Chinese numerals as digits. Every character maps to one, so offsets are kept.
 */
function normalise(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E\u3000\u00A0\u2010-\u2014]/g, (c) => {
      const code = c.charCodeAt(0);
      if (code >= 0xff01) return String.fromCharCode(code - 0xfee0);
      return code >= 0x2010 ? "-" : " ";
    })
    .replace(CHINESE_DIGIT_RUN, (run) => Array.from(run, (c) => CHINESE_DIGITS[c] ?? c).join(""));
}

// ---------------------------------------------------------------------------------------------
// Free text

export interface RedactTextOptions {
  /** Names of other natural persons, marked by the officer; each occurrence is masked. */
  names?: readonly string[];
  /** Strings never masked, such as the party's own name; they win over `names` and the patterns. */
  keep?: readonly string[];
  /**
   * Values of the record's never-public fields (home address, ID number, phone, account…), masked
   * wherever they appear in the text. They win even over `keep`: the record knows the values it
   * must hide. A number among them is also found in any grouping or width (13800138000 as
   * 1380-013-8000).
   */
  secrets?: readonly string[];
  /**
   * Addresses that are public (an organisation party's registered 住所): an address clause that
   * overlaps one of them, however much longer it is written (浙江省…100号1楼), stays whole.
   */
  publicAddresses?: readonly string[];
  /**
   * Names of organisation parties: the 住所 written right after 当事人 or such a name (当事人住所地…,
   * 杭州某某有限公司（…）住所：…) is the organisation's registered address, public even when the
   * record holds none. Not after its 法定代表人's name: a person's home stays private.
   */
  organisations?: readonly string[];
}

export interface RedactedText {
  text: string;
  redactions: Redaction[];
}

interface Span {
  rule: TextRule;
  start: number;
  end: number;
  weak?: boolean;
}

/** A name with every character after the first as 某 (张三 → 张某); a one-character name → 某. */
export function maskName(name: string): string {
  const chars = Array.from(name);
  return chars.length <= 1 ? "某" : chars[0] + "某".repeat(chars.length - 1);
}

/** A plate with all but its province, letter, first and last two characters starred: 浙A1**45. */
export function maskPlate(plate: string): string {
  const chars = Array.from(normalise(plate).replace(/[·・. -]/g, ""));
  const [province, letter, ...rest] = chars;
  return `${province}${letter}${rest[0]}${"*".repeat(Math.max(rest.length - 3, 1))}${rest.slice(-2).join("")}`;
}

function occurrences(text: string, needles: readonly string[]): { start: number; end: number }[] {
  const found: { start: number; end: number }[] = [];
  for (const raw of needles) {
    const needle = normalise(raw);
    if (needle.trim() === "") continue;
    for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
      found.push({ start: at, end: at + needle.length });
    }
  }
  return found;
}

/**
 * A number among the record's own values (phone, ID, account) written in the text in another
 * grouping or width: 13800138000 as 1380-013-8000, +86 138 0013 8000 or 一三八零零一三八零零零.
 */
function digitOccurrences(text: string, secrets: readonly string[]): Interval[] {
  const found: Interval[] = [];
  for (const raw of secrets) {
    const secret = normalise(raw);
    if (!/^[0-9Xx\s()+·・./_-]+$/.test(secret)) continue;
    const digits = secret.replace(/[^0-9Xx]/g, "");
    if (digits.replace(/[Xx]/g, "").length < 7) continue;
    const source = Array.from(digits, (d) => (/[Xx]/.test(d) ? "[Xx]" : d)).join(String.raw`[\s()·・./_-]?`);
    for (const m of text.matchAll(new RegExp(`(?<![0-9])${source}(?![0-9])`, "g"))) {
      found.push({ start: m.index, end: m.index + m[0].length });
    }
  }
  return found;
}

interface Interval {
  start: number;
  end: number;
}

/** The union of intervals as disjoint intervals sorted by start (so their ends increase too). */
function union(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && i.start <= last.end) last.end = Math.max(last.end, i.end);
    else out.push({ start: i.start, end: i.end });
  }
  return out;
}

/** Index of the first interval of a union that ends after `at` (binary search). */
function firstEndingAfter(sorted: readonly Interval[], at: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as Interval).end > at) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Whether [start, end) overlaps an interval of a union. */
function overlapsAny(sorted: readonly Interval[], start: number, end: number): boolean {
  const i = firstEndingAfter(sorted, start);
  return i < sorted.length && (sorted[i] as Interval).start < end;
}

/** Whether `at` lies inside an interval of a union. */
function insideAny(sorted: readonly Interval[], at: number): boolean {
  const i = firstEndingAfter(sorted, at);
  return i < sorted.length && (sorted[i] as Interval).start <= at;
}

/**
 * The parts of a span outside every kept interval (a union, see `union`), unless only punctuation
 * is left. Only the kept intervals that overlap the span are visited: O(log m + overlaps).
 */
/** Text ending right before an organisation party's own 住所: 当事人 or its name, an optional bracket, the cue. */
function organisationSeat(organisations: readonly string[]): RegExp {
  const names = organisations
    .map((k) => normalise(k).trim())
    .filter((k) => k !== "")
    .map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(
    String.raw`(?:当事人|${names.join("|") || "当事人"})(?:[(（][^()（）]{0,60}[)）])?[，,]?(?:的)?(?:住所地|住所|注册地址|登记住所)(?:为|是|在|于|:|\s){0,3}$`,
  );
}

function without(span: Span, kept: readonly Interval[], plain: string): Span[] {
  const parts: Span[] = [];
  let at = span.start;
  for (let i = firstEndingAfter(kept, span.start); i < kept.length; i++) {
    const k = kept[i] as Interval;
    if (k.start >= span.end) break;
    if (k.start > at) parts.push({ ...span, start: at, end: k.start });
    at = Math.max(at, k.end);
  }
  if (at < span.end) parts.push({ ...span, start: at });
  return parts.filter((p) => /[\p{L}\p{N}]/u.test(plain.slice(p.start, p.end)));
}

/** The intervals of public identifiers written after their cue words. */
function publicTokens(plain: string): { start: number; end: number }[] {
  const found: { start: number; end: number }[] = [];
  // 杭州甲乙有限公司（913301067109876550）: an organisation's code in brackets after its name
  for (const m of plain.matchAll(BRACKETED_CREDIT_CODE)) {
    if (isValidCreditCode(m[0]) && !looksLikeResidentId(m[0]))
      found.push({ start: m.index, end: m.index + m[0].length });
  }
  // 第13800138000条: an article number, whatever its length
  for (const m of plain.matchAll(ARTICLE_NUMBER)) {
    const start = m.index + (m[1] as string).length;
    found.push({ start, end: start + (m[2] as string).length });
  }
  for (const m of plain.matchAll(PUBLIC_CUE)) {
    // one identifier, or a list of them: 执法证号分别为33010012345678、33010012345679
    for (let at = m.index + m[0].length, n = 0; n < 20; n++) {
      PUBLIC_TOKEN.lastIndex = at;
      const token = PUBLIC_TOKEN.exec(plain);
      if (!token) break;
      found.push({ start: token.index, end: token.index + token[0].length });
      at = token.index + token[0].length;
      const joiner = /^(?:[、,/]|和|及|与)/.exec(plain.slice(at, at + 1));
      if (!joiner) break;
      at += joiner[0].length;
    }
  }
  return found;
}

const rankOf = (s: Span): number => (s.weak ? RANK.indexOf("plate") + 0.5 : RANK.indexOf(s.rule));

/** Merged, ordered spans to replace. */
function findSpans(text: string, opts: RedactTextOptions): Span[] {
  const plain = normalise(text);
  const candidates: Span[] = [];
  for (const { rule, pattern, valid, weak } of SHAPES) {
    for (const m of plain.matchAll(pattern)) {
      const token = m[1] as string;
      if (valid === undefined || valid(token)) {
        candidates.push({ rule, start: m.index, end: m.index + token.length, ...(weak ? { weak } : {}) });
      }
    }
  }
  for (const pattern of EMAILS) {
    for (const m of plain.matchAll(pattern))
      candidates.push({ rule: "email", start: m.index, end: m.index + m[0].length });
  }
  for (const m of plain.matchAll(FULL_WIDTH_EMAIL)) {
    if (text.slice(m.index, m.index + m[0].length).includes("＠")) {
      candidates.push({ rule: "email", start: m.index, end: m.index + m[0].length });
    }
  }
  candidates.push(...cueListCandidates(plain));
  const publicIds = union(publicTokens(plain));
  const numbers = candidates.filter((c) => !insideAny(publicIds, c.start));
  const clauses = [...addressCandidates(plain), ...healthCandidates(plain)];
  // names the officer marked, and relatives named after a kinship word (其妻子李四)
  const relatives = relativeNames(plain);
  const names = [...occurrences(plain, [...(opts.names ?? []), ...relatives.names]), ...relatives.spans].map(
    (o): Span => ({ rule: "marked-name", ...o }),
  );

  const kept = union(occurrences(plain, opts.keep ?? []));
  const wanted = [...numbers, ...names].filter((c) => !overlapsAny(kept, c.start, c.end));
  const places = union(occurrences(plain, opts.publicAddresses ?? []));
  const ownSeat = opts.organisations?.length ? organisationSeat(opts.organisations) : undefined;
  for (const c of clauses) {
    if (c.rule === "address" && overlapsAny(places, c.start, c.end)) continue;
    if (c.rule === "address" && ownSeat?.test(plain.slice(Math.max(0, c.start - 80), c.start))) continue;
    wanted.push(...without(c, kept, plain));
  }
  for (const o of occurrences(plain, opts.secrets ?? [])) wanted.push({ rule: "personal-value", ...o });
  for (const o of digitOccurrences(plain, opts.secrets ?? [])) wanted.push({ rule: "personal-value", ...o });
  wanted.sort((a, b) => a.start - b.start || b.end - a.end || rankOf(a) - rankOf(b));

  const spans: (Span & { label: Span })[] = [];
  for (const c of wanted) {
    const last = spans[spans.length - 1];
    if (last !== undefined && c.start < last.end) {
      last.end = Math.max(last.end, c.end);
      if (labels(c, last.label)) last.label = c;
    } else {
      spans.push({ ...c, label: c });
    }
  }
  return spans.map(({ start, end, label }) => ({
    rule: label.rule,
    start,
    end,
    // a plate shows partly only when nothing else merged into it
    ...(label.rule === "plate" && (label.start !== start || label.end !== end) ? { weak: true } : {}),
  }));
}

/** Whether candidate a rather than b (earlier in start, length, rank order) names a merged span:
 *  any pattern before a marked name, then the longer; otherwise b stays. */
function labels(a: Span, b: Span): boolean {
  const aName = a.rule === "marked-name";
  if (aName !== (b.rule === "marked-name")) return !aName;
  return a.end - a.start > b.end - b.start;
}

function replacementOf(rule: TextRule, original: string, merged: boolean): string {
  if (rule === "marked-name") return maskName(original);
  if (rule === "plate" && !merged) return maskPlate(original);
  return TOKENS[rule];
}

/**
 * Masks ID and document numbers, phones, bank accounts, e-mails and other contacts, plates,
 * addresses, health details and marked names in one free-text field.
 */
export function redactText(text: string, field: string, opts: RedactTextOptions = {}): RedactedText {
  const redactions: Redaction[] = findSpans(text, opts).map(({ rule, start, end, weak }) => ({
    rule,
    field,
    start,
    end,
    replacement: replacementOf(rule, text.slice(start, end), weak === true),
  }));
  let out = "";
  let at = 0;
  for (const r of redactions) {
    out += text.slice(at, r.start) + r.replacement;
    at = r.end;
  }
  return { text: out + text.slice(at), redactions };
}

/** Words a contact field holds besides the contact itself: never masked as if they were the sender's. */
const CONTACT_LABELS = new Set(
  "电话 手机 手机号 联系电话 联系方式 邮箱 电子邮箱 微信 微信号 QQ qq 联系人 先生 女士 姓名 地址 座机".split(" "),
);

/**
 * The values a sender's free-text contact field ("张先生 138-0013-8000", "zhang@qq.com") holds, to pass
 * as `secrets`: the whole field, each number or address in it (found then in any grouping), and
 * each name-like word of two to four Chinese characters.
 */
export function contactSecrets(contact: string | null | undefined): string[] {
  const whole = normalise(contact ?? "").trim();
  if (whole === "") return [];
  const parts = whole.split(/[\s,，;；、:：()（）]+/).filter((p) => p !== "" && !CONTACT_LABELS.has(p));
  const secrets = parts.filter(
    (p) =>
      (/[0-9@]/.test(p) && p.length >= 5) || /^[\u3400-\u9fff]{2,4}$/.test(p) || /^[A-Za-z][A-Za-z0-9_.-]{4,}$/.test(p),
  );
  return Array.from(whole).length >= 4 ? [whole, ...secrets] : secrets;
}

/** A text as the public may see it: `redactText` with no record to protect (feedback, replies, reasons). */
export function publicText(text: string, opts: RedactTextOptions = {}): string {
  return redactText(text, "text", opts).text;
}

/** True when redactText with the same options would change the text: a guard in tests of outputs. */
export function containsPersonalData(text: string, opts: RedactTextOptions = {}): boolean {
  return findSpans(text, opts).length > 0;
}

// ---------------------------------------------------------------------------------------------
// Records

/** Party kinds: 自然人 (natural person), 法人或其他组织 (legal), 个体工商户 (individual business). */
export type PartyType = "natural" | "legal" | "individual";

/**
 * What to do with one record shape, stated once. Paths are dot-separated keys; '*' matches every
 * element of an array or value of an object ('parties.*', 'evidence.*.note').
 */
export interface RecordRedactionSpec {
  /** Where the party object (or objects) sits; its `type` picks the rows below. A missing or
   *  unknown type counts as 'natural', the kind that drops the most. */
  readonly party: string;
  /** Party fields removed from the published value, by party type. */
  readonly drop: Readonly<Record<PartyType, readonly string[]>>;
  /** Party fields whose values are never masked in free text (the party's own name). */
  readonly keep: Readonly<Record<PartyType, readonly string[]>>;
  /** Free-text fields scanned with redactText. String fields not listed pass unchanged. */
  readonly freeText: readonly string[];
}

const PERSONAL_FIELDS = ["idNumber", "address", "phone", "email", "bankAccount", "health"] as const;

/**
 * The decision shape { party: { type, name, idNumber?, address?, phone?, email?, bankAccount?,
 * health?, legalRepresentative?, creditCode? }, title, facts, conclusion, basis, penalty, licence },
 * the one list production (shared/public-record.ts) and the tests use.
 * - A natural person has no 统一社会信用代码, so a value there is most likely the ID number: dropped.
 * - A 个体工商户 is a natural person for privacy, but its creditCode and its 经营者 (kept in
 *   legalRepresentative) are public in 双公示.
 * - An organisation's 法定代表人 and registered 住所 are public (its address stays wherever the
 *   text repeats it); its bank account and contact fields are not published.
 * - Every free-text field a person's data could hide in is scanned; the basis is law text, but
 *   officers sometimes paste more than the article.
 */
export const DECISION_REDACTION_SPEC: RecordRedactionSpec = {
  party: "party",
  drop: {
    natural: [...PERSONAL_FIELDS, "creditCode"],
    individual: PERSONAL_FIELDS,
    legal: ["bankAccount", "phone", "email"],
  },
  keep: {
    natural: ["name"],
    individual: ["name", "legalRepresentative", "creditCode"],
    legal: ["name", "legalRepresentative", "creditCode", "address"],
  },
  freeText: [
    "title",
    "facts",
    "conclusion",
    "basis",
    "penalty.content",
    "penalty.licenceAction",
    "penalty.violationType",
    "licence.documentName",
    "licence.certificateName",
    "licence.content",
  ],
};

export interface RedactRecordOptions {
  /** Names of other natural persons marked by the officer, masked in every free-text field. */
  names?: readonly string[];
}

type Node = Record<string, unknown>;

const isNode = (value: unknown): value is Node => typeof value === "object" && value !== null;

/** Calls `visit` for every existing key the path reaches, with its concrete dotted path. */
function forEachAt(
  node: unknown,
  path: readonly string[],
  at: string,
  visit: (parent: Node, key: string, at: string) => void,
): void {
  if (!isNode(node) || path.length === 0) return;
  const [head, ...rest] = path as [string, ...string[]];
  const keys = head === "*" ? Object.keys(node) : Object.hasOwn(node, head) ? [head] : [];
  for (const key of keys) {
    const here = at === "" ? key : `${at}.${key}`;
    if (rest.length === 0) visit(node, key, here);
    else forEachAt(node[key], rest, here, visit);
  }
}

function partyType(value: unknown): PartyType {
  return value === "legal" || value === "individual" ? value : "natural";
}

/**
 * A deep copy of the record fit to publish: the party's personal fields removed (each logged as a
 * 'dropped-field' with start = end = 0), free-text fields masked with the party's kept values
 * protected. The input is never mutated.
 */
export function redactRecord<T extends object>(
  record: T,
  spec: RecordRedactionSpec,
  opts: RedactRecordOptions = {},
): { value: T; redactions: Redaction[] } {
  const value = structuredClone(record);
  const redactions: Redaction[] = [];
  const keep: string[] = [];
  const secrets: string[] = [];
  const publicAddresses: string[] = [];
  const organisations: string[] = [];

  forEachAt(value, spec.party.split("."), "", (parent, key, at) => {
    const party = parent[key];
    if (!isNode(party)) return;
    const type = partyType(party.type);
    if (type === "legal" && typeof party.name === "string" && party.name.trim() !== "") organisations.push(party.name);
    for (const field of spec.drop[type]) {
      if (!Object.hasOwn(party, field)) continue;
      const dropped = party[field];
      // Long enough to be a value, not a fragment that would mask ordinary words.
      if (typeof dropped === "string" && Array.from(dropped.trim()).length >= 4) secrets.push(dropped.trim());
      delete party[field];
      redactions.push({ rule: "dropped-field", field: `${at}.${field}`, start: 0, end: 0, replacement: "" });
    }
    for (const field of spec.keep[type]) {
      const kept = party[field];
      if (typeof kept === "string" && kept.trim() !== "") keep.push(kept);
      // a kept address is an organisation's registered one: public however the text extends it
      if (field === "address" && typeof kept === "string" && kept.trim() !== "") publicAddresses.push(kept.trim());
    }
  });

  for (const path of spec.freeText) {
    forEachAt(value, path.split("."), "", (parent, key, at) => {
      const text = parent[key];
      if (typeof text !== "string") return;
      const result = redactText(text, at, { names: opts.names, keep, secrets, publicAddresses, organisations });
      parent[key] = result.text;
      redactions.push(...result.redactions);
    });
  }
  return { value, redactions };
}
