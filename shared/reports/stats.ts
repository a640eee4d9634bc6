/**
 * Public statistics (issue 17 item 4): what a body, a region or every body did over a period of
 * months — decisions by kind, penalties under their most severe category, fines as decided, how
 * many decisions were published within the statutory deadline, how fast feedback and requests
 * were answered, the powers used most. The services that own the records answer AGGREGATES
 * (counts by month and kind, sums in 分, histograms of working days) computed in SQL; this module
 * checks the period, shapes those aggregates into the public view (medians from histograms, shares,
 * the penalty rule of the annual report) and writes each chart's table for the page and the CSV.
 * Months are China calendar months (UTC+8), written YYYY-MM.
 */
import type { IsoDate } from "../calendar.js";
import { chinaToday } from "../dates.js";
import { POWER_CATEGORIES, type PowerCategory } from "../domain.js";
import { PENALTY_CATEGORIES, type PenaltyCategory } from "../rules.js";
import { mostSevereCategory } from "./enforcement.js";
import { ReportRefusalError } from "./refusals.js";
import { NO_FIGURE, type CellValue, type ReportTable, type TableColumn, type TableRow } from "./tables.js";
import { chinaDay, MAX_REPORT_YEAR, MIN_REPORT_YEAR, yuanOfFen, type Day } from "./years.js";

/** A China calendar month, YYYY-MM. */
export type Month = string;

/** The longest period the statistics count, in months. */
export const MAX_STATS_MONTHS = 60;
/** The period when none is asked: the twelve months up to the current one. */
export const DEFAULT_STATS_MONTHS = 12;

const MONTH = /^(\d{4})-(\d{2})$/;

/** The China month of a day or an instant: 2026-12-31T16:30Z is 2027-01 in Beijing. */
export function monthOf(day: Day): Month {
  return chinaDay(day).slice(0, 7);
}

/** The current China month. */
export function chinaMonth(now: Date): Month {
  return chinaToday(now).slice(0, 7);
}

function monthIndex(month: Month): number {
  const m = MONTH.exec(month) as RegExpExecArray;
  return Number(m[1]) * 12 + Number(m[2]) - 1;
}

function monthAt(index: number): Month {
  return `${String(Math.floor(index / 12)).padStart(4, "0")}-${String((index % 12) + 1).padStart(2, "0")}`;
}

export const addMonths = (month: Month, n: number): Month => monthAt(monthIndex(month) + n);

/** A month as people read it: 2026年1月. */
export function monthLabel(month: Month): string {
  const i = monthIndex(month);
  return `${Math.floor(i / 12)}年${(i % 12) + 1}月`;
}

function checkedMonth(value: string, field: "from" | "to"): Month {
  const m = MONTH.exec(value.trim());
  const year = Number(m?.[1]);
  const month = Number(m?.[2]);
  if (!m || month < 1 || month > 12 || year < MIN_REPORT_YEAR || year > MAX_REPORT_YEAR) {
    throw new ReportRefusalError("STATS_MONTH_INVALID", "a month is written YYYY-MM, from 2000 to 2100", field);
  }
  return value.trim();
}

export interface StatsPeriod {
  from: Month;
  to: Month;
  /** Every month from `from` to `to`, in order. */
  months: Month[];
  /** The first day of `from`, and the first day after `to`: the records counted lie in [first, until). */
  first: IsoDate;
  until: IsoDate;
}

/**
 * The period asked (from, to: YYYY-MM, both included): by default the twelve months up to the
 * current month (China time); `to` alone counts the twelve months up to it, `from` alone runs to
 * the current month. Refuses (422) a malformed month, `from` after `to`, more than 60 months.
 */
export function statsPeriod(p: { from?: string | undefined; to?: string | undefined }, today: IsoDate): StatsPeriod {
  const to = p.to ? checkedMonth(p.to, "to") : today.slice(0, 7);
  const from = p.from ? checkedMonth(p.from, "from") : addMonths(to, 1 - DEFAULT_STATS_MONTHS);
  const count = monthIndex(to) - monthIndex(from) + 1;
  if (count < 1) throw new ReportRefusalError("STATS_PERIOD_REVERSED", "from is after to", "from");
  if (count > MAX_STATS_MONTHS) {
    throw new ReportRefusalError("STATS_PERIOD_TOO_LONG", `at most ${MAX_STATS_MONTHS} months`, "from", {
      max: MAX_STATS_MONTHS,
    });
  }
  const months = Array.from({ length: count }, (_, i) => addMonths(from, i));
  return { from, to, months, first: `${from}-01`, until: `${addMonths(to, 1)}-01` };
}

/**
 * The median of values given as a histogram (value → how many): the middle value, or the mean of
 * the two middle values when the count is even; null when there is none.
 */
