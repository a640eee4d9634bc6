/**
 * A body's 政府信息公开 platform over the split platform (issue 16 item 5b): the guide edited by the
 * body's officer (never another body's) and public at once with its versions; a document marked as
 * the body's 公开制度 under the second section; records under their categories of 条例 Art. 20 — a
 * penalty notice under (六), a licence under (五), a 规范性文件 under (一), the officers under (十五),
 * the body under (二) — with counts that agree with the lists; unknown ids answered 404.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chinaToday } from "../../shared/dates.js";
import { ConsoleBrowser } from "../support/console-browser.js";
import { creditCode, powerInput } from "../support/fixtures.js";
import { publishNotice, setUpOffice, type Office } from "../support/flow.js";
import { startPlatform, type Api, type Platform } from "../support/platform.js";

let platform: Platform;
let api: Api;
let office: Office;
let other: Office;
const today = chinaToday();
const year = today.slice(0, 4);

interface Category {
  id: string;
  marker: string;
  count: number;
  retentionLabel: string;
}
interface Item {
  kind: string;
  id: string;
  title: string;
}

let serial = 0;
function documentInput(extra: Record<string, unknown> = {}) {
  serial += 1;
  return {
    title: `关于政府信息公开工作的规定（${serial}）`,
    docNumber: `甬民发〔${year}〕${serial}号`,
    signedOn: today,
    text: "各处室：为做好政府信息公开工作……",
    policy: false,
    ...extra,
  };
}

async function publishDocument(extra: Record<string, unknown> = {}): Promise<string> {
  const d = await api.post("/api/documents", documentInput(extra), office.officer);
  expect(d.status, JSON.stringify(d.body)).toBe(201);
  const published = await api.post(`/api/documents/${d.body.id}/publish`, {}, office.officer);
  expect(published.status, JSON.stringify(published.body)).toBe(200);
  return d.body.id;
}

async function platformOf(bodyId: string) {
  const res = await api.get(`/api/public/bodies/${bodyId}/openness`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

async function categoriesOf(bodyId: string): Promise<Map<string, Category>> {
  const body = await platformOf(bodyId);
  const statutory = body.sections.find((s: { id: string }) => s.id === "statutory");
  return new Map((statutory.categories as Category[]).map((c) => [c.id, c]));
}

async function itemsOf(categoryId: string, query = ""): Promise<Item[]> {
  const res = await api.get(`/api/public/bodies/${office.bodyId}/openness/${categoryId}${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items;
}

/** A 行政许可 decision of the office, published. */
async function publishLicence(): Promise<string> {
  const power = await api.post(
    "/api/powers",
    powerInput(office.bodyId, "YZ-XK-1", { name: "经营性公墓建设审批", category: "行政许可" }),
    office.officer,
  );
  expect(power.status, JSON.stringify(power.body)).toBe(201);
  const c = await api.post(
    "/api/cases",
    {
      bodyId: office.bodyId,
      powerId: power.body.id,
      title: "某某陵园有限公司公墓建设申请",
      officerIds: office.officerIds,
      facts: "申请建设经营性公墓。",
      party: { type: "legal", name: "某某陵园有限公司", creditCode: creditCode() },
    },
    office.officer,
  );
  expect(c.status, JSON.stringify(c.body)).toBe(201);
  for (const to of ["investigating", "notified"]) {
    expect((await api.post(`/api/cases/${c.body.id}/transitions`, { to }, office.officer)).status).toBe(200);
  }
  const decided = await api.post(
    `/api/cases/${c.body.id}/decision`,
    {
      decisionNo: `甬民许〔${year}〕${Math.floor(Math.random() * 1e6)}号`,
      decidedOn: "2026-11-02",
      kind: "行政许可",
      conclusion: "准予建设经营性公墓",
      basis: "《殡葬管理条例》第八条",
      licence: { licenceNo: `甬民许〔${year}〕5号` },
    },
    office.officer,
  );
  expect(decided.status, JSON.stringify(decided.body)).toBe(201);
  const published = await api.post(`/api/results/${decided.body.id}/publish`, {}, office.officer);
  expect(published.status, JSON.stringify(published.body)).toBe(200);
  return published.body.noticeId;
}

