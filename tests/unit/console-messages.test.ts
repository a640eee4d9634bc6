import { describe, expect, it } from "vitest";
import { fieldErrorsOf, zhMessage } from "../../web/console/layout.js";
import { errorMessage } from "../../web/console/context.js";

describe("console messages come from the one table, by type", () => {
  it("says an empty 文书号 is required, not that it is already used (the old text match did)", () => {
    const err = {
      code: 422,
      type: "VALIDATION_ERROR",
      data: [{ field: "decisionNo", type: "stringEmpty", message: "The 'decisionNo' field must not be empty." }],
    };
    expect(fieldErrorsOf(err)).toEqual({ decisionNo: "此项必填。" });
  });

  it("names a duplicate 文书号 by its type", () => {
    const err = {
      code: 409,
      type: "DUPLICATE_DECISION_NO",
      data: [{ field: "decisionNo", type: "DUPLICATE_DECISION_NO", message: "already used by this body" }],
    };
    expect(fieldErrorsOf(err)).toEqual({ decisionNo: "决定文书号已被本机关使用。" });
  });

  it("shows the values a problem carries (calendar dates, the power's category)", () => {
    expect(zhMessage({ type: "MAKE_UP_NOT_WEEKEND", date: "2027-10-13" } as never)).toBe(
      "调休上班日必须是周六或周日，2027-10-13 不是。",
    );
    expect(zhMessage({ type: "KIND_MISMATCH", category: "行政处罚" } as never)).toBe(
      "决定类别须与职权类别一致（行政处罚）。",
    );
  });

  it("answers a refusal with its data's values, and never echoes an unknown English message", () => {
    expect(errorMessage(409, { code: 409, type: "ILLEGAL_TRANSITION", message: "from x to y" })).toBe(
      "当前状态下不能进行这一步，请刷新页面查看可以进行的操作。",
    );
    expect(errorMessage(422, { code: 422, type: "SOMETHING_NEW", message: "select * from users" })).toBe(
      "填写有误，请检查。",
    );
  });
});
