/** The shapes and the error of shared/tabular.ts. */

export type TableFormat = "csv" | "xlsx";
/** One data row; `line` is the 1-based row number the user sees in the program (the header is line 1). */
export interface TableRow {
  line: number;
  cells: string[];
}
export interface Table {
  format: TableFormat;
  /** The text encoding of a CSV file; null for XLSX. */
  encoding: "utf-8" | "gb18030" | "utf-16le" | "utf-16be" | null;
  header: string[];
  rows: TableRow[];
}
export interface TableLimits {
  maxRows?: number;
  maxCells?: number;
}

/** TABLE_UNREADABLE, TABLE_EMPTY, TABLE_TOO_LARGE or TABLE_XLS_UNSUPPORTED (shared/messages.ts words them). */
export class TableError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly values: Record<string, string | number> = {},
  ) {
    super(message);
    this.name = "TableError";
  }
}

export const DEFAULT_MAX_ROWS = 200_000;
export const DEFAULT_MAX_CELLS = 5_000_000;
/** The most an XLSX's entries that are read may declare they unpack to. */
export const MAX_UNZIPPED_BYTES = 256 * 1024 * 1024;

/** Builds the table from rows as read (line numbers, raw cells), applying the common rules and the limits. */
export class TableBuilder {
  header: string[] | null = null;
  readonly rows: TableRow[] = [];
  private cells = 0;
  private readonly maxRows: number;
  private readonly maxCells: number;

  constructor(limits: TableLimits | undefined) {
    this.maxRows = limits?.maxRows ?? DEFAULT_MAX_ROWS;
    this.maxCells = limits?.maxCells ?? DEFAULT_MAX_CELLS;
  }

  /** Counts cells as read (before a row is kept), so a sheet of millions of empty cells is refused too. */
  count(cells: number): void {
    this.cells += cells;
    if (this.cells > this.maxCells) {
      throw new TableError("TABLE_TOO_LARGE", `more than ${this.maxCells} cells`, { maxCells: this.maxCells });
    }
  }

  /** A row's raw cells: trimmed; an empty row skipped; the first non-empty row is the header. */
  add(line: number, raw: string[]): void {
    let last = -1;
    for (let i = 0; i < raw.length; i++) {
      const v = (raw[i] ?? "").trim();
      raw[i] = v;
      if (v !== "") last = i;
    }
    if (last < 0) return;
    if (this.header === null) {
      raw.length = last + 1;
      if (raw[0]?.charCodeAt(0) === 0xfeff) raw[0] = raw[0].slice(1).trim();
      this.header = raw;
      return;
    }
    if (this.rows.length >= this.maxRows) {
      throw new TableError("TABLE_TOO_LARGE", `more than ${this.maxRows} rows`, { maxRows: this.maxRows });
    }
    const width = Math.max(last + 1, this.header.length);
    raw.length = width;
    for (let i = last + 1; i < width; i++) raw[i] = "";
    this.rows.push({ line, cells: raw });
  }

  table(format: Table["format"], encoding: Table["encoding"]): Table {
    if (this.header === null) throw new TableError("TABLE_EMPTY", "the table has no header row");
    return { format, encoding, header: this.header, rows: this.rows };
  }
}