beforeAll(async () => {
  platform = await startPlatform(
    [
      "gateway",
      "accounts,duties,cases,results",
      "notices,feed,feedback,documents,requests,tlog,reports,subscriptions,inspections,imports",
    ],
    {
      DOCUMENTS_REGISTRATION_PREFIX: "NBMZ01",
    },
  );
  api = platform.api;
  office = await setUpOffice(api, "宁波市民政局", "nb.open");
  other = await setUpOffice(api, "温州市民政局", "wz.open");
});

afterAll(async () => {
  await platform?.stop();
});

describe("a body's platform", () => {
  it("has the four sections in the fixed order and every category of Art. 20, in order", async () => {
    const body = await platformOf(office.bodyId);
    expect(body.body).toEqual({ id: office.bodyId, name: "宁波市民政局" });
    expect(body.sections.map((s: { title: string }) => s.title)).toEqual([
      "政府信息公开指南",
      "政府信息公开制度",
      "法定主动公开内容",
      "政府信息公开年报",
    ]);
    expect(body.sections[0].guide).toBeNull();
    expect(body.sections[3].requestStatsUrl).toBe(`/api/public/request-stats?bodyId=${office.bodyId}`);
    const categories = body.sections[2].categories as Category[];
    expect(categories).toHaveLength(15);
    expect(categories[0]).toMatchObject({ id: "regulations", marker: "（一）", retentionLabel: "长期公开" });
    expect(categories[14]).toMatchObject({ id: "other", marker: "（十五）" });
    expect(categories[1]).toMatchObject({ id: "organisation", count: 1 });
  });

  it("publishes the guide its officer writes, keeps every version, and refuses others", async () => {
    const url = `/api/openness-guides/${office.bodyId}`;
    expect((await api.put(url, { text: "第一版指南" }, other.officer)).status).toBe(403);
    const blank = await api.put(url, { text: "  \n " }, office.officer);
    expect(blank.status).toBe(422);
    expect(blank.body.data[0]).toMatchObject({ field: "text", type: "GUIDE_EMPTY" });
    expect((await api.put(url, { text: "一、主动公开\n本机关主动公开的信息……" }, office.officer)).status).toBe(200);
    const second = await api.put(url, { text: "一、主动公开\n二、依申请公开\n申请人可以……" }, office.admin);
    expect(second.status).toBe(200);
    expect(second.body.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect((await api.get(url, other.officer)).status).toBe(403);
    expect((await api.put(`/api/openness-guides/${office.officerIds[0]}`, { text: "x" }, office.admin)).status).toBe(
      404,
    );
    const guide = (await platformOf(office.bodyId)).sections[0].guide;
    expect(guide).toMatchObject({ version: 2, text: "一、主动公开\n二、依申请公开\n申请人可以……" });
    expect(guide.versions).toHaveLength(2);
  });

  it("shows a 公开制度 document under 政府信息公开制度, not among the categories", async () => {
    const before = await categoriesOf(office.bodyId);
    const id = await publishDocument({ title: "政府信息公开保密审查制度", disclosureRule: true });
    const body = await platformOf(office.bodyId);
    expect(body.sections[1].documents.map((d: { id: string }) => d.id)).toEqual([id]);
    expect(body.sections[1]).toMatchObject({ total: 1, documents: [{ status: "valid", statusLabel: "有效" }] });
    expect((await categoriesOf(office.bodyId)).get("regulations")?.count).toBe(before.get("regulations")?.count);
    expect((await api.get(`/api/public/documents/${id}`)).body).toMatchObject({ disclosureRule: true, category: null });
  });

  it("files a 规范性文件 under (一) and one filed by its officer under the category chosen, even once published", async () => {
    const normative = await publishDocument();
    const plan = await publishDocument({ title: "养老服务体系建设专项规划", category: "plans" });
    expect((await itemsOf("regulations")).map((i) => i.id)).toContain(normative);
    expect((await itemsOf("plans")).map((i) => i.id)).toEqual([plan]);
    // A published document's text is fixed, its filing is not.
    expect((await api.patch(`/api/documents/${normative}`, { title: "改名" }, office.officer)).status).toBe(409);
    const refiled = await api.patch(`/api/documents/${normative}`, { category: "livelihood" }, office.officer);
    expect(refiled.status, JSON.stringify(refiled.body)).toBe(200);
    expect(refiled.body.category).toBe("livelihood");
    expect((await itemsOf("livelihood")).map((i) => i.id)).toEqual([normative]);
    expect((await itemsOf("regulations")).map((i) => i.id)).not.toContain(normative);
    const bad = await api.patch(`/api/documents/${normative}`, { category: "nonsense" }, office.officer);
    expect(bad.status).toBe(422);
  });

  it("puts a penalty notice and the penalty power under (六), a licence under (五), officers under (十五)", async () => {
    const penalty = await publishNotice(api, office);
    const licence = await publishLicence();
    const penalties = await itemsOf("penalties_coercion");
    expect(penalties).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: "notice", id: penalty.noticeId }),
        expect.objectContaining({ kind: "power", id: office.penaltyPowerId }),
      ]),
    );
    expect(penalties.find((i) => i.kind === "notice")).toMatchObject({ retentionLabel: "公示期内公开" });
    const licensing = await itemsOf("licensing_services");
    expect(licensing.filter((i) => i.kind === "notice").map((i) => i.id)).toEqual([licence]);
    expect(licensing.some((i) => i.kind === "power")).toBe(true);
    expect((await itemsOf("licensing_services", "?kind=notice")).map((i) => i.id)).toEqual([licence]);
    const others = await itemsOf("other");
    expect(
      others
        .filter((i) => i.kind === "officer")
        .map((i) => i.id)
        .sort(),
    ).toEqual([...office.officerIds].sort());
    expect(await itemsOf("organisation")).toEqual([expect.objectContaining({ kind: "body", id: office.bodyId })]);
    // Counts agree with the lists; another body's records are not counted.
    const categories = await categoriesOf(office.bodyId);
    for (const id of ["penalties_coercion", "licensing_services", "other", "regulations"]) {
      expect(categories.get(id)?.count, id).toBe((await itemsOf(id, "?limit=100")).length);
    }
    expect((await categoriesOf(other.bodyId)).get("licensing_services")?.count).toBe(0);
  });

  it("pages a category's list", async () => {
    const first = await api.get(`/api/public/bodies/${office.bodyId}/openness/other?limit=1`);
    expect(first.body.items).toHaveLength(1);
    expect(first.body.total).toBeGreaterThan(1);
    const next = await api.get(
      `/api/public/bodies/${office.bodyId}/openness/other?limit=1&cursor=${first.body.nextCursor}`,
    );
    expect(next.body.items[0].id).not.toBe(first.body.items[0].id);
  });

  it("answers 404 for an unknown body or category, and 422 for a malformed one", async () => {
    expect((await api.get(`/api/public/bodies/${office.officerIds[0]}/openness`)).status).toBe(404);
    expect((await api.get(`/api/public/bodies/${office.bodyId}/openness/nonexistent`)).status).toBe(404);
    expect((await api.get(`/api/public/bodies/${office.officerIds[0]}/openness/plans`)).status).toBe(404);
    expect((await api.get(`/api/public/bodies/${office.bodyId}/openness/Bad%20Id`)).status).toBe(422);
    expect((await api.get(`/api/public/bodies/not-an-id/openness`)).status).toBe(422);
  });
});

