/**
 * Annual reports on the console (年度报告): the body's reports and last year's due dates (warned
 * from 15 January), each report's page — counted from live data and counted again on request until
 * published, the sections 一/五/六 and the corrections of single cells (政府信息公开), what would stop
 * publication, and publishing (checked first: 409 REPORT_ARITHMETIC naming the cell, shown above
 * the form). Every step calls the reports service as the signed-in user, with Post/Redirect/Get.
 */
import type { Handler } from "../../services/gateway/web.js";
import { statusOf } from "../../services/gateway/web.js";
import { WRITERS } from "../../lib/auth.js";
import { formInput } from "../../lib/contract.js";
import { reports, type ReportKind, type ReportView } from "../../services/reports/contract.js";
import { chinaToday } from "../../shared/dates.js";
import { pastReportYear, type CellOverride, type ReportDeadline } from "../../shared/reports.js";
import { href, html, type HtmlValue } from "../html/html.js";
import { reportSectionsHtml } from "../html/report-table.js";
import { consoleRoute, type ConsoleContext, type ConsoleDeps } from "./context.js";
import { day, fieldErrorsOf, field, select, table, textarea, type FieldErrors } from "./layout.js";
import {
  errorsFor,
  flashOf as documentFlash,
  notFound,
  stepForm,
  type FormState,
  valuesFor,
} from "./documents/shared.js";

const KIND_LABELS: Record<ReportKind, string> = {
  "gov-info": "政府信息公开工作年度报告",
  enforcement: "行政执法年度数据",
};

const STATUS_LABELS: Record<ReportDeadline["status"], string> = {
  year_not_over: "年度未结束",
  open: "待发布",
  due_soon: "临近截止（1月31日）",
  overdue: "已逾期未发布",
  published: "已按期发布",
  published_late: "已发布（逾期）",
};

const LABELS: Record<string, string> = {
  overview: "一、总体情况",
  problems: "五、存在的主要问题及改进情况",
  other: "六、其他需要报告的事项",
  table: "表",
  row: "行",
  column: "列",
  value: "数值",
};

const FLASH: Record<string, string> = {
  count: "已按最新数据重新统计。",
  narrative: "报告正文已保存。",
  override: "更正已保存。",
  publish: "报告已发布：门户网站、CSV 和电子签章 PDF 同步公开。",
};

function flashOf(c: ConsoleContext) {
  const ok = c.params.ok;
  return ok && Object.hasOwn(FLASH, ok) ? { kind: "ok" as const, text: FLASH[ok] as string } : documentFlash(c);
}

function keyOf(c: ConsoleContext): { kind: ReportKind; year: number; bodyId?: string } {
  const kind = c.params.kind;
  const year = Number(c.params.year);
  if ((kind !== "gov-info" && kind !== "enforcement") || !Number.isInteger(year)) throw notFound();
  const bodyId = c.user.role === "admin" ? (c.params.bodyId ?? c.form.get("bodyId") ?? undefined) : undefined;
  return { kind, year, ...(bodyId ? { bodyId } : {}) };
}

const pagePath = (k: ReturnType<typeof keyOf>) =>
  href(`/console/reports/${k.kind}/${k.year}`, k.bodyId ? { bodyId: k.bodyId } : {});

function deadlineText(d: ReportDeadline): HtmlValue {
  const label = STATUS_LABELS[d.status];
  return d.warn ? html`<span class="overdue">${label}（应于 ${day(d.dueOn)} 前发布）</span>` : label;
}

/** The dashboard's warning: last year's reports unpublished from 15 January. */
export async function reportWarnings(c: ConsoleContext): Promise<HtmlValue> {
  if (!(WRITERS as readonly string[]).includes(c.user.role) || !c.user.bodyId) return "";
  const list = await c.call(reports.list, {}).catch(() => undefined);
  const due = (list?.due ?? []).filter((d) => d.deadline.warn);
  if (!due.length) return "";
  return html`<div class="flash error" role="alert">
    ${due.map(
      (d) =>
        html`<p>
          <a href="/console/reports/${d.kind}/${d.year}">${d.year}年${KIND_LABELS[d.kind]}</a>尚未发布：
          ${d.deadline.overdue ? `已逾期 ${d.deadline.daysLate} 日` : `须于 ${day(d.deadline.dueOn)} 前发布`}。
        </p>`,
    )}
  </div>`;
}

