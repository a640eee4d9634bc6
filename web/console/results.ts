/** 执法决定与公示: the draft's preview (fields and PDF), publish, withdraw and correct, each confirmed. */
import { WRITERS } from "../../lib/auth.js";
import { href, html, raw } from "../html/html.js";
import type { Handler } from "../../services/gateway/web.js";
import { formInput } from "../../lib/contract.js";
import {
  consoleRoute,
  FLASHES,
  lines,
  orFieldErrors,
  value,
  type ConsoleContext,
  type ConsoleDeps,
  pathId,
} from "./context.js";
import { decisionForm, decisionParams, redactionPreview } from "./decision.js";
import { labelOf, RESULT_STATUS_LABELS } from "./labels.js";
import { checkboxes, csrfField, day, errorSummary, select, table, textarea, when, type FieldErrors } from "./layout.js";
import { CORRECTION_FORM_FIELDS } from "../../shared/correction-fields.js";
import { feedback } from "../../services/feedback/contract.js";
import { intake } from "../../services/results/intake-contract.js";
import { results, type ResultView } from "../../services/results/contract.js";

function deadline(r: ResultView) {
  if (r.status !== "draft") return "";
  if (r.overdue) return html`<span class="overdue">已逾期：应于 ${day(r.dueBy)} 前公示</span>`;
  return html`${day(r.dueBy)}${r.dueByProvisional ? "（节假日安排未公布，暂定）" : ""}，还剩 ${r.workingDaysLeft}
  个工作日`;
}

/** The result's current content as decision-form values (for the correction form). */
function valuesOf(r: ResultView): URLSearchParams {
  const v = new URLSearchParams({
    decisionNo: r.decisionNo,
    decidedOn: r.decidedOn,
    facts: r.facts,
    conclusion: r.conclusion,
    basis: r.basis,
    partyName: r.party.name,
    maskNames: r.maskNames.join("\n"),
  });
  for (const [group, content] of [
    ["penalty", r.penalty],
    ["licence", r.licence],
  ] as const) {
    for (const [key, x] of Object.entries(content ?? {})) {
      if (Array.isArray(x)) for (const item of x) v.append(`${group}.${key}`, String(item));
      else if (x !== null && x !== undefined) v.set(`${group}.${key}`, String(x));
    }
  }
  return v;
}

function confirmed(c: ConsoleContext): boolean {
  return c.form.getAll("confirm").includes("yes");
}

