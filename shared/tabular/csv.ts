/**
 * CSV (and Excel's tab-separated "Unicode text") read and written. The encoding is found from the
 * bytes: a BOM, else valid UTF-8, else GB18030 (the superset of GBK that Excel in Chinese Windows
 * saves). Records follow RFC 4180, read as Excel reads them: a quote inside an unquoted field is
 * kept as it is, and text after a closing quote is kept too. A record is one line as the user
 * sees it in the spreadsheet program, even when a quoted cell holds line breaks.
 */
import { csvCell } from "../csv-cell.js";
import { Utf8Writer } from "./utf8.js";
import { TableBuilder, TableError, type Table, type TableLimits } from "./types.js";

type Encoding = Exclude<Table["encoding"], null>;

export function decodeText(bytes: Uint8Array): { text: string; encoding: Encoding } {
  const [a, b, c] = bytes;
  if (a === 0xef && b === 0xbb && c === 0xbf) return { text: decode("utf-8", bytes.subarray(3)), encoding: "utf-8" };
  if (a === 0xff && b === 0xfe) return { text: decode("utf-16le", bytes.subarray(2)), encoding: "utf-16le" };
  if (a === 0xfe && b === 0xff) return { text: decode("utf-16be", bytes.subarray(2)), encoding: "utf-16be" };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes), encoding: "utf-8" };
  } catch {
    return { text: decode("gb18030", bytes), encoding: "gb18030" };
  }
}

function decode(encoding: string, bytes: Uint8Array): string {
  return new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes);
}

/** Comma; or tab, or semicolon, when the first non-empty line has them and no comma. */
export function delimiterOf(text: string): number {
  let start = 0;
  let line = "";
  while (start < text.length) {
    const lf = text.indexOf("\n", start);
    const end = lf < 0 ? text.length : lf;
    line = text.slice(start, end).split("\r")[0] as string;
    if (line.trim() !== "") break;
    start = end + 1;
  }
  if (line.includes(",")) return COMMA;
  if (line.includes("\t")) return TAB;
  if (line.includes(";")) return SEMICOLON;
  return COMMA;
}

const COMMA = 0x2c;
const TAB = 0x09;
const SEMICOLON = 0x3b;
const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

export function readCsv(bytes: Uint8Array, limits: TableLimits | undefined): Table {
  const { text, encoding } = decodeText(bytes);
  // Text has no NUL: this is some other kind of file (a PDF, an image, UTF-16 without its BOM).
  if (text.includes("\0")) throw new TableError("TABLE_UNREADABLE", "not a text file");
  const delimiter = delimiterOf(text);
  const builder = new TableBuilder(limits);
  const n = text.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    const cells: string[] = [];
    // One record: fields until an unquoted line end or the end of the text.
    for (;;) {
      let value = "";
      if (text.charCodeAt(i) === QUOTE) {
        let j = i + 1;
        const parts: string[] = [];
        for (;;) {
          const q = text.indexOf('"', j);
          if (q < 0) {
            parts.push(text.slice(j));
            j = n;
            break;
          }
          parts.push(text.slice(j, q));
          if (text.charCodeAt(q + 1) === QUOTE) {
            parts.push('"');
            j = q + 2;
          } else {
            j = q + 1;
            break;
          }
        }
        value = parts.join("");
        i = j;
      }
      // Unquoted text (or what follows a closing quote), kept literally up to the delimiter or line end.
      let j = i;
      while (j < n) {
        const ch = text.charCodeAt(j);
        if (ch === delimiter || ch === CR || ch === LF) break;
        j++;
      }
      if (j > i) value += text.slice(i, j);
      cells.push(value);
      i = j;
      if (i >= n) break;
      const ch = text.charCodeAt(i);
      if (ch === delimiter) {
        i++;
        continue;
      }
      // A line end: CRLF, CR or LF.
      i += ch === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      break;
    }
    builder.count(cells.length);
    builder.add(line, cells);
    line++;
  }
  return builder.table("csv", encoding);
}

/** UTF-8 with a BOM (so Excel reads the Chinese), CRLF line ends, RFC 4180 quoting, formulas guarded. */
export function writeCsv(rows: (string | number | null)[][]): Uint8Array {
  const out = new Utf8Writer();
  out.write("\uFEFF");
  for (const row of rows) out.write(row.map(csvCell).join(",") + "\r\n");
  return out.finish();
}
