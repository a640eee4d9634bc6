/**
 * Public statistics on the portal (/stats for every body, a region or a body; /bodies/:id/stats for
 * one body): a GET form, the headline figures, and six charts — each a <figure> whose caption says
 * what it shows in words, the chart as SVG drawn on the server (charts.ts; a wide and a narrow
 * drawing, the screen's width picks one, paper the wide one), the same numbers as a table for
 * screen readers and print, and the chart's CSV. No script anywhere.
 */
import type { PublicStats, StatsChart } from "../../services/reports/contract.js";
import { formatCell, monthLabel, STATS_CHART_TITLES, statsTables, type ReportTable } from "../../shared/reports.js";
import { href, html, pathOf, type SafeHtml } from "../html/html.js";
import { reportTableHtml } from "../html/report-table.js";
import { barChart, columnChart, lineChart, NARROW, WIDE, type ChartSize } from "./charts.js";
import { layout, type PageContext } from "./layout.js";
import { option, printLink } from "./parts.js";
import { bodySelect, type BodyChoice } from "./powers.js";

export const STATS_PATH = "/stats";
export const STATS_API_PATH = "/api/public/stats";
export const STATS_CSV_PATH = "/api/public/stats.csv";

export const bodyStatsPath = (bodyId: string): string => `${pathOf("bodies", bodyId)}/stats`;

/** What the reader asked (the form's fields, as sent). */
export interface StatsQuery {
  bodyId?: string;
  region?: string;
  from?: string;
  to?: string;
}

/** Each chart drawn twice (wide, narrow), or null when there is nothing to draw (the table says so). */
export type StatsCharts = Record<StatsChart, { wide: SafeHtml; narrow: SafeHtml } | null>;

const count = (n: number): string => `${n}件`;
const yuan = (n: number): string => `${formatCell(n, "yuan")}元`;
const percent = (share: number): string => formatCell(share, "percent");

function periodText(s: PublicStats): string {
  const { from, to } = s.period;
  return from === to ? monthLabel(from) : `${monthLabel(from)}至${monthLabel(to)}`;
}

function responsivenessText(label: string, r: PublicStats["feedback"]): string {
  if (!r.enough) return `${label}收到不足${r.minimum}件，不公布统计`;
  const median = r.medianWorkingDays === null ? "" : `，答复用时中位数${r.medianWorkingDays}个工作日`;
  return `${label}收到${count(r.received ?? 0)}、答复${count(r.answered ?? 0)}${median}`;
}

/** Each chart in words: the figure's caption and the SVG's accessible name. */
export function chartSummaries(s: PublicStats): Record<StatsChart, string> {
  const period = periodText(s);
  const kinds = s.decisions.byKind.filter((k) => k.count > 0).map((k) => `${k.kind}${count(k.count)}`);
  const categories = s.penalties.categories.filter((c) => c.count > 0).map((c) => `${c.category}${count(c.count)}`);
  const t = s.timeliness;
  const due = t.onTime + t.late + t.overdue;
  return {
    decisions: `${period}共作出执法决定${count(s.decisions.total)}${kinds.length ? `，其中${kinds.join("、")}` : ""}。`,
    penalties: s.penalties.total
      ? `行政处罚决定${count(s.penalties.total)}，每件按其最重的处罚类别计一次：${categories.join("、")}。`
      : `${period}没有行政处罚决定。`,
    fines: `罚款金额合计${yuan(s.fines.totalYuan)}（${count(s.fines.fined)}处以罚款，按决定书确定的金额计）。`,
    timeliness:
      due === 0
        ? `${period}作出的执法决定尚无已到公示期限的（未到期限未公示${count(t.pending)}）。`
        : `已到公示期限的执法决定${count(due)}：按期公示${count(t.onTime)}、逾期公示${count(t.late)}、逾期未公示${count(t.overdue)}，按期公示率${percent(t.share ?? 0)}。`,
    responsiveness: `${responsivenessText("群众意见", s.feedback)}；${responsivenessText("政府信息公开申请", s.requests)}。`,
    powers: s.topPowers.length
      ? `执法决定最多的职权：${s.topPowers
          .slice(0, 3)
          .map((p) => `${p.name}（${count(p.count)}）`)
          .join("、")}${s.topPowers.length > 3 ? "等" : ""}。`
      : `${period}没有执法决定。`,
  };
}