export function medianOf(histogram: readonly { value: number; count: number }[]): number | null {
  const sorted = histogram.filter((h) => h.count > 0).sort((a, b) => a.value - b.value);
  const n = sorted.reduce((s, h) => s + h.count, 0);
  if (n === 0) return null;
  const nth = (k: number): number => {
    let seen = 0;
    for (const h of sorted) {
      seen += h.count;
      if (k < seen) return h.value;
    }
    return (sorted.at(-1) as { value: number }).value;
  };
  return n % 2 === 1 ? nth((n - 1) / 2) : (nth(n / 2 - 1) + nth(n / 2)) / 2;
}

/** The share published within the deadline of those whose deadline is over; null when none is. */
export function onTimeShare(t: { onTime: number; late: number; overdue: number }): number | null {
  const due = t.onTime + t.late + t.overdue;
  return due === 0 ? null : Math.round((t.onTime / due) * 10_000) / 10_000;
}

// ---- what the services answer: aggregates, never records

/** Decisions (results), by their 决定日期's month. */
export interface DecisionAggregates {
  byMonthKind: { month: Month; kind: PowerCategory; count: number }[];
  /** 行政处罚 decisions by month and set of categories, with their 罚款 as decided (分). */
  penalties: { month: Month; categories: PenaltyCategory[]; count: number; fined: number; fineFen: number }[];
  /**
   * Publication against the statutory deadline (7 or 20 working days, the result's dueBy): published
   * on a China day up to dueBy, published after it, unpublished past it, unpublished within it.
   */
  timeliness: { month: Month; onTime: number; late: number; overdue: number; pending: number }[];
  /** The powers (a body's 事项编码) with the most decisions, most first; the name as last decided. */
  topPowers: { bodyId: string; code: string; name: string; count: number }[];
}

/** Items received and answered (feedback, requests), the answers as a histogram of working days taken. */
export interface ResponseAggregates {
  /** Below this many received in the period the figures are not public (FEEDBACK_STATS_MIN, REQUESTS_STATS_MIN). */
  minimum: number;
  received: { month: Month; count: number }[];
  answered: { month: Month; workingDays: number; count: number }[];
}

export const STATS_TOP_POWERS = 10;

// ---- the public view

export type StatsScopeKind = "all" | "region" | "body";

export interface StatsScope {
  kind: StatsScopeKind;
  bodyId: string | null;
  bodyName: string | null;
  region: string | null;
  /** How many bodies the scope holds (a region may hold none). */
  bodies: number;
}

export interface Responsiveness {
  /** False below `minimum` items received: then no figure is shown. */
  enough: boolean;
  minimum: number;
  received: number | null;
  answered: number | null;
  /** Working days from receipt to the answer (paused days excluded for requests). */
  medianWorkingDays: number | null;
  byMonth: { month: Month; received: number; answered: number; medianWorkingDays: number | null }[];
}

export interface PublicStats {
  scope: StatsScope;
  period: { from: Month; to: Month; months: Month[] };
  decisions: {
    /** The kinds decided in the period, in the 权责清单's order. */
    kinds: PowerCategory[];
    byMonth: { month: Month; counts: Record<string, number>; total: number }[];
    byKind: { kind: PowerCategory; count: number }[];
    total: number;
  };
  /** Each penalty decision once, under its most severe category (the 行政执法年度数据 rule). */
  penalties: { categories: { category: PenaltyCategory; count: number }[]; total: number };
  fines: {
    byMonth: { month: Month; decisions: number; fined: number; fineYuan: number }[];
    decisions: number;
    fined: number;
    totalYuan: number;
  };
  timeliness: {
    byMonth: { month: Month; onTime: number; late: number; overdue: number; pending: number; share: number | null }[];
    onTime: number;
    late: number;
    overdue: number;
    pending: number;
    share: number | null;
  };
  feedback: Responsiveness;
  requests: Responsiveness;
  topPowers: { rank: number; bodyId: string; bodyName: string; code: string; name: string; count: number }[];
}