async function resultPage(c: ConsoleContext, status = 200, errors: FieldErrors = {}) {
  const r = await c.call(results.getResult, { id: pathId(c) });
  const preview = await c.call(results.previewResult, { id: r.id });
  const writer = c.user.role === "admin" || c.user.role === "officer";
  const live = r.status === "published";
  c.render(status, {
    title: r.title,
    active: "results",
    flash: FLASHES[c.params.ok ?? ""],
    body: html`<h1>${r.title}</h1>
      ${errorSummary(errors)}
      <dl class="facts">
        <dt>状态</dt>
        <dd>
          <strong>${labelOf(RESULT_STATUS_LABELS, r.status)}</strong>${r.version > 1 ? `（第 ${r.version} 版）` : ""}
        </dd>
        <dt>决定文书号</dt>
        <dd>${r.decisionNo}</dd>
        <dt>决定日期</dt>
        <dd>${day(r.decidedOn)}</dd>
        ${
          r.status === "draft" &&
          html`<dt>法定公示期限</dt>
            <dd>${deadline(r)}</dd>`
        }
        ${
          r.noticeId &&
          html`<dt>公示</dt>
            <dd>
              <a href="/notices/${r.noticeId}">在公示门户查看</a>，核验码 <code>${r.verifyCode}</code>，公示期至
              ${day(r.expiresOn)}，发布于 ${when(r.publishedAt)}
            </dd>`
        }
        ${
          r.withdrawReason &&
          html`<dt>撤下理由</dt>
            <dd>${r.withdrawReason}</dd>`
        }
        <dt>案件</dt>
        <dd>
          ${r.caseId ? html`<a href="/console/cases/${r.caseId}">查看案件与全过程记录</a>` : "历史数据导入，无本平台案件记录"}
        </dd>
      </dl>
      ${redactionPreview({ ...preview, original: { ...r } })}
      <p>
        <a href="/console/results/${r.id}/preview.pdf">查看公示文件 PDF 预览（未签章）</a>
      </p>
      ${
        writer &&
        r.status === "draft" &&
        html`<p><a class="button" href="/console/results/${r.id}/correct">修改草稿（如补充需隐去的姓名）</a></p>`
      }
      ${
        writer &&
        r.status === "draft" &&
        html`<form method="post" action="/console/results/${r.id}/publish" class="confirm" novalidate>
          <h2>发布公示</h2>
          ${csrfField(c.csrf)}
          ${
            preview.blocked || (preview.refusals ?? []).length > 0
              ? html`<p>该决定不能发布，原因见上方公示预览。</p>`
              : html`${checkboxes({
                    name: "confirm",
                    legend: "发布前确认",
                    options: [["yes", "我已核对上方公示预览：内容准确，个人信息已按规定隐去"]],
                    checked: [],
                    errors,
                  })} <button type="submit" class="primary">签章并发布公示</button>`
          }
        </form>`
      }
      ${
        writer &&
        live &&
        html`<div class="columns">
          <form method="post" action="/console/results/${r.id}/withdraw" class="confirm" novalidate>
            <h2>撤下公示</h2>
            <p>决定被撤销、确认违法或依法不应公开时撤下；撤下理由将公开，记录保留。</p>
            ${csrfField(c.csrf)}
            ${textarea({ name: "reason", label: "撤下理由（将公开）", value: c.form.get("reason"), errors, required: true, rows: 2, maxlength: 1000 })}
            ${checkboxes({ name: "confirm", legend: "确认", options: [["yes", "我确认撤下此公示"]], checked: [], errors })}
            <button type="submit" class="danger">撤下公示</button>
          </form>
          <div>
            <h2>更正公示</h2>
            <p>内容有误时发布更正版本，原公示保留并标注“已更正”。</p>
            <p><a class="button" href="/console/results/${r.id}/correct">更正决定内容</a></p>
          </div>
        </div>`
      }
      ${
        r.revisions &&
        r.revisions.length > 1 &&
        html`<h2>版本记录</h2>
          ${table(
            ["版本", "时间", "理由", "公示"],
            r.revisions.map((v) => [
              String(v.version),
              when(v.revisedAt),
              v.reason ?? "",
              v.noticeId ? html`<a href="/notices/${v.noticeId}">查看</a>` : "",
            ]),
          )}`
      }`,
  });
}

/**
 * Accepting a correction request's proposal (…/correct?feedback=…&accept=proposal): the form comes
 * prefilled with the proposed value of its field, a reason and a reply; the officer still checks
 * and confirms. Any other request about another decision leaves the form as it is.
 */
async function withProposal(c: ConsoleContext, r: ResultView, values: URLSearchParams): Promise<URLSearchParams> {
  if (c.params.accept !== "proposal" || !c.params.feedback || r.status === "draft") return values;
  const request = await c.call(feedback.get, { id: c.params.feedback }).catch(() => undefined);
  const proposal = request?.resultId === r.id ? request.correction : null;
  if (!proposal) return values;
  values.set(CORRECTION_FORM_FIELDS[proposal.field], proposal.proposed);
  values.set("reason", `经核实，${proposal.label}有误，予以更正。`);
  values.set("reply", `经核实，您指出的${proposal.label}确有错误，已予更正。感谢您的监督。`);
  return values;
}

