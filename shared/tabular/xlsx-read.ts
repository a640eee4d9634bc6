/**
 * The first worksheet of an XLSX workbook as a table. The workbook and its relationships name the
 * first sheet's part; shared strings, number formats (dates), the 1904 date system are honoured.
 * Only the parts needed are unzipped, and only when the sizes they declare stay under 256 MiB.
 */
import { unzipSync, type Unzipped } from "fflate";
import { XMLParser } from "fast-xml-parser";
import { TableBuilder, TableError, MAX_UNZIPPED_BYTES, type Table, type TableLimits } from "./types.js";
import { attr, attrsOf, decodeOoxmlEscapes, decodeXml, scanXml, XmlScanError } from "./xml-scan.js";
import { formatNumber, isDateFormat, serialToDate } from "./xlsx-values.js";

const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
const STRICT_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships/";

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  isArray: (name) => ["Relationship", "sheet", "xf", "numFmt"].includes(name),
});

type Node = Record<string, unknown>;

export function readXlsx(bytes: Uint8Array, limits: TableLimits | undefined): Table {
  let declared = 0;
  const read = (paths: string[]): Unzipped => {
    const wanted = new Set(paths);
    let files: Unzipped;
    try {
      files = unzipSync(bytes, {
        filter(f) {
          if (!wanted.has(f.name)) return false;
          declared += f.originalSize;
          if (declared > MAX_UNZIPPED_BYTES) throw new TooLarge();
          return true;
        },
      });
    } catch (err) {
      if (err instanceof TooLarge) {
        throw new TableError("TABLE_TOO_LARGE", "the workbook unpacks to more than 256 MiB", { maxMegabytes: 256 });
      }
      throw unreadable("the ZIP cannot be read");
    }
    return files;
  };
  const text = (files: Unzipped, path: string): string | undefined => {
    const data = files[path];
    return data === undefined ? undefined : new TextDecoder("utf-8").decode(data);
  };

  const root = read(["_rels/.rels"]);
  const rootRels = relationships(text(root, "_rels/.rels"), "");
  const workbookPath = rootRels.find((r) => r.type === "officeDocument")?.target ?? "xl/workbook.xml";
  const dir = workbookPath.includes("/") ? workbookPath.slice(0, workbookPath.lastIndexOf("/") + 1) : "";
  const relsPath = `${dir}_rels/${workbookPath.slice(dir.length)}.rels`;
  const meta = read([workbookPath, relsPath]);
  const workbook = parse(text(meta, workbookPath))?.workbook as Node | undefined;
  if (!workbook) throw unreadable("no workbook");
  const rels = relationships(text(meta, relsPath), dir);
  const firstSheet = (((workbook.sheets as Node | undefined)?.sheet as Node[] | undefined) ?? [])[0];
  const sheetId = firstSheet?.["@_id"];
  const sheetPath = rels.find((r) => r.id === sheetId && r.type === "worksheet")?.target;
  if (sheetPath === undefined) throw unreadable("no worksheet");
  const prDate1904 = (workbook.workbookPr as Node | undefined)?.["@_date1904"];
  const date1904 = prDate1904 === "1" || prDate1904 === "true";
  const stylesPath = rels.find((r) => r.type === "styles")?.target;
  const stringsPath = rels.find((r) => r.type === "sharedStrings")?.target;

  const parts = read([sheetPath, ...(stylesPath ? [stylesPath] : []), ...(stringsPath ? [stringsPath] : [])]);
  const sheetXml = text(parts, sheetPath);
  if (sheetXml === undefined) throw unreadable("the worksheet is missing");
  const dateStyles = stylesPath ? dateStylesOf(text(parts, stylesPath)) : [];
  const strings = stringsPath ? sharedStrings(text(parts, stringsPath) ?? "") : [];
  delete parts[sheetPath];
  return readSheet(sheetXml, strings, dateStyles, date1904, limits);
}

class TooLarge extends Error {}

function unreadable(why: string): TableError {
  return new TableError("TABLE_UNREADABLE", why);
}

function parse(xml: string | undefined): Node | undefined {
  if (xml === undefined) return undefined;
  try {
    return parser.parse(xml) as Node;
  } catch {
    throw unreadable("the XML cannot be read");
  }
}

interface Rel {
  id: string;
  type: string;
  target: string;
}

/** A part's relationships, the target resolved to a path in the ZIP; the type its last word. */
function relationships(xml: string | undefined, base: string): Rel[] {
  const list = ((parse(xml)?.Relationships as Node | undefined)?.Relationship as Node[] | undefined) ?? [];
  return list.flatMap((r) => {
    const type = String(r["@_Type"] ?? "");
    const target = String(r["@_Target"] ?? "");
    if (r["@_TargetMode"] === "External" || !(type.startsWith(REL) || type.startsWith(STRICT_REL))) return [];
    return [
      { id: String(r["@_Id"] ?? ""), type: type.slice(type.lastIndexOf("/") + 1), target: resolve(base, target) },
    ];
  });
}

function resolve(base: string, target: string): string {
  const segments = (target.startsWith("/") ? target.slice(1) : base + target).split("/");
  const out: string[] = [];
  for (const s of segments) {
    if (s === "..") out.pop();
    else if (s !== "." && s !== "") out.push(s);
  }
  return out.join("/");
}

