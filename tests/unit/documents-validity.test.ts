import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DocumentRefusalError,
  appendStatusEvent,
  cleanupReasons,
  cleanupView,
  documentStatus,
  documentStatusHistory,
  prepareDocument,
  resolveDates,
  statusBanner,
  validityBasisLabel,
  type CleanupCandidate,
  type DocumentDates,
  type DocumentStatusEvent,
} from "../../shared/documents.js";

const today = "2026-05-20";

function refusalOf(run: () => unknown) {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(DocumentRefusalError);
    const e = err as DocumentRefusalError;
    return { type: e.type, status: e.status, field: e.field, values: e.values };
  }
  throw new Error("expected a refusal");
}

describe("dates and validity defaults", () => {
  it("takes effect 30 days after publication and is valid 5 years from then", () => {
    const sut = resolveDates(
      { title: "浙江省养老服务补贴管理办法", signedOn: "2026-02-20", publishedOn: "2026-03-01" },
      { today },
    );
    expect(sut).toMatchObject({
      publishedOn: "2026-03-01",
      effectiveFrom: "2026-03-31",
      effectiveFromDefaulted: true,
      validUntil: "2031-03-30",
      validityBasis: "default",
      validityYears: 5,
    });
  });

  it.each([["浙江省社会救助家庭经济状况核对暂行办法"], ["关于开展养老服务试点的实施意见（试行）"]])(
    "gives %j two years",
    (title) => {
      const sut = resolveDates(
        { title, signedOn: "2026-01-05", publishedOn: "2026-01-10", effectiveFrom: "2026-03-01" },
        { today },
      );
      expect(sut).toMatchObject({ validUntil: "2028-02-29", validityBasis: "provisional", validityYears: 2 });
    },
  );

  it("takes the officer's 暂行/试行 mark over the title's words, either way", () => {
    const dates = { signedOn: "2026-01-05", publishedOn: "2026-01-10", effectiveFrom: "2026-03-01" };
    expect(resolveDates({ ...dates, title: "养老服务办法", provisional: true }, { today })).toMatchObject({
      validUntil: "2028-02-29",
      validityBasis: "provisional",
    });
    expect(resolveDates({ ...dates, title: "养老服务暂行办法", provisional: false }, { today })).toMatchObject({
      validUntil: "2031-02-28",
      validityBasis: "default",
    });
    expect(resolveDates({ ...dates, title: "养老服务暂行办法", provisional: null }, { today }).validityYears).toBe(2);
  });

  it("says in Chinese how the 有效期 was set", () => {
    expect(validityBasisLabel("default")).toBe("未规定有效期，按 5 年计");
    expect(validityBasisLabel("provisional")).toBe("暂行、试行文件，有效期 2 年");
    expect(validityBasisLabel("explicit")).toBe("文件规定的有效期");
  });

  it("ends a period of years the day before the same date: 29 February becomes 28 February", () => {
    const dated = (effectiveFrom: string, title = "办法") =>
      resolveDates({ title, signedOn: "2024-01-01", publishedOn: "2024-01-02", effectiveFrom }, { today }).validUntil;
    expect(dated("2026-03-01")).toBe("2031-02-28");
    expect(dated("2024-02-29", "暂行办法")).toBe("2026-02-28");
    expect(dated("2024-03-01", "暂行办法")).toBe("2026-02-28");
    expect(dated("2026-01-01")).toBe("2030-12-31");
  });

  it("keeps an explicit end of validity and an explicit 施行日期", () => {
    const sut = resolveDates(
      {
        title: "暂行规定",
        signedOn: "2026-01-05",
        publishedOn: "2026-01-10",
        effectiveFrom: "2026-01-10",
        validUntil: "2027-12-31",
      },
      { today },
    );
    expect(sut).toMatchObject({
      effectiveFrom: "2026-01-10",
      effectiveFromDefaulted: false,
      validUntil: "2027-12-31",
      validityBasis: "explicit",
      validityYears: null,
    });
  });

  it("assumes today as the 发布日期 of a draft that has none", () => {
    const sut = resolveDates({ title: "办法", signedOn: "2026-05-01" }, { today });
    expect(sut).toMatchObject({ publishedOn: today, publishedOnAssumed: true, effectiveFrom: "2026-06-19" });
  });

  it("refuses dates out of order, naming the date they may not precede", () => {
    const base = { title: "办法", signedOn: "2026-03-01", publishedOn: "2026-03-05" };
    expect(refusalOf(() => resolveDates({ ...base, publishedOn: "2026-02-28" }, { today }))).toEqual({
      type: "PUBLISHED_BEFORE_SIGNED",
      status: 422,
      field: "publishedOn",
      values: { date: "2026-03-01" },
    });
    expect(refusalOf(() => resolveDates({ ...base, effectiveFrom: "2026-03-04" }, { today }))).toMatchObject({
      type: "EFFECTIVE_BEFORE_PUBLISHED",
      values: { date: "2026-03-05" },
    });
    expect(refusalOf(() => resolveDates({ ...base, validUntil: "2026-04-03" }, { today }))).toMatchObject({
      type: "VALIDITY_BEFORE_EFFECTIVE",
      values: { date: "2026-04-04" },
    });
    expect(refusalOf(() => resolveDates({ ...base, signedOn: "2026-05-21" }, { today }))).toMatchObject({
      type: "DATE_IN_FUTURE",
      field: "signedOn",
    });
    expect(refusalOf(() => resolveDates({ ...base, effectiveFrom: "2026-02-30" }, { today }))).toMatchObject({
      type: "NOT_A_DATE",
      field: "effectiveFrom",
    });
  });

  it("prepares a registration: canonical 文号, its key, resolved dates", () => {
    const sut = prepareDocument(
      { title: " 浙江省养老服务补贴管理办法 ", docNumber: "浙民发[2026]012号", signedOn: "2026-02-20" },
      { today: "2026-03-01" },
    );
    expect(sut).toMatchObject({
      title: "浙江省养老服务补贴管理办法",
      docNumberText: "浙民发〔2026〕12号",
      docNumberKey: "浙民发〔2026〕12号",
      publishedOn: "2026-03-01",
      effectiveFrom: "2026-03-31",
    });
    expect(refusalOf(() => prepareDocument({ title: " ", docNumber: "", signedOn: "2026-02-20" }, { today }))).toEqual({
      type: "required",
      status: 422,
      field: "title",
      values: {},
    });
  });

  it("always ends validity on or after the 施行日期, within the default years", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000 }), fc.boolean(), (offset, provisional) => {
        const published = new Date(Date.UTC(2000, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);
        const d = resolveDates(
          { title: provisional ? "试行办法" : "办法", signedOn: published, publishedOn: published },
          { today: "2099-01-01" },
        );
        const years = provisional ? 2 : 5;
        expect(d.validUntil > d.effectiveFrom).toBe(true);
        expect(Number(d.validUntil.slice(0, 4)) - Number(d.effectiveFrom.slice(0, 4))).toBeLessThanOrEqual(years);
        expect(Date.parse(d.validUntil) - Date.parse(d.effectiveFrom)).toBeLessThan((years * 366 + 1) * 86_400_000);
      }),
    );
  });
});

