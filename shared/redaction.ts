/**
 * Redaction (脱敏) of records before publication: every public output (JSON, PDF, CSV, Atom, HTML)
 * passes a decision through here. A natural person's 身份证号码 (resident ID number), home address,
 * phone and other contact, bank account, health condition and e-mail are never public; names of
 * natural persons other than the punished party are masked; an organisation's bank account is
 * hidden; the punished party's own name stays.
 *
 * The module is pure: no I/O, inputs never mutated. Every change is logged as a Redaction whose
 * offsets point into the original text, so an officer can review each one; the log itself holds
 * no personal data (offsets, rule and replacement only).
 *
 * Decisions on the edge cases. Throughout, a false positive hides a number that could have been
 * public, a false negative publishes a person's data: when in doubt, mask.
 * - Whole tokens only: a number is never matched inside a longer digit run (a 20-digit 案号 keeps
 *   its 11-digit middle), nor inside a code mixing letters and digits (a digit run whose adjacent
 *   letters, up to ten, touch another digit, as in 统一社会信用代码 91330106MA2B…; the bound keeps
 *   the scan linear on long Latin text). Letters alone do not shield a number: "Tel13800138000" is
 *   masked. Spaces and hyphens separate tokens except inside the groupings each rule allows
 *   (138-0013-8000, 6222 0212 …), so "2026-13800138000" masks the phone.
 * - A digit run between non-digits is a token even in a 文书号: 杭民罚决字〔2026〕第13800138000号 has its
 *   11-digit run masked as a mobile number. The decision's own 文书号 field is not free text and is
 *   never scanned; only numbers written inside facts and reasoning are at risk.
 * - Money is not a phone or account: a number after ¥/￥/人民币, before 元/万元/亿元/% or with a
 *   decimal part survives (人民币18228000000元). Dates and amounts match no rule at all.
 * - 身份证号码: 18 characters with a valid GB 11643 (ISO 7064 MOD 11-2) check character and a birth
 *   date from 1900-01-01 to today in China (UTC+8); or 15 legacy digits with a valid 19YYMMDD date.
 *   Region codes are not checked: the 2023 外国人永久居留身份证 starts with 9, and residence permits
 *   for Hong Kong, Macao and Taiwan residents use 81–83. A 15-digit legacy ID cannot be told from an
 *   old 15-digit 工商注册号, so those are masked too; list a party's own number in `keep`.
 * - Bank cards: 16–19 digits (plain or in groups of four) passing the Luhn check; an 18-digit string
 *   that is also a valid ID is labelled an ID. Corporate and passbook accounts carry no Luhn digit,
 *   so any 10–30 digit run right after 账号/帐号/账户/帐户/卡号 is masked as a bank account as well.
 *   An all-digit 统一社会信用代码 passes Luhn one time in ten and is then masked; redactRecord keeps
 *   the party's own code.
 * - Landlines need an area code (010, 02X or 0XXX, also +86 without the 0), with optional
 *   parentheses, separators and extension (转123, -123, ext 123). A bare 7–8 digit local number is
 *   masked only right after 电话/手机/联系方式/座机/传真/Tel; elsewhere it reads like a serial or an
 *   amount. 400/800 numbers, 95xxx and 12xxx hotlines belong to businesses and authorities, not
 *   persons: no rule matches them.
 * - Full-width digits, letters and punctuation (１３８…, ＠, （）) are read as their ASCII forms;
 *   the mapping keeps every offset.
 * - Overlapping matches merge into one redaction covering their union, so no fragment of either
 *   leaks. It takes the rule of the longest match (an e-mail 13800138000@qq.com is an e-mail, a
 *   19-digit card overlapping a phone is a card), then the earliest; the same span goes by rank:
 *   ID, bank card, mobile, landline, e-mail, name. A marked name labels a span only when nothing
 *   else matched in it, so a name mask never keeps the first character of a number.
 * - `keep` wins: a match overlapping an occurrence of a kept string is dropped, whatever its rule.
 * - Not found in free text: home addresses, health conditions, QQ or WeChat accounts. No pattern
 *   tells them from the facts of a case; the record's own fields for them are dropped, and the
 *   officer reviews the text.
 */

export type TextRule = "id-number" | "mobile" | "landline" | "bank-card" | "email" | "marked-name" | "personal-value";
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
/** A value the record itself holds in a never-public field (e.g. the party's home address), found in text. */
export const PERSONAL_VALUE_TOKEN = "[个人信息已隐去]";

