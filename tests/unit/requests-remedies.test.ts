import { describe, expect, it } from "vitest";
import { problemMessageOf } from "../../shared/messages.js";
import {
  DELIVERY_METHODS,
  DELIVERY_METHOD_LABELS,
  PROVISION_FORMS,
  PROVISION_FORM_LABELS,
  REMEDY_KINDS,
  REMEDY_KIND_LABELS,
  REMEDY_OUTCOMES,
  REMEDY_OUTCOME_LABELS,
  remedyProblems,
  type RemedyRecord,
} from "../../shared/requests.js";

const today = "2026-12-06";
const decided: RemedyRecord = {
  kind: "reconsideration",
  filedOn: "2026-03-02",
  outcome: "upheld",
  decidedOn: "2026-05-08",
};
const typesOf = (r: RemedyRecord) => remedyProblems(r, today).map((p) => `${p.field}:${p.type}`);

describe("later remedies (行政复议, 行政诉讼)", () => {
  it("labels the report's table 四: three kinds of remedy, four outcomes", () => {
    expect(REMEDY_KINDS.map((k) => REMEDY_KIND_LABELS[k])).toEqual([
      "行政复议",
      "行政诉讼（未经复议）",
      "行政诉讼（复议后起诉）",
    ]);
    expect(REMEDY_OUTCOMES.map((o) => REMEDY_OUTCOME_LABELS[o])).toEqual([
      "结果维持",
      "结果纠正",
      "其他结果",
      "尚未审结",
    ]);
  });

  it("accepts a decided remedy with its dates, and a pending one without a decision", () => {
    expect(remedyProblems(decided, today)).toEqual([]);
    expect(remedyProblems({ ...decided, decidedOn: decided.filedOn }, today)).toEqual([]);
    expect(remedyProblems({ ...decided, kind: "lawsuit", outcome: "pending", decidedOn: null }, today)).toEqual([]);
  });

  it("asks a decided remedy for its decision date, and a pending one to have none", () => {
    expect(typesOf({ ...decided, decidedOn: null })).toEqual(["decidedOn:DECIDED_ON_REQUIRED"]);
    expect(typesOf({ ...decided, outcome: "pending" })).toEqual(["decidedOn:DECIDED_WHILE_PENDING"]);
  });

  it("refuses impossible dates, dates after today, and a decision before the filing", () => {
    expect(typesOf({ ...decided, filedOn: "2026-02-30" })).toEqual(["filedOn:NOT_A_DATE"]);
    expect(typesOf({ ...decided, filedOn: "2026-12-07", decidedOn: "2026-12-08" })).toEqual([
      "filedOn:DATE_IN_FUTURE",
      "decidedOn:DATE_IN_FUTURE",
    ]);
    const early = remedyProblems({ ...decided, decidedOn: "2026-03-01" }, today);
    expect(early).toEqual([
      expect.objectContaining({ field: "decidedOn", type: "DECIDED_BEFORE_FILED", date: "2026-03-02" }),
    ]);
    expect(problemMessageOf(early[0] as { type: string })).toContain("2026-03-02");
  });

  it("has a Chinese message for every problem", () => {
    for (const type of ["DECIDED_ON_REQUIRED", "DECIDED_WHILE_PENDING", "DECIDED_BEFORE_FILED"]) {
      expect(problemMessageOf({ type }), type).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe("the form and the way of delivery", () => {
  it("labels every choice in Chinese", () => {
    for (const f of PROVISION_FORMS) expect(PROVISION_FORM_LABELS[f]).toMatch(/[\u4e00-\u9fff]/);
    for (const d of DELIVERY_METHODS) expect(DELIVERY_METHOD_LABELS[d]).toMatch(/[\u4e00-\u9fff]/);
  });
});
