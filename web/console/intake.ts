/**
 * 办案系统推送: decision drafts a body's case-handling system pushed (PUT /api/intake/decisions/:docNo).
 * The body's staff see them listed with what each still lacks; an officer completes one here — the
 * case it belongs to, the kind, the date, the conclusion, the basis, the penalty — and moves it out
 * of draft, which records the decision with every check of the decision form.
 */
import { STAFF, WRITERS } from "../../lib/auth.js";
import { formInput } from "../../lib/contract.js";
import { POWER_CATEGORIES } from "../../shared/domain.js";
import type { IntakeContent } from "../../shared/intake.js";
import { PENALTY_CATEGORIES } from "../../shared/rules.js";
import { href, html, type HtmlValue } from "../html/html.js";
import type { Handler } from "../../services/gateway/web.js";
import { cases } from "../../services/cases/contract.js";
import { intake, type IntakeDraftView } from "../../services/results/intake-contract.js";
import { type ConsoleContext, type ConsoleDeps, consoleRoute, FLASHES, value } from "./context.js";
import {
  checkboxes,
  csrfField,
  errorSummary,
  field,
  fieldErrorsOf,
  select,
  table,
  textarea,
  when,
  type FieldErrors,
} from "./layout.js";

/** The draft's fields, in Chinese (its missing ones are named with these). */
export const INTAKE_LABELS: Record<string, string> = {
  caseId: "所属案件",
  kind: "决定类别",
  decidedOn: "决定日期",
  conclusion: "决定内容（结论）",
  basis: "依据",
  facts: "违法事实",
  penalty: "处罚",
  "penalty.categories": "处罚种类",
  "penalty.content": "处罚内容",
  "penalty.fineAmount": "罚款金额（元）",
  licence: "许可信息",
};

const STATUS_LABELS: Record<string, string> = { draft: "待补全提交", submitted: "已提交为执法决定" };

function missingText(d: IntakeDraftView): HtmlValue {
  if (d.status !== "draft") return "—";
  if (!d.missing.length) return "已完整，待提交";
  return `还缺：${d.missing.map((f) => INTAKE_LABELS[f] ?? f).join("、")}`;
}

/** The mark every pushed draft carries in lists. */
const PUSHED = html`<span class="badge">办案系统推送</span>`;

async function listPage(c: ConsoleContext) {
  const status = c.params.status === "submitted" ? "submitted" : c.params.status === "all" ? undefined : "draft";
  const list = await c.call(
    intake.listDrafts,
    formInput({ ...(status ? { status } : {}), ...(c.params.cursor ? { cursor: c.params.cursor } : {}), limit: 50 }),
  );
  c.render(200, {
    title: "办案系统推送",
    active: "intake",
    flash: FLASHES[c.params.ok ?? ""],
    body: html`<h1>办案系统推送</h1>
      <p class="lead">
        本机关办案系统推送的执法决定草稿：补全缺少的内容、选择所属案件后提交，即按“录入执法决定”的全部规则记录为执法决定。
      </p>
      <form method="get" action="/console/intake" class="actions">
        ${select({
          name: "status",
          label: "状态",
          options: [
            ["draft", STATUS_LABELS.draft as string],
            ["submitted", STATUS_LABELS.submitted as string],
            ["all", "全部"],
          ],
          value: c.params.status ?? "draft",
        })}
        <button type="submit">筛选</button>
      </form>
      ${table(
        ["决定文书号", "来源", "当事人", "推送时间", "状态"],
        list.items.map((d) => [
          html`<a href="/console/intake/${d.id}">${d.decisionNo}</a>`,
          PUSHED,
          d.content.party?.name ?? "—",
          when(d.updatedAt),
          html`${STATUS_LABELS[d.status]}<br /><span class="hint">${missingText(d)}</span>`,
        ]),
      )}
      ${
        list.nextCursor &&
        html`<p>
          <a href="${href("/console/intake", { status: c.params.status, cursor: list.nextCursor })}">下一页</a>
        </p>`
      }`,
  });
}

/** What the 办案系统 sent about the case: for matching the draft to the platform's case. */
function caseSystemFacts(d: IntakeDraftView): HtmlValue {
  const p = d.content;
  const rows: [string, HtmlValue][] = [
    ["案件名称", p.title ?? "—"],
    ["当事人", p.party?.name ?? "—"],
    ["执法职权编码", p.powerCode ?? "—"],
    ["执法证号", p.officerCertificates?.join("、") ?? "—"],
  ];
  return html`<h2>办案系统提供的案件信息</h2>
    ${table(
      ["项目", "内容"],
      rows.map(([k, v]) => [k, v]),
    )}`;
}