const TOKENS: Record<Exclude<TextRule, "marked-name">, string> = {
  "personal-value": PERSONAL_VALUE_TOKEN,
  "id-number": ID_NUMBER_TOKEN,
  "bank-card": BANK_ACCOUNT_TOKEN,
  mobile: PHONE_TOKEN,
  landline: PHONE_TOKEN,
  email: EMAIL_TOKEN,
};

/** Rank between matches over the same span, highest first. */
// A record's own secret value that a pattern also finds keeps the pattern's more telling token.
const RANK: readonly TextRule[] = [
  "id-number",
  "bank-card",
  "mobile",
  "landline",
  "email",
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

// ---------------------------------------------------------------------------------------------
// Patterns. All run on the ASCII-normalised text, which has the same length as the original.

/** Not inside a longer number or an alphanumeric code, and not money. */
const LEFT = String.raw`(?<![0-9][A-Za-z]{0,10})(?<![0-9]\.)(?<![¥￥$]\s?)(?<!人民币\s?)`;
const RIGHT = String.raw`(?![A-Za-z]{0,10}[0-9])(?!\.[0-9])(?!\s?(?:元(?!旦)|万元|亿元|%))`;

const SEP = "[ -]";
const AREA = String.raw`(?:010|02\d|0[3-9]\d\d)`;
const AREA_WITHOUT_ZERO = String.raw`(?:10|2\d|[3-9]\d\d)`;
const LOCAL = String.raw`[1-9]\d{2,3}${SEP}?\d{4}`;
const EXTENSION = String.raw`(?: ?(?:转|分机|[Ee]xt\.?|EXT\.?|[xX]|-) ?\d{1,6})?`;
const COUNTRY = String.raw`(?:(?:\+|00)86${SEP}?|\(\+?86\) ?)`;

interface Shape {
  rule: TextRule;
  pattern: RegExp;
  valid?: (token: string) => boolean;
}

/** A lookahead capture finds the token at every position, so overlapping candidates all surface. */
function shape(rule: TextRule, source: string, valid?: (token: string) => boolean): Shape {
  return { rule, pattern: new RegExp(`(?=(${LEFT}(?:${source})${RIGHT}))`, "g"), valid };
}

const digitsOf = (token: string): string => token.replace(/[^0-9Xx]/g, "");
const isId = (token: string): boolean => isValidResidentId(digitsOf(token));
const isCard = (token: string): boolean => passesLuhn(digitsOf(token));
const isPersonalPhone = (token: string): boolean => !/^[48]00\d{7}$/.test(digitsOf(token));

const SHAPES: readonly Shape[] = [
  shape("id-number", String.raw`[1-9]\d{16}[\dXx]|[1-9]\d{14}`, isId),
  shape("id-number", String.raw`[1-9]\d{5}${SEP}\d{8}${SEP}\d{3}[\dXx]`, isId),
  shape("bank-card", String.raw`\d{16,19}`, isCard),
  shape("bank-card", String.raw`\d{4}(?:${SEP}\d{4}){3}`, isCard),
  shape("bank-card", String.raw`\d{4}(?:${SEP}\d{4}){3}${SEP}\d{1,3}`, isCard),
  shape("bank-card", String.raw`(?<=(?:账号|帐号|账户|帐户|卡号)(?:为|是)?[:\s]{0,2})\d(?:${SEP}?\d){9,29}`),
  shape("mobile", String.raw`(?:(?:\+|00)?86${SEP}?|\(\+?86\) ?)?1[3-9]\d${SEP}?\d{4}${SEP}?\d{4}`),
  shape(
    "landline",
    String.raw`(?:\(${AREA}\) ?|${AREA}${SEP}?|${COUNTRY}${AREA_WITHOUT_ZERO}${SEP}?)${LOCAL}${EXTENSION}`,
  ),
  shape(
    "landline",
    String.raw`(?<=(?:电话|手机|联系方式|座机|传真|[Tt]el|TEL)(?:号码|号)?(?:为|是)?[:\s]{0,2})\d(?:${SEP}?\d){6,11}`,
    isPersonalPhone,
  ),
];

const LABEL = String.raw`[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?`;
const EMAIL = new RegExp(
  String.raw`(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@${LABEL}(?:\.${LABEL})*\.[A-Za-z]{2,}(?![A-Za-z0-9-])`,
  "g",
);

/** Full-width forms (U+FF01–FF5E), ideographic and no-break spaces, and dashes as ASCII. */
function normalise(text: string): string {
  return text.replace(/[\uFF01-\uFF5E\u3000\u00A0\u2010-\u2014]/g, (c) => {
    const code = c.charCodeAt(0);
    if (code >= 0xff01) return String.fromCharCode(code - 0xfee0);
    return code >= 0x2010 ? "-" : " ";
  });
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
   * wherever they appear in the text. They win even over `keep`: no pattern finds an address, but
   * the record knows the one it must hide.
   */
  secrets?: readonly string[];
}

export interface RedactedText {
  text: string;
  redactions: Redaction[];
}

interface Span {
  rule: TextRule;
  start: number;
  end: number;
}

/** A name with every character after the first as 某 (张三 → 张某); a one-character name → 某. */
export function maskName(name: string): string {
  const chars = Array.from(name);
  return chars.length <= 1 ? "某" : chars[0] + "某".repeat(chars.length - 1);
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

/** Merged, ordered spans to replace. */
function findSpans(text: string, opts: RedactTextOptions): Span[] {
  const plain = normalise(text);
  const candidates: Span[] = [];
  for (const { rule, pattern, valid } of SHAPES) {
    for (const m of plain.matchAll(pattern)) {
      const token = m[1] as string;
      if (valid === undefined || valid(token)) candidates.push({ rule, start: m.index, end: m.index + token.length });
    }
  }
  for (const m of plain.matchAll(EMAIL)) candidates.push({ rule: "email", start: m.index, end: m.index + m[0].length });
  for (const o of occurrences(plain, opts.names ?? [])) candidates.push({ rule: "marked-name", ...o });

  const kept = occurrences(plain, opts.keep ?? []);
  const wanted = candidates.filter((c) => !kept.some((k) => k.start < c.end && c.start < k.end));
  for (const o of occurrences(plain, opts.secrets ?? [])) wanted.push({ rule: "personal-value", ...o });
  wanted.sort((a, b) => a.start - b.start || b.end - a.end || RANK.indexOf(a.rule) - RANK.indexOf(b.rule));

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
  return spans.map(({ start, end, label }) => ({ rule: label.rule, start, end }));
}

/** Whether candidate a rather than b (earlier in start, length, rank order) names a merged span:
 *  any pattern before a marked name, then the longer; otherwise b stays. */
function labels(a: Span, b: Span): boolean {
  const aName = a.rule === "marked-name";
  if (aName !== (b.rule === "marked-name")) return !aName;
  return a.end - a.start > b.end - b.start;
}

/** Masks ID numbers, phones, bank cards, e-mails and marked names in one free-text field. */
export function redactText(text: string, field: string, opts: RedactTextOptions = {}): RedactedText {
  const redactions: Redaction[] = findSpans(text, opts).map(({ rule, start, end }) => ({
    rule,
    field,
    start,
    end,
    replacement: rule === "marked-name" ? maskName(text.slice(start, end)) : TOKENS[rule],
  }));
  let out = "";
  let at = 0;
  for (const r of redactions) {
    out += text.slice(at, r.start) + r.replacement;
    at = r.end;
  }
  return { text: out + text.slice(at), redactions };
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
 * health?, legalRepresentative?, creditCode? }, facts, conclusion, … }.
 * - A natural person has no 统一社会信用代码, so a value there is most likely the ID number: dropped.
 * - A 个体工商户 is a natural person for privacy, but its creditCode and its 经营者 (kept in
 *   legalRepresentative) are public in 双公示.
 * - An organisation's 法定代表人 and registered 住所 are public; its bank account and contact
 *   fields are not published.
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
    legal: ["name", "legalRepresentative", "creditCode"],
  },
  freeText: ["facts", "conclusion"],
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

  forEachAt(value, spec.party.split("."), "", (parent, key, at) => {
    const party = parent[key];
    if (!isNode(party)) return;
    const type = partyType(party.type);
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
    }
  });

  for (const path of spec.freeText) {
    forEachAt(value, path.split("."), "", (parent, key, at) => {
      const text = parent[key];
      if (typeof text !== "string") return;
      const result = redactText(text, at, { names: opts.names, keep, secrets });
      parent[key] = result.text;
      redactions.push(...result.redactions);
    });
  }
  return { value, redactions };
}