/** A correction made to answer a correction request (更正请求): the reply goes with it, in one step. */
function feedbackFields(c: ConsoleContext, errors: FieldErrors, values?: URLSearchParams) {
  const feedbackId = values?.get("feedbackId") ?? c.params.feedback;
  if (!feedbackId) return undefined;
  const pub = values?.get("public");
  return html`<fieldset class="group">
    <legend>答复更正请求</legend>
    <input type="hidden" name="feedbackId" value="${feedbackId}" />
    ${textarea({ name: "reply", label: "答复内容", value: values?.get("reply"), errors, required: true, rows: 3, maxlength: 5000 })}
    <fieldset class="field${errors.public ? " has-error" : ""}" id="f-public">
      <legend>答复是否公开</legend>
      ${errors.public && html`<p class="field-error">${errors.public}</p>`}
      <div class="check">
        <input type="radio" id="public-yes" name="public" value="true" ${pub === "true" && raw("checked")} /><label
          for="public-yes"
          >公开（显示在公示页面）</label
        >
      </div>
      <div class="check">
        <input type="radio" id="public-no" name="public" value="false" ${pub === "false" && raw("checked")} /><label
          for="public-no"
          >不公开（仅反馈人凭查询码可见）</label
        >
      </div>
    </fieldset>
  </fieldset>`;
}

async function correctionPage(
  c: ConsoleContext,
  r: ResultView,
  status: number,
  errors: FieldErrors,
  values?: URLSearchParams,
) {
  c.render(status, {
    title: r.status === "draft" ? "修改决定草稿" : "更正执法决定",
    active: "results",
    body: decisionForm(
      c,
      { id: r.caseId ?? "", title: r.title, category: r.kind, facts: r.facts, otherNames: [] },
      errors,
      undefined,
      {
        values,
        correction:
          r.status === "draft"
            ? { resultId: r.id, draft: true }
            : { resultId: r.id, extra: feedbackFields(c, errors, values) },
      },
    ),
  });
}

