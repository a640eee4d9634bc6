/** 案件: file a case, move it through its states, notes, legal review, and the decision with its preview. */
import { WRITERS } from "../../lib/auth.js";
import { CASE_STATES, nextStates } from "../../shared/case-workflow.js";
import { href, html, type HtmlValue } from "../html/html.js";
import type { Handler } from "../../services/gateway/web.js";
import { formInput } from "../../lib/contract.js";
import {
  allItems,
  consoleRoute,
  FLASHES,
  lines,
  orFieldErrors,
  value,
  displayNamesOf,
  type ConsoleContext,
  type ConsoleDeps,
  pathId,
} from "./context.js";
import { decisionForm, decisionParams, redactionPreview, type DecisionPreview } from "./decision.js";
import { CASE_STATE_LABELS, labelOf, PARTY_TYPE_LABELS } from "./labels.js";
import {
  checkboxes,
  radios,
  csrfField,
  errorSummary,
  field,
  zhMessage,
  select,
  table,
  textarea,
  when,
  type FieldErrors,
} from "./layout.js";
import { cases, type CaseView, type CreateCaseParams } from "../../services/cases/contract.js";
import { feed } from "../../services/feed/contract.js";
import { results } from "../../services/results/contract.js";

const STEP_LABELS: Record<string, string> = {
  registered: "立案",
  transition: "环节变更",
  review: "法制审核",
  decision: "作出决定",
  note: "备注",
};

/** The body a page works for: the user's own; an admin names it (?bodyId=). */
function bodyOf(c: ConsoleContext): string | undefined {
  return c.user.role === "admin" ? (value(c.form, "bodyId") ?? c.params.bodyId) : (c.user.bodyId ?? undefined);
}

async function rosterOf(c: ConsoleContext, bodyId: string) {
  const [powers, officers] = await Promise.all([
    allItems(c, feed.listPowers, { bodyId }),
    allItems(c, feed.listOfficers, { bodyId, status: "active" }),
  ]);
  return { powers, officers };
}

const PARTY_FIELDS = ["name", "creditCode", "idNumber", "legalRepresentative", "address", "phone"] as const;

async function newCasePage(c: ConsoleContext, status: number, errors: FieldErrors = {}) {
  const bodyId = bodyOf(c);
  if (!bodyId) {
    // An administrator chooses among every body, however many pages the list has.
    const bodies = await allItems(c, feed.listBodies, { counts: false });
    return c.render(200, {
      title: "立案登记",
      active: "cases",
      body: html`<h1>立案登记</h1>
        <form method="get" action="/console/cases/new">
          ${select({ name: "bodyId", label: "执法主体", options: bodies.map((b) => [b.id, b.name]), required: true })}
          <button type="submit">下一步</button>
        </form>`,
    });
  }
  const { powers, officers } = await rosterOf(c, bodyId);
  const f = c.form;
  c.render(status, {
    title: "立案登记",
    active: "cases",
    body: html`<h1>立案登记</h1>
      ${errorSummary(errors)}
      <form method="post" action="/console/cases/new" novalidate>
        ${csrfField(c.csrf)}
        <input type="hidden" name="bodyId" value="${bodyId}" />
        ${select({
          name: "powerId",
          label: "执法职权（权责清单）",
          options: powers.map((p) => [p.id, `${p.code ?? ""} ${p.name}（${p.category ?? ""}）`]),
          value: f.get("powerId"),
          blank: "请选择",
          errors,
          required: true,
        })}
        ${field({ name: "title", label: "案件名称", value: f.get("title"), errors, required: true, maxlength: 200 })}
        ${checkboxes({
          name: "officerIds",
          legend: "承办执法人员（在岗）",
          hint: "行政处罚须两名以上执法人员。",
          options: officers.map((o) => [o.id, `${o.name}（证号 ${o.certificateNo ?? ""}）`]),
          checked: f.getAll("officerIds"),
          errors,
        })}
        ${textarea({ name: "facts", label: "案件事实", value: f.get("facts"), errors, required: true, rows: 6, maxlength: 20000 })}
        <fieldset class="group">
          <legend>当事人</legend>
          ${select({
            name: "party.type",
            label: "当事人类型",
            options: Object.entries(PARTY_TYPE_LABELS),
            value: f.get("party.type") ?? "legal",
            errors,
            required: true,
          })}
          ${field({ name: "party.name", label: "名称或姓名", value: f.get("party.name"), errors, required: true, maxlength: 200 })}
          ${field({ name: "party.creditCode", label: "统一社会信用代码", value: f.get("party.creditCode"), errors, maxlength: 18 })}
          ${field({
            name: "party.idNumber",
            label: "身份证号码",
            hint: "仅自然人、个体工商户填写；不予公示。",
            value: f.get("party.idNumber"),
            errors,
            maxlength: 18,
          })}
          ${field({ name: "party.legalRepresentative", label: "法定代表人", value: f.get("party.legalRepresentative"), errors, maxlength: 50 })}
          ${field({ name: "party.address", label: "地址", value: f.get("party.address"), errors, maxlength: 300 })}
          ${field({ name: "party.phone", label: "联系电话", hint: "不予公示。", value: f.get("party.phone"), errors, type: "tel", maxlength: 30 })}
          ${checkboxes({ name: "party.minor", legend: "未成年人", options: [["true", "当事人为未成年人（决定不予公示）"]], checked: f.getAll("party.minor"), errors })}
        </fieldset>
        ${textarea({
          name: "otherNames",
          label: "需隐去的其他姓名",
          hint: "每行一个：证人、家属等在案件材料中出现的自然人姓名，公示时将被隐去。",
          value: f.get("otherNames"),
          errors,
          rows: 3,
        })}
        ${checkboxes({
          name: "flags",
          legend: "案件标记",
          options: [
            ["major", "重大执法决定（须经法制审核）"],
            ["secret", "涉及国家秘密、商业秘密或个人隐私（决定不予公示）"],
          ],
          checked: f.getAll("flags"),
          errors,
        })}
        ${textarea({ name: "note", label: "立案说明", value: f.get("note"), errors, rows: 2, maxlength: 2000 })}
        <button type="submit" class="primary">立案</button>
      </form>`,
  });
}

