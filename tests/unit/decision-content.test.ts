import { describe, expect, it } from "vitest";
import {
  correctedLicence,
  correctionRefusals,
  decisionContent,
  decisionRefusals,
  deadlineWarnings,
  previewDecision,
  publicationRefusals,
  type DecisionCase,
  type DecisionInput,
} from "../../shared/decision-content.js";
import { buildPublicNotice, type DecisionContent } from "../../shared/public-record.js";
import { DEFAULT_RULES, type RuleTable } from "../../shared/rules.js";

const BODY = { name: "杭州市民政局", creditCode: "11330100002482146X" };

function aCase(extra: Partial<DecisionCase> = {}): DecisionCase {
  return {
    title: "殡葬服务许可申请",
    facts: "申请人提交材料齐全。",
    party: { type: "legal", name: "杭州永安殡葬服务有限公司", creditCode: "91330106MA2B3C4D5X" },
    otherNames: ["李四"],
    powerCode: "XK-01",
    powerName: "殡仪服务站设立审批",
    secret: false,
    major: false,
    status: "notified",
    latestReview: null,
    resultId: null,
    ...extra,
  };
}

function licence(extra: Partial<DecisionInput> = {}): DecisionInput {
  return {
    kind: "行政许可",
    decisionNo: "杭民许〔2026〕3号",
    decidedOn: "2026-11-02",
    conclusion: "准予设立殡仪服务站。",
    basis: "《殡葬管理条例》第八条",
    licence: { certificateName: "殡仪服务站批准书" },
    ...extra,
  };
}

function penalty(extra: Partial<DecisionInput> = {}): DecisionInput {
  return {
    kind: "行政处罚",
    decisionNo: "杭民罚〔2026〕5号",
    decidedOn: "2026-11-02",
    conclusion: "责令改正，并处罚款。",
    basis: "《殡葬管理条例》第二十八条",
    penalty: { categories: ["罚款"], content: "罚款人民币5000元", fineAmount: 5000 },
    ...extra,
  };
}

describe("decisionContent", () => {
  it("fills a 行政许可's outcome, document name, category and content as the real decision records them", () => {
    const sut = decisionContent(licence(), aCase(), BODY);
    expect(sut.licence).toEqual({
      outcome: "准予许可",
      certificateName: "殡仪服务站批准书",
      documentName: "行政许可决定书",
      category: "普通",
      content: "准予设立殡仪服务站。",
    });
    expect(sut.facts).toBe("申请人提交材料齐全。");
    expect(sut.maskNames).toEqual(["李四"]);
  });

  it("keeps what the officer entered over the defaults", () => {
    const sut = decisionContent(
      licence({ licence: { documentName: "准予行政许可决定书", category: "特许", content: "准予设立。" } }),
      aCase(),
      BODY,
    );
    expect(sut.licence).toMatchObject({ documentName: "准予行政许可决定书", category: "特许", content: "准予设立。" });
  });

  it("previews exactly the notice the decided content publishes, licence defaults included", () => {
    const content = decisionContent(licence({ maskNames: ["王五", "李四"] }), aCase(), BODY);
    const sut = previewDecision(DEFAULT_RULES, content, { secret: false, case: aCase() });
    expect(sut.notice).toEqual(buildPublicNotice(content));
    expect(sut.notice.fields).toEqual(
      expect.arrayContaining([
        { label: "许可决定文书名称", value: "行政许可决定书" },
        { label: "许可类别", value: "普通" },
        { label: "许可内容", value: "准予设立殡仪服务站。" },
      ]),
    );
    expect(content.maskNames).toEqual(["李四", "王五"]);
    expect(sut.refusals).toEqual([]);
  });
});