export function resultRoutes(deps: ConsoleDeps): Record<string, Handler> {
  return {
    "GET /console/results": consoleRoute(deps, async (c) => {
      const status =
        c.params.status && Object.hasOwn(RESULT_STATUS_LABELS, c.params.status) ? c.params.status : undefined;
      const overdue = c.params.overdue === "true";
      const list = await c.call(
        results.listResults,
        formInput({
          ...(status ? { status } : {}),
          ...(overdue ? { overdue: true } : {}),
          ...(c.params.cursor ? { cursor: c.params.cursor } : {}),
          limit: 50,
        }),
      );
      const pushed = await c.call(intake.listDrafts, { status: "draft", limit: 100 });
      c.render(200, {
        title: "执法决定",
        active: "results",
        body: html`<h1>执法决定</h1>
          ${
            pushed.items.length > 0 &&
            html`<p class="lead">
              <span class="badge">办案系统推送</span>
              本机关办案系统推送的决定草稿
              ${pushed.nextCursor ? "100 件以上" : `${pushed.items.length} 件`}待补全提交：<a href="/console/intake"
                >去补全</a
              >
            </p>`
          }
          <form method="get" action="/console/results" class="actions">
            ${select({ name: "status", label: "状态", options: Object.entries(RESULT_STATUS_LABELS), value: status, blank: "全部" })}
            ${checkboxes({ name: "overdue", legend: "期限", options: [["true", "只看逾期未公示"]], checked: overdue ? ["true"] : [] })}
            <button type="submit">筛选</button>
          </form>
          ${table(
            ["案件", "决定文书号", "决定日期", "状态", "法定公示期限"],
            list.items.map((r) => [
              html`<a href="/console/results/${r.id}">${r.title}</a>`,
              r.decisionNo,
              day(r.decidedOn),
              labelOf(RESULT_STATUS_LABELS, r.status),
              deadline(r),
            ]),
          )}
          ${
            list.nextCursor &&
            html`<p>
              <a
                href="${href("/console/results", { status, overdue: overdue ? "true" : undefined, cursor: list.nextCursor })}"
                >下一页</a
              >
            </p>`
          }`,
      });
    }),

    "GET /console/results/:id": consoleRoute(deps, (c) => resultPage(c)),

    "GET /console/results/:id/preview.pdf": consoleRoute(deps, async (c) => {
      const pdf = await c.call(results.previewPdf, { id: pathId(c) });
      const bytes = Buffer.isBuffer(pdf) ? pdf : Buffer.from((pdf as unknown as { data: number[] }).data);
      c.res.setHeader("Content-Type", "application/pdf");
      c.res.setHeader("Content-Disposition", `inline; filename="preview.pdf"`);
      c.res.setHeader("Cache-Control", "no-store");
      c.res.setHeader("X-Content-Type-Options", "nosniff");
      c.res.end(bytes);
    }),

    "POST /console/results/:id/publish": consoleRoute(
      deps,
      async (c) => {
        if (!confirmed(c)) return resultPage(c, 422, { confirm: "请先核对公示预览并勾选确认。" });
        await orFieldErrors(
          async () => {
            await c.call(results.publish, { id: pathId(c) });
            c.redirect(`/console/results/${c.params.id}?ok=published`);
          },
          (status, errors) => resultPage(c, status, errors),
        );
      },
      WRITERS,
    ),

    "POST /console/results/:id/withdraw": consoleRoute(
      deps,
      async (c) => {
        const reason = value(c.form, "reason");
        const errors: FieldErrors = {};
        if (!reason) errors.reason = "请填写撤下理由。";
        if (!confirmed(c)) errors.confirm = "请勾选确认。";
        if (Object.keys(errors).length) return resultPage(c, 422, errors);
        await orFieldErrors(
          async () => {
            await c.call(results.withdraw, formInput({ id: pathId(c), reason }));
            c.redirect(`/console/results/${c.params.id}?ok=withdrawn`);
          },
          (status, found) => resultPage(c, status, found),
        );
      },
      WRITERS,
    ),

    "GET /console/results/:id/correct": consoleRoute(
      deps,
      async (c) => {
        const r = await c.call(results.getResult, { id: pathId(c) });
        await correctionPage(c, r, 200, {}, await withProposal(c, r, valuesOf(r)));
      },
      WRITERS,
    ),

    "POST /console/results/:id/correct": consoleRoute(
      deps,
      async (c) => {
        const r = await c.call(results.getResult, { id: pathId(c) });
        const entered = decisionParams(c.form, r.kind);
        const current = decisionParams(valuesOf(r), r.kind);
        const changes: Record<string, unknown> = {};
        for (const key of ["decisionNo", "decidedOn", "facts", "conclusion", "basis", "penalty", "licence"]) {
          if (JSON.stringify(entered[key]) !== JSON.stringify(current[key])) changes[key] = entered[key];
        }
        const maskNames = lines(c.form.get("maskNames") ?? undefined);
        if (maskNames.join("\n") !== r.maskNames.join("\n")) changes.maskNames = maskNames;
        const partyName = value(c.form, "partyName");
        if (partyName && partyName !== r.party.name) changes.partyName = partyName;
        const errors: FieldErrors = {};
        if (!value(c.form, "reason")) errors.reason = "请填写更正理由。";
        const draft = r.status === "draft";
        if (!draft && !confirmed(c)) errors.confirm = "请勾选确认。";
        if (!Object.keys(changes).length) errors._form = "没有修改任何内容。";
        const feedbackId = draft ? undefined : value(c.form, "feedbackId");
        const pub = c.form.get("public");
        if (feedbackId) {
          // Only a correction request about this very decision is answered by correcting it.
          const request = await c.call(feedback.get, { id: feedbackId }).catch(() => undefined);
          if (request?.category !== "correction" || request.resultId !== r.id) {
            errors._form = "该反馈不是针对本执法决定的更正请求。";
          }
          if (!value(c.form, "reply")) errors.reply = "请填写答复内容。";
          if (pub !== "true" && pub !== "false") errors.public = "请选择答复是否公开。";
        }
        if (Object.keys(errors).length) return correctionPage(c, r, 422, errors, c.form);
        await orFieldErrors(
          async () => {
            if (feedbackId) {
              await c.call(
                feedback.resolveNotice,
                formInput({
                  id: feedbackId,
                  action: "correct",
                  reason: value(c.form, "reason"),
                  changes,
                  reply: value(c.form, "reply"),
                  public: pub === "true",
                }),
              );
              return c.redirect(`/console/feedback/${encodeURIComponent(feedbackId)}?ok=answered`);
            }
            await c.call(results.correct, formInput({ id: r.id, reason: value(c.form, "reason"), ...changes }));
            c.redirect(`/console/results/${r.id}?ok=${draft ? "saved" : "corrected"}`);
          },
          (status, found) => correctionPage(c, r, status, found, c.form),
        );
      },
      WRITERS,
    ),
  };
}