/** For each cell style (cellXfs index): whether its number format shows a date or time. */
function dateStylesOf(xml: string | undefined): boolean[] {
  const styles = parse(xml)?.styleSheet as Node | undefined;
  if (!styles) return [];
  const custom = new Map<string, string>();
  for (const f of ((styles.numFmts as Node | undefined)?.numFmt as Node[] | undefined) ?? []) {
    custom.set(String(f["@_numFmtId"]), String(f["@_formatCode"] ?? ""));
  }
  const xfs = ((styles.cellXfs as Node | undefined)?.xf as Node[] | undefined) ?? [];
  return xfs.map((xf) => isDateFormat(Number(xf["@_numFmtId"] ?? 0), custom.get(String(xf["@_numFmtId"]))));
}

/** The shared strings table: each `<si>`'s `<t>`, or its rich text runs' `<t>`s joined; phonetic runs left out. */
function sharedStrings(xml: string): string[] {
  const out: string[] = [];
  let parts: string[] = [];
  let phonetic = 0;
  const h = {
    wantText: false,
    open(name: string, _attrs: string, selfClosing: boolean) {
      if (name === "si") parts = [];
      else if (name === "rPh" && !selfClosing) phonetic++;
      else if (name === "t") h.wantText = phonetic === 0;
    },
    close(name: string) {
      if (name === "t") h.wantText = false;
      else if (name === "rPh") phonetic = Math.max(0, phonetic - 1);
      else if (name === "si") out.push(decodeOoxmlEscapes(decodeXml(parts.join(""))));
    },
    text(raw: string) {
      parts.push(raw);
    },
  };
  try {
    scanXml(xml, h);
  } catch (err) {
    if (err instanceof XmlScanError) throw unreadable(err.message);
    throw err;
  }
  return out;
}

/** The 0-based column of a reference such as `C7`; -1 when it has no letters. */
function columnOf(ref: string): number {
  let col = 0;
  let k = 0;
  for (; k < ref.length; k++) {
    const c = ref.charCodeAt(k);
    if (c >= 65 && c <= 90) col = col * 26 + (c - 64);
    else if (c >= 97 && c <= 122) col = col * 26 + (c - 96);
    else break;
  }
  return k === 0 || col > 16384 ? -1 : col - 1;
}

function readSheet(
  xml: string,
  strings: string[],
  dateStyles: boolean[],
  date1904: boolean,
  limits: TableLimits | undefined,
): Table {
  const builder = new TableBuilder(limits);
  let sawSheet = false;
  let rowNumber = 0;
  let cells: string[] = [];
  let col = 0;
  let type = "n";
  let style = 0;
  let value: string[] = [];
  let inCell = false;
  let inline = 0;
  let phonetic = 0;
  const h = {
    wantText: false,
    open(name: string, attrs: string) {
      switch (name) {
        case "sheetData":
          sawSheet = true;
          break;
        case "row": {
          const r = attr(attrs, "r");
          rowNumber = r !== undefined && /^\d+$/.test(r) ? Number(r) : rowNumber + 1;
          cells = [];
          col = 0;
          break;
        }
        case "c": {
          const a = attrsOf(attrs);
          const at = a.r === undefined ? -1 : columnOf(a.r);
          if (at >= 0) col = at;
          type = a.t ?? "n";
          style = a.s === undefined ? 0 : Number(a.s);
          value = [];
          inCell = true;
          break;
        }
        case "v":
          h.wantText = inCell && type !== "inlineStr";
          break;
        case "is":
          inline++;
          break;
        case "rPh":
          phonetic++;
          break;
        case "t":
          h.wantText = inCell && inline > 0 && phonetic === 0;
          break;
      }
    },
    close(name: string) {
      switch (name) {
        case "v":
        case "t":
          h.wantText = false;
          break;
        case "is":
          inline = Math.max(0, inline - 1);
          break;
        case "rPh":
          phonetic = Math.max(0, phonetic - 1);
          break;
        case "c":
          if (col >= cells.length) builder.count(col + 1 - cells.length);
          cells[col] = cellText(type, decodeXml(value.join("")), style);
          col++;
          inCell = false;
          break;
        case "row":
          builder.add(rowNumber, cells);
          cells = [];
          break;
      }
    },
    text(raw: string) {
      value.push(raw);
    },
  };
  const cellText = (t: string, v: string, s: number): string => {
    switch (t) {
      case "s": {
        const at = Number(v);
        return Number.isInteger(at) ? (strings[at] ?? "") : "";
      }
      case "str":
      case "inlineStr":
        return decodeOoxmlEscapes(v);
      case "b":
        return v.trim() === "1" || v.trim().toLowerCase() === "true" ? "TRUE" : v.trim() === "" ? "" : "FALSE";
      case "e":
        return v;
      default: {
        const trimmed = v.trim();
        if (trimmed === "") return "";
        if (dateStyles[s]) {
          const date = serialToDate(Number(trimmed), date1904);
          if (date !== undefined) return date;
        }
        return t === "d" ? trimmed : formatNumber(trimmed);
      }
    }
  };
  try {
    scanXml(xml, h);
  } catch (err) {
    if (err instanceof XmlScanError) throw unreadable(err.message);
    throw err;
  }
  if (!sawSheet) throw unreadable("the worksheet has no sheetData");
  return builder.table("xlsx", null);
}
