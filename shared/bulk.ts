/**
 * The bulk data index (issue 20): which files a run makes, what they are called, and which of them
 * are kept — the newest full set, and the deltas of the last 90 days.
 */

/** The tables dumped, the read-model table each is read from, and their formats. */
export const BULK_TABLES = [
  { table: "notices", formats: ["csv", "jsonl"] },
  /** 行政处罚 notices in the 双公示 column order (CF_…), as GET /api/public/notices.csv. */
  { table: "notices-xzcf", formats: ["csv"] },
  { table: "bodies", formats: ["csv", "jsonl"] },
  { table: "officers", formats: ["csv", "jsonl"] },
  { table: "powers", formats: ["csv", "jsonl"] },
  { table: "inspections", formats: ["csv", "jsonl"] },
  { table: "documents", formats: ["csv", "jsonl"] },
  { table: "reports", formats: ["csv", "jsonl"] },
] as const;

export type BulkTable = (typeof BULK_TABLES)[number]["table"];
export type BulkFormat = "csv" | "jsonl";
export type BulkKind = "full" | "delta";

export interface BulkFile {
  name: string;
  table: BulkTable;
  kind: BulkKind;
  format: BulkFormat;
  /** The run's day (China time), YYYY-MM-DD. */
  date: string;
  /** A delta: the run before it, whose files it brings up to date. */
  since?: string;
  url: string;
  rows: number;
  bytes: number;
  sha256: string;
}

export interface BulkIndex {
  /** When the last run finished; null before the first. */
  generatedAt: string | null;
  files: BulkFile[];
  /** Per table, the outbox sequence the last run read up to: the next delta starts after it. */
  cursors: Partial<Record<BulkTable, string>>;
}

/** How many days a delta is kept. */
export const DELTA_DAYS = 90;

/**
 * A file's name: the table, the run's day and time (China time, HHMMSS). Every run writes new names:
 * a second run on one day never overwrites a file the index still lists with the first run's size
 * and SHA-256 (a reader holding that index gets those bytes, or a 404 once they are dropped).
 */
export function bulkFileName(table: BulkTable, kind: BulkKind, format: BulkFormat, date: string, time: string): string {
  return `${table}${kind === "delta" ? "-delta" : ""}-${date}-${time}.${format}.gz`;
}

/** Whole days from `a` to `b` (calendar dates). */
function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/**
 * The files the new index lists and those to remove from storage: the run's files replace the full
 * set; deltas stay `DELTA_DAYS` days.
 */
export function keptFiles(
  previous: BulkFile[],
  made: BulkFile[],
  today: string,
): { kept: BulkFile[]; dropped: BulkFile[] } {
  const names = new Set(made.map((f) => f.name));
  const kept: BulkFile[] = [];
  const dropped: BulkFile[] = [];
  for (const f of previous) {
    if (names.has(f.name)) continue; // overwritten in storage by the new run
    const keep = f.kind === "delta" && daysBetween(f.date, today) < DELTA_DAYS;
    (keep ? kept : dropped).push(f);
  }
  const order = (f: BulkFile) =>
    `${f.kind === "full" ? 0 : 1}${f.kind === "delta" ? String(99_999_999 - Number(f.date.replace(/-/g, ""))) : ""}${f.table}.${f.format}`;
  return { kept: [...made, ...kept].sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0)), dropped };
}
