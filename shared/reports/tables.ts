/**
 * A report table as it is printed: blocks of labelled rows under labelled columns, the labels as
 * paths (a column under "法人或其他组织" has the path ["申请人情况", "法人或其他组织", "商业企业"]).
 * The same view feeds the CSV (csv.ts), the HTML page and the PDF, so every output carries the
 * same words. A label shared by neighbouring columns or rows is one merged cell of the form: the
 * CSV writes it once, at the start of its span, and the HTML spans it (`headerCells`).
 */

/** What a body without any power of a category writes instead of 0 (行政执法年度数据). */
export const NO_DUTY = "无相关行政执法职责";

/** What a statistic writes where it has no figure (a share of nothing, a median of no answers). */
export const NO_FIGURE = "—";

/** A count, an amount, 无相关行政执法职责, or no figure. */
export type CellValue = number | typeof NO_DUTY | typeof NO_FIGURE;

/**
 * How a column's numbers are written: counts as integers, 元 to the 分, 万元 to six decimals; the
 * statistics' shares (0–1) as per cent to one decimal, and medians of working days as computed (½ days).
 */
export type ColumnUnit = "count" | "yuan" | "wan" | "percent" | "days";

export interface TableColumn {
  key: string;
  /** The header path, top first. */
  labels: readonly string[];
  unit: ColumnUnit;
}

export interface TableRow {
  key: string;
  /** The row's labels, outermost first (empty for a table of one unlabelled row). */
  labels: readonly string[];
  /** One value per column, in the columns' order. */
  cells: readonly CellValue[];
}

export interface TableBlock {
  /** A caption over the block (第二十条第（一）项). */
  caption?: string;
  /** The head of each label column (the top-left cells), as many as the rows' labels are deep. */
  stub: readonly string[];
  columns: readonly TableColumn[];
  rows: readonly TableRow[];
}

export interface ReportTable {
  id: string;
  /** The heading as printed: 三、收到和处理政府信息公开申请情况. */
  title: string;
  blocks: readonly TableBlock[];
}

const samePrefix = (a: readonly string[], b: readonly string[], n: number): boolean =>
  a.length > n && b.length > n && a.slice(0, n + 1).every((label, i) => label === b[i]);

/** How many header rows the block's columns need. */
export function headerDepth(block: TableBlock): number {
  return Math.max(1, ...block.columns.map((c) => c.labels.length));
}

/** A path's labels at each level, blank where the cell above or to the left spans over it. */
function spanned(paths: readonly (readonly string[])[], depth: number): string[][] {
  return paths.map((path, i) =>
    Array.from({ length: depth }, (_, level) => {
      const previous = paths[i - 1];
      if (level >= path.length) return "";
      return previous && samePrefix(previous, path, level) ? "" : (path[level] as string);
    }),
  );
}

/**
 * The header as rows of text: the stub's heads in the first row, then each level of the columns'
 * paths; a label spanning several columns written over the first of them only.
 */
export function headerRows(block: TableBlock): string[][] {
  const depth = headerDepth(block);
  const columns = spanned(
    block.columns.map((c) => c.labels),
    depth,
  );
  return Array.from({ length: depth }, (_, level) => [
    ...block.stub.map((head) => (level === 0 ? head : "")),
    ...columns.map((c) => c[level] as string),
  ]);
}

/** Each row's label cells, a label spanning several rows written on the first of them only. */
export function rowLabelCells(block: TableBlock): string[][] {
  return spanned(
    block.rows.map((r) => r.labels),
    block.stub.length,
  );
}

/** A cell of the HTML table's head or of a row's labels: its text and how far it spans. */
export interface SpanCell {
  text: string;
  /** The row it starts in (0 first: the first header row, or the first body row) and its column. */
  row: number;
  column: number;
  colSpan: number;
  rowSpan: number;
}

/**
 * The header as HTML cells with their spans: a stub head spans the empty heads after it and every
 * header row; a column label spans the columns sharing it and, where its path ends early, the rows
 * below.
 */
export function headerCells(block: TableBlock): SpanCell[] {
  const depth = headerDepth(block);
  const cells: SpanCell[] = [];
  block.stub.forEach((text, column) => {
    if (text === "" && column > 0) return;
    let colSpan = 1;
    while (block.stub[column + colSpan] === "") colSpan++;
    cells.push({ text, row: 0, column, colSpan, rowSpan: depth });
  });
  const paths = block.columns.map((c) => c.labels);
  for (let level = 0; level < depth; level++) {
    for (let i = 0; i < paths.length; i++) {
      const path = paths[i] as readonly string[];
      if (level >= path.length) continue;
      const previous = paths[i - 1];
      if (previous && samePrefix(previous, path, level)) continue;
      let colSpan = 1;
      while (i + colSpan < paths.length && samePrefix(path, paths[i + colSpan] as readonly string[], level)) colSpan++;
      const rowSpan = level === path.length - 1 ? depth - level : 1;
      cells.push({ text: path[level] as string, row: level, column: block.stub.length + i, colSpan, rowSpan });
    }
  }
  return cells.sort((a, b) => a.row - b.row || a.column - b.column);
}

/**
 * The rows' labels as HTML cells: a label shared by several rows spans them (三、本年度办理结果), and
 * a row's last label spans the stub columns its path leaves empty (一、本年新收… spans all three).
 */
export function rowHeaderCells(block: TableBlock): SpanCell[] {
  const depth = block.stub.length;
  const paths = block.rows.map((r) => r.labels);
  const cells: SpanCell[] = [];
  paths.forEach((path, i) => {
    path.forEach((text, level) => {
      const previous = paths[i - 1];
      if (previous && samePrefix(previous, path, level)) return;
      let rowSpan = 1;
      while (i + rowSpan < paths.length && samePrefix(path, paths[i + rowSpan] as readonly string[], level)) rowSpan++;
      const colSpan = level === path.length - 1 ? depth - level : 1;
      cells.push({ text, row: i, column: level, colSpan, rowSpan });
    });
  });
  return cells;
}
