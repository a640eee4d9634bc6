/**
 * The portal's subscribe box (issue 20) over the split platform: search results, body and notice
 * pages each carry it with their filter in hidden fields; its e-mail form subscribes through a real
 * SMTP server (the confirmation mail arrives, the stored filter is the search's), its Atom button
 * answers a private feed that serves Atom; an undeclared filter field, a bad address or a channel the
 * box does not offer is refused with an error page and nothing is written or sent.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FILTER_ATTRIBUTES } from "../../shared/subscriptions.js";
import { publishNotice, setUpOffice, type Office, type Published } from "../support/flow.js";
import { startPlatform, type Platform } from "../support/platform.js";
import { startMailServer, type MailServer } from "../support/receivers.js";

let platform: Platform;
let office: Office;
let notice: Published;
let mail: MailServer;

beforeAll(async () => {
  mail = await startMailServer();
  platform = await startPlatform(
    [
      "gateway",
      "accounts,duties,cases,results,notices,feed,feedback,requests,documents,tlog,reports,subscriptions,inspections,imports",
    ],
    { SMTP_URL: mail.url, SUBSCRIPTIONS_DELIVERY_SECONDS: "0" },
  );
  office = await setUpOffice(platform.api, "温州市市场监督管理局", "wz.portalsubs");
  notice = await publishNotice(platform.api, office, { title: "订阅框测试处罚决定" });
});

afterAll(async () => {
  await platform?.stop();
  await mail?.close();
});

const decode = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, "&");

async function pageText(path: string): Promise<string> {
  // The feed's read model may take a moment to show what was just published.
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(platform.baseUrl + path);
    if (res.status === 200) return res.text();
    if (attempt >= 40) throw new Error(`${path}: ${res.status}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The subscribe box's two forms, each as its fields (hidden ones with their values). */
function boxOf(page: string): { email: Record<string, string>; atom: Record<string, string>; html: string } {
  const box = /<section class="subscribe-box[^"]*" id="subscribe"[\s\S]*?<\/section>/.exec(page)?.[0];
  expect(box, "the page has a subscribe box").toBeTruthy();
  const fields = (cls: string) => {
    const form = new RegExp(`<form class="${cls}" method="post" action="/subscriptions">([\\s\\S]*?)</form>`).exec(
      box as string,
    )?.[1];
    expect(form, cls).toBeTruthy();
    const hidden = [...(form as string).matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)];
    return Object.fromEntries(hidden.map((m) => [m[1] as string, decode(m[2] as string)]));
  };
  return { email: fields("subscribe-form"), atom: fields("subscribe-atom"), html: box as string };
}

/** The filter fields of a form, without the channel. */
const filterOf = (form: Record<string, string>) =>
  Object.fromEntries(Object.entries(form).filter(([k]) => k !== "channel"));

function post(fields: Record<string, string>): Promise<Response> {
  return fetch(`${platform.baseUrl}/subscriptions`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });
}

async function stored(): Promise<{ channel: string; target: string | null; filter: object; frequency: string }[]> {
  const client = new pg.Client({ connectionString: platform.db.url });
  await client.connect();
  try {
    const { rows } = await client.query(
      `select channel, target, filter, frequency from subscriptions.subscriptions order by created_at, id`,
    );
    return rows;
  } finally {
    await client.end();
  }
}

const searchPath = () =>
  `/search?${new URLSearchParams({ q: "订阅框", kind: "行政处罚", bodyId: office.bodyId, status: "all", from: "2020-01-01" })}`;

