/**
 * 规范性文件 on the console: the body's register, registering a draft, and each document's page
 * with the forms its state allows (documents.get answers `actions`): edit the draft, add its 解读
 * (text and 简明问答), publish (refused with INTERPRETATION_REQUIRED while a policy document has no
 * 解读), and once published 废止, 修改 (by another document of the register), 清理 (reviewed), and
 * the basis repealed; and the 清理 view.
 */
import { chinaToday } from "../../../shared/dates.js";
import { DOCUMENT_STAGE_LABELS, validityBasisLabel } from "../../../shared/documents.js";
import { formInput } from "../../../lib/contract.js";
import { documents, type DocumentView, type RegisterParams } from "../../../services/documents/contract.js";
import { feed } from "../../../services/feed/contract.js";
import { href, html, type HtmlValue, pathOf, type SafeHtml } from "../../html/html.js";
import { allItems, pathId, value, type ConsoleContext } from "../context.js";
import { labelOf } from "../labels.js";
import { csrfField, day, errorSummary, field, type FieldErrors, select, table, textarea, when } from "../layout.js";
import { errorsFor, excerpt, filled, flashOf, type FormState, PAGE_SIZE, stepForm, valuesFor } from "./shared.js";
import { FILING_LABELS, filingFields, filingForm, filingParamsOf, filingText, filingValues } from "./filing.js";
import { filesHtml, graphicsPicker } from "./files.js";

export const LABELS: Record<string, string> = {
  bodyId: "制定机关",
  title: "标题",
  docNumber: "文号",
  signedOn: "成文日期",
  publishedOn: "发布日期",
  effectiveFrom: "施行日期",
  validUntil: "有效期至",
  provisional: "是否为暂行、试行文件",
  text: "正文",
  legalBasis: "制定依据",
  policy: "是否需要政策解读",
  waiverReason: "不需要解读的理由",
  consultationId: "对应的征求意见",
  ...FILING_LABELS,
};

const DOCUMENT_FIELDS = [
  "title",
  "docNumber",
  "signedOn",
  "publishedOn",
  "effectiveFrom",
  "validUntil",
  "text",
  "legalBasis",
  "consultationId",
] as const;

/** The 暂行/试行 choice: by the title (sent as nothing), or the officer's mark either way. */
function provisionalOf(choice: string | null): { provisional?: boolean } {
  return choice === "yes" ? { provisional: true } : choice === "no" ? { provisional: false } : {};
}

/** The register's or the draft's params from the form; blank optional fields are not sent. */
export function documentParamsOf(form: URLSearchParams): Omit<RegisterParams, "bodyId"> {
  const reason = value(form, "waiverReason");
  return formInput({
    ...filled(form, DOCUMENT_FIELDS),
    policy: form.get("policy") !== "no",
    ...provisionalOf(form.get("provisional")),
    ...filingParamsOf(form),
    ...(reason ? { interpretationWaiver: { reason } } : {}),
  });
}

/** The service's field names as the form's inputs. */
export function documentInputOf(apiField: string): string | undefined {
  if (apiField.startsWith("interpretationWaiver")) return "waiverReason";
  return apiField || undefined;
}

async function consultationChoices(c: ConsoleContext): Promise<[string, string][]> {
  const items = await allItems(c, documents.listConsultations, {});
  return items.map((x) => [x.id, x.title]);
}

