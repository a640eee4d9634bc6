/**
 * Charts of the portal, drawn on the server as SVG by ECharts (server-side rendering: no script
 * in the page, none in the SVG). One function per kind of chart — columns by month (stacked or
 * single), horizontal bars by category, lines by month — each taking numbers and labels only.
 *
 * ECharts is loaded on the first chart (dynamic import): the gateway's start does not pay for it.
 * Its SVG then passes the same allow-list as an uploaded SVG 图解 (shared/svg-clean.ts): parsed
 * strictly and written anew, so a label (a power's name) can be text only — ECharts escapes text,
 * and the writer escapes it again on the way out. The portal's Content Security Policy allows no
 * inline style, so ECharts' `style` attributes become SVG presentation attributes and its hover
 * stylesheet is dropped. The SVG has no width or height: it scales to its container by its viewBox.
 */
import { cleanSvg } from "../../shared/svg-clean.js";
import { PALETTE } from "../html/palette.js";
import { raw, type SafeHtml } from "../html/html.js";

/** The portal's CJK fonts (style.ts), unquoted: ECharts writes the list into an attribute as it is. */
export const CHART_FONT = "PingFang SC, Microsoft YaHei, Noto Sans SC, Source Han Sans SC, sans-serif";

/** Series colours: distinct in hue and lightness, each at least 3:1 against white (WCAG 1.4.11). */
export const CHART_COLOURS = [
  PALETTE.accent,
  PALETTE.link,
  PALETTE.publishedText,
  "#a35c00",
  PALETTE.linkVisited,
  "#2f6f73",
  "#6b6b6b",
  "#8a4b2a",
  "#3a5fa8",
  "#7a7a1f",
  "#a0306a",
] as const;

export interface ChartSize {
  width: number;
  height: number;
}

/** The two sizes a chart is drawn in: the page shows one by the screen's width, paper the wide one. */
export const WIDE: ChartSize = { width: 720, height: 360 };
export const NARROW: ChartSize = { width: 360, height: 320 };

type Core = typeof import("echarts/core");
let engine: Promise<Core> | undefined;

/** ECharts with what the charts use, loaded once on first use. */
function echarts(): Promise<Core> {
  engine ??= (async () => {
    const [core, charts, components, renderers] = await Promise.all([
      import("echarts/core"),
      import("echarts/charts"),
      import("echarts/components"),
      import("echarts/renderers"),
    ]);
    core.use([
      charts.BarChart,
      charts.LineChart,
      components.GridComponent,
      components.LegendComponent,
      renderers.SVGRenderer,
    ]);
    return core;
  })();
  return engine;
}

/** Presentation attributes an ECharts `style` may carry; anything else in it is dropped. */
const TEXT_STYLE = new Set(["font-size", "font-family", "font-weight", "font-style"]);

/** ECharts' SVG as the allow-list writes it, scaled by its viewBox, named for screen readers. */
export function accessibleSvg(svg: string, size: ChartSize, label: string): SafeHtml {
  const presentational = svg
    .replace(/<style[\s\S]*?<\/style>/g, "")
    .replace(/ class="zr\d+-cls-\d+"/g, "")
    .replace(/ style="([^"]*)"/g, (_, css: string) =>
      css
        .split(";")
        .map((d) => d.split(":").map((s) => s.trim()))
        .filter(([prop, value]) => prop && value && TEXT_STYLE.has(prop))
        .map(([prop, value]) => ` ${prop}="${value}"`)
        .join(""),
    )
    .replace(/<svg\b[^>]*>/, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size.width} ${size.height}">`);
  const cleaned = cleanSvg(new TextEncoder().encode(presentational), "chart.svg");
  if (!cleaned.ok) throw new Error(`a chart's SVG did not pass the allow-list: ${cleaned.type} ${cleaned.message}`);
  const text = new TextDecoder().decode(cleaned.bytes).replace(/^<\?xml[^>]*\?>\s*/, "");
  const escaped = label.replace(
    /[&<>"]/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] as string,
  );
  // The root is ours: role and name for assistive technology, not focusable, its size from CSS.
  return raw(text.replace(/^<svg\b/, `<svg role="img" aria-label="${escaped}" focusable="false"`));
}

