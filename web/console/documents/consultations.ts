/**
 * 预公开 on the console: the body's consultations, opening one (the window's minimum by kind; a
 * shorter one needs a public reason), and each consultation's page: its hearing notice, the
 * comments to moderate (publish or reject; contacts are seen here only) and, once the window has
 * closed, the adoption report (采纳情况).
 */
import { chinaToday } from "../../../shared/dates.js";
import { CONSULTATION_KIND_LABELS } from "../../../shared/documents.js";
import { formInput } from "../../../lib/contract.js";
import { documents, type ConsultationView } from "../../../services/documents/contract.js";
import { feed } from "../../../services/feed/contract.js";
import { href, html, type HtmlValue, pathOf } from "../../html/html.js";
import { allItems, pathId, type ConsoleContext } from "../context.js";
import { labelOf } from "../labels.js";
import { consultationFilesHtml } from "./files.js";
import {
  csrfField,
  day,
  errorSummary,
  field,
  type FieldErrors,
  postButton,
  select,
  table,
  textarea,
  when,
} from "../layout.js";
import { errorsFor, excerpt, flashOf, type FormState, linesOf, PAGE_SIZE, stepForm, valuesFor } from "./shared.js";

export const PHASE_LABELS: Record<string, string> = { not_yet_open: "尚未开始", open: "征求意见中", closed: "已截止" };
const COMMENT_STATUS_LABELS: Record<string, string> = { received: "待审核", published: "已公开", rejected: "不予公开" };

export const CONSULTATION_LABELS: Record<string, string> = {
  bodyId: "起草机关",
  title: "标题",
  kind: "类别",
  draftText: "征求意见稿",
  explanation: "起草说明",
  basis: "起草依据",
  opensOn: "开始日期",
  closesOn: "截止日期",
  shortReason: "征求意见期较短的理由",
};

export async function consultationsListPage(c: ConsoleContext): Promise<void> {
  const cursor = c.params.cursor && /^[A-Za-z0-9_-]{1,200}$/.test(c.params.cursor) ? c.params.cursor : undefined;
  const page = await c.call(documents.listConsultations, formInput({ cursor, limit: PAGE_SIZE }));
  c.render(200, {
    title: "征求意见",
    active: "consultations",
    flash: flashOf(c),
    body: html`<h1>征求意见（预公开）</h1>
      <p class="lead">重大行政决策、规章和规范性文件草案公开征求意见：审核公众意见，征求意见结束后公布采纳情况。</p>
      <nav class="actions" aria-label="征求意见操作">
        <a class="button primary" href="/console/consultations/new">发布征求意见</a>
      </nav>
      ${table(
        ["标题", "类别", "征求意见期", "状态", "待审核意见", "采纳情况"],
        page.items.map((x) => [
          html`<a href="${pathOf("console", "consultations", x.id)}">${x.title}</a>`,
          x.kindLabel,
          `${day(x.opensOn)}至${day(x.closesOn)}`,
          labelOf(PHASE_LABELS, x.phase),
          String(x.comments.filter((m) => m.status === "received").length),
          x.adoption ? "已公布" : "—",
        ]),
        cursor ? "征求意见列表（续页）" : "征求意见列表",
      )}
      <nav class="actions" aria-label="翻页">
        ${cursor && html`<a class="button" href="/console/consultations">回到第一页</a>`}
        ${
          page.nextCursor &&
          html`<a class="button" rel="next" href="${href("/console/consultations", { cursor: page.nextCursor })}"
            >下一页</a
          >`
        }
      </nav>`,
  });
}

