/**
 * Subscriptions (issue 20), the pure rules: what a subscriber may follow (the feed's change types),
 * which filter attributes each channel declares, how a change matches a filter, the Standard
 * Webhooks signature and retry schedule, and which callback addresses are never called (SSRF).
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import net from "node:net";
import { isValidCreditCode } from "./credit-code.js";
import { POWER_CATEGORIES } from "./domain.js";
import { normalizeCreditCode } from "./identifiers.js";

export const CHANGE_TYPES = [
  "notice.published",
  "notice.withdrawn",
  "notice.corrected",
  "notice.expired",
  "document.published",
  "consultation.opened",
  "report.published",
] as const;
export type ChangeType = (typeof CHANGE_TYPES)[number];

/** One row of the feed's change stream (feed.changesSince), with the record's public view as `data`. */
export interface FeedChange {
  seq: string;
  at: string;
  type: ChangeType;
  recordId: string;
  bodyId: string | null;
  kind: string | null;
  /** The party's 统一社会信用代码 of a notice, when it has one. */
  partyCode: string | null;
  /** The record's public words, normalised as the feed's search normalises them. */
  searchText: string;
  data: object;
}

export const CHANNELS = ["email", "webhook", "atom"] as const;
export type Channel = (typeof CHANNELS)[number];

export const FREQUENCIES = ["immediate", "daily", "weekly"] as const;
export type Frequency = (typeof FREQUENCIES)[number];

/** What a subscriber may follow: every attribute optional, all that are given must match. */
export interface Filter {
  /** Change types; none: every type. */
  types?: ChangeType[];
  bodyId?: string;
  /** The party's 统一社会信用代码 (notices only). */
  partyCreditCode?: string;
  /** 行政处罚, 行政许可, …(notices only). */
  kind?: string;
  /** Words, all of which must occur in the record's public text. */
  q?: string;
  /** One record's changes (a notice's withdrawal or correction). */
  recordId?: string;
}

export const FILTER_ATTRIBUTES = ["types", "bodyId", "partyCreditCode", "kind", "q", "recordId"] as const;
export type FilterAttribute = (typeof FILTER_ATTRIBUTES)[number];

/**
 * The attributes each channel declares filterable. Every channel matches on the same change
 * stream; a free-text filter on a private Atom feed is allowed like the others.
 */
export const CHANNEL_FILTERS: Record<Channel, readonly FilterAttribute[]> = {
  email: FILTER_ATTRIBUTES,
  webhook: FILTER_ATTRIBUTES,
  atom: FILTER_ATTRIBUTES,
};

const EMAIL_RE = /^[^\s@<>()[\]\\,;:"]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63}$/;

/** Whether a subscriber's or a webhook owner's address looks like one a mail can be sent to. */
export function isEmailAddress(value: string): boolean {
  return EMAIL_RE.test(value);
}

const ID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MAX_Q = 100;

/** A filter as given, checked attribute by attribute: the normalised filter, or the problems (field → message). */
export function checkFilter(
  channel: Channel,
  raw: unknown,
): { filter: Filter; problems: { field: string; message: string }[] } {
  const problems: { field: string; message: string }[] = [];
  const filter: Filter = {};
  if (raw === undefined || raw === null) return { filter, problems };
  if (typeof raw !== "object" || Array.isArray(raw)) {
    return { filter, problems: [{ field: "filter", message: "filter must be an object" }] };
  }
  const allowed = CHANNEL_FILTERS[channel];
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const field = `filter.${key}`;
    if (!(allowed as readonly string[]).includes(key)) {
      problems.push({ field, message: `the ${channel} channel filters only by ${allowed.join(", ")}` });
      continue;
    }
    const attr = key as FilterAttribute;
    if (attr === "types") {
      const types = Array.isArray(value) ? value : [value];
      const bad = types.filter((t) => !(CHANGE_TYPES as readonly unknown[]).includes(t));
      if (types.length === 0 || types.length > CHANGE_TYPES.length || bad.length > 0) {
        problems.push({ field, message: `types must be some of ${CHANGE_TYPES.join(", ")}` });
      } else filter.types = [...new Set(types as ChangeType[])];
      continue;
    }
    if (typeof value !== "string" || value.trim() === "") {
      problems.push({ field, message: `${key} must be a non-empty string` });
      continue;
    }
    const v = value.trim();
    if (attr === "bodyId" || attr === "recordId") {
      if (ID_RE.test(v)) filter[attr] = v;
      else problems.push({ field, message: `${key} must be a record id` });
    } else if (attr === "partyCreditCode") {
      const code = normalizeCreditCode(v);
      if (isValidCreditCode(code)) filter.partyCreditCode = code;
      else problems.push({ field, message: "partyCreditCode must be a valid 统一社会信用代码" });
    } else if (attr === "kind") {
      if ((POWER_CATEGORIES as readonly string[]).includes(v)) filter.kind = v;
      else problems.push({ field, message: `kind must be one of ${POWER_CATEGORIES.join(", ")}` });
    } else {
      const words = queryWords(v);
      if (Array.from(v).length > MAX_Q || words.length === 0 || words.length > 10) {
        problems.push({ field, message: `q must be 1 to 10 words, at most ${MAX_Q} characters` });
      } else filter.q = words.join(" ");
    }
  }
  return { filter, problems };
}