function caseParams(c: ConsoleContext): CreateCaseParams {
  const f = c.form;
  const party: Record<string, unknown> = { type: f.get("party.type") ?? "legal", name: f.get("party.name") ?? "" };
  for (const key of PARTY_FIELDS.slice(1)) {
    const v = value(f, `party.${key}`);
    if (v) party[key] = v;
  }
  if (f.getAll("party.minor").includes("true")) party.minor = true;
  const flags = f.getAll("flags");
  const otherNames = lines(f.get("otherNames") ?? undefined);
  return formInput({
    bodyId: bodyOf(c),
    powerId: f.get("powerId") ?? "",
    title: f.get("title") ?? "",
    officerIds: f.getAll("officerIds"),
    facts: f.get("facts") ?? "",
    party,
    ...(otherNames.length ? { otherNames } : {}),
    ...(flags.includes("major") ? { major: true } : {}),
    ...(flags.includes("secret") ? { secret: true } : {}),
    ...(value(f, "note") ? { note: value(f, "note") } : {}),
  });
}

/** Who acted on the case (trail and reviews) by display name; the stored username for a user gone since. */
async function actorNames(c: ConsoleContext, view: CaseView): Promise<(actor: { id: string; name: string }) => string> {
  const names = await displayNamesOf(c, [
    ...view.trail.map((s) => s.actor.id),
    ...view.reviews.map((r) => r.reviewer.id),
  ]);
  return (actor) => names.get(actor.id) ?? actor.name;
}

function trailOf(view: CaseView, nameOf: (actor: { id: string; name: string }) => string): HtmlValue {
  return html`<ol class="trail">
    ${view.trail.map(
      (s) =>
        html`<li>
          <strong>${when(s.at)} ${labelOf(STEP_LABELS, s.kind)}</strong>
          ${s.from !== s.to ? html`：${labelOf(CASE_STATE_LABELS, s.from)} → ${labelOf(CASE_STATE_LABELS, s.to)}` : ""}
          <span>（${nameOf(s.actor)}）</span>
          ${s.note && html`<div>${s.note}</div>`}
          ${s.documents.length > 0 && html`<div>文书：${s.documents.map((d) => `${d.name}${d.number ? ` ${d.number}` : ""}`).join("、")}</div>`}
        </li>`,
    )}
  </ol>`;
}

