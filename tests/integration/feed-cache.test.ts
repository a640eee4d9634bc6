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
    "accounts,duties,cases,results,notices,feed,feedback,requests,documents,tlog,reports",
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