/** The draft's fields: for registering (empty) and for editing (the draft's values). */
function documentFields(
  v: (name: string) => string | undefined,
  errors: FieldErrors,
  consultations: [string, string][],
): SafeHtml {
  return html`${field({ name: "title", label: "标题", value: v("title"), errors, required: true, maxlength: 300 })}
  ${field({ name: "docNumber", label: "文号", value: v("docNumber"), errors, required: true, maxlength: 100, hint: "如 浙民发〔2026〕12号。" })}
  ${field({ name: "signedOn", label: "成文日期", type: "date", value: v("signedOn"), errors, required: true })}
  ${field({ name: "publishedOn", label: "发布日期", type: "date", value: v("publishedOn"), errors, hint: "不填时为发布当日。" })}
  ${field({ name: "effectiveFrom", label: "施行日期", type: "date", value: v("effectiveFrom"), errors, hint: "不填时为发布之日起 30 日后。" })}
  ${field({ name: "validUntil", label: "有效期至", type: "date", value: v("validUntil"), errors, hint: "不填时有效期为 5 年；暂行、试行文件为 2 年。" })}
  ${select({
    name: "provisional",
    label: "是否为暂行、试行文件",
    value: v("provisional"),
    options: [
      ["yes", "是（有效期 2 年）"],
      ["no", "否（有效期 5 年）"],
    ],
    blank: "按标题判断（含“暂行”“试行”的为是）",
    errors,
  })}
  ${textarea({ name: "text", label: "正文", value: v("text"), errors, required: true, rows: 12, maxlength: 200000 })}
  ${textarea({ name: "legalBasis", label: "制定依据", value: v("legalBasis"), errors, required: true, rows: 3, maxlength: 5000 })}
  ${select({
    name: "policy",
    label: "是否需要政策解读",
    value: v("policy") ?? "yes",
    options: [
      ["yes", "需要（政策性文件，须与解读同步发布）"],
      ["no", "不需要"],
    ],
    errors,
  })}
  ${textarea({ name: "waiverReason", label: "不需要解读的理由（选填，公开）", value: v("waiverReason"), errors, rows: 2, maxlength: 1000, hint: "政策性文件确不需要解读的，注明理由后可不附解读发布。" })}
  ${select({ name: "consultationId", label: "对应的征求意见（选填）", value: v("consultationId"), options: consultations, blank: "无", errors, hint: "文件是征求意见的结果时，须先公布采纳情况才能发布。" })}
  ${filingFields(v, errors)}`;
}

export async function documentsListPage(c: ConsoleContext): Promise<void> {
  const stage = c.params.stage === "draft" || c.params.stage === "published" ? c.params.stage : "";
  const cursor = c.params.cursor && /^[A-Za-z0-9_-]{1,200}$/.test(c.params.cursor) ? c.params.cursor : undefined;
  const page = await c.call(documents.list, formInput({ stage: stage || undefined, cursor, limit: PAGE_SIZE }));
  c.render(200, {
    title: "规范性文件",
    active: "documents",
    flash: flashOf(c),
    body: html`<h1>行政规范性文件</h1>
      <p class="lead">本机关的规范性文件：登记草稿、添加政策解读后同步发布；发布后登记修改、废止和清理情况。</p>
      <nav class="actions" aria-label="规范性文件操作">
        <a class="button primary" href="/console/documents/new">登记文件</a>
        <a class="button" href="/console/documents/cleanup">清理提示</a>
        <a class="button" href="/console/openness-guide">政府信息公开指南</a>
      </nav>
      <form method="get" action="/console/documents" class="filters" aria-label="筛选文件">
        ${select({ name: "stage", label: "阶段", value: stage, blank: "全部", options: Object.entries(DOCUMENT_STAGE_LABELS) })}
        <div class="field"><button type="submit" class="primary">筛选</button></div>
      </form>
      ${table(
        ["标题", "文号", "登记号", "阶段", "效力状态", "发布日期"],
        page.items.map((d) => [
          html`<a href="${pathOf("console", "documents", d.id)}">${d.title}</a>`,
          d.docNumber,
          d.registrationNo,
          labelOf(DOCUMENT_STAGE_LABELS, d.stage),
          d.status?.label ?? "—",
          day(d.publishedOn) || "—",
        ]),
        cursor ? "文件列表（续页）" : "文件列表",
      )}
      <nav class="actions" aria-label="翻页">
        ${cursor && html`<a class="button" href="${href("/console/documents", { stage })}">回到第一页</a>`}
        ${
          page.nextCursor &&
          html`<a class="button" rel="next" href="${href("/console/documents", { stage, cursor: page.nextCursor })}"
            >下一页</a
          >`
        }
      </nav>`,
  });
}

export async function newDocumentPage(c: ConsoleContext, status = 200, errors: FieldErrors = {}): Promise<void> {
  const admin = c.user.role === "admin";
  const [bodies, consultations] = await Promise.all([
    admin ? allItems(c, feed.listBodies, { counts: false }) : Promise.resolve([]),
    consultationChoices(c),
  ]);
  const v = (name: string) => c.form.get(name) ?? undefined;
  c.render(status, {
    title: "登记规范性文件",
    active: "documents",
    body: html`<p><a href="/console/documents">返回文件列表</a></p>
      <h1>登记规范性文件</h1>
      <p class="lead">登记后为草稿，系统统一编登记号；添加政策解读后发布。</p>
      ${errorSummary(errors, LABELS)}
      <form method="post" action="/console/documents/new" novalidate>
        ${csrfField(c.csrf)}
        ${
          admin &&
          select({
            name: "bodyId",
            label: "制定机关",
            value: v("bodyId"),
            options: bodies.map((b) => [b.id, b.name]),
            blank: "请选择",
            errors,
            required: true,
          })
        }
        ${documentFields(v, errors, consultations)}
        <button type="submit" class="primary">登记</button>
      </form>`,
  });
}

