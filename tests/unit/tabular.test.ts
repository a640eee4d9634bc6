import fc from "fast-check";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { readTable, TableError, writeCsv, writeXlsx, type Table } from "../../shared/tabular.js";
import { errorMessageOf } from "../../shared/messages.js";

function errorOf(f: () => unknown): TableError {
  try {
    f();
  } catch (err) {
    if (err instanceof TableError) return err;
    throw err;
  }
  throw new Error("no error");
}

const utf8 = (s: string) => new TextEncoder().encode(s);
const bytes = (...parts: (number[] | string)[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...utf8(p)] : p)));
const utf16 = (s: string, le: boolean) =>
  new Uint8Array([
    ...(le ? [0xff, 0xfe] : [0xfe, 0xff]),
    ...[...s].flatMap((ch) => {
      const c = ch.charCodeAt(0);
      return le ? [c & 0xff, c >> 8] : [c >> 8, c & 0xff];
    }),
  ]);
const rowsOf = (t: Table) => t.rows.map((r) => [r.line, ...r.cells]);

describe("reading CSV", () => {
  it("reads RFC 4180: quotes, doubled quotes, line breaks in quotes, CR/LF/CRLF; a record is one line", () => {
    const t = readTable(utf8('名称,代码\r\n"甲,公司","说""明"\n"第一行\r\n第二行",2\r乙,3'));
    expect(t).toMatchObject({ format: "csv", encoding: "utf-8", header: ["名称", "代码"] });
    expect(rowsOf(t)).toEqual([
      [2, "甲,公司", '说"明'],
      [3, "第一行\r\n第二行", "2"],
      [4, "乙", "3"],
    ]);
  });

  it("skips empty rows but counts them, trims cells, pads short rows, keeps a stray quote as Excel does", () => {
    const t = readTable(utf8('\uFEFF 名称 ,代码,备注\n\n , ,\n 甲公司 ,ab"c\n"丙"x,1,2,3\n'));
    expect(t.header).toEqual(["名称", "代码", "备注"]);
    expect(rowsOf(t)).toEqual([
      [4, "甲公司", 'ab"c', ""],
      [5, "丙x", "1", "2", "3"],
    ]);
  });

  it("reads a UTF-8 BOM and removes it from the header", () => {
    const t = readTable(bytes([0xef, 0xbb, 0xbf], "名称,代码\r\n甲,1\r\n"));
    expect(t.encoding).toBe("utf-8");
    expect(t.header).toEqual(["名称", "代码"]);
  });

  it("reads GBK (as GB18030) when the bytes are not UTF-8", () => {
    // 中 D6D0, 国 B9FA, 企业 C6F3 D2B5
    const t = readTable(bytes([0xd6, 0xd0, 0xb9, 0xfa], ",code\r\n", [0xc6, 0xf3, 0xd2, 0xb5], ",42\r\n"));
    expect(t.encoding).toBe("gb18030");
    expect(t.header).toEqual(["中国", "code"]);
    expect(rowsOf(t)).toEqual([[2, "企业", "42"]]);
  });

  it("reads Excel's Unicode text: UTF-16 with a BOM, tab-separated", () => {
    const text = "名称\t代码\r\n甲公司\t91330000\r\n";
    for (const [le, encoding] of [
      [true, "utf-16le"],
      [false, "utf-16be"],
    ] as const) {
      const t = readTable(utf16(text, le));
      expect(t).toMatchObject({
        encoding,
        header: ["名称", "代码"],
        rows: [{ line: 2, cells: ["甲公司", "91330000"] }],
      });
    }
  });

  it("takes tab or semicolon as the delimiter only when the header line has them and no comma", () => {
    expect(readTable(utf8("a;b\n1;2\n")).rows[0]?.cells).toEqual(["1", "2"]);
    expect(readTable(utf8("a\tb\n1\t2,3\n")).rows[0]?.cells).toEqual(["1", "2,3"]);
    expect(readTable(utf8("a,b;c\n1,2;3\n")).rows[0]?.cells).toEqual(["1", "2;3"]);
  });

  it("refuses a file with no header row, and one over the limits", () => {
    expect(errorOf(() => readTable(new Uint8Array())).type).toBe("TABLE_EMPTY");
    expect(errorOf(() => readTable(bytes("%PDF-1.7\n", [0, 0xff, 0x89, 0])))).toMatchObject({
      type: "TABLE_UNREADABLE",
    });
    expect(errorOf(() => readTable(utf8("\uFEFF\r\n , \r\n"))).type).toBe("TABLE_EMPTY");
    const rows = utf8("a,b\n1,2\n3,4\n5,6\n");
    expect(errorOf(() => readTable(rows, { maxRows: 2 }))).toMatchObject({
      type: "TABLE_TOO_LARGE",
      values: { maxRows: 2 },
    });
    expect(errorOf(() => readTable(rows, { maxCells: 7 }))).toMatchObject({
      type: "TABLE_TOO_LARGE",
      values: { maxCells: 7 },
    });
    expect(readTable(rows, { maxRows: 3, maxCells: 8 }).rows).toHaveLength(3);
  });
});