export interface StatsInput {
  scope: StatsScope;
  period: StatsPeriod;
  decisions: DecisionAggregates;
  feedback: ResponseAggregates;
  requests: ResponseAggregates;
  /** Current names of the top powers and their bodies (duties), by `${bodyId} ${code}`. */
  powers: ReadonlyMap<string, { name: string; bodyName: string }>;
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

function inPeriod<T extends { month: Month }>(rows: readonly T[], period: StatsPeriod): T[] {
  const months = new Set(period.months);
  return rows.filter((r) => months.has(r.month));
}

function responsiveness(agg: ResponseAggregates, period: StatsPeriod): Responsiveness {
  const received = inPeriod(agg.received, period);
  const answered = inPeriod(agg.answered, period);
  const receivedTotal = sum(received.map((r) => r.count));
  if (receivedTotal < agg.minimum) {
    return {
      enough: false,
      minimum: agg.minimum,
      received: null,
      answered: null,
      medianWorkingDays: null,
      byMonth: [],
    };
  }
  const histogram = (rows: typeof answered) => rows.map((r) => ({ value: r.workingDays, count: r.count }));
  return {
    enough: true,
    minimum: agg.minimum,
    received: receivedTotal,
    answered: sum(answered.map((r) => r.count)),
    medianWorkingDays: medianOf(histogram(answered)),
    byMonth: period.months.map((month) => {
      const of = answered.filter((r) => r.month === month);
      return {
        month,
        received: sum(received.filter((r) => r.month === month).map((r) => r.count)),
        answered: sum(of.map((r) => r.count)),
        medianWorkingDays: medianOf(histogram(of)),
      };
    }),
  };
}

/** The public view of the aggregates. */
export function publicStats(input: StatsInput): PublicStats {
  const { period, decisions: d } = input;
  const byMonthKind = inPeriod(d.byMonthKind, period);
  const countOf = (month: Month, kind: PowerCategory) =>
    sum(byMonthKind.filter((r) => r.month === month && r.kind === kind).map((r) => r.count));
  const byKind = POWER_CATEGORIES.map((kind) => ({
    kind,
    count: sum(byMonthKind.filter((r) => r.kind === kind).map((r) => r.count)),
  }));
  const kinds = byKind.filter((k) => k.count > 0).map((k) => k.kind);

  const penalties = inPeriod(d.penalties, period);
  const byCategory = new Map<PenaltyCategory, number>(PENALTY_CATEGORIES.map((c) => [c, 0]));
  for (const p of penalties) {
    const c = mostSevereCategory(p.categories);
    byCategory.set(c, (byCategory.get(c) ?? 0) + p.count);
  }
  const fineMonths = period.months.map((month) => {
    const of = penalties.filter((p) => p.month === month);
    return {
      month,
      decisions: sum(of.map((p) => p.count)),
      fined: sum(of.map((p) => p.fined)),
      fen: sum(of.map((p) => p.fineFen)),
    };
  });

  const timeliness = inPeriod(d.timeliness, period);
  const t = (month?: Month) => {
    const of = month === undefined ? timeliness : timeliness.filter((r) => r.month === month);
    const row = {
      onTime: sum(of.map((r) => r.onTime)),
      late: sum(of.map((r) => r.late)),
      overdue: sum(of.map((r) => r.overdue)),
      pending: sum(of.map((r) => r.pending)),
    };
    return { ...row, share: onTimeShare(row) };
  };

  return {
    scope: input.scope,
    period: { from: period.from, to: period.to, months: period.months },
    decisions: {
      kinds,
      byMonth: period.months.map((month) => {
        const counts = Object.fromEntries(kinds.map((kind) => [kind, countOf(month, kind)]));
        return { month, counts, total: sum(Object.values(counts)) };
      }),
      byKind,
      total: sum(byKind.map((k) => k.count)),
    },
    penalties: {
      categories: PENALTY_CATEGORIES.map((category) => ({ category, count: byCategory.get(category) ?? 0 })),
      total: sum([...byCategory.values()]),
    },
    fines: {
      byMonth: fineMonths.map(({ fen, ...m }) => ({ ...m, fineYuan: yuanOfFen(fen) })),
      decisions: sum(fineMonths.map((m) => m.decisions)),
      fined: sum(fineMonths.map((m) => m.fined)),
      totalYuan: yuanOfFen(sum(fineMonths.map((m) => m.fen))),
    },
    timeliness: { byMonth: period.months.map((month) => ({ month, ...t(month) })), ...t() },
    feedback: responsiveness(input.feedback, period),
    requests: responsiveness(input.requests, period),
    topPowers: [...d.topPowers]
      .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code) || a.bodyId.localeCompare(b.bodyId))
      .slice(0, STATS_TOP_POWERS)
      .map((p, i) => {
        const current = input.powers.get(`${p.bodyId} ${p.code}`);
        return {
          rank: i + 1,
          bodyId: p.bodyId,
          bodyName: current?.bodyName ?? "",
          code: p.code,
          name: current?.name ?? p.name,
          count: p.count,
        };
      }),
  };
}

// ---- each chart's table: the page's data table and the CSV, in the same words

export const STATS_CHARTS = ["decisions", "penalties", "fines", "timeliness", "responsiveness", "powers"] as const;
export type StatsChart = (typeof STATS_CHARTS)[number];

export const STATS_CHART_TITLES: Record<StatsChart, string> = {
  decisions: "各月执法决定数量（按类别）",
  penalties: "行政处罚决定（按最重处罚类别）",
  fines: "各月罚款金额",
  timeliness: "执法决定按期公示情况",
  responsiveness: "群众意见和政府信息公开申请的答复用时",
  powers: "执法决定最多的十项职权",
};

