/**
 * The results use cases against the service's real PostgreSQL schema, without a broker: the
 * cases, duties and notices services are a small in-test peer answering by action name.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "../../lib/auth.js";
import type { Caller } from "../../lib/contract.js";
import { ConflictError, NotFoundError } from "../../lib/errors.js";
import { WorkingCalendar } from "../../shared/calendar.js";
import { newId } from "../../shared/ids.js";
import { DEFAULT_RULES, type RuleTable } from "../../shared/rules.js";
import {
  calendarSnapshot,
  getCalendar,
  loadCalendarYear,
  workingDeadline,
} from "../../services/results/app/calendar.js";
import { decide, previewDecision } from "../../services/results/app/decide.js";
import { DEFAULT_REMEDY_NOTICE, remedyNotice } from "../../shared/remedy-notice.js";
import type { CaseForDecision } from "../../services/cases/contract.js";
import { loadTables, type ResultsDeps, type Tables } from "../../services/results/app/deps.js";
import { publish } from "../../services/results/app/publication.js";
import { getResult, previewResult } from "../../services/results/app/queries.js";
import { putRules } from "../../services/results/app/rules.js";
import type { DecideParams } from "../../services/results/contract.js";
import { DATABASE } from "../../services/results/database.js";
import { Result } from "../../services/results/entities.js";
import { openTestOrm, type TestOrm } from "../support/orm.js";

const TODAY = "2026-11-10";
const BODY_ID = newId();
const BODY = { id: BODY_ID, name: "杭州市民政局", creditCode: "11330100002482146X" };
const officer: SessionUser = { id: newId(), username: "officer1", role: "officer", bodyId: BODY_ID, officerId: null };
const admin: SessionUser = { id: newId(), username: "admin", role: "admin", bodyId: null, officerId: null };

/** The cases, duties and notices services, as far as results calls them. */
class Peers implements Caller {
  readonly cases = new Map<string, CaseForDecision & { refuse?: string }>();
  /** The remedies of a power (duties.getPower), by power id; none entered for the others. */
  readonly remedies = new Map<string, unknown>();
  /** The seal of a body (duties.getSeal), base64 PNG, by body id. */
  readonly seals = new Map<string, { png: string }>();
  readonly calls: { name: string; params: Record<string, unknown> }[] = [];

  call(name: string, params?: unknown): Promise<unknown> {
    const p = params as Record<string, unknown>;
    this.calls.push({ name, params: p });
    return Promise.resolve(this.answer(name, p));
  }

  private answer(name: string, p: Record<string, unknown>): unknown {
    const c = this.cases.get(p.id as string);
    switch (name) {
      case "cases.forDecision":
        if (!c) throw new NotFoundError("Case", p.id as string);
        return c;
      case "duties.getBody":
        return BODY;
      case "duties.getSeal":
        return this.seals.get(p.id as string) ?? null;
      case "duties.getPower":
        return { id: p.id, bodyId: BODY_ID, remedies: this.remedies.get(p.id as string) ?? null };
      case "cases.recordDecision":
        if (!c) throw new NotFoundError("Case", p.id as string);
        if (c.refuse) throw new ConflictError("the case refuses", c.refuse);
        c.resultId = p.resultId as string;
        return { id: c.id, status: "decided" };
      case "notices.issue":
        return {
          noticeId: newId(),
          verifyCode: "ABCD2345",
          sha256: "0".repeat(64),
          publishedAt: new Date().toISOString(),
          expiresOn: p.expiresOn,
        };
      default:
        throw new Error(`unexpected call ${name}`);
    }
  }

  last(name: string): Record<string, unknown> | undefined {
    return this.calls.filter((c) => c.name === name).at(-1)?.params;
  }
}

function aCase(extra: Partial<CaseForDecision & { refuse: string }> = {}): CaseForDecision {
  return {
    id: newId(),
    bodyId: BODY_ID,
    category: "行政许可",
    title: "殡葬服务许可申请",
    facts: "申请人提交材料齐全。",
    party: { type: "legal", name: "杭州永安殡葬服务有限公司", creditCode: "91330106MA2B3C4D5X" },
    otherNames: ["李四"],
    powerId: newId(),
    powerCode: "XK-01",
    powerName: "殡仪服务站设立审批",
    officerIds: [newId(), newId()],
    secret: false,
    major: false,
    status: "notified",
    latestReview: null,
    resultId: null,
    createdBy: newId(),
    createdAt: "2026-11-01T02:00:00.000Z",
    updatedAt: "2026-11-01T02:00:00.000Z",
    trail: [],
    reviews: [],
    ...extra,
  };
}

let decisionNo = 0;
/** A 行政许可 decision whose licence leaves 文书名称, 类别 and 内容 to their defaults. */
function licenceDecision(caseId: string, extra: Partial<DecideParams> = {}): DecideParams {
  decisionNo += 1;
  return {
    id: caseId,
    kind: "行政许可",
    decisionNo: `杭民许〔2026〕${decisionNo}号`,
    decidedOn: "2026-11-02",
    conclusion: "准予设立殡仪服务站。",
    basis: "《殡葬管理条例》第八条",
    licence: { certificateName: "殡仪服务站批准书" },
    ...extra,
  };
}