describe("the reasons a decision or its publication is refused", () => {
  const content = (input: DecisionInput, c = aCase()) => decisionContent(input, c, BODY);

  it("lists a missing legal review for a major decision", () => {
    const c = aCase({ major: true });
    expect(decisionRefusals(DEFAULT_RULES, content(penalty(), c), c).map((r) => r.type)).toEqual(["REVIEW_REQUIRED"]);
  });

  it("lists a missing review when the fine reaches the rule table's threshold", () => {
    const rules: RuleTable = { ...DEFAULT_RULES, majorFineYuan: { natural: 1, individual: 1, legal: 1000 } };
    expect(decisionRefusals(rules, content(penalty()), aCase()).map((r) => r.type)).toEqual(["REVIEW_REQUIRED"]);
    expect(decisionRefusals(DEFAULT_RULES, content(penalty()), aCase())).toEqual([]);
  });

  it("lists a rejecting review and a case in the wrong state", () => {
    const rejected = aCase({ status: "review", major: true, latestReview: { approve: false } });
    expect(decisionRefusals(DEFAULT_RULES, content(penalty()), rejected).map((r) => r.type)).toEqual([
      "REVIEW_NOT_APPROVED",
    ]);
    const approved = aCase({ status: "review", major: true, latestReview: { approve: true } });
    expect(decisionRefusals(DEFAULT_RULES, content(penalty()), approved)).toEqual([]);
    const unknown = aCase({ status: "review", major: true, latestReview: undefined });
    expect(decisionRefusals(DEFAULT_RULES, content(penalty()), unknown)).toEqual([]);
    const early = aCase({ status: "investigating" });
    expect(decisionRefusals(DEFAULT_RULES, content(penalty()), early).map((r) => r.type)).toEqual([
      "ILLEGAL_TRANSITION",
    ]);
  });

  it("lists a 文书号 already used and a case already decided", () => {
    const sut = decisionRefusals(DEFAULT_RULES, content(penalty()), aCase({ resultId: "r1" }), {
      decisionNoTaken: true,
    });
    expect(sut.map((r) => [r.stage, r.type])).toEqual([
      ["decision", "DUPLICATE_DECISION_NO"],
      ["decision", "ALREADY_DECIDED"],
    ]);
  });

  it("lists each never-publish rule: minors, secrets, warning-only penalties", () => {
    const minor = aCase({ party: { type: "natural", name: "张三", minor: true } });
    expect(publicationRefusals(DEFAULT_RULES, content(penalty(), minor), false).map((r) => r.type)).toEqual(["MINOR"]);
    expect(publicationRefusals(DEFAULT_RULES, content(penalty()), true).map((r) => r.type)).toEqual(["SECRET"]);
    const warning = content(penalty({ penalty: { categories: ["警告"], content: "警告" } }));
    expect(publicationRefusals(DEFAULT_RULES, warning, false)).toEqual([
      expect.objectContaining({ stage: "publication", type: "WARNING_ONLY" }),
    ]);
    expect(publicationRefusals({ ...DEFAULT_RULES, publishWarningOnly: true }, warning, false)).toEqual([]);
  });

  it("warns of a publication past its statutory deadline without refusing it", () => {
    expect(deadlineWarnings("2026-11-11", "2026-11-12").map((w) => w.type)).toEqual(["PUBLICATION_OVERDUE"]);
    expect(deadlineWarnings("2026-11-12", "2026-11-12")).toEqual([]);
    const sut = previewDecision(DEFAULT_RULES, content(penalty()), {
      secret: false,
      case: aCase({ major: true }),
      dueBy: "2026-11-11",
      today: "2026-12-01",
    });
    expect(sut.refusals.map((r) => r.type)).toEqual(["REVIEW_REQUIRED"]);
    expect(sut.warnings.map((w) => w.type)).toEqual(["PUBLICATION_OVERDUE"]);
  });
});

describe("a correction", () => {
  const before = decisionContent(licence(), aCase(), BODY);
  const conclusion = { before: before.conclusion, after: "准予设立殡仪服务站，服务范围限于本区。" };

  it("moves a licence content defaulted to the old conclusion to the new conclusion", () => {
    expect(before.licence?.content).toBe(before.conclusion);
    const sut = correctedLicence(before.licence, undefined, "行政许可", conclusion);
    expect(sut).toEqual({ ...before.licence, content: conclusion.after });
  });

  it("keeps a licence content the officer wrote, and defaults a changed licence from the new conclusion", () => {
    const own = { ...before.licence!, content: "设立殡仪服务站一处" };
    expect(correctedLicence(own, undefined, "行政许可", conclusion)).toBe(own);
    expect(correctedLicence(before.licence, undefined, "行政许可", { ...conclusion, after: conclusion.before })).toBe(
      before.licence,
    );
    expect(correctedLicence(before.licence, { certificateName: "新批准书" }, "行政许可", conclusion)).toMatchObject({
      certificateName: "新批准书",
      content: conclusion.after,
      category: "普通",
    });
    expect(correctedLicence(undefined, undefined, "行政处罚", conclusion)).toBeUndefined();
  });

  it("of a published notice is refused by the never-publish rules, as a publish is", () => {
    const fine = decisionContent(penalty(), aCase(), BODY);
    const warning: DecisionContent = { ...fine, penalty: { categories: ["警告"], content: "警告" } };
    const refusals = (secret: boolean, published: boolean, after = warning) =>
      correctionRefusals(DEFAULT_RULES, fine, after, { secret, published }).map((r) => r.type);
    expect(refusals(false, true)).toEqual(["WARNING_ONLY"]);
    expect(refusals(true, true, fine)).toEqual(["SECRET"]);
    expect(refusals(false, false)).toEqual([]);
    expect(refusals(false, true, fine)).toEqual([]);
  });

  it("that raises the fine to the review threshold needs an approving legal review", () => {
    const rules: RuleTable = { ...DEFAULT_RULES, majorFineYuan: { natural: 1, individual: 1, legal: 10000 } };
    const fine = decisionContent(penalty(), aCase(), BODY);
    const raised = { ...fine, penalty: { ...fine.penalty!, content: "罚款人民币20000元", fineAmount: 20000 } };
    const sut = (opts: { reviewed?: boolean; published?: boolean }, from = fine) =>
      correctionRefusals(rules, from, raised, { secret: false, published: opts.published ?? true, ...opts }).map(
        (r) => r.type,
      );
    expect(sut({})).toEqual(["REVIEW_REQUIRED"]);
    expect(sut({ published: false })).toEqual(["REVIEW_REQUIRED"]);
    expect(sut({ reviewed: true })).toEqual([]);
    // Already 重大 when decided: the decision had its review then.
    expect(sut({}, raised)).toEqual([]);
  });
});