describe("the subscribe box", () => {
  it("is on search results, body and notice pages with the page's filter in hidden fields", async () => {
    const search = boxOf(await pageText(searchPath()));
    const searchFilter = { "filter.q": "订阅框", "filter.bodyId": office.bodyId, "filter.kind": "行政处罚" };
    expect(search.email).toEqual({ channel: "email", ...searchFilter });
    expect(search.atom).toEqual({ channel: "atom", ...searchFilter });

    const body = boxOf(await pageText(`/bodies/${office.bodyId}`));
    expect(body.email).toEqual({ channel: "email", "filter.bodyId": office.bodyId });
    expect(body.atom).toEqual({ channel: "atom", "filter.bodyId": office.bodyId });

    const page = boxOf(await pageText(`/notices/${notice.noticeId}`));
    const noticeFilter = {
      "filter.recordId": notice.noticeId,
      "filter.types": "notice.withdrawn notice.corrected notice.expired",
    };
    expect(page.email).toEqual({ channel: "email", ...noticeFilter });
    expect(page.atom).toEqual({ channel: "atom", ...noticeFilter });

    // A plain search (no words, body or kind) follows everything: no filter field at all.
    expect(boxOf(await pageText("/search")).email).toEqual({ channel: "email" });

    for (const box of [search, body, page]) {
      for (const name of Object.keys({ ...box.email, ...box.atom }).filter((k) => k !== "channel")) {
        expect(FILTER_ATTRIBUTES as readonly string[]).toContain(name.replace(/^filter\./, ""));
      }
      // Every input the reader fills or chooses has its label; the frequency is a fieldset with a legend.
      expect(box.html).toContain('<label for="sub-email">');
      for (const f of ["immediate", "daily", "weekly"]) expect(box.html).toContain(`<label for="sub-frequency-${f}">`);
      expect(box.html).toMatch(/<fieldset>\s*<legend>通知频率<\/legend>/);
      expect(box.html).toContain("获取私有订阅源 (Atom)");
    }
  });

  it("subscribes by e-mail from the search page: a confirmation page, a mail, the search's filter", async () => {
    const { email } = boxOf(await pageText(searchPath()));
    const before = mail.mails.length;
    const res = await post({ ...email, email: "Reader.Search@Example.org", frequency: "daily", website: "" });
    const text = decode(await res.text());
    expect(res.status, text).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(text).toContain("请查收确认邮件");
    expect(text).toContain("Reader.Search@Example.org");
    expect(text).not.toContain("token=");

    const [confirmation] = (await mail.waitFor(before + 1)).slice(before);
    expect(confirmation, "the confirmation mail").toBeTruthy();
    expect(JSON.stringify(confirmation!.to)).toContain("reader.search@example.org");
    expect(confirmation!.text).toMatch(/\/subscriptions\/confirm\?token=[\w-]+/);

    const mine = (await stored()).filter((s) => s.target === "reader.search@example.org");
    expect(mine).toHaveLength(1);
    expect(mine[0]!.channel).toBe("email");
    expect(mine[0]!.frequency).toBe("daily");
    expect(mine[0]!.filter).toEqual({ q: "订阅框", bodyId: office.bodyId, kind: "行政处罚" });
  });

  it("gives a private Atom feed from a body page: the feed's address answers Atom, the manage link its page", async () => {
    const { atom } = boxOf(await pageText(`/bodies/${office.bodyId}`));
    const before = (await stored()).length;
    const res = await post({ ...atom, website: "" });
    const text = decode(await res.text());
    expect(res.status, text).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const feedUrl = /href="([^"]+\/api\/public\/subscriptions\/[^"]+\/atom\?token=[^"]+)"/.exec(text)?.[1] ?? "";
    expect(feedUrl).toMatch(/^https?:\/\//);
    const feed = await fetch(feedUrl);
    expect(feed.status).toBe(200);
    expect(feed.headers.get("content-type")).toContain("application/atom+xml");
    expect(await feed.text()).toContain("<feed");

    const manageUrl = /href="([^"]+\/subscriptions\/[0-9a-f-]{36}\?token=[^"]+)"/.exec(text)?.[1] ?? "";
    const manage = await fetch(manageUrl);
    expect(manage.status).toBe(200);
    expect(await manage.text()).toContain("私有 Atom 订阅源");

    const after = await stored();
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)).toMatchObject({ channel: "atom", target: null, filter: { bodyId: office.bodyId } });
  });

  it("refuses an undeclared filter field, a bad address or another channel: an error page, nothing written or sent", async () => {
    const { email, atom } = boxOf(await pageText(`/notices/${notice.noticeId}`));
    const rowsBefore = (await stored()).length;
    const mailsBefore = mail.mails.length;

    const undeclared = await post({ ...email, "filter.partyName": "某公司", email: "a@example.org" });
    expect(undeclared.status).toBe(422);
    expect(await undeclared.text()).toContain("订阅条件有误");

    const undeclaredAtom = await post({ ...atom, "filter.status": "published" });
    expect(undeclaredAtom.status).toBe(422);

    const badAddress = await post({ ...email, email: "not-an-address", frequency: "immediate" });
    expect(badAddress.status).toBe(422);
    expect(await badAddress.text()).toContain("请填写有效的电子邮件地址");

    const badFrequency = await post({ ...email, email: "b@example.org", frequency: "hourly" });
    expect(badFrequency.status).toBe(422);

    // The box offers e-mail and Atom; a webhook is subscribed through the API with its secret shown once.
    const webhook = await post({ ...filterOf(email), channel: "webhook", email: "https://example.org/hook" });
    expect(webhook.status).toBe(400);

    // The honeypot: answered like a person, nothing subscribed, nothing sent.
    const bot = await post({ ...email, email: "bot@example.org", website: "https://spam.example" });
    expect(bot.status).toBe(200);
    expect(await bot.text()).toContain("请查收确认邮件");
    const botBadAddress = await post({ ...email, email: "<b>x</b>", website: "https://spam.example" });
    expect(botBadAddress.status).toBe(422);
    expect(await botBadAddress.text()).not.toContain("<b>x</b>");

    await new Promise((r) => setTimeout(r, 500));
    expect(await stored()).toHaveLength(rowsBefore);
    expect(mail.mails.length).toBe(mailsBefore);
  });
});
