/**
 * A minimal XLSX workbook that Excel and LibreOffice open: content types, relationships, the
 * workbook, one worksheet per sheet. Text goes in as inline strings — always text, so a value that
 * begins with = + - @ is never a formula — numbers as numbers; the first row is bold.
 */
import { zipSync, strToU8 } from "fflate";
import { escapeAttr, escapeText } from "../xml.js";
import { Utf8Writer } from "./utf8.js";

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships";
const DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

export function writeXlsx(sheets: { name: string; rows: (string | number | null)[][] }[]): Uint8Array {
  const list = sheets.length > 0 ? sheets : [{ name: "Sheet1", rows: [] }];
  const names = sheetNames(list.map((s) => s.name));
  const files: Record<string, Uint8Array> = {
    "[Content_Types].xml": strToU8(
      `${DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        list
          .map(
            (_, i) =>
              `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
          )
          .join("") +
        "</Types>",
    ),
    "_rels/.rels": strToU8(
      `${DECL}<Relationships xmlns="${PKG_REL}">` +
        `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    "xl/workbook.xml": strToU8(
      `${DECL}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets>` +
        names.map((name, i) => `<sheet name="${escapeAttr(name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join("") +
        "</sheets></workbook>",
    ),
    "xl/_rels/workbook.xml.rels": strToU8(
      `${DECL}<Relationships xmlns="${PKG_REL}">` +
        list
          .map(
            (_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
          )
          .join("") +
        `<Relationship Id="rId${list.length + 1}" Type="${REL}/styles" Target="styles.xml"/></Relationships>`,
    ),
    "xl/styles.xml": strToU8(STYLES),
  };
  list.forEach((sheet, i) => {
    files[`xl/worksheets/sheet${i + 1}.xml`] = worksheet(sheet.rows);
  });
  // Level 1: a large sheet of text compresses nearly as well, in half the time.
  return zipSync(files, { level: 1 });
}

/** Style 0 plain, style 1 bold (the header row). */
const STYLES =
  `${DECL}<styleSheet xmlns="${MAIN}">` +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  "</styleSheet>";

/** Sheet names as Excel requires: 1–31 characters, none of : \ / ? * [ ], unique regardless of case. */
function sheetNames(wanted: string[]): string[] {
  const seen = new Set<string>();
  return wanted.map((w, i) => {
    const base =
      w
        .replace(/[:\\/?*[\]]/g, " ")
        .replace(/^'+|'+$/g, "")
        .trim()
        .slice(0, 31) || `Sheet${i + 1}`;
    let name = base;
    for (let k = 2; seen.has(name.toLowerCase()); k++) name = `${base.slice(0, 31 - String(k).length - 1)}_${k}`;
    seen.add(name.toLowerCase());
    return name;
  });
}

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

function columnName(col: number): string {
  let name = "";
  for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26)) name = LETTERS[(n - 1) % 26] + name;
  return name;
}

/** Characters escapeText changes or drops (markup, controls, surrogates, U+FFFE/F): most text has none. */
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /[&<>\u0000-\u001f\u007f-\u009f\ud800-\udfff\ufffe\uffff]/;

const EDGE_SPACE = /^\s|\s$/;

function worksheet(rows: (string | number | null)[][]): Uint8Array {
  const width = rows.reduce((w, r) => Math.max(w, r.length), 0);
  const columns = Array.from({ length: width }, (_, c) => columnName(c));
  const out = new Utf8Writer();
  out.write(`${DECL}<worksheet xmlns="${MAIN}"><sheetData>`);
  rows.forEach((row, r) => {
    const line = r + 1;
    const style = r === 0 ? ' s="1"' : "";
    const cells: string[] = [`<row r="${line}">`];
    row.forEach((value, c) => {
      if (value === null || value === undefined || value === "") return;
      const ref = `${columns[c]}${line}`;
      if (typeof value === "number" && Number.isFinite(value)) {
        cells.push(`<c r="${ref}"${style}><v>${value}</v></c>`);
      } else {
        const s = String(value);
        const text = NEEDS_ESCAPE.test(s) ? escapeText(s) : s;
        const space = EDGE_SPACE.test(text) ? ' xml:space="preserve"' : "";
        cells.push(`<c r="${ref}"${style} t="inlineStr"><is><t${space}>${text}</t></is></c>`);
      }
    });
    cells.push("</row>");
    out.write(cells.join(""));
  });
  out.write("</sheetData></worksheet>");
  return out.finish();
}
