/**
 * Historic 双公示 files for the imports suites: CF_ rows as CSV (UTF-8 or GBK) and as a minimal
 * XLSX (one sheet, inline strings), written here so the suites do not depend on the reader they test.
 */
import { zipSync, strToU8 } from "fflate";
import { LICENCE_COLUMNS, PENALTY_COLUMNS } from "../../shared/exchange-columns.js";
import { creditCode } from "./fixtures.js";

export type Row = Record<string, string>;

/** A good 行政处罚 row (a company fined 2 万元), with what `values` changes. */
export function penaltyRow(decisionNo: string, values: Row = {}): Row {
  return {
    CF_WSH: decisionNo,
    CF_XDR_MC: `${decisionNo}号当事人有限公司`,
    CF_XDR_LB: "法人及非法人组织",
    CF_XDR_SHXYM: creditCode(),
    CF_FRDB: "王五",
    CF_WFXW: "销售不符合食品安全标准的食品",
    CF_SY: "当事人销售超过保质期的食品",
    CF_YJ: "《中华人民共和国食品安全法》第一百二十四条",
    CF_CFLB: "罚款",
    CF_NR: "罚款人民币贰万元",
    CF_NR_FK: "2",
    CF_JDRQ: "2026-11-20",
    ...values,
  };
}

/** The rows as a table: the CF_ codes (or the Chinese headers) then one line per row. */
export function table(rows: Row[], headers: "codes" | "chinese" = "codes"): string[][] {
  const header = PENALTY_COLUMNS.map(([code, label]) => (headers === "codes" ? code : label));
  return [header, ...rows.map((r) => PENALTY_COLUMNS.map(([code]) => r[code] ?? ""))];
}

function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function csv(rows: Row[], headers: "codes" | "chinese" = "codes"): string {
  return table(rows, headers)
    .map((l) => l.map(csvCell).join(","))
    .join("\r\n");
}

let gbkCodes: Map<string, number[]> | undefined;

/** Text in GBK: the encoder is the platform's GBK decoder inverted (every two-byte code decoded once). */
export function gbk(text: string): Buffer {
  if (!gbkCodes) {
    gbkCodes = new Map();
    const decoder = new TextDecoder("gbk");
    for (let hi = 0x81; hi <= 0xfe; hi++) {
      for (let lo = 0x40; lo <= 0xfe; lo++) {
        if (lo === 0x7f) continue;
        const ch = decoder.decode(new Uint8Array([hi, lo]));
        if (ch.length === 1 && ch !== "\ufffd" && !gbkCodes.has(ch)) gbkCodes.set(ch, [hi, lo]);
      }
    }
  }
  const bytes: number[] = [];
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code < 0x80) bytes.push(code);
    else {
      const pair = gbkCodes.get(ch);
      if (!pair) throw new Error(`no GBK code for ${ch}`);
      bytes.push(...pair);
    }
  }
  return Buffer.from(bytes);
}

/** A granted 行政许可 row, with what `values` changes. */
export function licenceRow(decisionNo: string, values: Row = {}): Row {
  return {
    XK_WSH: decisionNo,
    XK_XMMC: "食品经营许可",
    XK_SPLB: "普通",
    XK_NR: "准予食品经营许可（预包装食品销售）",
    XK_XDR_MC: `${decisionNo}号许可持有人食品店`,
    XK_XDR_LB: "个体工商户",
    XK_XDR_SHXYM: creditCode(),
    XK_XKZS: "食品经营许可证",
    XK_XKBH: `JY1${decisionNo.replace(/\D/g, "").padStart(13, "0")}`,
    XK_JDRQ: "2026-10-15",
    XK_YXQZ: "2026-10-15",
    XK_YXQJZ: "2031-10-14",
    ...values,
  };
}

/** 行政许可 rows as CSV with the XK_ codes. */
export function licenceCsv(rows: Row[]): string {
  const header = LICENCE_COLUMNS.map(([code]) => code);
  return [header, ...rows.map((r) => header.map((code) => r[code] ?? ""))]
    .map((l) => l.map(csvCell).join(","))
    .join("\r\n");
}

export function gbkCsv(rows: Row[], headers: "codes" | "chinese" = "chinese"): Buffer {
  return gbk(csv(rows, headers));
}

function xmlText(v: string): string {
  return v.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function columnName(i: number): string {
  let name = "";
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** A one-sheet XLSX of the rows (inline strings). */
export function xlsx(rows: Row[], headers: "codes" | "chinese" = "codes"): Buffer {
  const sheetRows = table(rows, headers)
    .map(
      (cells, r) =>
        `<row r="${r + 1}">${cells
          .map((c, i) => `<c r="${columnName(i)}${r + 1}" t="inlineStr"><is><t>${xmlText(c)}</t></is></c>`)
          .join("")}</row>`,
    )
    .join("");
  const files = {
    "[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    "_rels/.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    "xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="行政处罚" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    "xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    "xl/worksheets/sheet1.xml": `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheetRows}</sheetData></worksheet>`,
  };
  return Buffer.from(zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)]))));
}

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