async function draftPage(c: ConsoleContext, status: number, errors: FieldErrors = {}) {
  const d = await c.call(intake.getDraft, { id: c.params.id as string });
  const open = d.status === "draft";
  const writer = c.user.role === "admin" || c.user.role === "officer";
  const candidates = open
    ? [
        ...(await c.call(cases.listCases, formInput({ status: "notified", bodyId: d.bodyId, limit: 100 }))).items,
        ...(await c.call(cases.listCases, formInput({ status: "review", bodyId: d.bodyId, limit: 100 }))).items,
      ]
    : [];
  const v = c.req.method === "POST" ? formContent(c.form) : d.content;
  const penalty = v.penalty ?? {};
  c.render(status, {
    title: `办案系统推送：${d.decisionNo}`,
    active: "intake",
    flash: FLASHES[c.params.ok ?? ""],
    body: html`<p class="hint"><a href="/console/intake">办案系统推送</a> › ${d.decisionNo}</p>
      <h1>${d.decisionNo} ${PUSHED}</h1>
      <p class="lead">
        ${STATUS_LABELS[d.status]}；推送 ${d.pushes} 次，最近一次 ${when(d.updatedAt)}。${missingText(d)}
        ${d.resultId && html`<a href="/console/results/${d.resultId}">查看执法决定</a>`}
      </p>
      ${caseSystemFacts(d)}
      ${
        open &&
        writer &&
        html`<h2>补全并提交</h2>
          ${errorSummary(errors, INTAKE_LABELS)}
          <form method="post" action="/console/intake/${d.id}" novalidate>
            ${csrfField(c.csrf)}
            ${select({
              name: "caseId",
              label: "所属案件",
              hint: "已告知或法制审核中的本机关案件。",
              options: [
                ...candidates.map((k) => [k.id, `${k.title}（${k.partyName}）`] as const),
                // A case the draft names that is not (yet) ready for its decision stays selectable.
                ...(v.caseId && !candidates.some((k) => k.id === v.caseId)
                  ? [[v.caseId, `当前所填案件（${v.caseId}）`] as const]
                  : []),
              ],
              value: v.caseId,
              blank: "请选择",
              errors,
              required: true,
            })}
            ${select({
              name: "kind",
              label: "决定类别",
              options: POWER_CATEGORIES.map((k) => [k, k] as const),
              value: v.kind,
              blank: "请选择",
              errors,
              required: true,
            })}
            ${field({ name: "decidedOn", label: "决定日期", type: "date", value: v.decidedOn, errors, required: true })}
            ${textarea({ name: "conclusion", label: "决定内容（结论）", value: v.conclusion, errors, required: true, maxlength: 5000 })}
            ${textarea({ name: "basis", label: "依据", value: v.basis, errors, required: true, maxlength: 5000 })}
            ${textarea({ name: "facts", label: "违法事实", hint: "不填则用案件记录的事实。", value: v.facts, errors, maxlength: 20000 })}
            ${checkboxes({
              name: "penalty.categories",
              legend: "处罚种类（行政处罚）",
              options: PENALTY_CATEGORIES.map((k) => [k, k] as const),
              checked: penalty.categories ?? [],
              errors,
            })}
            ${textarea({ name: "penalty.content", label: "处罚内容（行政处罚）", value: penalty.content, errors, maxlength: 5000 })}
            ${field({
              name: "penalty.fineAmount",
              label: "罚款金额（元）",
              value: penalty.fineAmount === undefined ? undefined : String(penalty.fineAmount),
              errors,
              maxlength: 20,
            })}
            <button type="submit" name="action" value="save">保存</button>
            <button type="submit" name="action" value="submit" class="primary">保存并提交为执法决定</button>
          </form>`
      }`,
  });
}

/**
 * The form as a draft edit: the fields left empty are removed (null). The penalty's other fields
 * (违法行为类型, 没收金额…) and a licence the case system sent are kept; a 行政许可 without one gets
 * its defaults (准予许可, 普通, the conclusion as its content).
 */
function formContent(f: URLSearchParams, stored: IntakeContent = {}): IntakeContent & Record<string, unknown> {
  const categories = f.getAll("penalty.categories");
  const content = value(f, "penalty.content");
  const fine = value(f, "penalty.fineAmount");
  const { categories: _c, content: _t, fineAmount: _f, ...otherPenalty } = stored.penalty ?? {};
  const penalty =
    categories.length || content || fine
      ? {
          ...otherPenalty,
          ...(categories.length ? { categories } : {}),
          ...(content ? { content } : {}),
          ...(fine ? { fineAmount: Number.isFinite(Number(fine)) ? Number(fine) : fine } : {}),
        }
      : null;
  const kind = value(f, "kind");
  return {
    caseId: value(f, "caseId") ?? null,
    kind: kind ?? null,
    decidedOn: value(f, "decidedOn") ?? null,
    conclusion: value(f, "conclusion") ?? null,
    basis: value(f, "basis") ?? null,
    facts: value(f, "facts") ?? null,
    penalty,
    ...(kind === "行政许可" && !stored.licence ? { licence: {} } : {}),
  } as IntakeContent & Record<string, unknown>;
}

async function draftPost(c: ConsoleContext) {
  const id = c.params.id as string;
  try {
    const stored = await c.call(intake.getDraft, { id });
    await c.call(intake.editDraft, formInput({ id, ...formContent(c.form, stored.content) }));
    if (c.form.get("action") !== "submit") return c.redirect(href(`/console/intake/${id}`, { ok: "saved" }));
    const done = await c.call(intake.submitDraft, { id });
    c.redirect(href(`/console/results/${done.resultId}`, { ok: "decided" }));
  } catch (err) {
    const errors = fieldErrorsOf(err, (f) => (f === "id" ? "caseId" : f.replace(/^penalty$/, "penalty.categories")));
    if (!errors) throw err;
    await draftPage(c, (err as { code?: number }).code === 409 ? 409 : 422, errors);
  }
}

export function intakeRoutes(deps: ConsoleDeps): Record<string, Handler> {
  return {
    "GET /console/intake": consoleRoute(deps, listPage, STAFF),
    "GET /console/intake/:id": consoleRoute(deps, (c) => draftPage(c, 200), STAFF),
    "POST /console/intake/:id": consoleRoute(deps, draftPost, WRITERS),
  };
}
