/** 规则表: publication deadlines, publicity periods, the major-decision thresholds and reply deadlines. */
import { ADMIN_ONLY } from "../../../lib/auth.js";
import { POWER_CATEGORIES } from "../../../shared/domain.js";
import { html } from "../../html/html.js";
import type { Handler } from "../../../services/gateway/web.js";
import { formInput } from "../../../lib/contract.js";
import { type ConsoleContext, type ConsoleDeps, consoleRoute } from "../context.js";
import { checkboxes, csrfField, errorSummary, field, type FieldErrors, table } from "../layout.js";
import { crumbs, errorsOf, failStatus, formValues, render } from "./shared.js";
import { results, type RuleTable } from "../../../services/results/contract.js";

const RULE_FIELDS: readonly [name: string, label: string, unit: string][] = [
  ["withdrawalDeadlineDays", "撤销决定后撤下公示的期限", "个工作日"],
  ["publicity.minorPenaltyMonths", "公示期：通报批评或较小数额罚款", "个月"],
  ["publicity.minorFineBelowYuan", "“较小数额罚款”的标准（低于）", "元"],
  ["publicity.penaltyMonths", "公示期：其他行政处罚", "个月"],
  ["publicity.otherMonths", "公示期：其他执法决定", "个月"],
  ["majorFineYuan.natural", "重大执法决定（须法制审核）罚款标准：自然人", "元"],
  ["majorFineYuan.individual", "重大执法决定罚款标准：个体工商户", "元"],
  ["majorFineYuan.legal", "重大执法决定罚款标准：法人或其他组织", "元"],
  ["feedbackReplyDays", "公众反馈答复期限", "个工作日"],
];

function pathValue(obj: unknown, path: string): unknown {
  return path.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], obj);
}

function ruleValues(r: RuleTable): Record<string, string | number | undefined> {
  const out: Record<string, string | number | undefined> = { "pdd.default": r.publicationDeadlineDays.default };
  POWER_CATEGORIES.forEach((cat, i) => (out[`pdd.${i}`] = r.publicationDeadlineDays[cat]));
  for (const [name] of RULE_FIELDS) out[name] = pathValue(r, name) as number;
  out.publishWarningOnly = r.publishWarningOnly ? "true" : undefined;
  return out;
}

/** A number as typed: a real number, or the text itself so the service reports it beside the field. */
function numberOf(f: URLSearchParams, name: string): number | string | undefined {
  const raw = f.get(name)?.trim().replace(/,/g, "");
  if (!raw) return undefined;
  return /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
}

function ruleParams(f: URLSearchParams) {
  const pdd: Record<string, unknown> = { default: numberOf(f, "pdd.default") };
  POWER_CATEGORIES.forEach((cat, i) => {
    const n = numberOf(f, `pdd.${i}`);
    if (n !== undefined) pdd[cat] = n;
  });
  const n = (name: string) => numberOf(f, name);
  return {
    publicationDeadlineDays: pdd,
    withdrawalDeadlineDays: n("withdrawalDeadlineDays"),
    publishWarningOnly: f.getAll("publishWarningOnly").includes("true"),
    publicity: {
      minorPenaltyMonths: n("publicity.minorPenaltyMonths"),
      minorFineBelowYuan: n("publicity.minorFineBelowYuan"),
      penaltyMonths: n("publicity.penaltyMonths"),
      otherMonths: n("publicity.otherMonths"),
    },
    majorFineYuan: {
      natural: n("majorFineYuan.natural"),
      individual: n("majorFineYuan.individual"),
      legal: n("majorFineYuan.legal"),
    },
    feedbackReplyDays: n("feedbackReplyDays"),
  };
}

function ruleRename(apiField: string): string | undefined {
  if (apiField === "publicationDeadlineDays.default") return "pdd.default";
  const m = /^publicationDeadlineDays\.(.+)$/.exec(apiField);
  if (m) {
    const i = POWER_CATEGORIES.findIndex((c) => c === m[1]);
    return i >= 0 ? `pdd.${i}` : "pdd.default";
  }
  return undefined;
}

async function rulesPage(c: ConsoleContext, status: number, errors: FieldErrors = {}) {
  const rules = await c.call(results.getRules, {});
  const v = formValues(c, ruleValues(rules));
  const deadlines = POWER_CATEGORIES.filter((cat) => rules.publicationDeadlineDays[cat] !== undefined);
  render(
    c,
    status,
    "规则表",
    html`${crumbs("规则表")}
      <h1>规则表</h1>
      <p class="lead">各地规定不同的期限和标准集中在此，由系统管理员维护；修改后所有未公示决定的期限将重新计算。</p>
      <h2>现行规则</h2>
      ${table(
        ["项目", "现行值"],
        [
          ["作出决定后公示的期限（未单列的类别）", `${rules.publicationDeadlineDays.default ?? ""} 个工作日`],
          ...deadlines.map((cat) => [`作出决定后公示的期限：${cat}`, `${rules.publicationDeadlineDays[cat]} 个工作日`]),
          ...RULE_FIELDS.map(([name, label, unit]) => [label, `${String(pathValue(rules, name) ?? "")} ${unit}`]),
          ["仅受警告的行政处罚是否公示", rules.publishWarningOnly ? "公示" : "不公示"],
        ],
      )}
      <h2 id="edit">修改规则表</h2>
      ${errorSummary(errors)}
      <form method="post" action="/console/admin/rules" novalidate>
        ${csrfField(c.csrf)}
        <fieldset class="group">
          <legend>作出决定后公示的期限（工作日，决定当日不计入）</legend>
          ${field({ name: "pdd.default", label: "未单列的类别", type: "number", value: v.get("pdd.default"), errors, required: true, step: "1" })}
          ${POWER_CATEGORIES.map((cat, i) =>
            field({
              name: `pdd.${i}`,
              label: cat,
              hint: i === 0 ? "留空则按“未单列的类别”计算。" : undefined,
              type: "number",
              value: v.get(`pdd.${i}`),
              errors,
              step: "1",
            }),
          )}
        </fieldset>
        <fieldset class="group">
          <legend>其他期限与标准</legend>
          ${RULE_FIELDS.map(([name, label, unit]) =>
            field({
              name,
              label: `${label}（${unit}）`,
              type: "number",
              value: v.get(name),
              errors,
              required: true,
              step: unit === "元" ? "0.01" : "1",
            }),
          )}
          ${checkboxes({
            name: "publishWarningOnly",
            legend: "仅受警告的行政处罚",
            options: [["true", "公示仅受警告的行政处罚决定"]],
            checked: v.getAll("publishWarningOnly"),
            errors,
          })}
        </fieldset>
        <button type="submit" class="primary">保存规则表</button>
      </form>`,
  );
}

export function ruleRoutes(deps: ConsoleDeps): Record<string, Handler> {
  return {
    "GET /console/admin/rules": consoleRoute(deps, (c) => rulesPage(c, 200), ADMIN_ONLY),

    "POST /console/admin/rules": consoleRoute(
      deps,
      async (c) => {
        try {
          await c.call(results.putRules, formInput(ruleParams(c.form)));
          c.redirect("/console/admin/rules?ok=saved");
        } catch (err) {
          const errors = errorsOf(err, ruleRename);
          if (!errors) throw err;
          await rulesPage(c, failStatus(err), errors);
        }
      },
      ADMIN_ONLY,
    ),
  };
}