/** The charts of the view, both sizes (ECharts is loaded on the first). */
export async function statsCharts(s: PublicStats): Promise<StatsCharts> {
  const labels = chartSummaries(s);
  const months = s.period.months;
  const both = async (draw: (size: ChartSize) => Promise<SafeHtml>) => {
    const [wide, narrow] = await Promise.all([draw(WIDE), draw(NARROW)]);
    return { wide, narrow };
  };
  const penalties = s.penalties.categories.filter((c) => c.count > 0);
  const answered = [
    { name: "群众意见", r: s.feedback },
    { name: "政府信息公开申请", r: s.requests },
  ].filter((x) => x.r.enough && x.r.answered);
  const [decisions, penaltyChart, fines, timeliness, responsiveness, powers] = await Promise.all([
    both((size) =>
      columnChart(
        {
          categories: months,
          series: s.decisions.kinds.map((kind) => ({
            name: kind,
            values: s.decisions.byMonth.map((m) => m.counts[kind] ?? 0),
          })),
          stacked: true,
        },
        size,
        labels.decisions,
      ),
    ),
    penalties.length
      ? both((size) =>
          barChart(
            { categories: penalties.map((c) => c.category), values: penalties.map((c) => c.count) },
            size,
            labels.penalties,
          ),
        )
      : null,
    both((size) =>
      columnChart(
        {
          categories: months,
          series: [{ name: "罚款金额（元）", values: s.fines.byMonth.map((m) => m.fineYuan) }],
          format: "{value}",
        },
        size,
        labels.fines,
      ),
    ),
    both((size) =>
      columnChart(
        {
          categories: months,
          series: [
            { name: "按期公示", values: s.timeliness.byMonth.map((m) => m.onTime) },
            { name: "逾期公示", values: s.timeliness.byMonth.map((m) => m.late) },
            { name: "逾期未公示", values: s.timeliness.byMonth.map((m) => m.overdue) },
          ],
          stacked: true,
        },
        size,
        labels.timeliness,
      ),
    ),
    answered.length
      ? both((size) =>
          lineChart(
            {
              categories: months,
              series: answered.map((x) => ({
                name: `${x.name}（工作日）`,
                values: months.map((m) => x.r.byMonth.find((b) => b.month === m)?.medianWorkingDays ?? null),
              })),
              format: "{value}",
            },
            size,
            labels.responsiveness,
          ),
        )
      : null,
    s.topPowers.length
      ? both((size) =>
          barChart(
            { categories: s.topPowers.map((p) => p.name), values: s.topPowers.map((p) => p.count) },
            size,
            labels.powers,
          ),
        )
      : null,
  ]);
  return { decisions, penalties: penaltyChart, fines, timeliness, responsiveness, powers };
}

function scopeText(s: PublicStats): string {
  if (s.scope.kind === "body") return s.scope.bodyName ?? "";
  if (s.scope.kind === "region") return `${s.scope.region}（${s.scope.bodies}个执法主体）`;
  return `全部执法主体（${s.scope.bodies}个）`;
}

function figure(
  id: StatsChart,
  table: ReportTable,
  summary: string,
  chart: StatsCharts[StatsChart],
  csvUrl: string,
  baseUrl: string | undefined,
): SafeHtml {
  return html`<section class="chart-section" id="chart-${id}" aria-labelledby="chart-${id}-h">
    <h2 id="chart-${id}-h">${STATS_CHART_TITLES[id]}</h2>
    <figure class="chart">
      <figcaption>${summary}</figcaption>
      ${
        chart &&
        html`<div class="chart-image chart-image--wide">${chart.wide}</div>
          <div class="chart-image chart-image--narrow">${chart.narrow}</div>`
      }
      ${table.blocks[0]?.rows.length ? reportTableHtml(table) : html`<p>暂无数据。</p>`}
      <p class="chart-download">${printLink(baseUrl, csvUrl, html`下载本图数据（CSV）`)}</p>
    </figure>
  </section>`;
}