async function listPage(c: ConsoleContext): Promise<void> {
  const list = await c.call(reports.list, {});
  const past = pastReportYear(chinaToday());
  c.render(200, {
    title: "年度报告",
    active: "reports",
    flash: flashOf(c),
    body: html`<h1>年度报告</h1>
      <p class="lead">
        每年1月31日前发布上一年度的政府信息公开工作年度报告和行政执法年度数据；数字由平台记录统计生成。
      </p>
      ${table(
        ["报告", "年度", "状态", "期限"],
        list.due.map((d) => [
          html`<a href="/console/reports/${d.kind}/${d.year}">${KIND_LABELS[d.kind]}</a>`,
          `${d.year}年`,
          d.deadline.status === "published" || d.deadline.status === "published_late" ? "已发布" : "未发布",
          deadlineText(d.deadline),
        ]),
        `${past}年度报告`,
      )}
      <h2>全部报告</h2>
      ${table(
        ["报告", "年度", "状态", "发布日期"],
        list.items.map((r) => [
          html`<a
            href="${href(`/console/reports/${r.kind}/${r.year}`, c.user.role === "admin" ? { bodyId: r.bodyId } : {})}"
            >${r.title}</a
          >`,
          `${r.year}年`,
          r.status === "published" ? "已发布" : "草稿",
          day(r.publishedOn),
        ]),
      )}`,
  });
}

async function reportPage(c: ConsoleContext, status: number, state?: FormState): Promise<void> {
  const k = keyOf(c);
  let r: ReportView;
  try {
    r = await c.call(reports.get, formInput(k));
  } catch (err) {
    if (statusOf(err) !== 404) throw err;
    r = await c.call(reports.count, formInput(k));
  }
  const action = (step: string) =>
    href(`/console/reports/${k.kind}/${k.year}/${step}`, k.bodyId ? { bodyId: k.bodyId } : {});
  const draft = r.status === "draft";
  const v = (form: string) => valuesFor(state, form);
  const errs = (form: string): FieldErrors => errorsFor(state, form);
  const narrative = (name: "overview" | "problems" | "other") =>
    textarea({
      name,
      label: LABELS[name] as string,
      value: v("narrative")(name) ?? r.narrative[name],
      errors: errs("narrative"),
      rows: 6,
      maxlength: 20000,
    });
  const forms = draft
    ? html`${stepForm(c, action("count"), "重新统计", errs("count"), LABELS, html`<p>按平台当前记录重新生成表格数字（已保存的正文和更正保留）。</p>`, "重新统计")}
      ${
        r.kind === "gov-info" &&
        html`${stepForm(c, action("narrative"), "报告正文", errs("narrative"), LABELS, html`${narrative("overview")} ${narrative("problems")} ${narrative("other")}`, "保存正文")}
        ${stepForm(
          c,
          action("override"),
          "更正单元格（如行政事业性收费：表 active、行 fees、列 amountWan，单位万元）",
          errs("override"),
          LABELS,
          html`${select({
            name: "table",
            label: "表",
            value: v("override")("table"),
            options: [
              ["active", "二、主动公开"],
              ["requests", "三、依申请公开"],
              ["remedies", "四、复议诉讼"],
            ],
            errors: errs("override"),
          })}
          ${field({ name: "row", label: "行", value: v("override")("row"), errors: errs("override"), maxlength: 20 })}
          ${field({ name: "column", label: "列", value: v("override")("column"), errors: errs("override"), maxlength: 40 })}
          ${field({ name: "value", label: "数值（留空则撤销这一格的更正）", value: v("override")("value"), errors: errs("override"), maxlength: 20 })}`,
          "保存更正",
        )}`
      }
      ${stepForm(c, action("publish"), "发布", errs("publish"), LABELS, html`<p>发布前核对表格勾稽关系；发布后报告冻结，不能再修改。</p>`, "发布报告")}`
    : html`<p>
        已于 ${day(r.publishedOn)} 发布。验证码 <span class="mono">${r.verifyCode}</span>。
        <a href="${r.htmlUrl}">门户网站</a> ·
        <a href="${r.csvUrl}">CSV</a>${r.pdfUrl && html` · <a href="${r.pdfUrl}">PDF</a>`}
      </p>`;
  c.render(status, {
    title: r.title,
    active: "reports",
    flash: flashOf(c),
    body: html`<h1>${r.title}</h1>
      <p class="lead">${draft ? "草稿" : "已发布"} · ${deadlineText(r.deadline)} · 统计于 ${day(r.countedAt)}</p>
      ${
        r.problems.length > 0 &&
        html`<div class="flash error" role="alert">
          <p>表格有 ${r.problems.length} 处不符合勾稽关系，发布前请核对：</p>
          <ul>
            ${r.problems.slice(0, 20).map((p) => html`<li>${p.tableTitle}：“${p.rowLabel}”行“${p.columnLabel}”列应为 ${String(p.expected)}，实为 ${String(p.actual)}（${p.explanation}）</li>`)}
          </ul>
        </div>`
      }
      ${
        r.overrides.length > 0 &&
        table(
          ["表", "行", "列", "统计值", "更正为"],
          r.overrides.map((o) => [o.tableTitle, o.rowLabel, o.columnLabel, String(o.computed), String(o.value)]),
          "人工更正",
        )
      }
      ${forms} ${reportSectionsHtml(r.sections)}`,
  });
}

