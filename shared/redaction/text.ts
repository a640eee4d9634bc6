/**
 * Free text: redactText finds every span the patterns and clauses match, drops what is public or
 * kept, merges overlaps under one rule and replaces each span; publicText, containsPersonalData and
 * contactSecrets build on it.
 */

import { addressCandidates, healthCandidates, relativeNames } from "./clauses.js";
import { normalise } from "./normalise.js";
import { cueListCandidates, EMAILS, FULL_WIDTH_EMAIL, publicTokens, SHAPES } from "./patterns.js";
import { RANK, TOKENS, type Interval, type Redaction, type Span, type TextRule } from "./tokens.js";

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

/**
 * The parts of a span outside every kept interval (a union, see `union`), unless only punctuation
 * is left. Only the kept intervals that overlap the span are visited: O(log m + overlaps).
 */
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
