/**
 * Token patterns of the redaction: ID and document numbers, bank accounts, phones, contacts, plates
 * and e-mails, the numbers listed after a cue, and the public identifiers (after their cue words,
 * bracketed credit codes, article numbers) that no number rule may mask.
 * All run on the ASCII-normalised text, which has the same length as the original.
 */

import { isValidCreditCode } from "../credit-code.js";
import { looksLikeResidentId, passesLuhn } from "./resident-id.js";
import type { Span, TextRule } from "./tokens.js";

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

export const SHAPES: readonly Shape[] = [
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

export function cueListCandidates(plain: string): Span[] {
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
export const EMAILS: readonly RegExp[] = [
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
export const FULL_WIDTH_EMAIL = new RegExp(String.raw`${MAILBOX}@${LABEL}(?:\.${LABEL})*(?![A-Za-z0-9-])`, "g");

/** The intervals of public identifiers written after their cue words. */
export function publicTokens(plain: string): { start: number; end: number }[] {
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