/** Runs a step; a refusal shows the page again with its errors beside the step's form. */
function step(deps: ConsoleDeps, form: string, run: (c: ConsoleContext) => Promise<unknown>): Handler {
  return consoleRoute(
    deps,
    async (c) => {
      try {
        await run(c);
      } catch (err) {
        const errors = fieldErrorsOf(err, (f) =>
          f.startsWith("narrative.") ? f.slice(10) : f.startsWith("overrides") ? "value" : undefined,
        );
        if (!errors) throw err;
        return reportPage(c, statusOf(err) === 409 ? 409 : 422, { form, errors, values: c.form });
      }
      const k = keyOf(c);
      c.redirect(`${pagePath(k)}${k.bodyId ? "&" : "?"}ok=${form}`);
    },
    WRITERS,
  );
}

/** The corrections with one cell set (or, with no value, taken back). */
async function withOverride(c: ConsoleContext): Promise<CellOverride[]> {
  const k = keyOf(c);
  const current = await c.call(reports.get, formInput(k));
  const cell = {
    table: c.form.get("table") ?? "",
    row: c.form.get("row")?.trim() ?? "",
    column: c.form.get("column")?.trim() ?? "",
  };
  const rest = current.overrides
    .filter((o) => !(o.table === cell.table && o.row === cell.row && o.column === cell.column))
    .map((o) => ({ table: o.table, row: o.row, column: o.column, value: o.value }));
  const typed = c.form.get("value")?.trim() ?? "";
  if (typed === "") return rest;
  return [...rest, { ...cell, value: (/^\d+(\.\d+)?$/.test(typed) ? Number(typed) : typed) as number } as CellOverride];
}

export function reportRoutes(deps: ConsoleDeps): Record<string, Handler> {
  return {
    "GET /console/reports": consoleRoute(deps, listPage, WRITERS),
    "GET /console/reports/:kind/:year": consoleRoute(deps, (c) => reportPage(c, 200), WRITERS),
    "POST /console/reports/:kind/:year/count": step(deps, "count", (c) => c.call(reports.count, formInput(keyOf(c)))),
    "POST /console/reports/:kind/:year/narrative": step(deps, "narrative", (c) =>
      c.call(
        reports.edit,
        formInput({
          ...keyOf(c),
          narrative: {
            overview: c.form.get("overview") ?? "",
            problems: c.form.get("problems") ?? "",
            other: c.form.get("other") ?? "",
          },
        }),
      ),
    ),
    "POST /console/reports/:kind/:year/override": step(deps, "override", async (c) =>
      c.call(reports.edit, formInput({ ...keyOf(c), overrides: await withOverride(c) })),
    ),
    "POST /console/reports/:kind/:year/publish": step(deps, "publish", (c) =>
      c.call(reports.publish, formInput(keyOf(c))),
    ),
  };
}
