/**
 * subscriptions: what following changes costs (issue 20).
 *  - matching: the index the service builds over each batch (shared/subscriptions.ts SubscriptionIndex), in
 *    process, at 1 000 to 100 000 subscriptions of the mix users make — a party's 统一社会信用代码
 *    (most), a body, search words, one record, everything — against a stream of changes drawn like
 *    the platform's (many bodies and parties, Chinese text): µs per change, and matches per change.
 *  - end to end, through the platform (gateway | the rest, over NATS): S subscriptions stored
 *    (weekly e-mail digests of that mix, so nothing is mailed while measuring) and W webhooks that
 *    follow everything, to a receiver on loopback; N notices published by four officers at once.
 *    Latency from the publish answer to each webhook's arrival (the service polls the feed's change
 *    stream every SUBSCRIPTIONS_DELIVERY_SECONDS, 2 s by default: half of it on average is waiting),
 *    deliveries per second, and the database bytes per delivery (deliveries, attempts, changes).
 */
import pg from "pg";
import { randomUUID } from "node:crypto";
import { newWebhookSecret, SubscriptionIndex, type FeedChange, type Filter } from "../../shared/subscriptions.js";
import { creditCode } from "../../tests/support/fixtures.js";
import { publishNotice, setUpOffice } from "../../tests/support/flow.js";
import { startPlatform } from "../../tests/support/platform.js";
import { startReceiver } from "../../tests/support/receivers.js";
import { percentile, round, spread, type SuiteOptions } from "./common.js";

const WORDS = ["罚款", "食品安全", "无证经营", "环境污染", "消防", "广告", "价格", "药品", "特种设备", "渣土"];

/** A deterministic generator, so every run draws the same subscriptions and changes. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)] as T;
}

/** The filters users make: 60 % a party, 20 % a body, 10 % words, 5 % one record, 5 % everything. */
function filterMix(r: () => number, bodies: string[], parties: string[], records: string[]): Filter {
  const x = r();
  if (x < 0.6) return { partyCreditCode: pick(r, parties) };
  if (x < 0.8) return { bodyId: pick(r, bodies) };
  if (x < 0.9) return { q: `${pick(r, WORDS)} ${pick(r, WORDS)}` };
  if (x < 0.95) return { recordId: pick(r, records), types: ["notice.withdrawn", "notice.corrected"] };
  return {};
}

function matchingCost(opts: SuiteOptions) {
  const r = rng(20);
  const bodies = Array.from({ length: 300 }, () => randomUUID());
  const parties = Array.from({ length: 20_000 }, () => creditCode());
  const records = Array.from({ length: 50_000 }, () => randomUUID());
  const changes: FeedChange[] = Array.from({ length: opts.quick ? 1000 : 5000 }, (_, i) => ({
    seq: String(i + 1),
    at: new Date().toISOString(),
    type: r() < 0.9 ? "notice.published" : "notice.withdrawn",
    recordId: pick(r, records),
    bodyId: pick(r, bodies),
    kind: "行政处罚",
    partyCode: pick(r, parties),
    searchText: `某某有限公司 ${pick(r, WORDS)} ${pick(r, WORDS)} 行政处罚决定书 依据《中华人民共和国行政处罚法》`,
    data: {},
  }));
  const out: Record<string, { perChangeUs: number; matchesPerChange: number }> = {};
  for (const size of opts.quick ? [1000, 10_000] : [1000, 10_000, 100_000]) {
    const filters = Array.from({ length: size }, () => filterMix(r, bodies, parties, records));
    const runs: number[] = [];
    let matched = 0;
    for (let round = 0; round < opts.rounds; round++) {
      matched = 0;
      // Built per batch of 200 changes, as the service does: its cost is part of a change's.
      const t = performance.now();
      for (let from = 0; from < changes.length; from += 200) {
        const index = new SubscriptionIndex(filters, (f) => f);
        for (const change of changes.slice(from, from + 200)) matched += index.matching(change).length;
      }
      runs.push(((performance.now() - t) * 1000) / changes.length);
    }
    out[String(size)] = { perChangeUs: spread(runs, 1).median, matchesPerChange: round(matched / changes.length, 2) };
    opts.log(`subscriptions: ${size} subscriptions, ${out[String(size)]?.perChangeUs} µs a change`);
  }
  return out;
}