describe("writing CSV", () => {
  it("writes UTF-8 with a BOM, CRLF, RFC 4180 quoting, formulas guarded", () => {
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(
      writeCsv([
        ["名称", "金额"],
        ['甲,"公司"', 12.5],
        ["=SUM(A1)", null],
        ["多\n行", -3],
      ]),
    );
    expect(text).toBe('\uFEFF名称,金额\r\n"甲,""公司""",12.5\r\n"\'=SUM(A1)",\r\n"多\n行","\'-3"\r\n');
  });
});

const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

/** A workbook built by hand: its first sheet is `xl/worksheets/data.xml` (rId7), listed before a second one. */
function workbook(sheetData: string, opts: { date1904?: boolean; strings?: string } = {}): Uint8Array {
  return zipSync({
    "[Content_Types].xml": strToU8("<Types/>"),
    "_rels/.rels": strToU8(
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    "xl/workbook.xml": strToU8(
      `<?xml version="1.0"?><workbook xmlns="${MAIN}" xmlns:r="${REL}">` +
        (opts.date1904 ? '<workbookPr date1904="1"/>' : "<workbookPr/>") +
        '<sheets><sheet name="数据" sheetId="3" r:id="rId7"/><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
    ),
    "xl/_rels/workbook.xml.rels": strToU8(
      `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        `<Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
        `<Relationship Id="rId7" Type="${REL}/worksheet" Target="/xl/worksheets/data.xml"/>` +
        `<Relationship Id="rId8" Type="${REL}/styles" Target="styles.xml"/>` +
        `<Relationship Id="rId9" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    ),
    "xl/styles.xml": strToU8(
      `<styleSheet xmlns="${MAIN}"><numFmts count="2"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>` +
        `<numFmt numFmtId="177" formatCode="#,##0.00&quot;元&quot;"/></numFmts>` +
        '<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="22"/><xf numFmtId="176"/><xf numFmtId="177"/></cellXfs></styleSheet>',
    ),
    "xl/sharedStrings.xml": strToU8(
      opts.strings ??
        `<sst xmlns="${MAIN}"><si><t>名称</t></si><si><t xml:space="preserve"> 日期 </t></si>` +
          '<si><r><rPr><b/></rPr><t>杭州</t></r><r><t xml:space="preserve">某某 &amp; </t></r><r><t>公司</t></r><rPh sb="0" eb="2"><t>ハンシュウ</t></rPh></si>' +
          "<si><t>A&lt;B&#x4E2D;_x000D_</t></si></sst>",
    ),
    "xl/worksheets/sheet1.xml": strToU8(
      `<worksheet xmlns="${MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>wrong sheet</t></is></c></row></sheetData></worksheet>`,
    ),
    "xl/worksheets/data.xml": strToU8(
      `<?xml version="1.0"?><worksheet xmlns="${MAIN}"><sheetData>${sheetData}</sheetData></worksheet>`,
    ),
  });
}

describe("reading XLSX", () => {
  it("reads the first sheet by the workbook's relationships: shared strings with rich runs, types, dates, gaps", () => {
    const t = readTable(
      workbook(
        '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="C2" t="s"><v>1</v></c><c r="D2" t="inlineStr"><is><t>备注</t></is></c></row>' +
          '<row r="3" spans="1:4"><c r="A3" t="s"><v>2</v></c><c r="B3"><v>0.30000000000000004</v></c><c r="C3" s="1"><v>45658</v></c><c r="D3" t="b"><v>1</v></c></row>' +
          '<row r="5"><c r="A5" t="s"><v>3</v></c><c r="B5" t="e"><v>#DIV/0!</v></c><c r="C5" s="2"><v>45658.5</v></c><c r="D5" t="b"><v>0</v></c></row>' +
          '<row r="6"><c r="A6" t="str"><f>A5</f><v>x</v></c><c r="B6"><v>123456789012345678</v></c><c r="C6" s="3"><v>60</v></c><c r="D6" s="4"><v>1234.5</v></c></row>' +
          '<row r="7"><c r="A7" s="1"/><c r="B7"><v>-1.5E-3</v></c><c r="C7" s="1"><v>61</v></c></row>' +
          '<row r="8"><c r="B8" s="2"><v>45658.99999999</v></c></row>',
      ),
    );
    expect(t).toMatchObject({ format: "xlsx", encoding: null, header: ["名称", "", "日期", "备注"] });
    expect(rowsOf(t)).toEqual([
      [3, "杭州某某 & 公司", "0.3", "2025-01-01", "TRUE"],
      [5, "A<B中", "#DIV/0!", "2025-01-01 12:00:00", "FALSE"],
      [6, "x", "123456789012345678", "1900-02-29", "1234.5"],
      [7, "", "-0.0015", "1900-03-01", ""],
      [8, "", "2025-01-02", "", ""],
    ]);
  });

  it("reads a 1904 workbook's dates, and cells without a reference in order", () => {
    const t = readTable(
      workbook(
        '<row><c t="inlineStr"><is><t>日期</t></is></c><c t="inlineStr"><is><t>b</t></is></c></row><row><c s="1"><v>0</v></c><c s="1"><v>44196</v></c></row>',
        {
          date1904: true,
        },
      ),
    );
    expect(t.header).toEqual(["日期", "b"]);
    expect(rowsOf(t)).toEqual([[2, "1904-01-01", "2025-01-01"]]);
  });

  it("refuses an .xls (OLE) file, a corrupt ZIP, a workbook without a sheet and a sheet with no rows", () => {
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    expect(errorOf(() => readTable(ole)).type).toBe("TABLE_XLS_UNSUPPORTED");
    expect(errorOf(() => readTable(bytes([0x50, 0x4b, 3, 4], "garbage that is not a zip"))).type).toBe(
      "TABLE_UNREADABLE",
    );
    const good = writeXlsx([{ name: "a", rows: [["x"]] }]);
    expect(errorOf(() => readTable(good.subarray(0, good.length - 30))).type).toBe("TABLE_UNREADABLE");
    const noSheet = zipSync({ "xl/workbook.xml": strToU8(`<workbook xmlns="${MAIN}"><sheets/></workbook>`) });
    expect(errorOf(() => readTable(noSheet)).type).toBe("TABLE_UNREADABLE");
    expect(errorOf(() => readTable(workbook('<row r="1"><c r="A1"/></row>'))).type).toBe("TABLE_EMPTY");
    expect(errorOf(() => readTable(workbook("<row><c><v>1</v></c></row><!DOCTYPE x>"))).type).toBe("TABLE_UNREADABLE");
  });

  it("refuses a zip bomb: an entry declaring more than 256 MiB, before unpacking it", () => {
    const zip = writeXlsx([{ name: "a", rows: [["名称"], ["甲"]] }]);
    // Declare the worksheet's uncompressed size (central directory and local header) as 1 GiB.
    const name = utf8("xl/worksheets/sheet1.xml");
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    let patched = 0;
    for (let i = 0; i + 46 < zip.length; i++) {
      const sig = view.getUint32(i, true);
      const at = sig === 0x02014b50 ? 46 : sig === 0x04034b50 ? 30 : -1;
      if (at < 0 || view.getUint16(i + at - (sig === 0x02014b50 ? 18 : 4), true) !== name.length) continue;
      if (!name.every((b, k) => zip[i + at + k] === b)) continue;
      view.setUint32(i + (sig === 0x02014b50 ? 24 : 22), 1 << 30, true);
      patched++;
    }
    expect(patched).toBe(2);
    expect(errorOf(() => readTable(zip))).toMatchObject({ type: "TABLE_TOO_LARGE", values: { maxMegabytes: 256 } });
  });

  it("refuses a sheet with more cells than allowed, counting the empty ones a far column makes", () => {
    const far = workbook('<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="XFD1"><v>1</v></c></row>');
    expect(errorOf(() => readTable(far, { maxCells: 10_000 })).type).toBe("TABLE_TOO_LARGE");
  });
});

describe("writing XLSX", () => {
  it("stores text that looks like a formula as text, numbers as numbers, and sheets under valid names", () => {
    const zip = writeXlsx([
      {
        name: "名单/2026",
        rows: [
          ["名称", "金额"],
          ["=1+1", 3],
          ["@x", null],
          ["-2", -2.5],
        ],
      },
      { name: "名单:2026", rows: [] },
    ]);
    const files = unzipSync(zip);
    const sheet = strFromU8(files["xl/worksheets/sheet1.xml"] as Uint8Array);
    expect(sheet).not.toContain("<f>");
    expect(sheet).toContain('<c r="A2" t="inlineStr"><is><t>=1+1</t></is></c><c r="B2"><v>3</v></c>');
    expect(strFromU8(files["xl/workbook.xml"] as Uint8Array)).toContain('name="名单 2026_2"');
    expect(rowsOf(readTable(zip))).toEqual([
      [2, "=1+1", "3"],
      [3, "@x", ""],
      [4, "-2", "-2.5"],
    ]);
  });
});

const unit = fc.constantFrom(..."中国企业名称公司甲乙丙 ,;\t\"'\r\n=+-@abcXYZ0123456789".split(""), "\uD842\uDFB7");
const cell = fc.oneof(fc.string({ unit, maxLength: 12 }), fc.integer({ min: -1e9, max: 1e9 }), fc.constant(null));
const HEADER = ["名称", "代码", "备注"];

/** What reading gives back for a row written: trimmed cells (CSV: formula-guarded); empty rows left out. */
function expected(rows: (string | number | null)[][], guard: boolean): (string | number)[][] {
  return rows.flatMap((row, i) => {
    const cells = row.map((v) => {
      const s = v === null ? "" : String(v);
      return (guard && /^[=+\-@\t\r]/.test(s) ? `'${s}` : s).trim();
    });
    return cells.every((c) => c === "") ? [] : [[i + 2, ...cells]];
  });
}

describe("round trips", () => {
  it("writeCsv → readTable and writeXlsx → readTable give back the cells", () => {
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { maxLength: 15 }), (rows) => {
        const csv = readTable(writeCsv([HEADER, ...rows]));
        expect(csv.header).toEqual(HEADER);
        expect(rowsOf(csv)).toEqual(expected(rows, true));
        const xlsx = readTable(writeXlsx([{ name: "表", rows: [HEADER, ...rows] }]));
        expect(xlsx.header).toEqual(HEADER);
        expect(rowsOf(xlsx)).toEqual(expected(rows, false));
      }),
      { numRuns: 200 },
    );
  });

  it("carries 100 000 rows of 20 columns both ways", () => {
    const header = Array.from({ length: 20 }, (_, c) => `列${c + 1}`);
    const rows: (string | number)[][] = [header];
    for (let r = 0; r < 100_000; r++) {
      rows.push(Array.from({ length: 20 }, (_, c) => (c === 0 ? r : `企业${r}-${c},"x"`)));
    }
    for (const bytes of [writeCsv(rows), writeXlsx([{ name: "大表", rows }])]) {
      const t = readTable(bytes);
      expect(t.rows).toHaveLength(100_000);
      expect(t.rows[99_999]).toEqual({ line: 100_001, cells: rows[100_000]?.map(String) });
    }
  });
});

describe("messages", () => {
  it("words every table error in Chinese, with what to do", () => {
    expect(errorMessageOf("TABLE_TOO_LARGE", { maxRows: 200000 })).toBe("表格超过 200000 行，请分成几个文件上传。");
    expect(errorMessageOf("TABLE_XLS_UNSUPPORTED")).toContain("另存为 .xlsx 或 CSV");
    expect(errorMessageOf("TABLE_UNREADABLE")).toMatch(/[\u4e00-\u9fff]/);
    expect(errorMessageOf("TABLE_EMPTY")).toMatch(/表头/);
  });
});
