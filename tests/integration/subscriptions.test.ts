/**
 * Subscriptions over the split platform (issue 20): webhooks verified with the `standardwebhooks`
 * package at a loopback receiver, retried on a fake clock (the delivery pass is run at chosen
 * times), disabled on 410 and after 3 days of failures, replayed; e-mail through a real SMTP server
 * with double opt-in, digests and RFC 8058 one-click unsubscribe; a private Atom feed; the SSRF
 * guard and the filter rules.
 */
// Answers are untyped JSON here; `any` keeps it terse.
/* eslint-disable @typescript-eslint/no-explicit-any */
import type { ServiceBroker } from "moleculer";
import { createHmac } from "node:crypto";
import pg from "pg";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "../../lib/contract.js";
import { subscriptions } from "../../services/subscriptions/contract.js";
import { nextDigestAt } from "../../shared/subscriptions.js";
import { creditCode } from "../support/fixtures.js";
import { publishNotice, setUpOffice, type Office } from "../support/flow.js";
import { joinBus, startPlatform, type Platform } from "../support/platform.js";
import { startMailServer, startReceiver, type MailServer, type Receiver } from "../support/receivers.js";

let platform: Platform;
let office: Office;
let bus: ServiceBroker;
let mail: MailServer;
let receiver: Receiver;

beforeAll(async () => {
  mail = await startMailServer();
  receiver = await startReceiver();
  platform = await startPlatform(
    [
      "gateway",
      "accounts,duties,cases,results,notices,feed,feedback,requests,documents,tlog,reports,subscriptions,inspections,imports",
    ],
    {
      SMTP_URL: mail.url,
      WEBHOOK_ALLOW_HOSTS: "127.0.0.1",
      SUBSCRIPTIONS_DELIVERY_SECONDS: "0",
      WEBHOOK_TIMEOUT_SECONDS: "2",
      SUBSCRIPTIONS_RATE_LIMIT: "1000/3600",
    },
  );
  bus = await joinBus(platform);
  office = await setUpOffice(platform.api, "宁波市市场监督管理局", "nb.subs");
});

afterAll(async () => {
  await bus?.stop();
  await platform?.stop();
  await receiver?.close();
  await mail?.close();
});

/** A notice against the company of 统一社会信用代码 `code`. */
const publishFor = (code: string, name: string, title?: string) =>
  publishNotice(platform.api, office, {
    ...(title ? { title } : {}),
    party: { type: "legal", name, creditCode: code, legalRepresentative: "张某" },
  });

/** An e-mail subscription to a party's notices, confirmed by its mail's token: its mail's text and links. */
async function confirmedEmail(target: string, code: string, frequency: "daily" | "weekly") {
  const before = mail.mails.length;
  const res = await platform.api.post("/api/public/subscriptions", {
    channel: "email",
    target,
    frequency,
    filter: { partyCreditCode: code },
  });
  expect(res.status).toBe(201);
  const text = (await mail.waitFor(before + 1))[before]!.text ?? "";
  const token = /confirm\?token=([\w-]+)/.exec(text)?.[1];
  expect((await platform.api.post("/api/public/subscriptions/confirm", { token })).status).toBe(200);
  const [, id, manageToken] = /\/subscriptions\/([0-9a-f-]{36})\?token=([\w-]+)/.exec(text) ?? [];
  return { before, id: id as string, manageToken: manageToken as string };
}

/** One pass of matching and sending, as if it were `now`. */
const tick = (now: Date) =>
  call(bus, subscriptions.tick, { now }).catch((err) => {
    console.log(platform.procs.map((p) => p.output.join("").slice(-3000)).join("\n"));
    throw err;
  });