describe("the portal", () => {
  it("shows the platform's four sections, the guide, the 制度 and every category at its stable anchor", async () => {
    const page = await api.get(`/bodies/${office.bodyId}/openness`);
    expect(page.status).toBe(200);
    const text = page.body as string;
    const order = ["政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报"].map((t) =>
      text.indexOf(`>${t}</h2>`),
    );
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).toContain("二、依申请公开");
    expect(text).toContain("政府信息公开保密审查制度");
    for (const id of ["regulations", "organisation", "penalties_coercion", "other"]) {
      expect(text).toContain(`id="${id}"`);
      expect(text).toContain(`href="/bodies/${office.bodyId}/openness/${id}"`);
    }
    expect(text).toContain("尚未发布年度报告");
    expect(text).toContain(`/bodies/${office.bodyId}#requests`);
    expect((await api.get(`/bodies/${office.bodyId}`)).body).toContain(`href="/bodies/${office.bodyId}/openness"`);
  });

  it("lists a category's records with links to them, and 404 for an unknown category", async () => {
    const page = await api.get(`/bodies/${office.bodyId}/openness/licensing_services?kind=notice`);
    expect(page.status).toBe(200);
    expect(page.body).toContain("（五）");
    expect(page.body).toMatch(/href="\/notices\/[0-9a-f-]+"/);
    expect((await api.get(`/bodies/${office.bodyId}/openness/nonexistent`)).status).toBe(404);
    expect((await api.get(`/bodies/${office.bodyId}/openness/BAD`)).status).toBe(404);
  });
});