/** The 简明问答 textarea: pairs separated by a blank line, the question on the first line. */
export function qaOf(text: string | null): { question: string; answer: string }[] {
  return (text ?? "")
    .split(/\r?\n\s*\r?\n/)
    .map((block) => block.trim())
    .filter(Boolean)
    .map((block) => {
      const [first = "", ...rest] = block.split(/\r?\n/);
      return {
        question: first.replace(/^问[：:]\s*/, "").trim(),
        answer: rest
          .join("\n")
          .replace(/^答[：:]\s*/, "")
          .trim(),
      };
    });
}

function qaText(qa: readonly { question: string; answer: string }[]): string {
  return qa.map((p) => `问：${p.question}\n答：${p.answer}`).join("\n\n");
}

function interpretationsHtml(d: DocumentView): HtmlValue {
  if (!d.interpretations.length) return html`<p>尚无政策解读。</p>`;
  return d.interpretations.map(
    (i) =>
      html`<article>
        <h3>${i.timingLabel}${i.publishedOn && html`（${day(i.publishedOn)}发布）`}</h3>
        <p>起草单位：${i.draftingUnit}；解读人：${i.interpreter}</p>
        ${i.text && html`<p>${excerpt(i.text, 300)}</p>`} ${i.qa.length > 0 && html`<p>简明问答 ${i.qa.length} 条</p>`}
        ${i.graphics.length > 0 && html`<p>图解：${i.graphics.map((g) => g.alt).join("；")}</p>`}
      </article>`,
  );
}

function stepForms(c: ConsoleContext, d: DocumentView, state: FormState | undefined, others: [string, string][]) {
  const base = `/console/documents/${d.id}`;
  const today = chinaToday();
  const forms: HtmlValue[] = [];
  const last = d.interpretations.at(-1);
  if (d.actions.includes("interpret")) {
    const v = valuesFor(state, "interpret");
    const errors = errorsFor(state, "interpret");
    forms.push(
      stepForm(
        c,
        `${base}/interpret`,
        d.stage === "draft" ? "政策解读（与文件同步发布）" : "施行后解读",
        errors,
        {
          "interpret.text": "解读正文",
          "interpret.qa": "简明问答",
          "interpret.draftingUnit": "起草单位",
          "interpret.interpreter": "解读人",
          "interpret.graphics": "图解",
        },
        html`${textarea({ name: "interpret.text", label: "解读正文", value: v("interpret.text") ?? (d.stage === "draft" ? last?.text : ""), errors, rows: 8, maxlength: 50000 })}
        ${textarea({ name: "interpret.qa", label: "简明问答（选填）", value: v("interpret.qa") ?? (d.stage === "draft" && last ? qaText(last.qa) : ""), errors, rows: 6, hint: "每组问答之间空一行：第一行为问题，其后为回答。" })}
        ${field({ name: "interpret.draftingUnit", label: "起草单位", value: v("interpret.draftingUnit") ?? last?.draftingUnit, errors, maxlength: 200, hint: "谁起草谁解读；不填为本机关。" })}
        ${field({ name: "interpret.interpreter", label: "解读人", value: v("interpret.interpreter") ?? last?.interpreter, errors, maxlength: 200, hint: "不填为当前登录的工作人员。" })}
        ${graphicsPicker(d, state, d.stage === "draft" ? last : undefined)}`,
        "保存解读",
      ),
    );
  }
  if (d.actions.includes("publish")) {
    const errors = errorsFor(state, "publish");
    forms.push(
      stepForm(
        c,
        `${base}/publish`,
        "发布",
        errors,
        { "publish.publishedOn": "发布日期" },
        html`<p>文件与政策解读同步发布，同一时刻在门户网站公开。</p>
          ${field({ name: "publish.publishedOn", label: "发布日期（选填）", type: "date", value: valuesFor(state, "publish")("publish.publishedOn") ?? d.publishedOn, errors })}`,
        "发布文件",
      ),
    );
  }
  if (d.actions.includes("amend")) {
    const v = valuesFor(state, "amend");
    const errors = errorsFor(state, "amend");
    forms.push(
      stepForm(
        c,
        `${base}/amend`,
        "登记修改",
        errors,
        { "amend.on": "修改日期", "amend.amendedBy": "修改文件" },
        html`${field({ name: "amend.on", label: "修改日期", type: "date", value: v("amend.on") ?? today, errors, required: true })}
        ${select({ name: "amend.amendedBy", label: "修改本文件的文件", value: v("amend.amendedBy"), options: others, blank: "请选择", errors, required: true })}`,
        "登记修改",
      ),
    );
  }
  if (d.actions.includes("repeal")) {
    const v = valuesFor(state, "repeal");
    const errors = errorsFor(state, "repeal");
    forms.push(
      stepForm(
        c,
        `${base}/repeal`,
        "登记废止",
        errors,
        { "repeal.on": "废止日期", "repeal.reason": "废止理由" },
        html`${field({ name: "repeal.on", label: "废止日期", type: "date", value: v("repeal.on") ?? today, errors, required: true })}
        ${textarea({ name: "repeal.reason", label: "废止理由（公开）", value: v("repeal.reason"), errors, required: true, rows: 2, maxlength: 1000 })}`,
        "登记废止",
      ),
    );
  }
  if (d.actions.includes("review")) {
    const errors = errorsFor(state, "review");
    forms.push(
      stepForm(
        c,
        `${base}/review`,
        "登记清理（经评估继续有效）",
        errors,
        { "review.on": "清理日期" },
        field({
          name: "review.on",
          label: "清理日期",
          type: "date",
          value: valuesFor(state, "review")("review.on") ?? today,
          errors,
          required: true,
        }),
        "登记清理",
      ),
    );
  }
  if (d.stage === "published") {
    forms.push(
      html`<form method="post" action="${base}/basis" class="inline-form">
        ${csrfField(c.csrf)}<input type="hidden" name="repealed" value="${d.basisRepealed ? "false" : "true"}" />
        <button type="submit">${d.basisRepealed ? "制定依据已恢复有效" : "标记制定依据已废止"}</button>
      </form>`,
    );
  }
  return forms;
}