/** The feed's one normalisation of words (services/feed/search-text.ts normalizeText). */
function queryWords(q: string): string[] {
  const norm = q.normalize("NFKC").toLowerCase().replace(/\s+/gu, " ").trim();
  return [...new Set(norm.split(" ").filter((w) => w !== ""))];
}

/**
 * The filter as a test of changes, its words split once: a batch of changes is matched against
 * every subscription, so the per-change work is a few comparisons.
 */
export function matcherOf(filter: Filter): (change: FeedChange) => boolean {
  const words = filter.q ? queryWords(filter.q) : [];
  return (change) =>
    (!filter.types || filter.types.includes(change.type)) &&
    (!filter.bodyId || change.bodyId === filter.bodyId) &&
    (!filter.partyCreditCode || change.partyCode?.toUpperCase() === filter.partyCreditCode) &&
    (!filter.kind || change.kind === filter.kind) &&
    (!filter.recordId || change.recordId === filter.recordId) &&
    words.every((w) => change.searchText.includes(w));
}

/**
 * Subscriptions indexed by their most selective attribute (one record, a party, a body), so a change
 * is tested only against those that could follow it and the few that name none of the three (words,
 * a kind, everything). Each is kept under one key; the whole filter is still tested.
 */
export class SubscriptionIndex<T> {
  private readonly byRecord = new Map<string, Entry<T>[]>();
  private readonly byParty = new Map<string, Entry<T>[]>();
  private readonly byBody = new Map<string, Entry<T>[]>();
  private readonly rest: Entry<T>[] = [];

  constructor(items: readonly T[], filterOf: (item: T) => Filter) {
    for (const item of items) {
      const filter = filterOf(item);
      const entry = { item, test: matcherOf(filter) };
      if (filter.recordId) push(this.byRecord, filter.recordId, entry);
      else if (filter.partyCreditCode) push(this.byParty, filter.partyCreditCode, entry);
      else if (filter.bodyId) push(this.byBody, filter.bodyId, entry);
      else this.rest.push(entry);
    }
  }

  /** The items whose filter follows the change. */
  matching(change: FeedChange): T[] {
    const out: T[] = [];
    const test = (entries: readonly Entry<T>[] | undefined) => {
      for (const e of entries ?? []) if (e.test(change)) out.push(e.item);
    };
    test(this.byRecord.get(change.recordId));
    if (change.partyCode) test(this.byParty.get(change.partyCode.toUpperCase()));
    if (change.bodyId) test(this.byBody.get(change.bodyId));
    test(this.rest);
    return out;
  }
}

interface Entry<T> {
  item: T;
  test: (change: FeedChange) => boolean;
}

function push<T>(map: Map<string, Entry<T>[]>, key: string, entry: Entry<T>): void {
  const list = map.get(key);
  if (list) list.push(entry);
  else map.set(key, [entry]);
}

/** Whether a change is one the filter follows. */
export function matches(filter: Filter, change: FeedChange): boolean {
  return matcherOf(filter)(change);
}

/** A one-line Chinese description of a filter, for e-mails and the manage page. */
export function describeFilter(filter: Filter, bodyName?: string): string {
  const parts: string[] = [];
  if (filter.types) parts.push(`类型：${filter.types.map((t) => CHANGE_TYPE_LABELS[t]).join("、")}`);
  if (filter.bodyId) parts.push(`执法主体：${bodyName ?? filter.bodyId}`);
  if (filter.partyCreditCode) parts.push(`当事人统一社会信用代码：${filter.partyCreditCode}`);
  if (filter.kind) parts.push(`类别：${filter.kind}`);
  if (filter.q) parts.push(`关键词：${filter.q}`);
  if (filter.recordId) parts.push(`指定记录：${filter.recordId}`);
  return parts.length ? parts.join("；") : "全部公示变化";
}

export const CHANGE_TYPE_LABELS: Record<ChangeType, string> = {
  "notice.published": "公示发布",
  "notice.withdrawn": "公示撤下",
  "notice.corrected": "公示更正",
  "notice.expired": "公示期满",
  "document.published": "规范性文件发布",
  "consultation.opened": "征求意见开始",
  "report.published": "年度报告发布",
};