const dates: DocumentDates = { publishedOn: "2026-03-01", effectiveFrom: "2026-03-31", validUntil: "2031-03-30" };
const append = (events: DocumentStatusEvent[], event: DocumentStatusEvent, on = "2031-12-31") =>
  appendStatusEvent(dates, events, event, { today: on, documentId: "doc-1" });

describe("status as of a day", () => {
  it("is nothing before publication, 有效 (not yet 施行) until the 施行日期, then 有效", () => {
    expect(documentStatus(dates, [], "2026-02-28")).toBeNull();
    expect(documentStatus(dates, [], "2026-03-01")).toMatchObject({
      status: "valid",
      label: "有效",
      since: "2026-03-01",
      notYetEffective: true,
    });
    expect(documentStatus(dates, [], "2026-03-31")).toMatchObject({ status: "valid", notYetEffective: false });
  });

  it("turns 失效 by itself the day after the last valid day", () => {
    expect(documentStatus(dates, [], "2031-03-30")?.status).toBe("valid");
    expect(documentStatus(dates, [], "2031-03-31")).toMatchObject({
      status: "expired",
      label: "失效",
      since: "2031-03-31",
    });
    expect(statusBanner(documentStatus(dates, [], "2031-03-31"))).toBe("本文件已于2031年3月31日失效，仅供查阅。");
    expect(statusBanner(documentStatus(dates, [], "2028-01-01"))).toBeNull();
  });

  it("is 已修改 from an amendment, linked to the amending documents, and still expires", () => {
    let events = append([], { kind: "amended", on: "2027-06-01", amendedBy: "doc-2" });
    events = append(events, { kind: "amended", on: "2028-06-01", amendedBy: "doc-3" });
    expect(documentStatus(dates, events, "2027-05-31")?.status).toBe("valid");
    expect(documentStatus(dates, events, "2027-06-01")).toMatchObject({
      status: "amended",
      label: "已修改",
      since: "2027-06-01",
      amendedBy: ["doc-2"],
    });
    expect(documentStatus(dates, events, "2029-01-01")).toMatchObject({
      since: "2028-06-01",
      amendedBy: ["doc-2", "doc-3"],
    });
    expect(documentStatus(dates, events, "2031-03-31")?.status).toBe("expired");
  });

  it("is 废止 from the repeal, with its reason, whatever comes later", () => {
    const events = append([], { kind: "repealed", on: "2028-01-15", reason: " 上位法已修订 " });
    expect(documentStatus(dates, events, "2028-01-14")?.status).toBe("valid");
    expect(documentStatus(dates, events, "2035-01-01")).toMatchObject({
      status: "repealed",
      label: "废止",
      since: "2028-01-15",
      repeal: { on: "2028-01-15", reason: "上位法已修订" },
    });
  });

  it("lists every change as a dated public event, the automatic 失效 included", () => {
    const events = append([], { kind: "amended", on: "2027-06-01", amendedBy: "doc-2" });
    expect(documentStatusHistory(dates, events, "2031-04-01")).toEqual([
      { kind: "published", on: "2026-03-01", status: "valid", text: "2026年3月1日发布" },
      { kind: "took_effect", on: "2026-03-31", status: "valid", text: "2026年3月31日起施行" },
      { kind: "amended", on: "2027-06-01", status: "amended", amendedBy: "doc-2", text: "2027年6月1日修改" },
      { kind: "expired", on: "2031-03-31", status: "expired", text: "2031年3月31日起失效" },
    ]);
    expect(documentStatusHistory(dates, events, "2026-03-30").map((c) => c.kind)).toEqual(["published"]);
    const repealed = append([], { kind: "repealed", on: "2028-01-15", reason: "上位法已废止" });
    expect(documentStatusHistory(dates, repealed, "2040-01-01").map((c) => c.kind)).toEqual([
      "published",
      "took_effect",
      "repealed",
    ]);
  });
});

