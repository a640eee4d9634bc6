/**
 * The reports use cases against a real `reports` schema, without a broker: the services that own
 * the records (results, documents, requests, duties, cases) and the notices' signing are a small
 * in-test Caller. A refused publication writes nothing; a publication freezes the numbers, keeps
 * the signed letter and leaves its outbox row.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { SessionUser } from "../../lib/auth.js";
import type { Caller } from "../../lib/contract.js";
import type { ReportsDeps } from "../../services/reports/app/deps.js";
import { eventsSince, publicCsv, publicGet, publicList } from "../../services/reports/app/public.js";
import { count, edit, get, list, publish } from "../../services/reports/app/reports.js";
import { DATABASE } from "../../services/reports/database.js";
import { AnnualReport, ReportsEvent } from "../../services/reports/entities.js";
import { newId } from "../../shared/ids.js";
import type { DecisionRecord, DocumentRecord } from "../../shared/reports.js";
import { openTestOrm, type TestOrm } from "../support/orm.js";

const bodyId = newId();
const officer: SessionUser = { id: newId(), username: "alice", role: "officer", bodyId, officerId: null };
const admin: SessionUser = { id: newId(), username: "admin", role: "admin", bodyId: null, officerId: null };

let decisions: DecisionRecord[] = [];
let documents: DocumentRecord[] = [];
const letters: { sourceId: string; title: string; sections: { heading: string; body: string }[] }[] = [];

const peers: Caller = {
  async call(name, params) {
    const p = params as Record<string, unknown>;
    switch (name) {
      case "duties.getBody":
        return { id: p.id, name: "某市市场监督管理局", creditCode: "11330100002493512X" };
      case "duties.powerCategories":
        return ["行政处罚", "行政检查"];
      case "results.reportDecisions":
        return decisions.filter((d) => String(d.decidedOn).startsWith(String(p.year)));
      case "documents.reportDocuments":
        return documents;
      case "cases.reportLicenceApplications":
        return [];
      case "requests.reportRecords":
        return {
          requests: [
            {
              applicantKind: "natural_person",
              receivedOn: "2025-03-02",
              closed: { answerType: "disclosed", on: "2025-03-20" },
            },
            { applicantKind: "business", receivedOn: "2025-12-30", closed: null },
            {
              applicantKind: "natural_person",
              receivedOn: "2024-12-29",
              closed: { answerType: "disclosed", on: "2025-01-06" },
            },
          ],
          remedies: [{ track: "review", filedOn: "2025-05-01", concluded: { outcome: "upheld", on: "2025-07-01" } }],
          informationFees: [],
        };
      case "notices.issueLetter":
        letters.push(p as never);
        return {
          letterId: newId(),
          verifyCode: "ABCD-EFGH-JKLM",
          sha256: "a".repeat(64),
          size: 1,
          issuedAt: new Date().toISOString(),
        };
      default:
        throw new Error(`unexpected call ${name}`);
    }
  },
};

let db: TestOrm;
let clock: Date;
let sut: ReportsDeps;

beforeAll(async () => {
  db = await openTestOrm(DATABASE);
  sut = { em: () => db.em(), now: () => clock, caller: peers, publicBaseUrl: "https://gs.example.cn" };
});

afterAll(async () => {
  await db?.close();
});

beforeEach(async () => {
  clock = new Date("2026-01-20T02:00:00Z");
  decisions = [
    { kind: "行政处罚", decidedOn: "2025-02-01", penalty: { categories: ["警告", "罚款"], fineAmount: 2000 } },
    { kind: "行政处罚", decidedOn: "2025-12-31", penalty: { categories: ["罚款"], fineAmount: 500.5 } },
    { kind: "行政处罚", decidedOn: "2026-01-01", penalty: { categories: ["罚款"], fineAmount: 100 } },
    { kind: "行政强制", decidedOn: "2025-06-01" },
  ];
  documents = [
    {
      kind: "normative",
      dates: { publishedOn: "2025-04-01", effectiveFrom: "2025-05-01", validUntil: "2030-04-30" },
      events: [],
    },
  ];
  letters.length = 0;
  await db.em().nativeDelete(ReportsEvent, {});
  await db.em().nativeDelete(AnnualReport, {});
});

const key = { kind: "gov-info" as const, year: 2025 };

describe("the 政府信息公开工作年度报告", () => {
  it("counts a draft from the records, tables 二, 三 and 四 by the year's days", async () => {
    const view = await count(sut, officer, key);
    expect(view.status).toBe("draft");
    expect(view.title).toBe("某市市场监督管理局2025年政府信息公开工作年度报告");
    const data = view.data as {
      active: Record<string, Record<string, number>>;
      requests: Record<string, Record<string, number>>;
      remedies: Record<string, Record<string, number>>;
    };
    expect(data.active.penalty?.decisions).toBe(2);
    expect(data.active.coercion?.decisions).toBe(1);
    expect(data.active.normative).toEqual({ issued: 1, repealed: 0, inForce: 1 });
    expect(data.requests["一"]).toMatchObject({ natural_person: 1, business: 1, total: 2 });
    expect(data.requests["二"]).toMatchObject({ natural_person: 1, total: 1 });
    expect(data.requests["三(七)"]).toMatchObject({ natural_person: 2, total: 2 });
    expect(data.requests["四"]).toMatchObject({ business: 1, total: 1 });
    expect(data.remedies.review).toMatchObject({ upheld: 1, total: 1 });
    expect(view.sections.map((s) => s.title)).toEqual([
      "一、总体情况",
      "二、主动公开政府信息情况",
      "三、收到和处理政府信息公开申请情况",
      "四、政府信息公开行政复议、行政诉讼情况",
      "五、存在的主要问题及改进情况",
      "六、其他需要报告的事项",
    ]);
    expect(view.deadline).toMatchObject({ status: "due_soon", warn: true, dueOn: "2026-01-31" });
    expect(view.problems).toEqual([]);
  });

  it("counts afresh until published, and the officer's list warns about last year's reports", async () => {
    await count(sut, officer, key);
    decisions.push({ kind: "行政处罚", decidedOn: "2025-08-08", penalty: { categories: ["警告"] } });
    const again = await count(sut, officer, key);
    expect((again.data as { active: { penalty: { decisions: number } } }).active.penalty.decisions).toBe(3);
    const listed = await list(sut, officer, {});
    expect(listed.items).toHaveLength(1);
    expect(listed.due.map((d) => [d.kind, d.year, d.deadline.warn])).toEqual([
      ["gov-info", 2025, true],
      ["enforcement", 2025, true],
    ]);
  });

  it("refuses to publish tables that do not add up, naming the cell, and writes nothing", async () => {
    await edit(sut, officer, {
      ...key,
      narrative: { overview: "本年度工作总体情况。", problems: "存在的问题。" },
      overrides: [{ table: "requests", row: "四", column: "business", value: 3 }],
    });
    const draft = await get(sut, officer, key);
    expect(draft.problems.length).toBeGreaterThan(0);
    const err = await publish(sut, officer, key).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 409, type: "REPORT_ARITHMETIC" });
    expect((err as { data: { row: string; column: string } }).data).toMatchObject({
      table: "三、收到和处理政府信息公开申请情况",
      row: "四、结转下年度继续办理",
    });
    expect((await get(sut, officer, key)).status).toBe("draft");
    expect(letters).toHaveLength(0);
    expect(await db.em().count(ReportsEvent, {})).toBe(0);
  });

  it("refuses a cell the tables lack and a missing section (422)", async () => {
    await expect(
      edit(sut, officer, { ...key, overrides: [{ table: "requests", row: "九", column: "total", value: 1 }] }),
    ).rejects.toMatchObject({ code: 422 });
    await expect(publish(sut, officer, key)).rejects.toMatchObject({ code: 422 });
    expect(letters).toHaveLength(0);
  });

  it("publishes with the sections given in the same request; a refusal keeps none of them", async () => {
    const refused = await publish(sut, officer, {
      ...key,
      narrative: { overview: "总体。", problems: "问题。" },
      overrides: [{ table: "requests", row: "一", column: "total", value: 9 }],
    }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 409, type: "REPORT_ARITHMETIC" });
    const draft = await get(sut, officer, key);
    expect(draft.narrative.overview).toBe("");
    expect(draft.overrides).toEqual([]);
    const published = await publish(sut, officer, { ...key, narrative: { overview: "总体。", problems: "问题。" } });
    expect(published).toMatchObject({ status: "published", narrative: { overview: "总体。", problems: "问题。" } });
  });

  it("refuses to publish before the year is over (409)", async () => {
    clock = new Date("2025-12-20T02:00:00Z");
    await edit(sut, officer, { ...key, narrative: { overview: "总体。", problems: "问题。" } });
    await expect(publish(sut, officer, key)).rejects.toMatchObject({ code: 409, type: "REPORT_YEAR_NOT_OVER" });
  });

  it("publishes: signed, frozen, in the outbox, readable by the public with its CSV", async () => {
    await edit(sut, officer, {
      ...key,
      narrative: { overview: "本年度工作总体情况。", problems: "存在的问题。", other: "无。" },
      overrides: [{ table: "active", row: "fees", column: "amountWan", value: 1.25 }],
    });
    const published = await publish(sut, officer, key);
    expect(published).toMatchObject({ status: "published", publishedOn: "2026-01-20", verifyCode: "ABCD-EFGH-JKLM" });
    expect(published.deadline.status).toBe("published");
    expect(letters).toHaveLength(1);
    expect(letters[0]?.title).toBe(published.title);
    expect(letters[0]?.sections.map((s) => s.heading)).toContain("三、收到和处理政府信息公开申请情况");
    expect(await publish(sut, officer, key)).toMatchObject({ id: published.id, status: "published" });
    expect(letters).toHaveLength(1);
    await expect(edit(sut, officer, { ...key, narrative: { overview: "改" } })).rejects.toMatchObject({
      code: 409,
      type: "REPORT_PUBLISHED",
    });
    // Frozen: new records change nothing.
    decisions.push({ kind: "行政处罚", decidedOn: "2025-08-08", penalty: { categories: ["警告"] } });
    const recounted = await count(sut, officer, key);
    expect((recounted.data as { active: { penalty: { decisions: number } } }).active.penalty.decisions).toBe(2);

    const pub = await publicGet(sut, { ...key, bodyId });
    expect(pub).not.toHaveProperty("overrides");
    expect(pub.pdfUrl).toContain("/api/public/reports/gov-info/2025/pdf");
    const csv = await publicCsv(sut, { ...key, bodyId });
    expect(csv.text.startsWith("\uFEFF")).toBe(true);
    expect(csv.text).toContain("一、本年新收政府信息公开申请数量");
    expect(csv.text).toContain("本年收费金额（单位：万元）");
    expect(csv.text).toContain("1.25");
    const events = await eventsSince(sut, { after: "0", limit: 10 });
    expect(events).toHaveLength(1);
    expect(events[0]?.view?.id).toBe(published.id);
    expect((await publicList(sut, { bodyId })).items.map((i) => i.published)).toEqual([true]);
    // After 31 January the portal lists the unpublished 行政执法年度数据 as overdue.
    clock = new Date("2026-02-05T02:00:00Z");
    const later = (await publicList(sut, { bodyId })).items;
    expect(later.map((i) => [i.kind, i.published, i.deadline.overdue])).toEqual([
      ["gov-info", true, false],
      ["enforcement", false, true],
    ]);
  });

  it("lets an admin act for a body only by naming it (422), and 404s a report never counted", async () => {
    await expect(count(sut, admin, key)).rejects.toMatchObject({ code: 422 });
    await expect(get(sut, officer, key)).rejects.toMatchObject({ code: 404 });
    await expect(publicGet(sut, { ...key, bodyId })).rejects.toMatchObject({ code: 404 });
  });
});

describe("the 行政执法年度数据", () => {
  it("counts each penalty once under its most severe category and writes 无相关行政执法职责", async () => {
    const view = await count(sut, officer, { kind: "enforcement", year: 2025 });
    const penalty = view.sections.find((s) => s.title === "二、行政处罚")?.table;
    const rows = penalty?.blocks[0]?.rows ?? [];
    expect(rows.find((r) => r.key === "罚款")?.cells).toEqual([2, 2500.5, 0]);
    expect(rows.find((r) => r.key === "警告")?.cells).toEqual([0, 0, 0]);
    expect(rows.find((r) => r.key === "total")?.cells).toEqual([2, 2500.5, 0]);
    const licensing = view.sections.find((s) => s.title === "一、行政许可")?.table;
    expect(licensing?.blocks[0]?.rows[0]?.cells.every((c) => c === "无相关行政执法职责")).toBe(true);
    const coercion = view.sections.find((s) => s.title === "三、行政强制")?.table;
    expect(coercion?.blocks[0]?.rows[0]?.cells).toEqual([1]);
    const published = await publish(sut, officer, { kind: "enforcement", year: 2025 });
    expect(published.status).toBe("published");
  });
});