async function casePage(c: ConsoleContext, status = 200, errors: FieldErrors = {}, preview?: DecisionPreview) {
  const id = pathId(c);
  const view = await c.call(cases.getCase, { id });
  const [officers, nameOf] = await Promise.all([
    c.call(feed.listOfficers, { bodyId: view.bodyId, limit: 100 }),
    actorNames(c, view),
  ]);
  const names = view.officerIds.map((o) => officers.items.find((x) => x.id === o)?.name ?? o);
  const moves = nextStates(view.status);
  const canWrite = c.user.role === "admin" || c.user.role === "officer";
  const reviewer = c.user.role === "reviewer";
  const approved = view.reviews.at(-1)?.approve === true;
  const canDecide =
    canWrite && !view.resultId && (view.status === "notified" || (view.status === "review" && approved));
  const flash = FLASHES[c.params.ok ?? ""];
  c.render(status, {
    title: view.title,
    active: "cases",
    flash,
    body: html`<h1>${view.title}</h1>
      ${errorSummary(errors)}
      <dl class="facts">
        <dt>当前环节</dt>
        <dd>
          <strong>${labelOf(CASE_STATE_LABELS, view.status)}</strong
          >${view.major ? "（重大执法决定）" : ""}${view.secret ? "（不予公示）" : ""}
        </dd>
        <dt>执法职权</dt>
        <dd>${view.powerCode} ${view.powerName}（${view.category}）</dd>
        <dt>承办人员</dt>
        <dd>${names.join("、")}</dd>
        <dt>当事人</dt>
        <dd>${labelOf(PARTY_TYPE_LABELS, String(view.party.type))}：${String(view.party.name)}</dd>
        <dt>案件事实</dt>
        <dd class="text">${view.facts}</dd>
        ${
          view.resultId &&
          html`<dt>执法决定</dt>
            <dd><a href="/console/results/${view.resultId}">查看决定与公示</a></dd>`
        }
      </dl>
      ${canDecide && html`<p><a class="button primary" href="/console/cases/${view.id}/decision">录入执法决定</a></p>`}
      <div class="columns">
        ${
          canWrite &&
          moves.length > 0 &&
          html`<form method="post" action="/console/cases/${view.id}/transition" novalidate>
            <h2>推进案件</h2>
            ${csrfField(c.csrf)}
            ${select({
              name: "to",
              label: "下一环节",
              options: moves.map((m) => [m, labelOf(CASE_STATE_LABELS, m)]),
              value: c.form.get("to"),
              errors,
              required: true,
            })}
            ${textarea({ name: "note", label: "说明", hint: "撤销或终止案件须写明理由。", value: c.form.get("note"), errors, rows: 2, maxlength: 2000 })}
            ${field({ name: "document", label: "本环节文书名称及文号（可选）", value: c.form.get("document"), errors, maxlength: 200 })}
            <button type="submit">提交</button>
          </form>`
        }
        ${
          reviewer &&
          view.status === "review" &&
          html`<form method="post" action="/console/cases/${view.id}/review" novalidate>
            <h2>法制审核</h2>
            ${csrfField(c.csrf)}
            ${radios({
              name: "approve",
              legend: "审核结论",
              options: [
                ["true", "同意"],
                ["false", "不同意（退回调查）"],
              ],
              value: c.form.get("approve") ?? undefined,
              errors,
            })}
            ${textarea({ name: "opinion", label: "审核意见", value: c.form.get("opinion"), errors, required: true, rows: 3, maxlength: 5000 })}
            <button type="submit" class="primary">提交审核意见</button>
          </form>`
        }
        <form method="post" action="/console/cases/${view.id}/note" novalidate>
          <h2>添加备注</h2>
          ${csrfField(c.csrf)}
          ${textarea({ name: "caseNote", label: "备注内容", value: c.form.get("caseNote"), errors, required: true, rows: 2, maxlength: 2000 })}
          <button type="submit">记录</button>
        </form>
      </div>
      ${
        view.reviews.length > 0 &&
        html`<h2>法制审核记录</h2>
          ${table(
            ["时间", "审核人", "结论", "意见"],
            view.reviews.map((r) => [when(r.at), nameOf(r.reviewer), r.approve ? "同意" : "不同意", r.opinion]),
          )}`
      }
      <h2>全过程记录</h2>
      ${trailOf(view, nameOf)} ${preview && redactionPreview(preview)}`,
  });
}