async function render(option: Record<string, unknown>, size: ChartSize, label: string): Promise<SafeHtml> {
  const core = await echarts();
  const chart = core.init(null, null, { renderer: "svg", ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption({
      animation: false,
      color: [...CHART_COLOURS],
      textStyle: { fontFamily: CHART_FONT, fontSize: size.width < 500 ? 11 : 12, color: PALETTE.text },
      ...option,
    });
    return accessibleSvg(chart.renderToSVGString(), size, label);
  } finally {
    chart.dispose();
  }
}

export interface Series {
  name: string;
  values: readonly number[];
}

const legend = (series: readonly Series[]) =>
  series.length > 1 ? { bottom: 0, selectedMode: false, itemGap: 12, textStyle: { color: PALETTE.text } } : undefined;

const grid = (series: readonly Series[], size: ChartSize, left = 8) => ({
  left,
  right: 16,
  top: 24,
  bottom: series.length > 1 ? (size.width < 500 ? 64 : 40) : 8,
});

const valueAxis = (format?: string) => ({
  type: "value",
  minInterval: format ? undefined : 1,
  axisLabel: { color: PALETTE.text, ...(format ? { formatter: format } : {}) },
  splitLine: { lineStyle: { color: PALETTE.border } },
});

const categoryAxis = (categories: readonly string[], size: ChartSize) => ({
  type: "category",
  data: [...categories],
  axisLabel: {
    color: PALETTE.text,
    // On a phone, months slant so every one is labelled.
    rotate: size.width < 500 && categories.length > 6 ? 45 : 0,
    interval: 0,
  },
  axisLine: { lineStyle: { color: PALETTE.controlBorder } },
});

/** Columns by category (months), stacked when there are several series. */
export function columnChart(
  input: { categories: readonly string[]; series: readonly Series[]; stacked?: boolean; format?: string },
  size: ChartSize,
  label: string,
): Promise<SafeHtml> {
  return render(
    {
      legend: legend(input.series),
      grid: grid(input.series, size),
      xAxis: categoryAxis(input.categories, size),
      yAxis: valueAxis(input.format),
      series: input.series.map((s) => ({
        name: s.name,
        type: "bar",
        data: [...s.values],
        silent: true,
        emphasis: { disabled: true },
        ...(input.stacked ? { stack: "total" } : {}),
        barMaxWidth: 40,
      })),
    },
    size,
    label,
  );
}

/** Horizontal bars, one per category (penalty categories, powers), the first at the top. */
export function barChart(
  input: { categories: readonly string[]; values: readonly number[] },
  size: ChartSize,
  label: string,
): Promise<SafeHtml> {
  const labelWidth = size.width < 500 ? 110 : 220;
  return render(
    {
      grid: { left: 8, right: 40, top: 8, bottom: 8 },
      xAxis: valueAxis(),
      yAxis: {
        type: "category",
        inverse: true,
        data: [...input.categories],
        axisLabel: { color: PALETTE.text, width: labelWidth, overflow: "truncate", interval: 0 },
        axisLine: { lineStyle: { color: PALETTE.controlBorder } },
      },
      series: [
        {
          type: "bar",
          data: [...input.values],
          silent: true,
          emphasis: { disabled: true },
          barMaxWidth: 24,
          label: { show: true, position: "right", color: PALETTE.text },
        },
      ],
    },
    size,
    label,
  );
}

/** Lines by category (months); a gap where a value is null (nothing to measure that month). */
export function lineChart(
  input: {
    categories: readonly string[];
    series: readonly { name: string; values: readonly (number | null)[] }[];
    format?: string;
  },
  size: ChartSize,
  label: string,
): Promise<SafeHtml> {
  const series = input.series.map((s) => ({ name: s.name, values: s.values.map((v) => v ?? 0) }));
  return render(
    {
      legend: legend(series),
      grid: grid(series, size),
      xAxis: categoryAxis(input.categories, size),
      yAxis: valueAxis(input.format),
      series: input.series.map((s) => ({
        name: s.name,
        type: "line",
        data: s.values.map((v) => (v === null ? "-" : v)),
        connectNulls: false,
        silent: true,
        emphasis: { disabled: true },
        symbolSize: 6,
      })),
    },
    size,
    label,
  );
}
