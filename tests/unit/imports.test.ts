import { describe, expect, it } from "vitest";
import { columnSet, importDate, mapRow, rowDecisionNo, wanToYuan } from "../../shared/imports.js";
import { PENALTY_COLUMNS } from "../../shared/exchange-columns.js";
import { badCheckChar, creditCode } from "../support/fixtures.js";

const TODAY = "2026-12-06";
const CODES = PENALTY_COLUMNS.map(([code]) => code);

function penaltyRow(values: Record<string, string>): string[] {
  const base: Record<string, string> = {
    CF_WSH: "杭市监罚〔2021〕1号",
    CF_XDR_MC: "杭州某某有限公司",
    CF_XDR_LB: "法人及非法人组织",
    CF_XDR_SHXYM: creditCode(),
    CF_FRDB: "张三",
    CF_SY: "销售过期食品",
    CF_YJ: "《中华人民共和国食品安全法》第一百二十四条",
    CF_CFLB: "罚款、没收违法所得",
    CF_NR: "罚款人民币五万元",
    CF_NR_FK: "5",
    CF_NR_WFFF: "0.12",
    CF_JDRQ: "2021/3/1",
  };
  const row = { ...base, ...values };
  return CODES.map((c) => row[c] ?? "");
}

describe("the column set of a header", () => {
  it("is the CF_ set by codes or by the Chinese headers, the XK_ set likewise", () => {
    expect(columnSet(CODES)?.kind).toBe("penalty");
    expect(columnSet(PENALTY_COLUMNS.map(([, label]) => label))?.kind).toBe("penalty");
    const xk = ["XK_WSH", "项目名称", "XK_NR", "行政相对人名称", "XK_XDR_LB", "许可决定日期"];
    expect(columnSet(xk)?.kind).toBe("licence");
  });

  it("is none when a required column is missing or the header is something else", () => {
    expect(columnSet(CODES.filter((c) => c !== "CF_WSH"))).toBeUndefined();
    expect(columnSet(["name", "date"])).toBeUndefined();
  });
});

describe("a penalty row", () => {
  const set = columnSet(CODES)!;

  it("maps to the decision's content: 万元 to 元, dates to ISO, categories split", () => {
    const mapped = mapRow(set, penaltyRow({}), TODAY);
    expect(mapped.problems).toEqual([]);
    expect(mapped.decision).toMatchObject({
      kind: "行政处罚",
      decisionNo: "杭市监罚〔2021〕1号",
      decidedOn: "2021-03-01",
      party: { type: "legal", name: "杭州某某有限公司", legalRepresentative: "张三" },
      penalty: { categories: ["罚款", "没收违法所得"], fineAmount: 50_000, confiscatedAmount: 1200 },
    });
  });

  it("keeps a natural person's ID number on the record (it is redacted on publication)", () => {
    const mapped = mapRow(
      set,
      penaltyRow({ CF_XDR_LB: "自然人", CF_XDR_MC: "李四", CF_XDR_SHXYM: "", CF_XDR_ZJHM: "110101199003077777" }),
      TODAY,
    );
    expect(mapped.decision?.party).toMatchObject({ type: "natural", idNumber: "110101199003077777" });
  });

  it("refuses a bad credit code, a missing 文书号, a bad date, an unknown category, each by field", () => {
    const bad = (values: Record<string, string>) => mapRow(set, penaltyRow(values), TODAY).problems;
    expect(bad({ CF_XDR_SHXYM: badCheckChar(creditCode()) })).toMatchObject([
      { field: "CF_XDR_SHXYM", type: "CREDIT_CODE_CHECK" },
    ]);
    expect(bad({ CF_WSH: " " })).toMatchObject([{ field: "CF_WSH", type: "IMPORT_FIELD_REQUIRED" }]);
    expect(bad({ CF_JDRQ: "2021-02-30" })).toMatchObject([{ field: "CF_JDRQ", type: "NOT_A_DATE" }]);
    expect(bad({ CF_JDRQ: "2030-01-01" })).toMatchObject([{ field: "CF_JDRQ", type: "DATE_IN_FUTURE" }]);
    expect(bad({ CF_CFLB: "罚款、打板子" })).toMatchObject([{ field: "CF_CFLB", type: "IMPORT_UNKNOWN_CATEGORY" }]);
    expect(bad({ CF_NR_FK: "" })).toMatchObject([{ field: "CF_NR_FK", type: "FINE_AMOUNT_REQUIRED" }]);
    expect(bad({ CF_NR_FK: "五万" })).toMatchObject([{ field: "CF_NR_FK", type: "IMPORT_NOT_AN_AMOUNT" }]);
    expect(bad({ CF_XDR_LB: "单位" })).toMatchObject([{ field: "CF_XDR_LB", type: "IMPORT_UNKNOWN_PARTY_TYPE" }]);
    expect(rowDecisionNo(set, penaltyRow({}))).toBe("杭市监罚〔2021〕1号");
  });
});

describe("a licence row", () => {
  it("maps to a granted licence with the 审批类别 checked", () => {
    const header = ["XK_WSH", "XK_XMMC", "XK_SPLB", "XK_NR", "XK_XDR_MC", "XK_XDR_LB", "XK_XDR_SHXYM", "XK_JDRQ"];
    const set = columnSet(header)!;
    const cc = creditCode();
    const cells = ["杭许〔2020〕8号", "食品经营许可", "普通", "准予食品经营许可", "某店", "个体工商户", cc, "20200105"];
    expect(mapRow(set, cells, TODAY).decision).toMatchObject({
      kind: "行政许可",
      decidedOn: "2020-01-05",
      party: { type: "individual", creditCode: cc },
      licence: { outcome: "准予许可", documentName: "食品经营许可", category: "普通" },
    });
    const wrong = [...cells];
    wrong[2] = "特别";
    expect(mapRow(set, wrong, TODAY).problems).toMatchObject([{ field: "XK_SPLB", type: "IMPORT_UNKNOWN_CATEGORY" }]);
  });
});

describe("values as historic files write them", () => {
  it("reads dates and amounts", () => {
    expect(["2021-3-1", "2021.03.01", "2021年3月1日", "20210301"].map(importDate)).toEqual(Array(4).fill("2021-03-01"));
    expect(importDate("2021-13-01")).toBeUndefined();
    expect(wanToYuan("1,000.5")).toBe(10_005_000);
    expect(wanToYuan("-1")).toBeUndefined();
  });
});
