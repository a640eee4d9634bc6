import { describe, expect, it } from "vitest";
import {
  activeTableView,
  countDisclosureTables,
  csvCell,
  formatCell,
  headerCells,
  remedyTableView,
  requestTableView,
  rowHeaderCells,
  tableCsv,
  tableCsvRows,
  tablesCsv,
  type DisclosureTables,
} from "../../shared/reports.js";

const tables: DisclosureTables = countDisclosureTables(
  {
    documents: [],
    decisions: [{ kind: "行政处罚", decidedOn: "2025-03-01" }],
    fees: [{ on: "2025-01-01", amountYuan: 12345.6 }],
    requests: [
      {
        applicantKind: "natural_person",
        receivedOn: "2025-02-01",
        closed: { answerType: "disclosed", on: "2025-02-10" },
      },
      { applicantKind: "legal_services", receivedOn: "2025-12-30" },
    ],
    remedies: [{ track: "suit_after_review", filedOn: "2025-04-01" }],
  },
  2025,
);

describe("table 二 as CSV", () => {
  it("has the form's four blocks with their captions and words, 万元 exact", () => {
    expect(tableCsv(activeTableView(tables.active))).toBe(
      [
        "二、主动公开政府信息情况",
        "第二十条第（一）项",
        "信息内容,本年制发件数,本年废止件数,现行有效件数",
        "规章,0,0,0",
        "行政规范性文件,0,0,0",
        "",
        "第二十条第（五）项",
        "信息内容,本年处理决定数量",
        "行政许可,0",
        "",
        "第二十条第（六）项",
        "信息内容,本年处理决定数量",
        "行政处罚,1",
        "行政强制,0",
        "",
        "第二十条第（八）项",
        "信息内容,本年收费金额（单位：万元）",
        "行政事业性收费,1.23456",
        "",
      ].join("\r\n"),
    );
  });
});