export interface StatsPageInput extends PageContext {
  stats: PublicStats;
  charts: StatsCharts;
  query: StatsQuery;
  /** The form's choices (/stats only): every body, every region. */
  bodies?: readonly BodyChoice[];
  regions?: readonly string[];
  /** The one body of /bodies/:id/stats. */
  body?: { id: string; name: string };
}

function statsForm(input: StatsPageInput, action: string): SafeHtml {
  const { query } = input;
  const months = html`<div>
      <label for="stats-from">起始月份</label>
      <input
        id="stats-from"
        name="from"
        type="month"
        min="2000-01"
        max="2100-12"
        value="${query.from ?? input.stats.period.from}"
      />
    </div>
    <div>
      <label for="stats-to">截止月份</label>
      <input
        id="stats-to"
        name="to"
        type="month"
        min="2000-01"
        max="2100-12"
        value="${query.to ?? input.stats.period.to}"
      />
    </div>`;
  const scope = input.body
    ? ""
    : html`<div>
          <label for="stats-body">执法主体</label>
          ${bodySelect("stats-body", input.bodies ?? [], query.bodyId)}
        </div>
        <div>
          <label for="stats-region">所在区域</label>
          <select id="stats-region" name="region">
            ${option("", "全部区域", !query.region)}
            ${query.region && !(input.regions ?? []).includes(query.region) && option(query.region, query.region, true)}
            ${(input.regions ?? []).map((r) => option(r, r, query.region === r))}
          </select>
        </div>`;
  return html`<form class="search-form" method="get" action="${action}" aria-label="选择统计范围和期间">
    <div class="form-grid">${scope} ${months}</div>
    <p class="hint">月份格式如 2026-01；统计期间最长 60 个月，默认为截至本月的 12 个月。</p>
    <div class="form-actions"><button type="submit">统计</button><a href="${action}">恢复默认</a></div>
  </form>`;
}

export function statsPage(input: StatsPageInput): string {
  const { stats: s, charts, body, baseUrl } = input;
  const action = body ? bodyStatsPath(body.id) : STATS_PATH;
  const asked = {
    bodyId: s.scope.bodyId ?? undefined,
    region: s.scope.kind === "region" ? (s.scope.region ?? undefined) : undefined,
    from: s.period.from,
    to: s.period.to,
  };
  const csv = (chart: StatsChart) => href(STATS_CSV_PATH, { ...asked, chart });
  const tables = statsTables(s);
  const summaries = chartSummaries(s);
  const t = s.timeliness;
  const title = body ? `${body.name}统计数据` : "统计数据";
  const headline = html`<dl class="stats">
    <div>
      <dt>执法决定</dt>
      <dd>${count(s.decisions.total)}</dd>
    </div>
    <div>
      <dt>行政处罚</dt>
      <dd>${count(s.penalties.total)}</dd>
    </div>
    <div>
      <dt>罚款金额</dt>
      <dd>${yuan(s.fines.totalYuan)}</dd>
    </div>
    <div>
      <dt>按期公示率</dt>
      <dd>${t.share === null ? "—" : percent(t.share)}</dd>
    </div>
  </dl>`;
  const content = html`<h1>${title}</h1>
    ${body && html`<p><a href="${pathOf("bodies", body.id)}">返回${body.name}</a></p>`}
    <p>
      本页统计由平台根据执法决定、群众意见和政府信息公开申请的记录自动生成：执法决定按决定日期所在月份统计，罚款按决定书确定的金额计，公示期限按法定的工作日计算。
    </p>
    ${statsForm(input, action)}
    <p class="stats-scope"><strong>统计范围：</strong>${scopeText(s)}；<strong>统计期间：</strong>${periodText(s)}</p>
    ${headline}
    <p><a href="${href(STATS_API_PATH, asked)}">本页数据（JSON）</a></p>
    ${(Object.keys(tables) as StatsChart[]).map((id) =>
      figure(id, tables[id], summaries[id], charts[id], csv(id), baseUrl),
    )}`;
  return layout({
    title,
    body: content,
    baseUrl,
    path: href(action, input.body ? { from: asked.from, to: asked.to } : asked),
  });
}
