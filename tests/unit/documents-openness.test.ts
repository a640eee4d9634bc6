import { describe, expect, it } from "vitest";
import { POWER_CATEGORIES } from "../../shared/domain.js";
import {
  DOCUMENT_FILINGS,
  DocumentRefusalError,
  STATUTORY_CATEGORIES,
  categorySelection,
  countByCategory,
  documentRecord,
  isStatutoryCategoryId,
  kindsIn,
  normalizeGuideText,
  placeOf,
  retentionOfItem,
  type StatutoryCategoryId,
} from "../../shared/documents.js";

const ids = STATUTORY_CATEGORIES.map((c) => c.id as StatutoryCategoryId);

describe("what a category holds", () => {
  it("puts every power category's notices and powers in exactly one category", () => {
    for (const category of POWER_CATEGORIES) {
      const holding = ids.filter((id) => categorySelection(id).noticeKinds.includes(category));
      expect(holding, category).toHaveLength(1);
      expect(ids.filter((id) => categorySelection(id).powerCategories.includes(category))).toEqual(holding);
    }
    const sut = categorySelection("penalties_coercion");
    expect(sut.noticeKinds.sort()).toEqual(["行政处罚", "行政强制"].sort());
    expect(categorySelection("licensing_services").noticeKinds).toContain("行政许可");
  });

  it("puts every document filing but the 公开制度 in exactly one category, as placeOf says", () => {
    for (const filing of DOCUMENT_FILINGS) {
      const holding = ids.filter((id) => categorySelection(id).documentFilings.includes(filing));
      if (filing.disclosureRule) expect(holding).toEqual([]);
      else expect(holding).toEqual([filing.category ?? "regulations"]);
      expect(placeOf(documentRecord(filing)).section).toBe(filing.disclosureRule ? "rules" : "statutory");
    }
  });

  it("puts the body under (二), officers and consultations under (十五)", () => {
    expect(ids.filter((id) => categorySelection(id).body)).toEqual(["organisation"]);
    expect(ids.filter((id) => categorySelection(id).officers)).toEqual(["other"]);
    expect(ids.filter((id) => categorySelection(id).consultations)).toEqual(["other"]);
  });

  it("names the kinds each category can hold, in the list's order", () => {
    expect(kindsIn("penalties_coercion")).toEqual(["document", "power", "notice"]);
    expect(kindsIn("organisation")).toEqual(["body", "document"]);
    expect(kindsIn("other")).toEqual(["document", "consultation", "officer"]);
    expect(kindsIn("budgets")).toEqual(["document"]);
  });

  it("knows the fifteen ids only", () => {
    expect(isStatutoryCategoryId("plans")).toBe(true);
    expect(isStatutoryCategoryId("constructor")).toBe(false);
    expect(documentRecord({ category: "nonsense" })).toEqual({
      kind: "document",
      normative: true,
      disclosureRule: false,
      category: null,
    });
  });
});

describe("counting a body's records by category", () => {
  it("adds each group where placeOf puts it, the body once, 公开制度 apart", () => {
    const sut = countByCategory({
      notices: [
        { kind: "行政处罚", count: 3 },
        { kind: "行政强制", count: 1 },
        { kind: "行政许可", count: 2 },
        { kind: "not a category", count: 7 },
      ],
      powers: [{ category: "行政处罚", count: 4 }],
      documents: [
        { disclosureRule: null, category: null, count: 5 },
        { disclosureRule: true, category: "plans", count: 2 },
        { disclosureRule: false, category: "plans", count: 1 },
      ],
      officers: 6,
      consultations: 2,
    });
    expect(sut.rules).toBe(2);
    expect(sut.categories).toMatchObject({
      penalties_coercion: 8,
      licensing_services: 2,
      regulations: 5,
      plans: 1,
      organisation: 1,
      other: 8,
      budgets: 0,
    });
    expect(Object.keys(sut.categories)).toEqual(ids);
  });

  it("gives each listed record its own retention", () => {
    expect(retentionOfItem("notice", { category: "行政处罚" })).toBe("notice_period");
    expect(retentionOfItem("power", { category: "行政许可" })).toBe("while_current");
    expect(retentionOfItem("document", { category: null })).toBe("permanent");
    expect(retentionOfItem("body", {})).toBe("while_current");
  });
});

describe("the guide's text", () => {
  it("is kept with unified line ends and without blank edges", () => {
    expect(normalizeGuideText("\r\n一、总则  \r\n二、主动公开\u3000\n\n")).toBe("一、总则\n二、主动公开");
  });

  it("is never blank", () => {
    expect(() => normalizeGuideText(" \n\u3000 ")).toThrow(DocumentRefusalError);
  });
});
