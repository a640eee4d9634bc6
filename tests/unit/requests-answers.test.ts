import { describe, expect, it } from "vitest";
import {
  ANSWERABLE_TYPE_CODES,
  ANSWER_GROUPS,
  ANSWER_TYPES,
  ANSWER_TYPE_CODES,
  LAPSE_ANSWER_TYPE,
  answerItemProblems,
  answerType,
  answerTypeOfItems,
  isAnswerTypeCode,
  itemsContradictAnswer,
  type AnswerItem,
  type AnswerItemMark,
} from "../../shared/requests.js";

const item = (result: AnswerItemMark, title = "2024年度预算执行情况"): AnswerItem => ({ title, result });

describe("answer types: the rows of the annual report's table 三", () => {
  it("has one type per row: 1 + 1 + 8 + 3 + 5 + 3", () => {
    const count = (group: string) => ANSWER_TYPES.filter((t) => t.group === group).length;
    expect([
      count("disclosed"),
      count("partly_disclosed"),
      count("refused"),
      count("unable"),
      count("not_processed"),
      count("other"),
    ]).toEqual([1, 1, 8, 3, 5, 3]);
    expect(ANSWER_TYPES).toHaveLength(21);
  });

  it("has unique codes, rows and labels, rows in the table's order", () => {
    for (const key of ["code", "row", "label"] as const) {
      expect(new Set(ANSWER_TYPES.map((t) => t[key])).size, key).toBe(ANSWER_TYPES.length);
    }
    expect(ANSWER_TYPES.map((t) => t.row)).toEqual([
      "三(一)",
      "三(二)",
      ...[1, 2, 3, 4, 5, 6, 7, 8].map((i) => `三(三)${i}`),
      ...[1, 2, 3].map((i) => `三(四)${i}`),
      ...[1, 2, 3, 4, 5].map((i) => `三(五)${i}`),
      ...[1, 2, 3].map((i) => `三(六)${i}`),
    ]);
    for (const t of ANSWER_TYPES) expect(t.code).toMatch(/^[a-z]+(?:_[a-z]+)*$/);
  });

  it("words the rows as the national form does", () => {
    expect(answerType("partly_disclosed").label).toBe("部分公开（区分处理的，只计这一情形，不计其他情形）");
    expect(answerType("refused_security_stability")).toMatchObject({ row: "三(三)3", label: "危及“三安全一稳定”" });
    expect(answerType("refused_administrative_inquiry").label).toBe("属于行政查询事项");
    expect(answerType("unable_still_unclear")).toMatchObject({ row: "三(四)3", label: "补正后申请内容仍不明确" });
    expect(answerType("not_processed_confirmation").label).toBe("要求行政机关确认或重新出具已获取信息");
    expect(answerType("other_correction_overdue")).toMatchObject({
      row: "三(六)1",
      shortLabel: "逾期不补正",
      label: "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    });
    expect(Object.values(ANSWER_GROUPS).map((g) => g.label)).toEqual([
      "予以公开",
      "部分公开",
      "不予公开",
      "无法提供",
      "不予处理",
      "其他处理",
    ]);
  });

  it("reaches the two lapse rows by closing, every other row by an answer", () => {
    expect(ANSWER_TYPES.filter((t) => t.via === "lapse").map((t) => t.code)).toEqual(Object.values(LAPSE_ANSWER_TYPE));
    expect(ANSWERABLE_TYPE_CODES).toHaveLength(19);
    expect(ANSWERABLE_TYPE_CODES).not.toContain("other_fee_unpaid");
    expect(ANSWER_TYPE_CODES).toContain("other_fee_unpaid");
  });

  it("recognises its codes only", () => {
    expect(isAnswerTypeCode("disclosed")).toBe(true);
    expect(isAnswerTypeCode("refused")).toBe(false);
    expect(isAnswerTypeCode(undefined)).toBe(false);
    expect(() => answerType("nope" as never)).toThrow(RangeError);
  });
});

describe("per-document marks", () => {
  const secret: AnswerItemMark = { mark: "not_provided", ground: "refused_state_secret" };

  it("implies the answer type when it can", () => {
    expect(answerTypeOfItems([item({ mark: "provided" }), item({ mark: "already_public", where: "门户网站" })])).toBe(
      "disclosed",
    );
    expect(answerTypeOfItems([item({ mark: "provided" }), item({ mark: "not_held" })])).toBe("partly_disclosed");
    expect(
      answerTypeOfItems([item({ mark: "partly_provided", withheld: "第三页", ground: "refused_third_party_rights" })]),
    ).toBe("partly_disclosed");
    expect(answerTypeOfItems([item({ mark: "not_held" }), item({ mark: "not_held" })])).toBe("unable_not_held");
    expect(answerTypeOfItems([item(secret), item(secret)])).toBe("refused_state_secret");
    expect(answerTypeOfItems([item(secret), item({ mark: "not_held" })])).toBeUndefined();
    expect(answerTypeOfItems([])).toBeUndefined();
  });

  it("tells marks that contradict the answer", () => {
    const given = [item({ mark: "provided" })];
    const mixed = [item({ mark: "provided" }), item(secret)];
    expect(itemsContradictAnswer("disclosed", given)).toBe(false);
    expect(itemsContradictAnswer("disclosed", mixed)).toBe(true);
    expect(itemsContradictAnswer("partly_disclosed", mixed)).toBe(false);
    expect(itemsContradictAnswer("partly_disclosed", given)).toBe(true);
    expect(itemsContradictAnswer("refused_state_secret", [item(secret)])).toBe(false);
    expect(itemsContradictAnswer("refused_state_secret", mixed)).toBe(true);
    expect(itemsContradictAnswer("not_processed_repeat", [])).toBe(false);
  });

  it("asks for a title, where it is public, what was withheld, and a ground that fits", () => {
    const problems = answerItemProblems([
      item({ mark: "already_public", where: " " }, ""),
      item({ mark: "partly_provided", withheld: "", ground: "unable_needs_creation" }),
      item({ mark: "not_provided", ground: "disclosed" }),
      item({ mark: "not_provided", ground: "unable_needs_creation" }),
    ]);
    expect(problems.map((p) => [p.field, p.type])).toEqual([
      ["items[0].title", "required"],
      ["items[0].where", "required"],
      ["items[1].withheld", "required"],
      ["items[1].ground", "enumValue"],
      ["items[2].ground", "enumValue"],
    ]);
    expect(answerItemProblems([item({ mark: "provided" })], "refused_enforcement_file")).toEqual([
      { field: "items", type: "ITEMS_CONTRADICT_ANSWER", message: expect.any(String) },
    ]);
  });
});