const TOTAL = "合计";
const MONTH_HEAD = "月份";
const count = (key: string, label: string | readonly string[]): TableColumn => ({
  key,
  labels: typeof label === "string" ? [label] : label,
  unit: "count",
});
const figure = (v: number | null): CellValue => v ?? NO_FIGURE;

function table(id: StatsChart, stub: string, columns: TableColumn[], rows: TableRow[]): ReportTable {
  return { id, title: STATS_CHART_TITLES[id], blocks: [{ stub: [stub], columns, rows }] };
}

function responseColumns(prefix: "feedback" | "requests", label: string): TableColumn[] {
  return [
    count(`${prefix}Received`, [label, "收到件数"]),
    count(`${prefix}Answered`, [label, "答复件数"]),
    { key: `${prefix}Median`, labels: [label, "答复用时中位数（工作日）"], unit: "days" },
  ];
}

function responseCells(r: Responsiveness, month?: Month): CellValue[] {
  if (!r.enough) return [NO_FIGURE, NO_FIGURE, NO_FIGURE];
  const row = month === undefined ? r : r.byMonth.find((m) => m.month === month);
  return [figure(row?.received ?? 0), figure(row?.answered ?? 0), figure(row?.medianWorkingDays ?? null)];
}

/** Each chart's numbers as a table: the page prints it beside the chart, the CSV writes it. */
export function statsTables(s: PublicStats): Record<StatsChart, ReportTable> {
  const monthRow = (month: Month, cells: CellValue[]): TableRow => ({ key: month, labels: [month], cells });
  const totalRow = (cells: CellValue[]): TableRow => ({ key: "total", labels: [TOTAL], cells });
  const timelinessCells = (r: {
    onTime: number;
    late: number;
    overdue: number;
    pending: number;
    share: number | null;
  }): CellValue[] => [r.onTime, r.late, r.overdue, r.pending, figure(r.share)];
  return {
    decisions: table(
      "decisions",
      MONTH_HEAD,
      [...s.decisions.kinds.map((k) => count(k, k)), count("total", TOTAL)],
      [
        ...s.decisions.byMonth.map((m) =>
          monthRow(m.month, [...s.decisions.kinds.map((k) => m.counts[k] ?? 0), m.total]),
        ),
        totalRow([
          ...s.decisions.kinds.map((k) => s.decisions.byKind.find((b) => b.kind === k)?.count ?? 0),
          s.decisions.total,
        ]),
      ],
    ),
    penalties: table(
      "penalties",
      "处罚类别",
      [count("count", "件数")],
      [
        ...s.penalties.categories.map((c) => ({ key: c.category, labels: [c.category], cells: [c.count] })),
        totalRow([s.penalties.total]),
      ],
    ),
    fines: table(
      "fines",
      MONTH_HEAD,
      [
        count("decisions", "行政处罚决定件数"),
        count("fined", "其中处以罚款件数"),
        { key: "fineYuan", labels: ["罚款金额（元）"], unit: "yuan" },
      ],
      [
        ...s.fines.byMonth.map((m) => monthRow(m.month, [m.decisions, m.fined, m.fineYuan])),
        totalRow([s.fines.decisions, s.fines.fined, s.fines.totalYuan]),
      ],
    ),
    timeliness: table(
      "timeliness",
      MONTH_HEAD,
      [
        count("onTime", "按期公示"),
        count("late", "逾期公示"),
        count("overdue", "逾期未公示"),
        count("pending", "未到期限未公示"),
        { key: "share", labels: ["按期公示率"], unit: "percent" },
      ],
      [
        ...s.timeliness.byMonth.map((m) => monthRow(m.month, timelinessCells(m))),
        totalRow(timelinessCells(s.timeliness)),
      ],
    ),
    responsiveness: table(
      "responsiveness",
      MONTH_HEAD,
      [...responseColumns("feedback", "群众意见"), ...responseColumns("requests", "政府信息公开申请")],
      [
        ...s.period.months.map((month) =>
          monthRow(month, [...responseCells(s.feedback, month), ...responseCells(s.requests, month)]),
        ),
        totalRow([...responseCells(s.feedback), ...responseCells(s.requests)]),
      ],
    ),
    powers: {
      id: "powers",
      title: STATS_CHART_TITLES.powers,
      blocks: [
        {
          stub: ["排名", "事项编码", "职权名称", "执法主体"],
          columns: [count("count", "决定件数")],
          rows: s.topPowers.map((p) => ({
            key: String(p.rank),
            labels: [String(p.rank), p.code, p.name, p.bodyName],
            cells: [p.count],
          })),
        },
      ],
    },
  };
}