async function subscribeWebhook(filter: object, contact?: string): Promise<any> {
  const res = await platform.api.post("/api/public/subscriptions", {
    channel: "webhook",
    target: receiver.url,
    filter,
    ...(contact ? { contact } : {}),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

const log = async (sub: any) =>
  (await platform.api.get(`/api/public/subscriptions/${sub.id}?token=${sub.manageToken}`)).body;

describe("webhooks", () => {
  it("refuses callbacks into private networks, bad filters and endpoints that fail the test delivery", async () => {
    const { api } = platform;
    for (const target of [
      "http://169.254.169.254/latest/meta-data",
      "http://10.1.2.3/hook",
      "http://localhost:1/x",
      "http://[::1]/x",
    ]) {
      const res = await api.post("/api/public/subscriptions", { channel: "webhook", target, filter: {} });
      expect(res.status, target).toBe(400);
      expect(res.body.type).toBe("CALLBACK_NOT_ALLOWED");
    }
    for (const filter of [
      { color: "red" },
      { partyCreditCode: "123" },
      { types: ["notice.deleted"] },
      { kind: "行政指导x" },
    ]) {
      const res = await api.post("/api/public/subscriptions", { channel: "webhook", target: receiver.url, filter });
      expect(res.status, JSON.stringify(filter)).toBe(422);
    }
    expect((await api.post("/api/public/subscriptions", { channel: "webhook", target: "ftp://x/y" })).status).toBe(422);
    receiver.script.push({ status: 500 });
    const before = receiver.received.length;
    const failed = await api.post("/api/public/subscriptions", {
      channel: "webhook",
      target: receiver.url,
      filter: {},
    });
    expect(failed.status).toBe(400);
    expect(failed.body.type).toBe("WEBHOOK_TEST_FAILED");
    expect(receiver.received.length).toBe(before + 1);
    const client = new pg.Client({ connectionString: platform.db.url });
    await client.connect();
    const rows = await client.query(`select count(*)::int n from subscriptions.subscriptions where target = $1`, [
      receiver.url,
    ]);
    await client.end();
    expect(rows.rows[0].n).toBe(0);
  });

  it("delivers signed messages, retries on the schedule with the same webhook-id, honours Retry-After", async () => {
    const code = creditCode();
    const sub = await subscribeWebhook({ partyCreditCode: code, types: ["notice.published"] });
    expect(sub.secret).toMatch(/^whsec_/);
    expect(sub.status).toBe("active");
    const wh = new Webhook(sub.secret);
    const test = receiver.received.at(-1)!;
    expect((wh.verify(test.body, test.headers as Record<string, string>) as any).type).toBe("subscription.test");

    await publishFor(code, "宁波某贸易有限公司");
    await publishNotice(platform.api, office, {}); // another party: not matched
    receiver.script.push({ status: 503 }, { status: 429, headers: { "Retry-After": "1000" } });
    const t0 = new Date();
    const start = receiver.received.length;
    await tick(t0);
    expect(receiver.received.length).toBe(start + 1);
    let entry = (await log(sub)).deliveries[0];
    expect(entry).toMatchObject({ status: "pending", attempts: 1, lastStatus: 503 });
    const wait1 = Date.parse(entry.nextAttemptAt) - t0.getTime();
    expect(wait1).toBeGreaterThanOrEqual(4500);
    expect(wait1).toBeLessThanOrEqual(5500);

    await tick(new Date(t0.getTime() + 3000)); // not yet due
    expect(receiver.received.length).toBe(start + 1);
    const t1 = new Date(t0.getTime() + 6000);
    await tick(t1);
    expect(receiver.received.length).toBe(start + 2);
    entry = (await log(sub)).deliveries[0];
    expect(entry).toMatchObject({ status: "pending", attempts: 2, lastStatus: 429 });
    expect(Date.parse(entry.nextAttemptAt) - t1.getTime()).toBe(1_000_000); // Retry-After beyond the 5 min step

    await tick(new Date(t1.getTime() + 1_000_500));
    expect(receiver.received.length).toBe(start + 3);
    entry = (await log(sub)).deliveries[0];
    expect(entry).toMatchObject({ status: "delivered", attempts: 3, lastStatus: 200 });

    const attempts = receiver.received.slice(start);
    expect(new Set(attempts.map((a) => a.headers["webhook-id"])).size).toBe(1);
    for (const a of attempts) {
      const payload = wh.verify(a.body, a.headers as Record<string, string>) as any;
      expect(payload.type).toBe("notice.published");
      expect(payload.data.record.party.creditCode).toBe(code);
      expect(payload.data.url).toMatch(/\/notices\//);
    }
    // A wrong secret does not verify.
    expect(() =>
      new Webhook("whsec_" + Buffer.alloc(24, 1).toString("base64")).verify(
        attempts[0]!.body,
        attempts[0]!.headers as Record<string, string>,
      ),
    ).toThrow();
  });

  it("disables an endpoint that answers 410 at once and tells its contact; replay re-enables and resends", async () => {
    const code = creditCode();
    const sub = await subscribeWebhook({ partyCreditCode: code }, "ops@example.org");
    await publishFor(code, "宁波某物流有限公司");
    receiver.script.push({ status: 410 });
    const mailsBefore = mail.mails.length;
    const start = receiver.received.length;
    await tick(new Date());
    const view = await log(sub);
    expect(view.subscription.status).toBe("disabled");
    const told = await mail.waitFor(mailsBefore + 1);
    expect(told.at(-1)!.subject).toContain("停用");
    expect((told.at(-1)!.to as any).text).toBe("ops@example.org");
    // Disabled: nothing more is sent.
    await tick(new Date(Date.now() + 3600_000));
    expect(receiver.received.length).toBe(start + 1);

    const firstId = receiver.received[start]!.headers["webhook-id"];
    const replay = await platform.api.post(
      `/api/public/subscriptions/${sub.id}/replay?token=${sub.manageToken}&since=${new Date(Date.now() - 3600_000).toISOString()}`,
      {},
    );
    expect(replay.status, JSON.stringify(replay.body)).toBe(200);
    expect(replay.body).toMatchObject({ status: "active" });
    expect(replay.body.requeued).toBeGreaterThanOrEqual(0);
    await tick(new Date(Date.now() + 3600_000));
    const resent = receiver.received.slice(start + 2); // after the replay's test delivery
    expect(resent.map((r) => r.headers["webhook-id"])).toContain(firstId);
    expect((await log(sub)).deliveries[0].status).toBe("delivered");
  });

  it("disables an endpoint that has failed for 3 days", async () => {
    const code = creditCode();
    const sub = await subscribeWebhook({ partyCreditCode: code });
    await publishFor(code, "宁波某餐饮有限公司");
    receiver.script.push({ status: 500 }, { status: 500 });
    const t0 = new Date();
    await tick(t0);
    expect((await log(sub)).subscription.status).toBe("active");
    await tick(new Date(t0.getTime() + 3 * 24 * 3600_000 + 1000));
    const view = await log(sub);
    expect(view.subscription.status).toBe("disabled");
    expect(view.subscription.statusReason).toContain("3 天");
    expect(view.deliveries[0].attempts).toBe(2);
  });

  it("answers 404 for a wrong token or an unknown subscription, the same", async () => {
    const sub = await subscribeWebhook({});
    const wrong = await platform.api.get(`/api/public/subscriptions/${sub.id}?token=${"x".repeat(32)}`);
    const unknown = await platform.api.get(
      `/api/public/subscriptions/0190f1d2-0000-7000-8000-000000000000?token=${sub.manageToken}`,
    );
    expect(wrong.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(wrong.body.message).toBe(unknown.body.message);
    expect(
      (await platform.api.request("DELETE", `/api/public/subscriptions/${sub.id}?token=${sub.manageToken}`)).body
        .status,
    ).toBe("unsubscribed");
  });
});

describe("e-mail", () => {
  it("confirms by double opt-in, mails each change with one-click unsubscribe, and digests daily", async () => {
    const { api } = platform;
    const code = creditCode();
    const before = mail.mails.length;
    const res = await api.post("/api/public/subscriptions", {
      channel: "email",
      target: "Reader@Example.org",
      filter: { partyCreditCode: code },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.status).toBe("pending");
    expect(res.body.manageToken).toBeUndefined();
    const [confirmation] = (await mail.waitFor(before + 1)).slice(before);
    expect(confirmation!.subject).toContain("确认");
    const token = /confirm\?token=([\w-]+)/.exec(confirmation!.text ?? "")?.[1];
    expect(token).toBeTruthy();

    // Unconfirmed: a change is not mailed.
    await publishFor(code, "宁波某服装有限公司");
    await tick(new Date());
    expect(mail.mails.length).toBe(before + 1);

    // The mailed link opens a page with a button (a scanner opening links confirms nothing); the button confirms.
    const link = /(https?:\/\/\S+\/subscriptions\/confirm\?token=[\w-]+)/.exec(confirmation!.text ?? "")?.[1] ?? "";
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`value="${token}"`);
    const confirmed = await fetch(`${platform.baseUrl}/subscriptions/confirm`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: `token=${token}`,
    });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain("订阅已确认");
    await publishFor(code, "宁波某服装有限公司", "订阅测试处罚决定");
    await tick(new Date());
    const [notice] = (await mail.waitFor(before + 2)).slice(before + 1);
    expect(notice!.subject).toContain("公示发布");
    // Raw header lines: mailparser folds List-* headers into one structure.
    const header = (name: string) =>
      notice!.headerLines
        .find((h) => h.key === name)
        ?.line.replace(/^[^:]+:\s*/, "")
        .replace(/\r?\n\s+/g, "");
    expect(header("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click");
    const unsubscribeUrl = /^<(https?:[^>]+)>$/.exec(header("list-unsubscribe") ?? "")?.[1] ?? "";
    expect(unsubscribeUrl).toContain("/unsubscribe?token=");
    // The manage link every mail carries opens the subscriber's page with the delivery log.
    const manageUrl = /(https?:\/\/\S+\/subscriptions\/[\w-]+\?token=[\w-]+)/.exec(notice!.text ?? "")?.[1] ?? "";
    const manage = await fetch(manageUrl);
    expect(manage.status).toBe(200);
    expect(manage.headers.get("cache-control")).toBe("no-store");
    const manageHtml = await manage.text();
    expect(manageHtml).toContain("生效中");
    expect(manageHtml).toContain("公示发布");
    // RFC 8058: a POST with the one-click body, no cookie, no confirmation.
    const oneClick = await fetch(unsubscribeUrl, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(oneClick.status).toBe(200);
    expect(((await oneClick.json()) as any).status).toBe("unsubscribed");
    await publishFor(code, "宁波某服装有限公司");
    await tick(new Date());
    expect(mail.mails.length).toBe(before + 2);
  });

  it("sends a daily digest once, at 08:00 China time, with every change of the day", async () => {
    const code = creditCode();
    const { before } = await confirmedEmail("digest@example.org", code, "daily");
    for (let i = 0; i < 2; i++) await publishFor(code, "宁波某五金有限公司");
    const now = new Date();
    await tick(now);
    expect(mail.mails.length).toBe(before + 1);
    await tick(nextDigestAt("daily", now));
    const [digest] = (await mail.waitFor(before + 2)).slice(before + 1);
    expect(digest!.subject).toContain("汇总");
    expect(digest!.text).toContain("1. ");
    expect(digest!.text).toContain("2. ");
  });

  it("lets the subscriber change the frequency on the manage page: a waiting digest goes out at once", async () => {
    const { api } = platform;
    const code = creditCode();
    const { before, id, manageToken } = await confirmedEmail("rhythm@example.org", code, "weekly");
    await publishFor(code, "宁波某印刷有限公司");
    await tick(new Date());
    expect(mail.mails.length).toBe(before + 1);
    const page = await fetch(`${platform.baseUrl}/subscriptions/${id}/frequency`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ token: manageToken, frequency: "immediate" }).toString(),
    });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("通知频率已更新");
    await tick(new Date());
    const [sent] = (await mail.waitFor(before + 2)).slice(before + 1);
    expect(sent!.subject).toContain("公示发布");
    // Only an e-mail subscription has a frequency.
    const feed = await api.post("/api/public/subscriptions", { channel: "atom" });
    const refused = await api.request(
      "PATCH",
      `/api/public/subscriptions/${feed.body.id}?token=${feed.body.manageToken}`,
      { body: { frequency: "daily" } },
    );
    expect(refused.status).toBe(422);
  });

  it("forgets an address that never confirmed after 7 days", async () => {
    const res = await platform.api.post("/api/public/subscriptions", { channel: "email", target: "never@example.org" });
    expect(res.status).toBe(201);
    const count = async () => {
      const client = new pg.Client({ connectionString: platform.db.url });
      await client.connect();
      const { rows } = await client.query(
        `select count(*)::int n from subscriptions.subscriptions where target = 'never@example.org'`,
      );
      await client.end();
      return rows[0].n as number;
    };
    expect(await count()).toBe(1);
    await tick(new Date(Date.now() + 8 * 86_400_000));
    expect(await count()).toBe(0);
  });

  it("refuses a confirmation token it never sent", async () => {
    const res = await platform.api.post("/api/public/subscriptions/confirm", { token: "y".repeat(32) });
    expect(res.status).toBe(404);
  });
});

describe("Atom", () => {
  it("gives a private feed of the subscription's changes, a withdrawal as its own entry", async () => {
    const { api } = platform;
    const code = creditCode();
    const res = await api.post("/api/public/subscriptions", { channel: "atom", filter: { partyCreditCode: code } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.feedUrl).toContain("/atom?token=");
    const published = await publishFor(code, "宁波某建材有限公司", "订阅源测试决定");
    const withdrawn = await api.post(
      `/api/results/${published.resultId}/withdraw`,
      { reason: "决定已被依法撤销" },
      office.officer,
    );
    expect(withdrawn.status).toBe(200);
    await tick(new Date());
    const feed = await fetch(res.body.feedUrl);
    expect(feed.status).toBe(200);
    expect(feed.headers.get("content-type")).toContain("application/atom+xml");
    const xml = await feed.text();
    expect(xml.match(/<entry>/g)?.length).toBe(2);
    expect(xml).toContain("公示撤下");
    expect(xml).toContain("订阅源测试决定");
    const wrong = await fetch(res.body.feedUrl.replace(/token=[\w-]+/, `token=${"z".repeat(32)}`));
    expect(wrong.status).toBe(404);
  });
});

describe("WebSub", () => {
  const form = (fields: Record<string, string>) =>
    fetch(`${platform.baseUrl}/websub`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
    });

  it("announces the hub on the public feeds, in the document and the Link header", async () => {
    const res = await fetch(`${platform.baseUrl}/api/public/feed.atom?bodyId=${office.bodyId}`);
    const link = res.headers.get("link") ?? "";
    expect(link).toContain(`<${platform.baseUrl}/websub>; rel="hub"`);
    expect(link).toContain(`<${platform.baseUrl}/api/public/feed.atom?bodyId=${office.bodyId}>; rel="self"`);
    const xml = await res.text();
    expect(xml).toContain(`<link rel="hub" href="${platform.baseUrl}/websub"/>`);
    for (const path of ["/api/public/documents.atom", "/api/public/reports.atom"]) {
      expect((await fetch(platform.baseUrl + path)).headers.get("link")).toContain('rel="hub"');
    }
  });

  it("refuses topics it does not serve, private callbacks (400) and other modes with 4xx", async () => {
    const topic = `${platform.baseUrl}/api/public/feed.atom`;
    const refused: Record<string, string>[] = [
      { "hub.mode": "subscribe", "hub.topic": "https://example.org/feed.atom", "hub.callback": receiver.url },
      { "hub.mode": "subscribe", "hub.topic": `${topic}?from=2020-01-01`, "hub.callback": receiver.url },
      { "hub.mode": "subscribe", "hub.topic": topic, "hub.callback": "http://10.0.0.8/cb" },
      { "hub.mode": "publish", "hub.topic": topic, "hub.callback": receiver.url },
      { "hub.mode": "subscribe", "hub.topic": topic, "hub.callback": receiver.url, "hub.secret": "x".repeat(200) },
    ];
    for (const fields of refused) {
      const res = await form(fields);
      expect(res.status, JSON.stringify(fields)).toBe(fields["hub.callback"] === "http://10.0.0.8/cb" ? 400 : 422);
      expect(res.headers.get("content-type")).toContain("text/plain");
    }
  });

  it("verifies the subscriber's intent, pushes signed updates of the topic, and stops after an unsubscribe", async () => {
    const topic = `${platform.baseUrl}/api/public/feed.atom?bodyId=${office.bodyId}`;
    const callback = `${receiver.url}?sub=websub`;
    const secret = "websub-shared-secret";
    // A callback that does not echo the challenge gets nothing.
    receiver.script.push({ status: 200, body: "not the challenge" });
    expect((await form({ "hub.mode": "subscribe", "hub.topic": topic, "hub.callback": callback })).status).toBe(202);
    await tick(new Date());
    const start = receiver.received.length;
    expect(
      (
        await form({
          "hub.mode": "subscribe",
          "hub.topic": topic,
          "hub.callback": callback,
          "hub.lease_seconds": "7200",
          "hub.secret": secret,
        })
      ).status,
    ).toBe(202);
    await tick(new Date());
    const verification = receiver.received[start]!;
    expect(verification.method).toBe("GET");
    const q = new URL(verification.path, "http://x").searchParams;
    expect(q.get("sub")).toBe("websub");
    expect(q.get("hub.mode")).toBe("subscribe");
    expect(q.get("hub.topic")).toBe(topic);
    expect(q.get("hub.lease_seconds")).toBe("7200");
    expect(q.get("hub.challenge")).toMatch(/^[0-9a-f]{32}$/);

    await publishNotice(platform.api, office, { title: "WebSub 推送测试决定" });
    await tick(new Date());
    const pushes = receiver.received
      .slice(start + 1)
      .filter((r) => r.method === "POST" && r.path.includes("sub=websub"));
    expect(pushes).toHaveLength(1);
    const push = pushes[0]!;
    expect(push.headers["content-type"]).toContain("application/atom+xml");
    expect(push.headers.link).toContain(`<${topic}>; rel="self"`);
    const expected = `sha256=${createHmac("sha256", secret).update(push.body).digest("hex")}`;
    expect(push.headers["x-hub-signature"]).toBe(expected);
    expect(push.body).toContain("WebSub 推送测试决定");

    expect((await form({ "hub.mode": "unsubscribe", "hub.topic": topic, "hub.callback": callback })).status).toBe(202);
    await tick(new Date());
    const afterUnsubscribe = receiver.received.length;
    expect(new URL(receiver.received.at(-1)!.path, "http://x").searchParams.get("hub.mode")).toBe("unsubscribe");
    await publishNotice(platform.api, office, {});
    await tick(new Date());
    expect(receiver.received.slice(afterUnsubscribe).filter((r) => r.path.includes("sub=websub"))).toEqual([]);
  });
});