describe("the console", () => {
  it("edits the guide with Post/Redirect/Get, refusing a blank one beside its field", async () => {
    const officer = new ConsoleBrowser(platform.baseUrl);
    await officer.login("nb.open", "pass-word-1");
    const form = await officer.get("/console/openness-guide");
    expect(form.status).toBe(200);
    expect(form.text).toContain("二、依申请公开");
    const blank = await officer.post("/console/openness-guide", { text: "   " });
    expect(blank.status).toBe(422);
    expect(blank.text).toContain("政府信息公开指南须有正文");
    const saved = await officer.post("/console/openness-guide", { text: "一、总则\n三、监督和救济" });
    expect(saved.status, saved.text).toBe(303);
    expect((await officer.get(saved.location as string)).text).toContain("政府信息公开指南已发布新版本");
    expect((await platformOf(office.bodyId)).sections[0].guide).toMatchObject({ version: 3 });
  });

  it("registers a document as 公开制度 and refiles a published one under a category", async () => {
    const officer = new ConsoleBrowser(platform.baseUrl);
    await officer.login("nb.open", "pass-word-1");
    const created = await officer.post("/console/documents/new", {
      title: "政府信息公开工作考核制度",
      docNumber: `甬民发〔${year}〕99号`,
      signedOn: today,
      text: "第一条 为做好考核……",
      legalBasis: "《政府信息公开条例》",
      policy: "no",
      waiverReason: "内部工作制度",
      disclosureRule: "yes",
      category: "",
    });
    expect(created.status, created.text).toBe(303);
    const id = /\/console\/documents\/([0-9a-f-]{36})/.exec(created.location ?? "")?.[1] as string;
    expect((await api.get(`/api/documents/${id}`, office.officer)).body).toMatchObject({ disclosureRule: true });
    expect((await officer.post(`/console/documents/${id}/publish`, { "publish.publishedOn": "" })).status).toBe(303);
    const page = await officer.get(`/console/documents/${id}`);
    expect(page.text).toContain("政府信息公开平台归类");
    const refiled = await officer.post(`/console/documents/${id}/filing`, {
      disclosureRule: "no",
      category: "budgets",
    });
    expect(refiled.status, refiled.text).toBe(303);
    expect((await itemsOf("budgets")).map((i) => i.id)).toEqual([id]);
  });
});