export async function newConsultationPage(c: ConsoleContext, status = 200, errors: FieldErrors = {}): Promise<void> {
  const admin = c.user.role === "admin";
  const bodies = admin ? await allItems(c, feed.listBodies, { counts: false }) : [];
  const v = (name: string) => c.form.get(name) ?? undefined;
  c.render(status, {
    title: "发布征求意见",
    active: "consultations",
    body: html`<p><a href="/console/consultations">返回征求意见列表</a></p>
      <h1>发布征求意见</h1>
      <p class="lead">
        征求意见期一般不少于 30 日（重大行政决策、规章、涉及市场主体的规范性文件），规范性文件不少于 7
        个工作日；确需缩短的，须说明理由并公开。
      </p>
      ${errorSummary(errors, CONSULTATION_LABELS)}
      <form method="post" action="/console/consultations/new" novalidate>
        ${csrfField(c.csrf)}
        ${admin && select({ name: "bodyId", label: "起草机关", value: v("bodyId"), options: bodies.map((b) => [b.id, b.name]), blank: "请选择", errors, required: true })}
        ${field({ name: "title", label: "标题", value: v("title"), errors, required: true, maxlength: 300 })}
        ${select({ name: "kind", label: "类别", value: v("kind"), options: Object.entries(CONSULTATION_KIND_LABELS), blank: "请选择", errors, required: true })}
        ${textarea({ name: "draftText", label: "征求意见稿", value: v("draftText"), errors, required: true, rows: 10, maxlength: 200000 })}
        ${textarea({ name: "explanation", label: "起草说明", value: v("explanation"), errors, required: true, rows: 5, maxlength: 50000 })}
        ${textarea({ name: "basis", label: "起草依据", value: v("basis"), errors, required: true, rows: 3, maxlength: 5000 })}
        ${field({ name: "opensOn", label: "开始日期", type: "date", value: v("opensOn") ?? chinaToday(), errors, required: true })}
        ${field({ name: "closesOn", label: "截止日期", type: "date", value: v("closesOn"), errors, required: true, hint: "截止日 24 时结束。" })}
        ${textarea({ name: "shortReason", label: "征求意见期较短的理由（选填，公开）", value: v("shortReason"), errors, rows: 2, maxlength: 1000 })}
        <button type="submit" class="primary">发布</button>
      </form>`,
  });
}

function commentsHtml(c: ConsoleContext, x: ConsultationView): HtmlValue {
  return table(
    ["收到时间", "意见", "联系方式（不公开）", "状态", "审核"],
    x.comments.map((m) => [
      when(m.createdAt),
      excerpt(m.content, 500),
      m.contact ?? "—",
      labelOf(COMMENT_STATUS_LABELS, m.status),
      m.status === "received"
        ? html`<div class="actions">
            ${postButton(`/console/consultations/${x.id}/comments/${m.id}/publish`, "公开", c.csrf)}
            ${postButton(`/console/consultations/${x.id}/comments/${m.id}/reject`, "不予公开", c.csrf)}
          </div>`
        : m.moderatedAt
          ? `${when(m.moderatedAt)}审核`
          : "—",
    ]),
    "收到的意见",
  );
}

/** The adoption report's groups: one line each, the reason and the count after the last ｜ or |. */
export function notAdoptedOf(text: string | null): { reason: string; count: string }[] {
  return linesOf(text).map((line) => {
    const at = Math.max(line.lastIndexOf("|"), line.lastIndexOf("｜"));
    return at < 0
      ? { reason: line, count: "" }
      : { reason: line.slice(0, at).trim(), count: line.slice(at + 1).trim() };
  });
}

