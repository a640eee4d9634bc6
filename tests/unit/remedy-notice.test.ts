import { describe, expect, it } from "vitest";
import { DEFAULT_REMEDY_NOTICE, remedyNotice } from "../../shared/remedy-notice.js";

describe("remedyNotice", () => {
  const sut = remedyNotice;
  const REVIEW = { kind: "行政复议", organ: "杭州市人民政府", timeLimit: "60日" };
  const COURT = { kind: "行政诉讼", organ: "杭州市西湖区人民法院" };

  it("names the 复议机关 and the court with the statutory periods and laws when both are entered", () => {
    expect(sut([REVIEW, COURT])).toBe(
      "如不服本决定，可以自收到本决定书之日起六十日内依照《中华人民共和国行政复议法》向杭州市人民政府申请行政复议，" +
        "或者自收到本决定书之日起六个月内依照《中华人民共和国行政诉讼法》向杭州市西湖区人民法院提起行政诉讼。",
    );
  });

  it("names the one organ entered and keeps the other remedy's statutory text", () => {
    const reviewOnly = sut([REVIEW, { kind: "行政诉讼" }]);
    expect(reviewOnly).toContain("六十日内依照《中华人民共和国行政复议法》向杭州市人民政府申请行政复议");
    expect(reviewOnly).toContain("六个月内依照《中华人民共和国行政诉讼法》依法提起行政诉讼");
    const courtOnly = sut([COURT]);
    expect(courtOnly).toContain("六十日内依照《中华人民共和国行政复议法》申请行政复议");
    expect(courtOnly).toContain("向杭州市西湖区人民法院提起行政诉讼");
  });

  it("gives the generic notice when no organ is entered", () => {
    for (const remedies of [
      null,
      undefined,
      "",
      "可申请行政复议或提起行政诉讼",
      [],
      ["行政复议"],
      [{ kind: "其他", organ: "信访" }],
      [{ kind: "行政复议", organ: "  " }],
    ]) {
      expect(sut(remedies)).toBe(DEFAULT_REMEDY_NOTICE);
    }
  });
});
