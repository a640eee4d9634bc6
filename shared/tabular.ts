/**
 * Tables that officers upload (lists of supervised entities, historic 双公示 spreadsheets) read
 * from CSV or XLSX, whatever the file's name says; and tables written as XLSX or CSV.
 *
 * readTable finds the format from the content: a ZIP is XLSX, an OLE file (old .xls, or an
 * encrypted .xlsx) is refused with the advice to save as .xlsx or CSV, anything else is CSV text in
 * UTF-8, UTF-16 (Excel's tab-separated "Unicode text") or GB18030/GBK (text holding NUL characters
 * is some other binary file, and unreadable). The first non-empty row is
 * the header; cells are trimmed, empty rows skipped (their line numbers still counted), short rows
 * padded. Every failure is a TableError: TABLE_UNREADABLE, TABLE_EMPTY, TABLE_TOO_LARGE,
 * TABLE_XLS_UNSUPPORTED.
 */
import { readCsv } from "./tabular/csv.js";
import { TableError, type Table, type TableLimits, type TableRow } from "./tabular/types.js";
import { readXlsx } from "./tabular/xlsx-read.js";

export { TableError, type Table, type TableFormat, type TableRow } from "./tabular/types.js";
export { writeCsv } from "./tabular/csv.js";
export { writeXlsx } from "./tabular/xlsx-write.js";

export function readTable(bytes: Uint8Array, limits?: TableLimits): Table {
  const [a, b, c, d] = bytes;
  if (a === 0x50 && b === 0x4b && c === 0x03 && d === 0x04) return readXlsx(bytes, limits);
  if (a === 0xd0 && b === 0xcf && c === 0x11 && d === 0xe0) {
    throw new TableError("TABLE_XLS_UNSUPPORTED", "an old .xls or encrypted workbook: save as .xlsx or CSV");
  }
  return readCsv(bytes, limits);
}

/** How many rows above the real header a sheet may have (a merged title, a date line, a unit line). */
export const MAX_TITLE_ROWS = 5;

/**
 * The table with its header found: government sheets often put a title row (merged across the
 * columns) or a unit line above the real header. The first of the header and the next
 * MAX_TITLE_ROWS rows that `isHeader` accepts becomes the header; the rows after it are the data.
 * None accepted: the table as read (the caller's own check names what is missing).
 */
export function withHeader(table: Table, isHeader: (cells: string[]) => boolean): Table {
  if (isHeader(table.header)) return table;
  const at = table.rows.slice(0, MAX_TITLE_ROWS).findIndex((r) => isHeader(r.cells));
  if (at < 0) return table;
  return { ...table, header: (table.rows[at] as TableRow).cells, rows: table.rows.slice(at + 1) };
}