// ---- Standard Webhooks (https://www.standardwebhooks.com/)

/** A new signing secret: `whsec_` and 24 random bytes in base64 (the specification's form). */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

function secretBytes(secret: string): Buffer {
  return Buffer.from(secret.startsWith("whsec_") ? secret.slice(6) : secret, "base64");
}

/** `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` with the secret's bytes. */
export function webhookSignature(secret: string, id: string, timestampSeconds: number, body: string): string {
  const mac = createHmac("sha256", secretBytes(secret)).update(`${id}.${timestampSeconds}.${body}`).digest("base64");
  return `v1,${mac}`;
}

/** Whether one of a `webhook-signature` header's space-separated signatures is ours. */
export function verifyWebhookSignature(
  secret: string,
  id: string,
  timestampSeconds: number,
  body: string,
  header: string,
): boolean {
  const expected = Buffer.from(webhookSignature(secret, id, timestampSeconds, body));
  return header.split(" ").some((s) => {
    const b = Buffer.from(s);
    return b.length === expected.length && timingSafeEqual(b, expected);
  });
}

/**
 * The wait after each failed attempt (the Standard Webhooks / Svix schedule): 5 s, 5 min, 30 min,
 * 2 h, 5 h, 10 h, 10 h; after the last the message has failed for good.
 */
export const RETRY_SCHEDULE_SECONDS = [5, 300, 1800, 7200, 18_000, 36_000, 36_000] as const;
/** A Retry-After longer than this is not honoured beyond it. */
export const MAX_RETRY_AFTER_SECONDS = 24 * 3600;
/** An endpoint that has failed every delivery for this long is disabled. */
export const DISABLE_AFTER_FAILING_MS = 3 * 24 * 3600 * 1000;

/** How one attempt ended: an HTTP status, or no answer (timeout, refused, reset). */
export type AttemptOutcome = { status: number; retryAfter?: string | null } | { error: string };

export type Decision =
  | { action: "delivered" }
  | { action: "retry"; at: Date }
  | { action: "failed"; why: string }
  | { action: "disable"; why: string };

/** Seconds a Retry-After header asks for (delta-seconds or an HTTP date), or undefined. */
export function retryAfterSeconds(value: string | null | undefined, now: Date): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Math.min(Number(v), MAX_RETRY_AFTER_SECONDS);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(0, Math.ceil((at - now.getTime()) / 1000)), MAX_RETRY_AFTER_SECONDS);
}

/**
 * What follows attempt number `attempt` (1: the first): 2xx delivered; 410 Gone disables the
 * endpoint at once; timeouts, network errors, 408, 429 and 5xx are retried on the schedule (a
 * Retry-After longer than the schedule's wait is honoured) with ±10 % jitter; any other answer
 * (the receiver refused this message) fails it without retrying.
 */
export function decide(attempt: number, outcome: AttemptOutcome, now: Date, random = Math.random): Decision {
  if ("status" in outcome) {
    if (outcome.status >= 200 && outcome.status < 300) return { action: "delivered" };
    if (outcome.status === 410) return { action: "disable", why: "the endpoint answered 410 Gone" };
    const retryable = outcome.status === 408 || outcome.status === 429 || outcome.status >= 500;
    if (!retryable) return { action: "failed", why: `the endpoint answered ${outcome.status}` };
  }
  const wait = RETRY_SCHEDULE_SECONDS[attempt - 1];
  if (wait === undefined) {
    return { action: "failed", why: `no success after ${attempt} attempts` };
  }
  const jittered = wait * (0.9 + 0.2 * random());
  const asked = "status" in outcome ? retryAfterSeconds(outcome.retryAfter, now) : undefined;
  const seconds = Math.max(jittered, asked ?? 0);
  return { action: "retry", at: new Date(now.getTime() + Math.round(seconds * 1000)) };
}

// ---- callback addresses (SSRF)

const BLOCKED = new net.BlockList();
for (const [net4, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  BLOCKED.addSubnet(net4, prefix, "ipv4");
}
for (const [net6, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["64:ff9b::", 96],
  ["100::", 64],
  ["2001:db8::", 32],
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
] as const) {
  BLOCKED.addSubnet(net6, prefix, "ipv6");
}

/**
 * Whether an address may be called back: not loopback, private, shared (CGNAT), link-local (the
 * cloud metadata address 169.254.169.254 among them), documentation, multicast or reserved; an
 * IPv4-mapped IPv6 address is judged as its IPv4 address.
 */
export function isPublicAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 0) return false;
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return isPublicAddress(mapped[1] as string);
    return !BLOCKED.check(address, "ipv6");
  }
  return !BLOCKED.check(address, "ipv4");
}