export async function documentPage(c: ConsoleContext, status: number, state?: FormState): Promise<void> {
  const d = await c.call(documents.get, { id: pathId(c) });
  const [consultations, others] = await Promise.all([
    d.actions.includes("edit") ? consultationChoices(c) : Promise.resolve([] as [string, string][]),
    d.actions.includes("amend")
      ? allItems(c, documents.list, { stage: "published" }).then((xs) =>
          xs.filter((x) => x.id !== d.id).map((x): [string, string] => [x.id, `${x.title}（${x.docNumber}）`]),
        )
      : Promise.resolve([] as [string, string][]),
  ]);
  const editErrors = errorsFor(state, "edit");
  const kept = valuesFor(state, "edit");
  const current: Record<string, string | undefined> = {
    title: d.title,
    docNumber: d.docNumber,
    signedOn: d.signedOn,
    publishedOn: d.publishedOn ?? undefined,
    effectiveFrom: d.effectiveFrom ?? undefined,
    validUntil: d.validUntil ?? undefined,
    provisional: d.validityBasis === "provisional" ? "yes" : d.validityBasis === "default" ? "no" : undefined,
    text: d.text,
    legalBasis: d.legalBasis,
    policy: d.policy ? "yes" : "no",
    waiverReason: d.waiverReason ?? undefined,
    consultationId: d.consultationId ?? undefined,
    ...filingValues(d),
  };
  c.render(status, {
    title: d.title,
    active: "documents",
    flash: state ? undefined : flashOf(c),
    body: html`<p><a href="/console/documents">返回文件列表</a></p>
      <h1>${d.title}</h1>
      ${d.banner && html`<p class="lead" role="note">${d.banner}</p>`}
      <dl class="facts">
        <dt>文号</dt>
        <dd>${d.docNumber}</dd>
        <dt>登记号</dt>
        <dd>${d.registrationNo}</dd>
        <dt>阶段</dt>
        <dd>${labelOf(DOCUMENT_STAGE_LABELS, d.stage)}</dd>
        <dt>效力状态</dt>
        <dd>${d.status ? `${d.status.label}（自${day(d.status.since)}）` : "—"}</dd>
        <dt>成文日期</dt>
        <dd>${day(d.signedOn)}</dd>
        <dt>发布日期</dt>
        <dd>${day(d.publishedOn) || "—"}</dd>
        <dt>施行日期</dt>
        <dd>${day(d.effectiveFrom) || "—"}</dd>
        <dt>有效期至</dt>
        <dd>${day(d.validUntil) || "—"}${d.validityBasis && `（${validityBasisLabel(d.validityBasis)}）`}</dd>
        <dt>政策解读</dt>
        <dd>${d.policy ? "需要" : `不需要${d.waiverReason ? `：${d.waiverReason}` : ""}`}</dd>
        <dt>政府信息公开平台</dt>
        <dd>${filingText(d)}</dd>
        <dt>制定依据</dt>
        <dd>${d.basisRepealed ? "已废止（需清理）" : "有效"}</dd>
        ${
          d.stage === "published" &&
          html`<dt>门户页面</dt>
            <dd><a href="${pathOf("documents", d.id)}">查看公开页面</a></dd>`
        }
        <dt>登记时间</dt>
        <dd>${when(d.createdAt)}</dd>
      </dl>
      ${
        d.history.length > 0 &&
        html`<h2>效力变化</h2>
          <ol>
            ${d.history.map((h) => html`<li>${h.text}${h.reason && `（${h.reason}）`}</li>`)}
          </ol>`
      }
      <h2>政策解读</h2>
      ${interpretationsHtml(d)} ${filesHtml(c, d, state)}
      <h2>办理</h2>
      ${stepForms(c, d, state, others)}
      ${
        d.actions.includes("edit") &&
        html`<form method="post" action="/console/documents/${d.id}/edit" novalidate>
          ${csrfField(c.csrf)}
          <fieldset class="group">
            <legend>修改草稿</legend>
            ${errorSummary(editErrors, LABELS)}
            ${documentFields((n) => kept(n) ?? current[n], editErrors, consultations)}
            <button type="submit" class="primary">保存草稿</button>
          </fieldset>
        </form>`
      }
      ${d.stage === "published" && filingForm(c, d, errorsFor(state, "filing"), valuesFor(state, "filing"))}
      ${
        d.stage === "published" &&
        html`<h2>正文</h2>
          <div class="prose"><p>${excerpt(d.text, 2000)}</p></div>`
      }`,
  });
}

