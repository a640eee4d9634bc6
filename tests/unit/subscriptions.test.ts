/**
 * The subscriptions' pure rules (shared/subscriptions.ts): filters checked attribute by attribute
 * per channel, matching, the Standard Webhooks signature (checked against the `standardwebhooks`
 * package), the retry schedule with jitter and Retry-After, digest times, and the callback addresses
 * the SSRF guard refuses.
 */
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import {
  checkFilter,
  decide,
  isPublicAddress,
  matches,
  newWebhookSecret,
  nextDigestAt,
  retryAfterSeconds,
  RETRY_SCHEDULE_SECONDS,
  SubscriptionIndex,
  verifyWebhookSignature,
  webhookSignature,
  type FeedChange,
} from "../../shared/subscriptions.js";
import { creditCode } from "../support/fixtures.js";

const change = (over: Partial<FeedChange> = {}): FeedChange => ({
  seq: "1",
  at: "2026-12-06T00:00:00.000Z",
  type: "notice.published",
  recordId: "0190f1d2-0000-7000-8000-000000000001",
  bodyId: "0190f1d2-0000-7000-8000-000000000002",
  kind: "行政处罚",
  partyCode: null,
  searchText: "温州某某餐饮有限公司 罚款 食品安全法",
  data: { title: "行政处罚决定" },
  ...over,
});

describe("filters", () => {
  it("refuses an attribute the channel does not declare, and bad values, field by field", () => {
    const { problems } = checkFilter("webhook", {
      color: "red",
      partyCreditCode: "123",
      types: ["notice.deleted"],
      bodyId: "x",
      kind: "行政指导x",
      q: "",
    });
    expect(problems.map((p) => p.field).sort()).toEqual(
      ["filter.bodyId", "filter.color", "filter.kind", "filter.partyCreditCode", "filter.q", "filter.types"].sort(),
    );
    expect(checkFilter("atom", [1]).problems[0]?.field).toBe("filter");
  });

  it("normalises what it keeps: the credit code upper-cased, q's words NFKC and lower-cased, types unique", () => {
    const code = creditCode();
    const { filter, problems } = checkFilter("email", {
      partyCreditCode: ` ${code.toLowerCase()} `,
      q: "  ＡＢＣ   罚款 罚款",
      types: ["notice.withdrawn", "notice.withdrawn"],
    });
    expect(problems).toEqual([]);
    expect(filter).toEqual({ partyCreditCode: code, q: "abc 罚款", types: ["notice.withdrawn"] });
  });

  it("matches when every given attribute matches", () => {
    const code = creditCode();
    expect(matches({}, change())).toBe(true);
    expect(matches({ partyCreditCode: code }, change({ partyCode: code }))).toBe(true);
    expect(matches({ partyCreditCode: code }, change({ partyCode: null }))).toBe(false);
    expect(matches({ q: "罚款 食品安全法" }, change())).toBe(true);
    expect(matches({ q: "罚款 许可" }, change())).toBe(false);
    expect(matches({ types: ["notice.withdrawn"] }, change())).toBe(false);
    expect(matches({ kind: "行政许可" }, change())).toBe(false);
    expect(matches({ recordId: change().recordId, types: ["notice.published"] }, change())).toBe(true);
  });
});

describe("Standard Webhooks signatures", () => {
  it("are what the standardwebhooks package verifies, and a tampered body is not", () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const ts = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({ type: "notice.published", timestamp: new Date().toISOString(), data: { 名: "值" } });
    const headers = {
      "webhook-id": "msg_1",
      "webhook-timestamp": String(ts),
      "webhook-signature": webhookSignature(secret, "msg_1", ts, body),
    };
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(secret).verify(body.replace("值", "改"), headers)).toThrow();
    expect(verifyWebhookSignature(secret, "msg_1", ts, body, `v1,bogus ${headers["webhook-signature"]}`)).toBe(true);
    expect(verifyWebhookSignature(secret, "msg_2", ts, body, headers["webhook-signature"])).toBe(false);
  });
});