/** A callback URL's problem (scheme, credentials, shape), or undefined; its address is checked when it is called. */
export function callbackUrlProblem(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "the URL is not valid";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "the URL must be http or https";
  if (url.username || url.password) return "the URL must not carry credentials";
  if (raw.length > 2000) return "the URL is longer than 2000 characters";
  return undefined;
}

/** The portal page of a change's record. */
export function recordPath(type: ChangeType, id: string): string {
  const section = type.startsWith("notice.")
    ? "notices"
    : type === "document.published"
      ? "documents"
      : type === "consultation.opened"
        ? "consultations"
        : "reports";
  return `/${section}/${encodeURIComponent(id)}`;
}

/** The record's title as a change carries it (a notice's, a document's, a report's). */
export function changeTitle(change: Pick<FeedChange, "data" | "recordId">): string {
  const title = (change.data as { title?: unknown }).title;
  return typeof title === "string" && title !== "" ? title : change.recordId;
}

const CHINA_OFFSET_MS = 8 * 3600 * 1000;
/** Digests go out at 08:00 China time: daily the next such moment, weekly the next Monday's. */
export const DIGEST_HOUR = 8;

/** When a digest of changes seen at `now` is sent. */
export function nextDigestAt(frequency: Exclude<Frequency, "immediate">, now: Date): Date {
  const china = new Date(now.getTime() + CHINA_OFFSET_MS);
  const at = new Date(Date.UTC(china.getUTCFullYear(), china.getUTCMonth(), china.getUTCDate(), DIGEST_HOUR));
  if (at.getTime() <= china.getTime()) at.setUTCDate(at.getUTCDate() + 1);
  if (frequency === "weekly") {
    while (at.getUTCDay() !== 1) at.setUTCDate(at.getUTCDate() + 1);
  }
  return new Date(at.getTime() - CHINA_OFFSET_MS);
}

// ---- WebSub (https://www.w3.org/TR/websub/)

/** The public Atom feeds the hub serves as topics: each feed's filters a subscriber's topic may carry. */
export const WEBSUB_TOPICS = {
  "/api/public/feed.atom": {
    feed: "notices",
    params: ["bodyId", "kind", "q", "status"],
    types: ["notice.published", "notice.withdrawn", "notice.corrected", "notice.expired"],
  },
  "/api/public/documents.atom": { feed: "documents", params: ["bodyId", "q"], types: ["document.published"] },
  "/api/public/reports.atom": { feed: "reports", params: ["bodyId"], types: ["report.published"] },
} as const satisfies Record<string, { feed: string; params: readonly string[]; types: readonly ChangeType[] }>;

export type TopicFeed = (typeof WEBSUB_TOPICS)[keyof typeof WEBSUB_TOPICS]["feed"];

export interface WebSubTopic {
  feed: TopicFeed;
  /** The feed's filters as the topic gives them (what the pushed document is drawn with). */
  params: Record<string, string>;
  /** Which changes update it. */
  filter: Filter;
}

/** Lease bounds (seconds): asked for or not, a lease lasts between these; 10 days by default. */
export const LEASE = { min: 3600, default: 10 * 86_400, max: 30 * 86_400 } as const;

/** A topic URL this hub serves, or why not. A feed's status filter does not narrow what updates it. */
export function websubTopic(base: string, topic: string): WebSubTopic | { problem: string } {
  let url: URL;
  try {
    url = new URL(topic);
  } catch {
    return { problem: "hub.topic is not a URL" };
  }
  const origin = new URL(base);
  const path = url.pathname.startsWith(origin.pathname.replace(/\/$/, ""))
    ? url.pathname.slice(origin.pathname.replace(/\/$/, "").length)
    : url.pathname;
  const served = WEBSUB_TOPICS[path as keyof typeof WEBSUB_TOPICS];
  if (url.origin !== origin.origin || !served) {
    return {
      problem: `this hub serves only ${Object.keys(WEBSUB_TOPICS)
        .map((p) => base + p)
        .join(", ")}`,
    };
  }
  const params: Record<string, string> = {};
  for (const [key, value] of url.searchParams) {
    if (!(served.params as readonly string[]).includes(key) || key in params) {
      return { problem: `the topic may filter only by ${served.params.join(", ")}, each once` };
    }
    params[key] = value;
  }
  const { status: _status, ...narrowing } = params;
  const { filter, problems } = checkFilter("atom", { ...narrowing, types: [...served.types] });
  if (problems.length) return { problem: problems.map((p) => p.message).join("; ") };
  return { feed: served.feed, params, filter };
}

/** `X-Hub-Signature` of a pushed body: `sha256=` and the hex HMAC-SHA256 with the subscriber's secret. */
export function hubSignature(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}