export async function cleanupPage(c: ConsoleContext): Promise<void> {
  const admin = c.user.role === "admin";
  const bodyId = admin ? c.params.bodyId?.trim() || undefined : undefined;
  const [view, bodies] = await Promise.all([
    c.call(documents.cleanup, bodyId ? { bodyId } : {}),
    admin ? allItems(c, feed.listBodies, { counts: false }) : Promise.resolve([]),
  ]);
  const reasonText = (r: (typeof view.items)[number]["reasons"][number]) =>
    r.kind === "expiring"
      ? `有效期将于${day(r.validUntil)}届满（剩 ${r.daysLeft} 日）`
      : r.kind === "review_overdue"
        ? `超过 2 年未清理（${r.lastReviewedOn ? `上次清理 ${day(r.lastReviewedOn)}` : "从未清理"}，应于${day(r.reviewDueOn)}前清理）`
        : "制定依据已废止";
  c.render(200, {
    title: "清理提示",
    active: "documents",
    body: html`<p><a href="/console/documents">返回文件列表</a></p>
      <h1>规范性文件清理提示</h1>
      <p class="lead">
        截至${day(view.asOf)}：180 日内有效期届满的、制定依据已废止的、2
        年内未清理的文件。请评估后登记修改、废止或清理。
      </p>
      ${
        admin &&
        html`<form method="get" action="/console/documents/cleanup" class="filters" aria-label="选择制定机关">
          ${select({ name: "bodyId", label: "制定机关", value: bodyId, blank: "全部", options: bodies.map((b) => [b.id, b.name]) })}
          <div class="field"><button type="submit" class="primary">查看</button></div>
        </form>`
      }
      ${table(
        ["标题", "文号", "登记号", "发布日期", "提示"],
        view.items.map((i) => [
          html`<a href="${pathOf("console", "documents", i.id)}">${i.title}</a>`,
          i.docNumber,
          i.registrationNo,
          day(i.publishedOn),
          html`<ul>
            ${i.reasons.map((r) => html`<li>${reasonText(r)}</li>`)}
          </ul>`,
        ]),
        "需要清理的文件",
      )}`,
  });
}