describe("table 三 as CSV", () => {
  const rows = tableCsvRows(requestTableView(tables.requests));

  it("has the form's three header rows, a spanning label written once", () => {
    expect(rows.slice(0, 4)).toEqual([
      ["三、收到和处理政府信息公开申请情况"],
      [
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        "",
        "",
        "申请人情况",
        "",
        "",
        "",
        "",
        "",
        "",
      ],
      ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"],
      ["", "", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""],
    ]);
  });

  it("has the form's rows in its words, each group's label on its first row", () => {
    expect(rows.slice(4).map((r) => r.slice(0, 3))).toEqual([
      ["一、本年新收政府信息公开申请数量", "", ""],
      ["二、上年结转政府信息公开申请数量", "", ""],
      ["三、本年度办理结果", "（一）予以公开", ""],
      ["", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ""],
      ["", "（三）不予公开", "1.属于国家秘密"],
      ["", "", "2.其他法律行政法规禁止公开"],
      ["", "", "3.危及“三安全一稳定”"],
      ["", "", "4.保护第三方合法权益"],
      ["", "", "5.属于三类内部事务信息"],
      ["", "", "6.属于四类过程性信息"],
      ["", "", "7.属于行政执法案卷"],
      ["", "", "8.属于行政查询事项"],
      ["", "（四）无法提供", "1.本机关不掌握相关政府信息"],
      ["", "", "2.没有现成信息需要另行制作"],
      ["", "", "3.补正后申请内容仍不明确"],
      ["", "（五）不予处理", "1.信访举报投诉类申请"],
      ["", "", "2.重复申请"],
      ["", "", "3.要求提供公开出版物"],
      ["", "", "4.无正当理由大量反复申请"],
      ["", "", "5.要求行政机关确认或重新出具已获取信息"],
      ["", "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"],
      ["", "", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"],
      ["", "", "3.其他"],
      ["", "（七）总计", ""],
      ["四、结转下年度继续办理", "", ""],
    ]);
  });

  it("puts the counts under their columns", () => {
    const row = (label: string) => rows.find((r) => r.slice(0, 3).includes(label))?.slice(3);
    expect(row("一、本年新收政府信息公开申请数量")).toEqual(["1", "0", "0", "0", "1", "0", "2"]);
    expect(row("（一）予以公开")).toEqual(["1", "0", "0", "0", "0", "0", "1"]);
    expect(row("四、结转下年度继续办理")).toEqual(["0", "0", "0", "0", "1", "0", "1"]);
  });

  it("spans the HTML head and row labels as the form merges them", () => {
    const block = requestTableView(tables.requests).blocks[0]!;
    const head = headerCells(block).map((c) => [c.text, c.row, c.column, c.colSpan, c.rowSpan]);
    expect(head).toEqual([
      ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 0, 0, 3, 3],
      ["申请人情况", 0, 3, 7, 1],
      ["自然人", 1, 3, 1, 2],
      ["法人或其他组织", 1, 4, 5, 1],
      ["总计", 1, 9, 1, 2],
      ["商业企业", 2, 4, 1, 1],
      ["科研机构", 2, 5, 1, 1],
      ["社会公益组织", 2, 6, 1, 1],
      ["法律服务机构", 2, 7, 1, 1],
      ["其他", 2, 8, 1, 1],
    ]);
    const labels = rowHeaderCells(block).map((c) => [c.text, c.row, c.column, c.colSpan, c.rowSpan]);
    expect(labels.slice(0, 6)).toEqual([
      ["一、本年新收政府信息公开申请数量", 0, 0, 3, 1],
      ["二、上年结转政府信息公开申请数量", 1, 0, 3, 1],
      ["三、本年度办理结果", 2, 0, 1, 22],
      ["（一）予以公开", 2, 1, 2, 1],
      ["（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 3, 1, 2, 1],
      ["（三）不予公开", 4, 1, 1, 8],
    ]);
    expect(labels.at(-1)).toEqual(["四、结转下年度继续办理", 24, 0, 3, 1]);
  });
});

describe("table 四 as CSV", () => {
  it("has the form's three header levels over one row of fifteen counts", () => {
    expect(tableCsvRows(remedyTableView(tables.remedies))).toEqual([
      ["四、政府信息公开行政复议、行政诉讼情况"],
      ["行政复议", "", "", "", "", "行政诉讼", "", "", "", "", "", "", "", "", ""],
      [
        "结果维持",
        "结果纠正",
        "其他结果",
        "尚未审结",
        "总计",
        "未经复议直接起诉",
        "",
        "",
        "",
        "",
        "复议后起诉",
        "",
        "",
        "",
        "",
      ],
      [
        "",
        "",
        "",
        "",
        "",
        ...["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"],
        ...["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"],
      ],
      ["0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "1", "1"],
    ]);
    const head = headerCells(remedyTableView(tables.remedies).blocks[0]!);
    expect(head.filter((c) => c.row === 0).map((c) => [c.text, c.colSpan])).toEqual([
      ["行政复议", 5],
      ["行政诉讼", 10],
    ]);
    expect(head.find((c) => c.text === "尚未审结")).toMatchObject({ row: 1, rowSpan: 2 });
  });
});

describe("CSV cells", () => {
  it("quotes commas, quotes and line breaks, and defuses formulas", () => {
    expect(csvCell("普通")).toBe("普通");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('说"明')).toBe('"说""明"');
    expect(csvCell("第一行\n第二行")).toBe('"第一行\n第二行"');
    expect(csvCell("=SUM(A1)")).toBe("'=SUM(A1)");
  });

  it("writes counts whole, 元 to the 分 and 万元 without trailing zeros", () => {
    expect(formatCell(12, "count")).toBe("12");
    expect(formatCell(1234.5, "yuan")).toBe("1234.50");
    expect(formatCell(0.5, "wan")).toBe("0.5");
    expect(formatCell(0.000001, "wan")).toBe("0.000001");
    expect(formatCell(3, "wan")).toBe("3");
  });

  it("joins tables with a blank line, CRLF throughout, no BOM", () => {
    const text = tablesCsv([remedyTableView(tables.remedies), remedyTableView(tables.remedies)]);
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    expect(text.split("\r\n")).toHaveLength(2 * 5 + 2);
    expect(text).not.toMatch(/[^\r]\n/);
  });
});