export function caseRoutes(deps: ConsoleDeps): Record<string, Handler> {
  return {
    "GET /console/cases": consoleRoute(deps, async (c) => {
      const status = CASE_STATES.find((s) => s === c.params.status && Object.hasOwn(CASE_STATE_LABELS, s));
      const list = await c.call(cases.listCases, {
        status,
        limit: 50,
        ...(c.params.cursor ? { cursor: c.params.cursor } : {}),
      });
      c.render(200, {
        title: "案件",
        active: "cases",
        body: html`<h1>案件</h1>
          ${c.user.role !== "reviewer" && html`<p><a class="button primary" href="/console/cases/new">立案登记</a></p>`}
          <form method="get" action="/console/cases" class="actions">
            ${select({ name: "status", label: "环节", options: Object.entries(CASE_STATE_LABELS), value: status, blank: "全部" })}
            <button type="submit">筛选</button>
          </form>
          ${table(
            ["案件", "当事人", "类别", "环节", "最近更新"],
            list.items.map((x) => [
              html`<a href="/console/cases/${x.id}">${x.title}</a
                >${x.major ? html` <span class="badge">重大</span>` : ""}`,
              x.partyName,
              x.category,
              labelOf(CASE_STATE_LABELS, x.status),
              when(x.updatedAt),
            ]),
          )}
          ${
            list.nextCursor &&
            html`<p>
              <a href="${href("/console/cases", { status, cursor: list.nextCursor })}">下一页</a>
            </p>`
          }`,
      });
    }),

    "GET /console/cases/new": consoleRoute(deps, (c) => newCasePage(c, 200), WRITERS),

    "POST /console/cases/new": consoleRoute(
      deps,
      async (c) => {
        await orFieldErrors(
          async () => {
            const created = await c.call(cases.createCase, caseParams(c));
            c.redirect(`/console/cases/${created.id}?ok=created`);
          },
          (status, errors) => newCasePage(c, status, errors),
        );
      },
      WRITERS,
    ),

    "GET /console/cases/:id": consoleRoute(deps, (c) => casePage(c)),

    "POST /console/cases/:id/transition": consoleRoute(
      deps,
      async (c) => {
        const document = value(c.form, "document");
        await orFieldErrors(
          async () => {
            await c.call(
              cases.transition,
              formInput({
                id: pathId(c),
                to: c.form.get("to") ?? "",
                ...(value(c.form, "note") ? { note: value(c.form, "note") } : {}),
                ...(document ? { documents: [{ name: document }] } : {}),
              }),
            );
            c.redirect(`/console/cases/${c.params.id}?ok=moved`);
          },
          (status, errors) => casePage(c, status, errors),
          { "documents.0.name": "document" },
        );
      },
      WRITERS,
    ),

    "POST /console/cases/:id/note": consoleRoute(deps, async (c) => {
      await orFieldErrors(
        async () => {
          await c.call(cases.addNote, { id: pathId(c), note: c.form.get("caseNote")?.trim() ?? "" });
          c.redirect(`/console/cases/${c.params.id}?ok=noted`);
        },
        (status, errors) => casePage(c, status, errors),
        { note: "caseNote" },
      );
    }),

    "POST /console/cases/:id/review": consoleRoute(
      deps,
      async (c) => {
        const approve = c.form.get("approve");
        if (approve !== "true" && approve !== "false") {
          return casePage(c, 422, { approve: zhMessage({ type: "required" }) });
        }
        await orFieldErrors(
          async () => {
            await c.call(cases.review, {
              id: pathId(c),
              approve: approve === "true",
              opinion: c.form.get("opinion")?.trim() ?? "",
            });
            c.redirect(`/console/cases/${c.params.id}?ok=reviewed`);
          },
          (status, errors) => casePage(c, status, errors),
        );
      },
      ["reviewer"],
    ),

    "GET /console/cases/:id/decision": consoleRoute(
      deps,
      async (c) => {
        const view = await c.call(cases.getCase, { id: pathId(c) });
        c.render(200, { title: "录入执法决定", active: "cases", body: decisionForm(c, view, {}) });
      },
      WRITERS,
    ),

    "POST /console/cases/:id/decision": consoleRoute(
      deps,
      async (c) => {
        const view = await c.call(cases.getCase, { id: pathId(c) });
        const params = decisionParams(c.form, view.category);
        const intent = c.form.get("intent");
        await orFieldErrors(
          async () => {
            if (intent === "save") {
              const result = await c.call(results.decide, formInput({ id: view.id, ...params }));
              return c.redirect(`/console/results/${result.id}?ok=decided`);
            }
            const preview = await c.call(results.previewDecision, formInput({ id: view.id, ...params }));
            c.render(200, {
              title: "录入执法决定",
              active: "cases",
              body: decisionForm(
                c,
                view,
                {},
                { ...preview, original: { ...params, party: view.party, facts: params.facts ?? view.facts } },
              ),
            });
          },
          (status, errors) =>
            c.render(status, { title: "录入执法决定", active: "cases", body: decisionForm(c, view, errors) }),
        );
      },
      WRITERS,
    ),
  };
}