describe("retries", () => {
  const now = new Date("2026-12-06T10:00:00Z");
  const waitOf = (d: ReturnType<typeof decide>) =>
    d.action === "retry" ? (d.at.getTime() - now.getTime()) / 1000 : NaN;

  it("follow the schedule with ±10 % jitter, then fail the message", () => {
    RETRY_SCHEDULE_SECONDS.forEach((s, i) => {
      expect(waitOf(decide(i + 1, { status: 503 }, now, () => 0))).toBeCloseTo(s * 0.9, 0);
      expect(waitOf(decide(i + 1, { error: "timeout" }, now, () => 1))).toBeCloseTo(s * 1.1, 0);
    });
    expect(decide(RETRY_SCHEDULE_SECONDS.length + 1, { status: 500 }, now).action).toBe("failed");
  });

  it("deliver on 2xx, disable on 410, fail other 4xx at once, retry 408 and 429", () => {
    expect(decide(1, { status: 204 }, now).action).toBe("delivered");
    expect(decide(1, { status: 410 }, now).action).toBe("disable");
    expect(decide(1, { status: 400 }, now).action).toBe("failed");
    expect(decide(1, { status: 404 }, now).action).toBe("failed");
    expect(decide(1, { status: 408 }, now).action).toBe("retry");
    expect(decide(1, { status: 429 }, now).action).toBe("retry");
  });

  it("honour a longer Retry-After (seconds or an HTTP date), up to 24 hours", () => {
    expect(waitOf(decide(1, { status: 429, retryAfter: "120" }, now, () => 0.5))).toBe(120);
    expect(waitOf(decide(2, { status: 429, retryAfter: "1" }, now, () => 0.5))).toBe(300);
    expect(retryAfterSeconds(new Date(now.getTime() + 600_000).toUTCString(), now)).toBe(600);
    expect(retryAfterSeconds("999999", now)).toBe(86_400);
    expect(retryAfterSeconds("soon", now)).toBeUndefined();
  });
});

describe("digests", () => {
  it("go out at 08:00 China time: daily the next one, weekly the next Monday's", () => {
    // 2026-12-06 is a Sunday; 07:59 China time is 23:59 UTC the day before.
    expect(nextDigestAt("daily", new Date("2026-12-05T23:59:00Z")).toISOString()).toBe("2026-12-06T00:00:00.000Z");
    expect(nextDigestAt("daily", new Date("2026-12-06T00:00:00Z")).toISOString()).toBe("2026-12-07T00:00:00.000Z");
    expect(nextDigestAt("weekly", new Date("2026-12-06T03:00:00Z")).toISOString()).toBe("2026-12-07T00:00:00.000Z");
    expect(nextDigestAt("weekly", new Date("2026-12-07T01:00:00Z")).toISOString()).toBe("2026-12-14T00:00:00.000Z");
  });
});

describe("callback addresses", () => {
  it("refuses loopback, private, shared, link-local (metadata), reserved and mapped ones", () => {
    for (const a of [
      "127.0.0.1",
      "10.0.0.5",
      "172.16.3.4",
      "192.168.1.1",
      "100.64.0.1",
      "169.254.169.254",
      "0.0.0.0",
      "224.0.0.1",
      "::1",
      "fe80::1",
      "fd00::1",
      "::ffff:127.0.0.1",
      "::ffff:10.0.0.1",
      "not-an-ip",
    ]) {
      expect(isPublicAddress(a), a).toBe(false);
    }
    for (const a of ["8.8.8.8", "114.114.114.114", "2400:3200::1", "::ffff:8.8.8.8"])
      expect(isPublicAddress(a), a).toBe(true);
  });
});

describe("the subscription index", () => {
  it("finds exactly what testing every filter finds", () => {
    const code = creditCode();
    const body = "0190f1d2-0000-7000-8000-000000000002";
    const filters = [
      {},
      { partyCreditCode: code },
      { partyCreditCode: creditCode() },
      { bodyId: body, kind: "行政处罚" },
      { bodyId: "0190f1d2-0000-7000-8000-00000000000f" },
      { recordId: change().recordId, types: ["notice.published" as const] },
      { q: "罚款" },
      { q: "许可" },
      { kind: "行政许可" },
    ];
    const index = new SubscriptionIndex(filters, (f) => f);
    for (const c of [
      change({ partyCode: code.toLowerCase() }),
      change({ partyCode: null, bodyId: null }),
      change({ type: "notice.withdrawn" }),
    ]) {
      const expected = filters.filter((f) => matches(f, c));
      expect(new Set(index.matching(c))).toEqual(new Set(expected));
    }
  });
});