let db: TestOrm;
let tables: Tables;
const peers = new Peers();

function deps(t: Tables = tables): ResultsDeps {
  return { em: () => db.em(), today: () => TODAY, ...t, caller: peers };
}

function given(extra: Partial<CaseForDecision & { refuse: string }> = {}): CaseForDecision {
  const c = aCase(extra);
  peers.cases.set(c.id, c);
  return c;
}

const resultCount = () => db.em().count(Result, {});

beforeAll(async () => {
  db = await openTestOrm(DATABASE);
  tables = await loadTables(db.em());
});

afterAll(async () => {
  await db?.close();
});

describe("decide", () => {
  it("records the decision as a draft with its licence defaults and deadline, and moves the case", async () => {
    const c = given();
    const sut = await decide(deps(), officer, licenceDecision(c.id));
    expect(sut).toMatchObject({
      caseId: c.id,
      bodyId: BODY_ID,
      bodyName: BODY.name,
      status: "draft",
      version: 1,
      facts: c.facts,
      maskNames: ["李四"],
      dueBy: "2026-11-11",
      overdue: false,
      licence: {
        certificateName: "殡仪服务站批准书",
        documentName: "行政许可决定书",
        category: "普通",
        content: "准予设立殡仪服务站。",
      },
    });
    expect(peers.last("cases.recordDecision")).toEqual({
      id: c.id,
      resultId: sut.id,
      decisionNo: sut.decisionNo,
      fineRequiresReview: false,
    });
    const stored = await getResult(deps(), officer, sut.id);
    expect({ ...stored, revisions: undefined }).toEqual({ ...sut, revisions: undefined });
  });

  it("refuses a kind other than the power's category, and writes nothing", async () => {
    const c = given();
    const before = await resultCount();
    await expect(
      decide(deps(), officer, licenceDecision(c.id, { kind: "行政确认", licence: undefined })),
    ).rejects.toMatchObject({ code: 422, data: [expect.objectContaining({ field: "kind" })] });
    expect(await resultCount()).toBe(before);
  });

  it("refuses a decision date in the future, and writes nothing", async () => {
    const c = given();
    const before = await resultCount();
    await expect(decide(deps(), officer, licenceDecision(c.id, { decidedOn: "2026-11-11" }))).rejects.toMatchObject({
      code: 422,
      data: [expect.objectContaining({ field: "decidedOn" })],
    });
    expect(await resultCount()).toBe(before);
  });

  it("refuses a 文书号 the body already used, and writes nothing", async () => {
    const first = await decide(deps(), officer, licenceDecision(given().id));
    const c = given();
    const before = await resultCount();
    await expect(
      decide(deps(), officer, licenceDecision(c.id, { decisionNo: first.decisionNo })),
    ).rejects.toMatchObject({ code: 409, type: "DUPLICATE_DECISION_NO" });
    expect(await resultCount()).toBe(before);
    expect(c.resultId).toBeNull();
  });

  it("writes nothing when the case refuses to be decided", async () => {
    const c = given({ refuse: "REVIEW_REQUIRED" });
    const before = await resultCount();
    await expect(decide(deps(), officer, licenceDecision(c.id))).rejects.toMatchObject({
      code: 409,
      type: "REVIEW_REQUIRED",
    });
    expect(await resultCount()).toBe(before);
  });

  it("refuses another body's case", async () => {
    const c = given({ bodyId: newId() });
    await expect(decide(deps(), officer, licenceDecision(c.id))).rejects.toMatchObject({ type: "OTHER_BODY" });
  });
});

describe("previewDecision", () => {
  it("previews exactly what decide records and publish publishes, licence defaults included", async () => {
    const c = given();
    const input = licenceDecision(c.id);
    const before = await resultCount();
    const preview = await previewDecision(deps(), officer, input);
    expect(await resultCount()).toBe(before);
    expect(preview.refusals).toEqual([]);
    expect(preview.fields).toEqual(
      expect.arrayContaining([
        { label: "许可决定文书名称", value: "行政许可决定书" },
        { label: "许可类别", value: "普通" },
        { label: "许可内容", value: "准予设立殡仪服务站。" },
      ]),
    );

    const decided = await decide(deps(), officer, input);
    expect(decided.licence).toEqual(preview.record.licence);
    const stored = await previewResult(deps(), officer, decided.id);
    expect(stored).toEqual({ ...preview, refusals: [], warnings: [] });

    await publish(deps(), officer, decided.id);
    const issued = peers.last("notices.issue");
    expect(issued).toMatchObject({ record: preview.record, fields: preview.fields, text: preview.sections });
  });

  it("lists the refusal the decision would meet instead of refusing", async () => {
    const first = await decide(deps(), officer, licenceDecision(given().id));
    const preview = await previewDecision(
      deps(),
      officer,
      licenceDecision(given().id, { decisionNo: first.decisionNo }),
    );
    expect(preview.refusals.map((r) => r.type)).toEqual(["DUPLICATE_DECISION_NO"]);
  });
});

