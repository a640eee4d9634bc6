/** 节假日安排: an administrator loads a year's public holidays and make-up working days. */
import { ADMIN_ONLY } from "../../../lib/auth.js";
import { href, html } from "../../html/html.js";
import type { Handler } from "../../../services/gateway/web.js";
import { formInput } from "../../../lib/contract.js";
import { type ConsoleContext, type ConsoleDeps, consoleRoute, value } from "../context.js";
import { csrfField, day, errorSummary, field, type FieldErrors, table, textarea, when } from "../layout.js";
import { crumbs, errorsOf, failStatus, formValues, render } from "./shared.js";
import { results } from "../../../services/results/contract.js";

const DATE_TOKEN = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/;
const DAY_MS = 86_400_000;

function isoOf(token: string): string | undefined {
  const m = DATE_TOKEN.exec(token.trim());
  if (!m) return undefined;
  const iso = `${m[1]}-${(m[2] as string).padStart(2, "0")}-${(m[3] as string).padStart(2, "0")}`;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== iso ? undefined : iso;
}

/**
 * Dates typed one a line (or separated by commas, 、, spaces), in 2027-10-01, 2027/10/1 or
 * 2027年10月1日 form, with ranges "2027-10-01~2027-10-07" (or 至). Unreadable entries are reported.
 */
function parseDates(text: string | null): { dates: string[]; bad: string[] } {
  const dates: string[] = [];
  const bad: string[] = [];
  const tokens = (text ?? "")
    .replace(/\s*(~|～|至|\.\.)\s*/g, "~")
    .replace(/\s*([年月])\s*/g, "$1")
    .split(/[\s,，、;；]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  for (const token of tokens) {
    const [from = "", to, extra] = token.split("~");
    const start = isoOf(from);
    if (to === undefined) {
      if (start) dates.push(start);
      else bad.push(token);
      continue;
    }
    const end = isoOf(to);
    if (!start || !end || extra !== undefined || end < start || Date.parse(end) - Date.parse(start) > 366 * DAY_MS) {
      bad.push(token);
      continue;
    }
    for (let t = Date.parse(start); t <= Date.parse(end); t += DAY_MS)
      dates.push(new Date(t).toISOString().slice(0, 10));
  }
  return { dates, bad };
}

async function calendarPage(c: ConsoleContext, status: number, errors: FieldErrors = {}) {
  const cal = await c.call(results.getCalendar, {});
  const wanted = Number(c.params.year);
  const editing = cal.loaded.find((y) => y.year === wanted);
  const v = formValues(
    c,
    editing
      ? { year: editing.year, holidays: editing.holidays.join("\n"), workdays: editing.workdays.join("\n") }
      : { year: Number.isInteger(wanted) && wanted > 0 ? wanted : undefined },
  );
  const covered = cal.coveredYears;
  render(
    c,
    status,
    "节假日安排",
    html`${crumbs("节假日安排")}
      <h1>节假日安排</h1>
      <p class="lead">
        法定公示期限等按工作日计算：周一至周五，扣除法定节假日，加上调休上班的周末。 内置日历（国务院办公厅每年 11
        月前后公布次年安排）已覆盖：${
          covered.length ? `${covered[0]}—${covered[covered.length - 1]} 年（共 ${covered.length} 年）` : "无"
        }。未覆盖的年份按周一至周五暂算，期限标为“暂定”。
      </p>
      <h2>管理员载入的年份</h2>
      ${table(
        ["年份", "放假日期", "调休上班日", "载入时间", "操作"],
        cal.loaded.map((y) => [
          `${y.year} 年`,
          `${y.holidays.length} 天`,
          y.workdays.length ? y.workdays.map(day).join("、") : "无",
          when(y.loadedAt),
          html`<a href="${href("/console/admin/calendar", { year: y.year })}#load">修改</a>`,
        ]),
      )}
      <h2 id="load">载入一年的安排</h2>
      <p>载入后，该年份以载入的安排为准（覆盖内置日历），所有未公示决定的期限将重新计算。</p>
      ${errorSummary(errors)}
      <form method="post" action="/console/admin/calendar" novalidate>
        ${csrfField(c.csrf)}
        ${field({ name: "year", label: "年份", type: "number", value: v.get("year"), errors, required: true, step: "1" })}
        ${textarea({
          name: "holidays",
          label: "放假日期",
          hint: "每行一个日期或一个区间，如 2027-10-01~2027-10-07（也可写 2027年10月1日 至 2027年10月7日）；含放假期间的周末。",
          value: v.get("holidays"),
          errors,
          rows: 8,
        })}
        ${textarea({
          name: "workdays",
          label: "调休上班日",
          hint: "需上班的周六、周日，每行一个日期；没有则留空。",
          value: v.get("workdays"),
          errors,
          rows: 3,
        })}
        <details>
          <summary>或粘贴 JSON（与接口 PUT /api/calendar/:year 相同的格式）</summary>
          ${textarea({
            name: "json",
            label: "JSON",
            hint: '如 {"year": 2027, "holidays": ["2027-01-01"], "workdays": ["2027-02-07"]}；填写后以此为准。',
            value: v.get("json"),
            errors,
            rows: 5,
          })}
        </details>
        <button type="submit" class="primary">载入</button>
      </form>`,
  );
}

function calendarParams(f: URLSearchParams): { params?: Record<string, unknown>; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const json = value(f, "json");
  if (json) {
    try {
      const parsed = JSON.parse(json) as Record<string, unknown>;
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not an object");
      return {
        params: {
          year: parsed.year ?? f.get("year")?.trim(),
          holidays: parsed.holidays ?? [],
          workdays: parsed.workdays ?? [],
        },
        errors,
      };
    } catch {
      return { errors: { json: "不是有效的 JSON 对象。" } };
    }
  }
  const holidays = parseDates(f.get("holidays"));
  const workdays = parseDates(f.get("workdays"));
  if (holidays.bad.length) errors.holidays = `无法识别的日期：${holidays.bad.join("、")}（格式如 2027-10-01）。`;
  if (workdays.bad.length) errors.workdays = `无法识别的日期：${workdays.bad.join("、")}（格式如 2027-10-01）。`;
  if (!f.get("year")?.trim()) errors.year = "请填写年份。";
  if (Object.keys(errors).length) return { errors };
  return {
    params: { year: f.get("year")?.trim(), holidays: holidays.dates, workdays: workdays.dates },
    errors,
  };
}

export function calendarRoutes(deps: ConsoleDeps): Record<string, Handler> {
  return {
    "GET /console/admin/calendar": consoleRoute(deps, (c) => calendarPage(c, 200), ADMIN_ONLY),

    "POST /console/admin/calendar": consoleRoute(
      deps,
      async (c) => {
        const { params, errors } = calendarParams(c.form);
        if (!params) return calendarPage(c, 422, errors);
        try {
          const loaded = await c.call(results.loadCalendarYear, formInput(params));
          c.redirect(href("/console/admin/calendar", { year: loaded.year, ok: "loaded" }));
        } catch (err) {
          const failed = errorsOf(err, (f) => (value(c.form, "json") && f !== "_form" ? "json" : undefined));
          if (!failed) throw err;
          await calendarPage(c, failStatus(err), failed);
        }
      },
      ADMIN_ONLY,
    ),
  };
}