describe("recording a status event", () => {
  it("refuses a repeal or amendment once the document is 失效 or 废止 (409)", () => {
    expect(refusalOf(() => append([], { kind: "repealed", on: "2031-03-31", reason: "到期" }))).toEqual({
      type: "DOCUMENT_NOT_IN_FORCE",
      status: 409,
      field: undefined,
      values: { date: "2031-03-31", status: "失效" },
    });
    const repealed = append([], { kind: "repealed", on: "2028-01-15", reason: "上位法已废止" });
    expect(refusalOf(() => append(repealed, { kind: "amended", on: "2028-02-01", amendedBy: "doc-2" }))).toMatchObject({
      type: "DOCUMENT_NOT_IN_FORCE",
      values: { date: "2028-01-15", status: "废止" },
    });
  });

  it("refuses bad values (422) before looking at the state", () => {
    const cases: [DocumentStatusEvent, string, string][] = [
      [{ kind: "repealed", on: "2028-01-15", reason: "  " }, "REASON_REQUIRED", "reason"],
      [{ kind: "amended", on: "2028-01-15", amendedBy: "" }, "AMENDING_DOCUMENT_REQUIRED", "amendedBy"],
      [{ kind: "amended", on: "2028-01-15", amendedBy: "doc-1" }, "SELF_AMENDMENT", "amendedBy"],
      [{ kind: "reviewed", on: "2028-02-30" }, "NOT_A_DATE", "on"],
      [{ kind: "reviewed", on: "2032-01-01" }, "DATE_IN_FUTURE", "on"],
      [{ kind: "reviewed", on: "2026-02-28" }, "DATE_BEFORE_PUBLICATION", "on"],
      [{ kind: "withdrawn", on: "2028-01-15" } as unknown as DocumentStatusEvent, "enumValue", "kind"],
    ];
    for (const [event, type, field] of cases) {
      expect(
        refusalOf(() => append([], event)),
        type,
      ).toMatchObject({ type, status: 422, field });
    }
    const events = append([], { kind: "reviewed", on: "2028-01-15" });
    expect(refusalOf(() => append(events, { kind: "reviewed", on: "2028-01-14" }))).toMatchObject({
      type: "EVENT_BEFORE_PREVIOUS",
      values: { date: "2028-01-15" },
    });
  });
});