describe("the notice's 救济途径", () => {
  it("names the power's 复议机关 and court as they stood at the decision, with the statutory periods", async () => {
    const c = given();
    peers.remedies.set(c.powerId, [
      { kind: "行政复议", organ: "杭州市人民政府", timeLimit: "60日" },
      { kind: "行政诉讼", organ: "杭州市西湖区人民法院" },
    ]);
    const decided = await decide(deps(), officer, licenceDecision(c.id));
    expect(peers.last("duties.getPower")).toEqual({ id: c.powerId });
    peers.remedies.set(c.powerId, []); // changed after the decision: the notice keeps the decision's
    await publish(deps(), officer, decided.id);
    expect(peers.last("notices.issue")?.remedyNotice).toBe(
      remedyNotice([
        { kind: "行政复议", organ: "杭州市人民政府" },
        { kind: "行政诉讼", organ: "杭州市西湖区人民法院" },
      ]),
    );
    expect(peers.last("notices.issue")?.remedyNotice).toContain(
      "六十日内依照《中华人民共和国行政复议法》向杭州市人民政府",
    );
  });

  it("keeps the generic text when the power names no organ", async () => {
    const c = given();
    peers.remedies.set(c.powerId, "可依法申请行政复议或者提起行政诉讼。");
    const decided = await decide(deps(), officer, licenceDecision(c.id));
    await publish(deps(), officer, decided.id);
    expect(peers.last("notices.issue")?.remedyNotice).toBe(DEFAULT_REMEDY_NOTICE);
  });
});

describe("the notice's seal", () => {
  it("sends the body's seal with the notice when it has one, and none when it has not", async () => {
    await publish(deps(), officer, (await decide(deps(), officer, licenceDecision(given().id))).id);
    expect(peers.last("duties.getSeal")).toEqual({ id: BODY_ID });
    expect(peers.last("notices.issue")).not.toHaveProperty("seal");

    peers.seals.set(BODY_ID, { png: "iVBORw0KGgo=" });
    try {
      await publish(deps(), officer, (await decide(deps(), officer, licenceDecision(given().id))).id);
      expect(peers.last("notices.issue")?.seal).toBe("iVBORw0KGgo=");
    } finally {
      peers.seals.delete(BODY_ID);
    }
  });
});

describe("the calendar and the rule table", () => {
  it("loads a year, lists it, and recomputes open deadlines on it", async () => {
    const draft = await decide(deps(), officer, licenceDecision(given().id));
    expect(draft.dueBy).toBe("2026-11-11");
    const { reply, tables: loaded } = await loadCalendarYear(deps(), admin, {
      year: 2026,
      holidays: ["2026-11-04", "2026-11-03"],
      workdays: [],
    });
    expect(reply.year).toBe(2026);
    expect(reply.recomputed).toBeGreaterThanOrEqual(1);
    const calendar = await getCalendar(deps(loaded));
    expect(calendar.loaded).toEqual([
      { year: 2026, holidays: ["2026-11-03", "2026-11-04"], workdays: [], loadedAt: expect.any(String) },
    ]);
    expect(calendar.coveredYears).toContain(2026);
    expect((await getResult(deps(loaded), officer, draft.id)).dueBy).toBe("2026-11-13");
    expect(workingDeadline(loaded, { from: "2026-11-02", days: 2 })).toEqual({
      dueBy: "2026-11-06",
      provisional: false,
    });
    // What the requests service holds a copy of: every year as stored, the loaded one replaced.
    const snapshot = await calendarSnapshot(deps());
    expect(snapshot.years.map((y) => y.year)).toEqual(loaded.calendar.coveredYears());
    expect(snapshot.years.find((y) => y.year === 2026)).toEqual({
      year: 2026,
      holidays: ["2026-11-03", "2026-11-04"],
      workdays: [],
    });
    expect(new WorkingCalendar(snapshot.years).workingDaysAfter("2026-11-02", 2).date).toBe("2026-11-06");
  });

  it("refuses a year that does not hold together, and writes nothing", async () => {
    const before = (await getCalendar(deps())).loaded;
    await expect(
      loadCalendarYear(deps(), admin, { year: 2027, holidays: ["2026-10-01"], workdays: [] }),
    ).rejects.toMatchObject({ code: 422 });
    expect((await getCalendar(deps())).loaded).toEqual(before);
  });

  it("replaces the rule table: what is put is what is read back, and drafts get the new deadline", async () => {
    const draft = await decide(deps(), officer, licenceDecision(given().id));
    const rules: RuleTable = {
      ...DEFAULT_RULES,
      publicationDeadlineDays: { ...DEFAULT_RULES.publicationDeadlineDays, 行政许可: 1 },
      feedbackReplyDays: 10,
    };
    const sut = await putRules(deps(), admin, rules);
    expect(sut.rules).toEqual(rules);
    expect((await loadTables(db.em())).rules).toEqual(rules);
    const recomputed = await getResult(deps(sut), officer, draft.id);
    expect(recomputed.dueBy).toBe(sut.calendar.workingDaysAfter("2026-11-02", 1).date);
    expect(recomputed.dueBy).not.toBe(draft.dueBy);
  });
});
