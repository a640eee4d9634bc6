/**
 * The feed's read cache with two feed replicas behind the gateway: after a withdrawal (or
 * correction) returns, no replica answers with the old status, however warm its cache was.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { publishNotice, setUpOffice, type Office } from "../support/flow.js";
import { startPlatform, type Platform } from "../support/platform.js";

let platform: Platform;
let office: Office;

beforeAll(async () => {
  platform = await startPlatform([
    "gateway",
    "accounts,duties,cases,results,notices,feed,feedback,requests,documents,tlog,reports,subscriptions,inspections,imports",
    "feed",
  ]);
  office = await setUpOffice(platform.api, "宁波市民政局", "nb.officer");
});

afterAll(async () => {
  await platform?.stop();
});

it("never serves a status older than the last change from any replica", async () => {
  const { api } = platform;
  const n = await publishNotice(api, office, { partyName: "宁波福寿殡葬用品店" });
  const list = `/api/public/notices?q=${encodeURIComponent("福寿殡葬")}`;
  // Warm both replicas' caches (the gateway balances between them).
  for (let i = 0; i < 20; i++) {
    expect((await api.get(list)).body.items.map((x: { id: string }) => x.id)).toEqual([n.noticeId]);
    expect((await api.get(`/api/public/notices/${n.noticeId}`)).body.status).toBe("published");
  }
  const res = await api.post(`/api/results/${n.resultId}/withdraw`, { reason: "决定已被依法撤销" }, office.officer);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  for (let i = 0; i < 20; i++) {
    expect((await api.get(list)).body.items).toEqual([]);
    expect((await api.get(`/api/public/notices/${n.noticeId}`)).body).toMatchObject({
      status: "withdrawn",
      reason: "决定已被依法撤销",
    });
  }
});

it("keeps portal notice and search pages at the edge, revalidates them by ETag, and never serves one stale", async () => {
  const { api, baseUrl } = platform;
  const n = await publishNotice(api, office, { partyName: "宁波四明山农家乐" });
  const pages = [`/notices/${n.noticeId}`, `/search?q=${encodeURIComponent("四明山农家")}`];
  const first = await Promise.all(pages.map((p) => fetch(baseUrl + p)));
  const firstBodies = await Promise.all(first.map((r) => r.text()));
  const before = await feedCalls();
  for (let i = 0; i < 10; i++) {
    for (const [k, p] of pages.entries()) {
      const res = await fetch(baseUrl + p);
      // The kept page: the same bytes and the same headers as when it was drawn.
      expect(res.status).toBe(200);
      expect(await res.text()).toBe(firstBodies[k]);
      for (const h of ["etag", "content-security-policy", "content-type", "cache-control", "x-content-type-options"])
        expect(res.headers.get(h), h).toBe(first[k]?.headers.get(h));
      const again = await fetch(baseUrl + p, { headers: { "if-none-match": first[k]?.headers.get("etag") ?? "" } });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe("");
    }
  }
  // Answered at the edge: the gateway called the feed for neither page again.
  const after = await feedCalls();
  expect([after.get("feed.noticePage"), after.get("feed.searchPage")]).toEqual([
    before.get("feed.noticePage"),
    before.get("feed.searchPage"),
  ]);
  expect(before.get("feed.noticePage")).toBeGreaterThan(0);
  expect(firstBodies[0]).toContain("宁波四明山农家乐");
  expect(firstBodies[1]).toContain(`/notices/${n.noticeId}`);

  const res = await api.post(`/api/results/${n.resultId}/withdraw`, { reason: "决定已被依法撤销" }, office.officer);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  for (let i = 0; i < 10; i++) {
    const [notice, search] = await Promise.all(pages.map((p) => fetch(baseUrl + p).then((r) => r.text())));
    expect(notice).toContain("决定已被依法撤销");
    expect(notice).not.toContain("宁波四明山农家乐");
    expect(search).not.toContain(`/notices/${n.noticeId}`);
    // A browser revalidating the old page gets the new one.
    const revalidated = await fetch(baseUrl + pages[0], {
      headers: { "if-none-match": first[0]?.headers.get("etag") ?? "" },
    });
    expect(revalidated.status).toBe(200);
  }
});

/** The feed calls the gateway has made, by action (its Prometheus metrics). */
async function feedCalls(): Promise<Map<string, number>> {
  const text = await (await fetch(`http://127.0.0.1:${platform.env.METRICS_PORT}/metrics`)).text();
  const calls = new Map<string, number>();
  for (const line of text.split("\n")) {
    const action = /^moleculer_request_total\{.*action="(feed\.[^"]+)"/.exec(line)?.[1];
    if (action) calls.set(action, (calls.get(action) ?? 0) + Number(line.slice(line.lastIndexOf(" ") + 1)));
  }
  return calls;
}