export async function subscriptionsSuite(opts: SuiteOptions): Promise<unknown> {
  const matching = matchingCost(opts);
  const stored = opts.quick ? 2000 : 20_000;
  const webhooks = 10;
  const perRound = opts.quick ? 20 : 60;
  opts.log("subscriptions: starting the platform (gateway | the rest, over NATS)");
  const receiver = await startReceiver();
  const platform = await startPlatform(undefined, { WEBHOOK_ALLOW_HOSTS: "127.0.0.1" });
  const db = new pg.Pool({ connectionString: platform.db.url, max: 3 });
  try {
    const office = await setUpOffice(platform.api, "宁波市综合行政执法局", "bench.subs");
    const r = rng(21);
    const parties = Array.from({ length: 5000 }, () => creditCode());
    const bodies = [office.bodyId, ...Array.from({ length: 99 }, () => randomUUID())];
    const now = new Date();
    const rows = [
      ...Array.from({ length: stored }, (_, i) => ({
        channel: "email",
        target: `reader${i}@example.org`,
        filter: filterMix(r, bodies, parties, [randomUUID()]),
        frequency: "weekly",
        secret: null as string | null,
      })),
      ...Array.from({ length: webhooks }, (_, i) => ({
        channel: "webhook",
        target: `${receiver.url}?w=${i}`,
        filter: {},
        frequency: null,
        secret: newWebhookSecret(),
      })),
    ];
    await db.query(
      `insert into subscriptions.subscriptions (id, channel, target, filter, frequency, status, secret, manage_token,
         created_at, active_since, status_changed_at)
       select gen_random_uuid()::text, ch, tg, f, fr, 'active', sc, md5(random()::text) || md5(random()::text), $6, $6, $6
         from unnest($1::text[], $2::text[], $3::jsonb[], $4::text[], $5::text[]) as t(ch, tg, f, fr, sc)`,
      [
        rows.map((x) => x.channel),
        rows.map((x) => x.target),
        rows.map((x) => JSON.stringify(x.filter)),
        rows.map((x) => x.frequency),
        rows.map((x) => x.secret),
        now,
      ],
    );
    const latencies: number[] = [];
    const rates: number[] = [];
    for (let round = 0; round < opts.rounds; round++) {
      const start = receiver.received.length;
      const published = new Map<string, number>();
      let next = 0;
      const t0 = Date.now();
      const officer = async () => {
        for (let i = next++; i < perRound; i = next++) {
          const n = await publishNotice(platform.api, office, {
            party: {
              type: "legal",
              name: `宁波某商贸有限公司${i}`,
              creditCode: pick(r, parties),
              legalRepresentative: "王某",
            },
          });
          published.set(n.noticeId as string, Date.now());
        }
      };
      await Promise.all([officer(), officer(), officer(), officer()]);
      const want = start + perRound * webhooks;
      const deadline = Date.now() + 120_000;
      while (receiver.received.length < want && Date.now() < deadline) await new Promise((res) => setTimeout(res, 50));
      const arrived = receiver.received.slice(start);
      for (const a of arrived) {
        const id = (JSON.parse(a.body) as { data?: { id?: string } }).data?.id;
        const at = id ? published.get(id) : undefined;
        if (at !== undefined) latencies.push(a.at - at);
      }
      const last = Math.max(...arrived.map((a) => a.at));
      rates.push((arrived.length * 1000) / Math.max(1, last - t0));
      opts.log(`subscriptions: round ${round + 1}: ${arrived.length}/${perRound * webhooks} deliveries`);
    }
    const { rows: size } = await db.query<{ bytes: string; n: string }>(
      `select (pg_total_relation_size('subscriptions.deliveries') + pg_total_relation_size('subscriptions.attempts')
               + pg_total_relation_size('subscriptions.changes'))::text as bytes,
              (select count(*) from subscriptions.deliveries)::text as n`,
    );
    return {
      matching,
      endToEnd: {
        storedSubscriptions: stored,
        webhooks,
        noticesPerRound: perRound,
        deliveryP50Ms: round(percentile(latencies, 50), 0),
        deliveryP99Ms: round(percentile(latencies, 99), 0),
        deliveriesPerSecond: spread(rates, 1),
        bytesPerDelivery: Math.round(Number(size[0]?.bytes) / Math.max(1, Number(size[0]?.n))),
        deliveries: Number(size[0]?.n),
      },
    };
  } finally {
    await db.end();
    await platform.stop();
    await receiver.close();
  }
}
