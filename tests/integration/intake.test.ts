/**
 * Intake from a body's case-handling system (办案系统) on the real platform: an administrator's API
 * key for one body; pushes land as drafts (re-pushing a 文书号 updates its draft), typed but not
 * complete; the key reaches nothing else and no other body; an officer completes the draft and moving
 * it out of draft runs the decision's full checks; a revoked key is refused; every call is audited.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConsoleBrowser } from "../support/console-browser.js";
import { creditCode } from "../support/fixtures.js";
import { setUpOffice, type Office } from "../support/flow.js";
import { ADMIN_PASSWORD, startPlatform, startSecondGateway, type Api, type Platform } from "../support/platform.js";

let platform: Platform;
let api: Api;
/** A second gateway replica, on the same bus. */
let api2: Api;
let office: Office;
let other: Office;
let keyA: { id: string; key: string };
let keyB: { id: string; key: string };

const DOC_NO = "台民罚决〔2026〕8号";
const pushUrl = (docNo: string) => `/api/intake/decisions/${encodeURIComponent(docNo)}`;

/** A case of the office walked to 告知 (notified): ready for its decision. */
async function notifiedCase(o: Office): Promise<string> {
  const c = await api.post(
    "/api/cases",
    {
      bodyId: o.bodyId,
      powerId: o.penaltyPowerId,
      title: "某殡仪服务公司违规经营案",
      officerIds: o.officerIds,
      facts: "未经批准擅自经营殡葬服务。",
      party: { type: "legal", name: "某殡仪服务有限公司", creditCode: creditCode() },
    },
    o.officer,
  );
  expect(c.status, JSON.stringify(c.body)).toBe(201);
  for (const to of ["investigating", "notified"]) {
    expect((await api.post(`/api/cases/${c.body.id}/transitions`, { to }, o.officer)).status).toBe(200);
  }
  return c.body.id as string;
}

async function createKey(o: Office, name: string): Promise<{ id: string; key: string }> {
  const res = await api.post("/api/api-keys", { bodyId: o.bodyId, name }, o.admin);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id, key: res.body.key };
}

beforeAll(async () => {
  platform = await startPlatform([
    "gateway",
    "accounts,duties,cases,results,notices,feed,feedback,requests,documents,tlog,reports,subscriptions,inspections,imports",
  ]);
  api = platform.api;
  api2 = (await startSecondGateway(platform)).api;
  office = await setUpOffice(api, "台州市民政局", "intake.officer");
  other = await setUpOffice(api, "绍兴市民政局", "intake.other");
  keyA = await createKey(office, "台州办案系统");
  keyB = await createKey(other, "绍兴办案系统");
});

afterAll(async () => {
  await platform?.stop();
});

describe("API keys", () => {
  it("are created by administrators only, shown once, and listed without the key", async () => {
    expect(keyA.key).toMatch(/^zfgs_[A-Za-z0-9_-]{43}$/);
    const refused = await api.post("/api/api-keys", { bodyId: office.bodyId, name: "x" }, office.officer);
    expect(refused.status).toBe(403);
    const unknownBody = await api.post(
      "/api/api-keys",
      { bodyId: "0190d1a0-0000-7000-8000-000000000000", name: "x" },
      office.admin,
    );
    expect(unknownBody.status).toBe(422);
    const list = await api.get(`/api/api-keys?bodyId=${office.bodyId}`, office.admin);
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    const [listed] = list.body.items;
    expect(listed).toMatchObject({ id: keyA.id, bodyId: office.bodyId, name: "台州办案系统", revokedAt: null });
    expect(keyA.key.startsWith(listed.prefix)).toBe(true);
    expect(JSON.stringify(list.body)).not.toContain(keyA.key);
    expect(Object.keys(listed)).not.toContain("key");
  });
});

