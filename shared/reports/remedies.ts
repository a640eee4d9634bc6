/**
 * Table 四 of the annual report, 政府信息公开行政复议、行政诉讼情况: for 行政复议, and for 行政诉讼
 * 未经复议直接起诉 and 复议后起诉, the cases by 结果维持, 结果纠正, 其他结果, 尚未审结, and 总计.
 *
 * Counting for year Y, on China calendar days: the cases open at some time in Y — filed by
 * 31 December Y and not concluded before 1 January Y; one concluded in Y is counted under its
 * result, one still open on 31 December under 尚未审结. A case pending at the end of Y is counted
 * again in Y + 1, under its result once it has one (as table 三 carries requests over).
 */
import { REMEDY_OUTCOMES, REMEDY_TRACKS, type RemedyOutcome, type RemedyRecord, type RemedyTrack } from "./records.js";
import type { ReportTable } from "./tables.js";
import { chinaDay, yearSpan } from "./years.js";

export const REMEDY_TABLE_TITLE = "四、政府信息公开行政复议、行政诉讼情况";

export type RemedyColumn = RemedyOutcome | "pending" | "total";
export const REMEDY_COLUMN_KEYS: readonly RemedyColumn[] = [...REMEDY_OUTCOMES, "pending", "total"];

export const REMEDY_COLUMN_LABELS: Record<RemedyColumn, string> = {
  upheld: "结果维持",
  corrected: "结果纠正",
  other: "其他结果",
  pending: "尚未审结",
  total: "总计",
};

/** Each track's header path, as printed. */
export const REMEDY_TRACK_LABELS: Record<RemedyTrack, readonly string[]> = {
  review: ["行政复议"],
  direct_suit: ["行政诉讼", "未经复议直接起诉"],
  suit_after_review: ["行政诉讼", "复议后起诉"],
};

/** How a problem names a track. */
export const remedyTrackName = (track: RemedyTrack): string => REMEDY_TRACK_LABELS[track].join("：");

export type RemedyCounts = Record<RemedyColumn, number>;
export type RemedyTable = Record<RemedyTrack, RemedyCounts>;

const zero = (): RemedyCounts => ({ upheld: 0, corrected: 0, other: 0, pending: 0, total: 0 });

export function emptyRemedyTable(): RemedyTable {
  return { review: zero(), direct_suit: zero(), suit_after_review: zero() };
}

/** Table 四 for the year. A case concluded before it was filed is a bug of the records (RangeError). */
export function countRemedies(records: readonly RemedyRecord[], year: number): RemedyTable {
  const span = yearSpan(year);
  const table = emptyRemedyTable();
  for (const r of records) {
    const filed = chinaDay(r.filedOn);
    const concluded = r.concluded ? chinaDay(r.concluded.on) : null;
    if (concluded !== null && concluded < filed) throw new RangeError(`a case concludes (${concluded}) before filing`);
    if (filed > span.last || (concluded !== null && concluded < span.first)) continue;
    const column: RemedyColumn =
      concluded !== null && concluded <= span.last
        ? (r.concluded as NonNullable<RemedyRecord["concluded"]>).outcome
        : "pending";
    table[r.track][column]++;
    table[r.track].total++;
  }
  return table;
}

/** Table 四 as printed: one row under three header levels, fifteen columns. */
export function remedyTableView(t: RemedyTable): ReportTable {
  const columns = REMEDY_TRACKS.flatMap((track) =>
    REMEDY_COLUMN_KEYS.map((c) => ({
      key: `${track}.${c}`,
      labels: [...REMEDY_TRACK_LABELS[track], REMEDY_COLUMN_LABELS[c]],
      unit: "count" as const,
    })),
  );
  const cells = REMEDY_TRACKS.flatMap((track) => REMEDY_COLUMN_KEYS.map((c) => t[track]?.[c] ?? 0));
  return {
    id: "remedies",
    title: REMEDY_TABLE_TITLE,
    blocks: [{ stub: [], columns, rows: [{ key: "cases", labels: [], cells }] }],
  };
}