export async function consultationPage(c: ConsoleContext, status: number, state?: FormState): Promise<void> {
  const x = await c.call(documents.getConsultation, { id: pathId(c) });
  const base = `/console/consultations/${x.id}`;
  const forms: HtmlValue[] = [];
  if (!x.hearing && x.phase !== "closed") {
    const v = valuesFor(state, "hearing");
    const errors = errorsFor(state, "hearing");
    forms.push(
      stepForm(
        c,
        `${base}/hearing`,
        "听证会公告（须至少提前 7 日）",
        errors,
        { "hearing.heldOn": "举行日期", "hearing.place": "地点", "hearing.participants": "参加人员" },
        html`${field({ name: "hearing.heldOn", label: "举行日期", type: "date", value: v("hearing.heldOn"), errors, required: true })}
        ${field({ name: "hearing.place", label: "地点", value: v("hearing.place"), errors, required: true, maxlength: 300 })}
        ${textarea({ name: "hearing.participants", label: "参加人员（每行一位）", value: v("hearing.participants"), errors, required: true, rows: 4 })}`,
        "发布听证会公告",
      ),
    );
  }
  if (x.phase === "closed" && !x.adoption) {
    const v = valuesFor(state, "adoption");
    const errors = errorsFor(state, "adoption");
    const received = x.comments.filter((m) => m.status !== "rejected").length;
    forms.push(
      stepForm(
        c,
        `${base}/adoption`,
        "公布意见采纳情况",
        errors,
        {
          "adoption.received": "收到意见条数",
          "adoption.adopted": "采纳条数",
          "adoption.notAdopted": "未采纳的理由",
          "adoption.summary": "说明",
        },
        html`${field({ name: "adoption.received", label: "收到意见条数", type: "number", value: v("adoption.received") ?? received, errors, required: true, hint: "含线下收到的意见。" })}
        ${field({ name: "adoption.adopted", label: "采纳条数", type: "number", value: v("adoption.adopted"), errors, required: true })}
        ${textarea({ name: "adoption.notAdopted", label: "未采纳的理由（分组）", value: v("adoption.notAdopted"), errors, rows: 4, hint: "每行一组：理由｜条数，如“超出本文件调整范围｜3”。" })}
        ${textarea({ name: "adoption.summary", label: "说明（选填）", value: v("adoption.summary"), errors, rows: 4, maxlength: 20000 })}`,
        "公布采纳情况",
      ),
    );
  }
  // A refusal of a form this page does not show now (a moderation, a report while still open) goes above.
  const shown = new Set([
    ...(x.hearing || x.phase === "closed" ? [] : ["hearing"]),
    ...(x.phase === "closed" && !x.adoption ? ["adoption"] : []),
  ]);
  const moderateError = state && !shown.has(state.form) ? Object.values(state.errors).join(" ") : undefined;
  c.render(status, {
    title: x.title,
    active: "consultations",
    flash: moderateError ? { kind: "error", text: moderateError } : state ? undefined : flashOf(c),
    body: html`<p><a href="/console/consultations">返回征求意见列表</a></p>
      <h1>${x.title}</h1>
      <dl class="facts">
        <dt>类别</dt>
        <dd>${x.kindLabel}</dd>
        <dt>征求意见期</dt>
        <dd>${day(x.opensOn)}至${day(x.closesOn)}（法定最短至${day(x.minimumClosesOn)}）</dd>
        <dt>状态</dt>
        <dd>${labelOf(PHASE_LABELS, x.phase)}</dd>
        ${
          x.shortReason &&
          html`<dt>缩短理由</dt>
            <dd>${x.shortReason}</dd>`
        }
        ${
          x.hearing &&
          html`<dt>听证会</dt>
            <dd>${day(x.hearing.heldOn)}，${x.hearing.place}（${x.hearing.participants.join("、")}）</dd>`
        }
        ${
          x.adoption &&
          html`<dt>采纳情况</dt>
            <dd>
              ${day(x.adoption.reportedOn)}公布：收到 ${x.adoption.received} 条，采纳 ${x.adoption.adopted} 条，未采纳
              ${x.adoption.notAdoptedTotal} 条
            </dd>`
        }
        ${
          x.finalDocumentId &&
          html`<dt>最终文件</dt>
            <dd><a href="${pathOf("console", "documents", x.finalDocumentId)}">查看文件</a></dd>`
        }
        <dt>门户页面</dt>
        <dd><a href="${pathOf("consultations", x.id)}">查看公开页面</a></dd>
      </dl>
      <h2>意见审核</h2>
      ${commentsHtml(c, x)} ${forms.length > 0 && html`<h2>办理</h2>`} ${forms} ${consultationFilesHtml(c, x, state)}
      <h2>征求意见稿</h2>
      <div class="prose"><p>${excerpt(x.draftText, 2000)}</p></div>`,
  });
}