describe("a pushed decision", () => {
  let draftId: string;

  it("lands as a draft with what it still lacks and the console link", async () => {
    const res = await api.put(
      pushUrl(DOC_NO),
      {
        kind: "行政处罚",
        basis: "《殡葬管理条例》第二十八条",
        facts: "未经批准擅自经营殡葬服务。",
        penalty: { categories: ["罚款"] },
        party: { type: "legal", name: "某殡仪服务有限公司" },
        powerCode: "intake.officer-CF",
        officerCertificates: ["ZJ-001", "ZJ-002"],
      },
      keyA.key,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    draftId = res.body.id;
    expect(res.body).toEqual({
      id: draftId,
      status: "draft",
      missing: ["caseId", "decidedOn", "conclusion", "penalty.content", "penalty.fineAmount"],
      consoleUrl: `${platform.baseUrl}/console/intake/${draftId}`,
    });
  });

  it("is updated, not duplicated, when the same 文书号 is pushed again", async () => {
    const res = await api.put(
      pushUrl(DOC_NO),
      {
        conclusion: "责令改正，并处罚款人民币5000元。",
        penalty: { categories: ["罚款"], content: "罚款人民币5000元" },
      },
      keyA.key,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.id).toBe(draftId);
    expect(res.body.missing).toEqual(["caseId", "decidedOn", "penalty.fineAmount"]);
    const drafts = await api.get("/api/intake/drafts", office.officer);
    expect(drafts.body.items.filter((d: { decisionNo: string }) => d.decisionNo === DOC_NO)).toHaveLength(1);
  });

  it("makes one draft of two pushes of a new 文书号 at once", async () => {
    const docNo = "台民罚决〔2026〕并发号";
    const [a, b] = await Promise.all([
      api.put(pushUrl(docNo), { basis: "甲" }, keyA.key),
      api.put(pushUrl(docNo), { conclusion: "乙" }, keyA.key),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.id).toBe(b.body.id);
    const draft = await api.get(`/api/intake/drafts/${a.body.id}`, office.officer);
    expect(draft.body).toMatchObject({ pushes: 2, content: { basis: "甲", conclusion: "乙" } });
  });

  it("is refused with 422 when a field has the wrong type, and nothing is written", async () => {
    const before = await api.get(`/api/intake/drafts/${draftId}`, office.officer);
    for (const body of [
      { decidedOn: "2026-02-30" },
      { penalty: { fineAmount: "五千" } },
      { kind: "罚款" },
      { officerCertificates: "ZJ-001" },
    ]) {
      const res = await api.put(pushUrl(DOC_NO), body, keyA.key);
      expect(res.status, JSON.stringify(body)).toBe(422);
    }
    const bad = await api.put(pushUrl("台民罚决〔2026〕坏号"), { basis: 5 }, keyA.key);
    expect(bad.status).toBe(422);
    const after = await api.get(`/api/intake/drafts/${draftId}`, office.officer);
    expect(after.body).toEqual(before.body);
    const all = await api.get("/api/intake/drafts", office.admin);
    expect(all.body.items.map((d: { decisionNo: string }) => d.decisionNo)).not.toContain("台民罚决〔2026〕坏号");
  });

  it("shows in the body's list as pushed by the case system, and nowhere else", async () => {
    const own = await api.get("/api/intake/drafts?status=draft", office.officer);
    const item = own.body.items.find((d: { id: string }) => d.id === draftId);
    expect(item).toMatchObject({ source: "case-system", status: "draft", missing: expect.arrayContaining(["caseId"]) });
    const foreign = await api.get("/api/intake/drafts", other.officer);
    expect(foreign.body.items.map((d: { id: string }) => d.id)).not.toContain(draftId);
    expect((await api.get(`/api/intake/drafts/${draftId}`, other.officer)).status).toBe(404);
    expect((await api.patch(`/api/intake/drafts/${draftId}`, { basis: "x" }, other.officer)).status).toBe(404);
    expect((await api.post(`/api/intake/drafts/${draftId}/submit`, {}, other.officer)).status).toBe(404);
  });
});

describe("an API key", () => {
  it("reaches only the intake route, for its own body", async () => {
    for (const [method, url] of [
      ["GET", "/api/auth/me"],
      ["GET", "/api/cases"],
      ["GET", "/api/results"],
      ["GET", "/api/intake/drafts"],
      ["GET", "/api/api-keys"],
      ["POST", "/api/cases"],
      ["GET", "/api/public/bodies"],
    ] as const) {
      const res = await api.request(method, url, { token: keyA.key, ...(method === "POST" ? { body: {} } : {}) });
      expect(res.status, `${method} ${url}`).toBe(403);
      expect(res.body.type, `${method} ${url}`).toBe("API_KEY_SCOPE");
    }
    // Body B's key pushing the same 文书号 makes B's own draft; A's is untouched.
    const b = await api.put(pushUrl(DOC_NO), { basis: "绍兴的依据" }, keyB.key);
    expect(b.status).toBe(201);
    const a = await api.get("/api/intake/drafts", office.officer);
    const mine = a.body.items.find((d: { decisionNo: string }) => d.decisionNo === DOC_NO);
    expect(mine.id).not.toBe(b.body.id);
    expect(mine.content.basis).toBe("《殡葬管理条例》第二十八条");
    expect(mine.bodyId).toBe(office.bodyId);
    expect((await api.get(`/api/intake/drafts/${b.body.id}`, other.officer)).body.bodyId).toBe(other.bodyId);
  });

  it("is refused with 401 once revoked, by every gateway at once, and a made-up key too", async () => {
    const key = await createKey(office, "临时");
    // Used through the second gateway, revoked through the first: the second refuses it next.
    expect((await api2.put(pushUrl("台民罚决〔2026〕临时号"), {}, key.key)).status).toBe(201);
    const revoked = await api.request("DELETE", `/api/api-keys/${key.id}`, { token: office.admin });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    const listed = await api.get(`/api/api-keys?bodyId=${office.bodyId}`, office.admin);
    expect(listed.body.items.find((k: { id: string }) => k.id === key.id).lastUsedAt).not.toBeNull();
    const after = await api2.put(pushUrl("台民罚决〔2026〕临时号"), {}, key.key);
    expect(after.status).toBe(401);
    expect(after.body.type).toBe("API_KEY_REVOKED");
    expect((await api.put(pushUrl("台民罚决〔2026〕临时号"), {}, key.key)).status).toBe(401);
    const madeUp = await api.put(pushUrl("台民罚决〔2026〕临时号"), {}, `zfgs_${"A".repeat(43)}`);
    expect(madeUp.status).toBe(401);
    expect(madeUp.body.type).toBe("INVALID_API_KEY");
    const audit = await api.get(`/api/api-keys/audit?keyId=${key.id}`, office.admin);
    const line = (e: { action: string; recordId: string; reason: string }) => [e.action, e.recordId, e.reason];
    const docNo = "台民罚决〔2026〕临时号";
    expect(audit.body.items.map(line)).toEqual([
      ["intake.refused", docNo, `PUT ${pushUrl(docNo)} → 401 API_KEY_REVOKED`],
      ["intake.refused", docNo, `PUT ${pushUrl(docNo)} → 401 API_KEY_REVOKED`],
      ["intake.call", docNo, `PUT ${pushUrl(docNo)} → 201`],
    ]);
  });
});

describe("the rate limit", () => {
  it("refuses a key's pushes past 120 a minute with 429 and Retry-After, recorded; other keys push on", async () => {
    const key = await createKey(other, "洪水");
    const first = await api.put(pushUrl("绍民罚决〔2026〕0号"), {}, key.key);
    const statuses = [first.status];
    for (let i = 1; i < 120; i++) statuses.push((await api.put(pushUrl(`绍民罚决〔2026〕${i}号`), {}, key.key)).status);
    expect(statuses.every((s) => s === 201)).toBe(true);
    const limited = await api.put(pushUrl("绍民罚决〔2026〕0号"), { basis: "x" }, key.key);
    expect(limited.status).toBe(429);
    expect(limited.body.type).toBe("RATE_LIMITED");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    const draft = await api.get(`/api/intake/drafts/${first.body.id}`, other.officer);
    expect(draft.body).toMatchObject({ pushes: 1, content: {} });
    expect((await api.put(pushUrl("绍民罚决〔2026〕别的号"), {}, keyB.key)).status).toBe(201);
    const audit = await api.get(`/api/api-keys/audit?keyId=${key.id}&limit=1`, other.admin);
    expect(audit.body.items[0].reason).toBe(`PUT ${pushUrl("绍民罚决〔2026〕0号")} → 429 RATE_LIMITED`);
  });
});

describe("moving a draft out of draft", () => {
  let draftId: string;

  it("names every missing field (422) and leaves the draft as it was", async () => {
    draftId = (await api.get("/api/intake/drafts", office.officer)).body.items.find(
      (d: { decisionNo: string }) => d.decisionNo === DOC_NO,
    ).id;
    const res = await api.post(`/api/intake/drafts/${draftId}/submit`, {}, office.officer);
    expect(res.status).toBe(422);
    expect(res.body.type).toBe("INTAKE_INCOMPLETE");
    expect(res.body.data.map((p: { field: string }) => p.field)).toEqual(["caseId", "decidedOn", "penalty.fineAmount"]);
    expect((await api.get(`/api/intake/drafts/${draftId}`, office.officer)).body.status).toBe("draft");
  });

  it("runs the decision's own checks once complete: a case not yet notified is refused (409)", async () => {
    const c = await api.post(
      "/api/cases",
      {
        bodyId: office.bodyId,
        powerId: office.penaltyPowerId,
        title: "未告知的案件",
        officerIds: office.officerIds,
        facts: "事实",
        party: { type: "legal", name: "某公司", creditCode: creditCode() },
      },
      office.officer,
    );
    const edited = await api.patch(
      `/api/intake/drafts/${draftId}`,
      {
        caseId: c.body.id,
        decidedOn: "2099-01-01",
        penalty: { categories: ["罚款"], content: "罚款人民币5000元", fineAmount: 5000 },
      },
      office.officer,
    );
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.missing).toEqual([]);
    // The decision's checks: a date in the future (422), then the case's state (409).
    const future = await api.post(`/api/intake/drafts/${draftId}/submit`, {}, office.officer);
    expect(future.status).toBe(422);
    expect(future.body.data.map((p: { field: string }) => p.field)).toContain("decidedOn");
    await api.patch(`/api/intake/drafts/${draftId}`, { decidedOn: "2026-11-02" }, office.officer);
    const early = await api.post(`/api/intake/drafts/${draftId}/submit`, {}, office.officer);
    expect(early.status, JSON.stringify(early.body)).toBe(409);
    expect(early.body.type).toBe("ILLEGAL_TRANSITION");
    expect((await api.get(`/api/intake/drafts/${draftId}`, office.officer)).body.status).toBe("draft");
  });

  it("records the decision when complete; it goes on to publication; the 文书号 is not overwritten after", async () => {
    const reviewerless = await api.post(`/api/intake/drafts/${draftId}/submit`, {}, other.officer);
    expect(reviewerless.status).toBe(404);
    // Not even an administrator decides it in another body's case.
    const foreignCase = await notifiedCase(other);
    expect((await api.patch(`/api/intake/drafts/${draftId}`, { caseId: foreignCase }, office.admin)).status).toBe(200);
    const crossed = await api.post(`/api/intake/drafts/${draftId}/submit`, {}, office.admin);
    expect(crossed.status).toBe(422);
    expect(crossed.body.data).toEqual([expect.objectContaining({ field: "caseId", type: "INTAKE_CASE_NOT_OF_BODY" })]);
    const foreignOfficer = await api.post(`/api/intake/drafts/${draftId}/submit`, {}, office.officer);
    expect(foreignOfficer.status).toBe(422);
    const caseId = await notifiedCase(office);
    expect((await api.patch(`/api/intake/drafts/${draftId}`, { caseId }, office.officer)).status).toBe(200);
    const done = await api.post(`/api/intake/drafts/${draftId}/submit`, {}, office.officer);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ status: "submitted", missing: [] });
    const result = await api.get(`/api/results/${done.body.resultId}`, office.officer);
    expect(result.body).toMatchObject({
      caseId,
      decisionNo: DOC_NO,
      status: "draft",
      basis: "《殡葬管理条例》第二十八条",
    });
    expect((await api.post(`/api/results/${done.body.resultId}/publish`, {}, office.officer)).status).toBe(200);
    const again = await api.put(pushUrl(DOC_NO), { basis: "改写" }, keyA.key);
    expect(again.status).toBe(409);
    expect(again.body.type).toBe("INTAKE_DRAFT_CLOSED");
    expect((await api.patch(`/api/intake/drafts/${draftId}`, { basis: "改写" }, office.officer)).status).toBe(409);
    expect((await api.get(`/api/results/${done.body.resultId}`, office.officer)).body.basis).toBe(
      "《殡葬管理条例》第二十八条",
    );
  });
});