describe("the cleanup view (清理)", () => {
  const candidate = (over: Partial<CleanupCandidate> = {}): CleanupCandidate => ({
    dates,
    events: [],
    basisRepealed: false,
    ...over,
  });

  it("lists a document whose validity ends within 180 days, counting the days left", () => {
    const recent = candidate({ lastReviewedOn: "2030-06-01" });
    expect(cleanupReasons(recent, "2030-09-30")).toEqual([]);
    expect(cleanupReasons(recent, "2030-10-01")).toEqual([
      { kind: "expiring", validUntil: "2031-03-30", daysLeft: 180 },
    ]);
    expect(cleanupReasons(recent, "2031-03-30")).toEqual([{ kind: "expiring", validUntil: "2031-03-30", daysLeft: 0 }]);
    expect(cleanupReasons(recent, "2031-03-31")).toEqual([]);
  });

  it("lists a document not reviewed for two years, counting from publication or the last review", () => {
    expect(cleanupReasons(candidate(), "2028-02-29")).toEqual([]);
    expect(cleanupReasons(candidate(), "2028-03-01")).toEqual([
      { kind: "review_overdue", lastReviewedOn: null, reviewDueOn: "2028-03-01" },
    ]);
    const reviewed = candidate({ events: append([], { kind: "reviewed", on: "2027-09-01" }) });
    expect(cleanupReasons(reviewed, "2028-03-01")).toEqual([]);
    expect(cleanupReasons(reviewed, "2029-09-01")).toEqual([
      { kind: "review_overdue", lastReviewedOn: "2027-09-01", reviewDueOn: "2029-09-01" },
    ]);
    const kept = candidate({ lastReviewedOn: "2028-01-01", events: reviewed.events });
    expect(cleanupReasons(kept, "2029-09-01")).toEqual([]);
  });

  it("lists a document whose basis was repealed, and never one no longer in force", () => {
    expect(cleanupReasons(candidate({ basisRepealed: true }), "2026-06-01")).toEqual([{ kind: "basis_repealed" }]);
    const repealed = append([], { kind: "repealed", on: "2027-01-01", reason: "上位法已废止" });
    expect(cleanupReasons(candidate({ basisRepealed: true, events: repealed }), "2030-12-01")).toEqual([]);
  });

  it("orders the view soonest to expire first and leaves out documents with no reason", () => {
    const reviewed = { lastReviewedOn: "2030-06-01" };
    const later = { ...candidate({ ...reviewed, dates: { ...dates, validUntil: "2031-06-30" } }), id: "later" };
    const sooner = { ...candidate(reviewed), id: "sooner" };
    const fine = { ...candidate({ ...reviewed, dates: { ...dates, validUntil: "2040-01-01" } }), id: "fine" };
    const view = cleanupView([later, fine, sooner], "2031-01-15");
    expect(view.map((row) => row.document.id)).toEqual(["sooner", "later"]);
  });
});

describe("the basis of the validity, in words", () => {
  it("labels every basis resolveDates gives", () => {
    const bases = [
      resolveDates({ title: "关于养老服务的通知", signedOn: today }, { today }).validityBasis,
      resolveDates({ title: "养老服务暂行办法", signedOn: today }, { today }).validityBasis,
      resolveDates({ title: "关于养老服务的通知", signedOn: today, validUntil: "2030-01-01" }, { today }).validityBasis,
    ];
    for (const basis of bases) expect(validityBasisLabel(basis)).toMatch(/有效期/);
  });
});
