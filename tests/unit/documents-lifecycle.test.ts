import { describe, expect, it } from "vitest";
import {
  DocumentRefusalError,
  checkEditable,
  checkInterpretation,
  checkPublish,
  checkPublished,
  documentActions,
  interpretationRequirement,
  planInterpretation,
  type DocumentDates,
  type InterpretationInput,
  type PublishFacts,
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

const interpretation: InterpretationInput = {
  text: "一、出台背景……",
  qa: [{ question: "哪些老年人可以申请补贴？", answer: "本省户籍、年满80周岁的老年人。" }],
  graphics: [
    { key: "documents/b1/graphic-1.png", mediaType: "image/png", alt: "补贴申请流程：申请、审核、公示、发放" },
  ],
  draftingUnit: "养老服务处",
  interpreter: "张处长",
};

const dates: DocumentDates = { publishedOn: "2026-03-01", effectiveFrom: "2026-03-31", validUntil: "2031-03-30" };

describe("who needs a 解读", () => {
  it("policy documents do by default; a waiver needs its public reason", () => {
    expect(interpretationRequirement({ policy: true })).toEqual({ required: true, waived: false, waiverReason: null });
    expect(interpretationRequirement({ policy: false })).toEqual({
      required: false,
      waived: false,
      waiverReason: null,
    });
    expect(interpretationRequirement({ policy: true, waiver: { reason: " 仅调整内部工作程序 " } })).toEqual({
      required: false,
      waived: true,
      waiverReason: "仅调整内部工作程序",
    });
    expect(refusalOf(() => interpretationRequirement({ policy: true, waiver: { reason: "" } }))).toEqual({
      type: "REASON_REQUIRED",
      status: 422,
      field: "interpretationWaiver.reason",
      values: {},
    });
  });
});

describe("a 解读's content", () => {
  it("keeps text, 简明问答 and 图解, trimmed", () => {
    const sut = checkInterpretation({ ...interpretation, interpreter: " 张处长 " });
    expect(sut.interpreter).toBe("张处长");
    expect(sut.qa).toHaveLength(1);
    expect(sut.graphics[0]?.alt).toBe("补贴申请流程：申请、审核、公示、发放");
  });

  it("may be questions and answers alone, but not empty", () => {
    expect(checkInterpretation({ ...interpretation, text: "" }).text).toBe("");
    expect(checkInterpretation({ ...interpretation, qa: [] }).qa).toEqual([]);
    expect(refusalOf(() => checkInterpretation({ ...interpretation, text: " ", qa: [] }))).toMatchObject({
      type: "INTERPRETATION_EMPTY",
      status: 422,
      field: "text",
    });
  });

  it("refuses an empty question or answer, a 图解 without alt text or of another type, and no 解读人", () => {
    const pair = { question: "问？", answer: "答。" };
    expect(refusalOf(() => checkInterpretation({ ...interpretation, qa: [pair, { ...pair, answer: " " }] }))).toEqual({
      type: "required",
      status: 422,
      field: "qa[1].answer",
      values: {},
    });
    expect(refusalOf(() => checkInterpretation({ ...interpretation, qa: [{ ...pair, question: "" }] }))).toMatchObject({
      type: "required",
      field: "qa[0].question",
    });
    const graphic = interpretation.graphics?.[0] as NonNullable<InterpretationInput["graphics"]>[number];
    expect(refusalOf(() => checkInterpretation({ ...interpretation, graphics: [{ ...graphic, alt: "" }] }))).toEqual({
      type: "ALT_TEXT_REQUIRED",
      status: 422,
      field: "graphics[0].alt",
      values: {},
    });
    const gif = { ...graphic, mediaType: "image/gif" } as unknown as typeof graphic;
    expect(refusalOf(() => checkInterpretation({ ...interpretation, graphics: [gif] }))).toMatchObject({
      type: "GRAPHIC_TYPE",
      field: "graphics[0].mediaType",
    });
    expect(refusalOf(() => checkInterpretation({ ...interpretation, interpreter: "" }))).toMatchObject({
      type: "required",
      field: "interpreter",
    });
    expect(refusalOf(() => checkInterpretation({ ...interpretation, draftingUnit: " " }))).toMatchObject({
      type: "required",
      field: "draftingUnit",
    });
  });

  it("is 同步解读 on a draft and 施行后解读, with its own date, on a document in force", () => {
    expect(planInterpretation({ stage: "draft", dates: null, events: [] }, interpretation, { today })).toMatchObject({
      timing: "simultaneous",
      publishedOn: null,
    });
    expect(planInterpretation({ stage: "published", dates, events: [] }, interpretation, { today })).toMatchObject({
      timing: "post_publication",
      publishedOn: today,
    });
    const repealed = [{ kind: "repealed", on: "2026-04-01", reason: "上位法已废止" }] as const;
    expect(
      refusalOf(() => planInterpretation({ stage: "published", dates, events: repealed }, interpretation, { today })),
    ).toMatchObject({ type: "DOCUMENT_NOT_IN_FORCE", status: 409, values: { date: "2026-04-01", status: "废止" } });
  });
});

describe("publishing", () => {
  const facts: PublishFacts = {
    stage: "draft",
    interpretation: { required: true, waived: false, waiverReason: null },
    hasInterpretation: true,
  };

  it("publishes a draft with its 解读 on today's date, or on the registered 发布日期", () => {
    expect(checkPublish(facts, { today })).toEqual({ publishedOn: today });
    expect(checkPublish({ ...facts, publishedOn: "2026-05-18" }, { today })).toEqual({ publishedOn: "2026-05-18" });
  });

  it("refuses a policy document without its 解读 (409 INTERPRETATION_REQUIRED), unless waived", () => {
    expect(refusalOf(() => checkPublish({ ...facts, hasInterpretation: false }, { today }))).toEqual({
      type: "INTERPRETATION_REQUIRED",
      status: 409,
      field: undefined,
      values: {},
    });
    const waived = interpretationRequirement({ policy: true, waiver: { reason: "内部工作规程" } });
    expect(checkPublish({ ...facts, interpretation: waived, hasInterpretation: false }, { today })).toEqual({
      publishedOn: today,
    });
  });

  it("refuses the final document of a consultation before its adoption report (409)", () => {
    expect(refusalOf(() => checkPublish({ ...facts, consultation: { adoptionReportedOn: null } }, { today }))).toEqual({
      type: "ADOPTION_REPORT_REQUIRED",
      status: 409,
      field: undefined,
      values: {},
    });
    expect(checkPublish({ ...facts, consultation: { adoptionReportedOn: "2026-05-10" } }, { today })).toEqual({
      publishedOn: today,
    });
  });

  it("refuses a second publication (409) and a 发布日期 after today (422), the values first", () => {
    expect(refusalOf(() => checkPublish({ ...facts, stage: "published" }, { today }))).toMatchObject({
      type: "ILLEGAL_TRANSITION",
      status: 409,
    });
    expect(
      refusalOf(() => checkPublish({ ...facts, stage: "published", publishedOn: "2026-05-21" }, { today })),
    ).toMatchObject({ type: "DATE_IN_FUTURE", status: 422, field: "publishedOn" });
  });

  it("fixes the text once published; status events need a published document", () => {
    expect(() => checkEditable("draft")).not.toThrow();
    expect(refusalOf(() => checkEditable("published"))).toMatchObject({ type: "DOCUMENT_PUBLISHED", status: 409 });
    expect(() => checkPublished("published")).not.toThrow();
    expect(refusalOf(() => checkPublished("draft"))).toMatchObject({ type: "DOCUMENT_NOT_PUBLISHED", status: 409 });
  });
});

describe("the officer's actions", () => {
  it("follow the stage and the status on the day", () => {
    expect(documentActions({ stage: "draft", dates: null, events: [] }, today)).toEqual([
      "edit",
      "interpret",
      "publish",
    ]);
    expect(documentActions({ stage: "published", dates, events: [] }, today)).toEqual([
      "interpret",
      "amend",
      "repeal",
      "review",
    ]);
    expect(documentActions({ stage: "published", dates, events: [] }, "2031-03-31")).toEqual([]);
  });
});