describe("the audit log of API keys", () => {
  it("lists every call made with a key, answered or refused, and the keys' creation and revocation", async () => {
    const audit = await api.get(`/api/api-keys/audit?keyId=${keyA.id}&limit=100`, office.admin);
    expect(audit.status).toBe(200);
    const lines = audit.body.items.map(
      (e: { action: string; recordId: string; reason: string; actorRole: string }) => ({
        action: e.action,
        docNo: e.recordId,
        reason: e.reason,
        role: e.actorRole,
      }),
    );
    expect(lines.every((l: { role: string }) => l.role === "intake")).toBe(true);
    const reasons = lines.map((l: { reason: string }) => l.reason.replace(/^\S+ \S+ → /, ""));
    // 2 + 2 concurrent pushes answered; 5 refused for types; 7 routes out of scope; 1 closed draft.
    expect(reasons.filter((r: string) => r === "201" || r === "200")).toHaveLength(4);
    expect(reasons.filter((r: string) => r.startsWith("422"))).toHaveLength(5);
    expect(reasons.filter((r: string) => r === "403 API_KEY_SCOPE")).toHaveLength(7);
    expect(reasons.filter((r: string) => r === "409 INTAKE_DRAFT_CLOSED")).toHaveLength(1);
    expect(lines.find((l: { reason: string }) => l.reason.endsWith("409 INTAKE_DRAFT_CLOSED")).docNo).toBe(DOC_NO);
    const all: { recordType: string; action: string }[] = [];
    for (let cursor: string | null = ""; cursor !== null;) {
      const page: { body: { items: typeof all; nextCursor: string | null } } = await api.get(
        `/api/api-keys/audit?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
        office.admin,
      );
      all.push(...page.body.items);
      cursor = page.body.nextCursor;
    }
    const keyEvents = all.filter((e) => e.recordType === "api_key");
    expect(keyEvents.map((e) => e.action).sort()).toEqual([
      "apikey.create",
      "apikey.create",
      "apikey.create",
      "apikey.create",
      "apikey.revoke",
    ]);
    expect((await api.get("/api/api-keys/audit", office.officer)).status).toBe(403);
  });
});

describe("the console", () => {
  it("creates a key on the administrators' page, shown once, and revokes it", async () => {
    const admin = new ConsoleBrowser(platform.baseUrl);
    await admin.login("admin", ADMIN_PASSWORD);
    const created = await admin.post("/console/admin/api-keys/new", { bodyId: other.bodyId, name: "控制台建的密钥" });
    expect(created.status).toBe(201);
    const key = /<code id="new-api-key">(zfgs_[A-Za-z0-9_-]{43})<\/code>/.exec(created.text)?.[1] as string;
    expect(key).toBeDefined();
    expect((await api.put(pushUrl("绍民罚决〔2026〕控制台号"), {}, key)).status).toBe(201);
    const page = await admin.get("/console/admin/api-keys");
    expect(page.status).toBe(200);
    expect(page.text).toContain("控制台建的密钥");
    expect(page.text).not.toContain(key);
    const id = (await api.get(`/api/api-keys?bodyId=${other.bodyId}`, office.admin)).body.items.find(
      (k: { name: string }) => k.name === "控制台建的密钥",
    ).id;
    const revoked = await admin.post(`/console/admin/api-keys/${id}/revoke`, {});
    expect(revoked.status).toBe(303);
    expect((await api.put(pushUrl("绍民罚决〔2026〕控制台号"), {}, key)).status).toBe(401);
    const officer = new ConsoleBrowser(platform.baseUrl);
    await officer.login("intake.officer", "pass-word-1");
    expect((await officer.get("/console/admin/api-keys")).status).toBe(403);
  });

  it("lists a pushed draft as 办案系统推送 with what it lacks; the officer completes and submits it there", async () => {
    const docNo = "台民罚决〔2026〕控制台号";
    const pushed = await api.put(
      pushUrl(docNo),
      { kind: "行政处罚", basis: "《殡葬管理条例》第二十八条", party: { name: "某控制台公司" } },
      keyA.key,
    );
    expect(pushed.status).toBe(201);
    const officer = new ConsoleBrowser(platform.baseUrl);
    await officer.login("intake.officer", "pass-word-1");
    const list = await officer.get("/console/intake");
    expect(list.status).toBe(200);
    expect(list.text).toContain(docNo);
    expect(list.text).toContain("办案系统推送");
    expect(list.text).toContain("还缺：所属案件、决定日期、决定内容（结论）、处罚");
    const results = await officer.get("/console/results");
    expect(results.text).toMatch(/办案系统推送[\s\S]*待补全提交/);
    const path = new URL(pushed.body.consoleUrl).pathname;
    const page = await officer.get(path);
    expect(page.status).toBe(200);
    expect(page.text).toContain("某控制台公司");
    // Submitted incomplete: the page names what is missing, nothing is decided.
    const incomplete = await officer.post(path, { action: "submit", kind: "行政处罚", basis: "依据" });
    expect(incomplete.postedTo).toBe(path);
    expect(incomplete.text).toContain("提交为执法决定前须补全此项。");
    expect((await api.get(`/api/intake/drafts/${pushed.body.id}`, office.officer)).body.status).toBe("draft");
    const caseId = await notifiedCase(office);
    const done = await officer.post(path, {
      action: "submit",
      caseId,
      kind: "行政处罚",
      decidedOn: "2026-11-03",
      conclusion: "责令改正，并处罚款人民币3000元。",
      basis: "《殡葬管理条例》第二十八条",
      "penalty.categories": "罚款",
      "penalty.content": "罚款人民币3000元",
      "penalty.fineAmount": "3000",
    });
    expect(done.status, done.text.slice(0, 300)).toBe(303);
    const draft = (await api.get(`/api/intake/drafts/${pushed.body.id}`, office.officer)).body;
    expect(draft.status).toBe("submitted");
    expect(done.location).toBe(`/console/results/${draft.resultId}?ok=decided`);
  });
});
