/**
 * A report table as CSV, in the form's words: its heading, then each block — caption, header rows
 * (a label spanning several columns written over the first of them), and the rows with their labels
 * (a label spanning several rows written on the first). Lines end CRLF (RFC 4180); the text is
 * UTF-8 and the service puts the BOM in front, so spreadsheet programs read the Chinese. A blank
 * line separates blocks.
 */
import { headerRows, rowLabelCells, type CellValue, type ColumnUnit, type ReportTable } from "./tables.js";

/** RFC 4180 quoting; a leading = + - @ is prefixed so spreadsheet programs never run it as a formula. */
export function csvCell(value: string): string {
  const s = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A number as the table prints it: counts whole, 元 to the 分, 万元 without trailing zeros, shares in per cent. */
export function formatCell(value: CellValue, unit: ColumnUnit): string {
  if (typeof value === "string") return value;
  if (unit === "count") return String(value);
  if (unit === "yuan") return value.toFixed(2);
  if (unit === "percent") return `${(value * 100).toFixed(1)}%`;
  if (unit === "days") return String(value);
  return value.toFixed(6).replace(/\.?0+$/, "");
}

/** The table's lines as cells. */
export function tableCsvRows(table: ReportTable): string[][] {
  const lines: string[][] = [[table.title]];
  table.blocks.forEach((block, i) => {
    if (i > 0) lines.push([]);
    if (block.caption) lines.push([block.caption]);
    lines.push(...headerRows(block));
    const labels = rowLabelCells(block);
    block.rows.forEach((row, r) => {
      lines.push([
        ...(labels[r] as string[]),
        ...row.cells.map((v, c) => formatCell(v, block.columns[c]?.unit ?? "count")),
      ]);
    });
  });
  return lines;
}

/** Lines of cells as CSV text (no BOM). */
export function csvText(lines: readonly (readonly string[])[]): string {
  return lines.map((line) => line.map(csvCell).join(",") + "\r\n").join("");
}

/** One table as CSV text. */
export function tableCsv(table: ReportTable): string {
  return csvText(tableCsvRows(table));
}

/** Several tables (a whole report) as one CSV text, a blank line between tables. */
export function tablesCsv(tables: readonly ReportTable[]): string {
  return tables.map(tableCsv).join("\r\n");
}
