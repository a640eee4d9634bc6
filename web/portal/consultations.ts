/**
 * 重大决策预公开 on the portal: the consultations (open ones first, with the days left; closed ones
 * after) and each consultation's page — the draft, its 起草说明 and basis, the window, a hearing's
 * notice, the comment form while it is open (contact optional and never public), the comments
 * published after moderation, and the adoption report (采纳情况) once published.
 */
import type { PublicConsultationDetail, PublicConsultationItem } from "../../services/feed/contract.js";
import { html, pathOf, raw, type HtmlValue, type SafeHtml } from "../html/html.js";
import { fileList } from "./documents.js";
import { layout, type PageContext } from "./layout.js";
import { pagerNav, type PageState } from "./pager.js";
import { dateTag, fieldList, metaItem, paragraphs, section } from "./parts.js";

export const CONSULTATIONS_PATH = "/consultations";

const PHASE_LABELS = { not_yet_open: "尚未开始", open: "正在征求意见", closed: "已截止" } as const;

function phaseBadge(phase: keyof typeof PHASE_LABELS): SafeHtml {
  const modifier = phase === "open" ? "published" : phase === "closed" ? "expired" : "corrected";
  return html`<span class="badge badge--${modifier}">${PHASE_LABELS[phase]}</span>`;
}

export interface ConsultationsPageInput extends PageContext {
  items: readonly PublicConsultationItem[];
  state: PageState;
  nextCursor: string | null;
  pageSize: number;
}

function consultationItem(c: PublicConsultationItem): SafeHtml {
  return html`<li class="notice-item">
    <h3><a href="${pathOf("consultations", c.id)}">${c.title}</a> ${phaseBadge(c.phase)}</h3>
    <dl class="meta">
      ${metaItem("起草机关", c.bodyName ?? "—")}${metaItem("类别", c.kindLabel)}
      ${metaItem("征求意见期", html`${dateTag(c.opensOn)}至${dateTag(c.closesOn)}`)}
      ${c.daysLeft && metaItem("剩余时间", c.daysLeft.text)}
      ${c.phase === "closed" && metaItem("采纳情况", c.adoptionReported ? "已公布" : "待公布")}
    </dl>
  </li>`;
}

export function consultationsPage({ items, state, nextCursor, pageSize, baseUrl }: ConsultationsPageInput): string {
  const open = items.filter((c) => c.phase !== "closed");
  const closed = items.filter((c) => c.phase === "closed");
  const body = html`<h1>征求意见</h1>
    <p>
      重大行政决策、规章和行政规范性文件的草案在决定前向社会公开征求意见。征求意见期间，任何人都可以提交意见；意见经审核后公开（不公开联系方式），征求意见结束后公布意见采纳情况。
    </p>
    ${section(
      "open",
      "正在征求意见",
      open.length
        ? html`<ol class="notice-list">
            ${open.map(consultationItem)}
          </ol>`
        : html`<p>${state.cursor ? "本页没有正在征求意见的草案。" : "目前没有正在征求意见的草案。"}</p>`,
    )}
    ${section(
      "closed",
      "已截止",
      closed.length
        ? html`<ol class="notice-list">
            ${closed.map(consultationItem)}
          </ol>`
        : html`<p>本页没有已截止的征求意见。</p>`,
    )}
    ${pagerNav({ path: CONSULTATIONS_PATH, filters: {}, state, shown: items.length, pageSize, nextCursor })}`;
  return layout({ title: "征求意见", body, baseUrl, path: CONSULTATIONS_PATH });
}

export interface CommentFormState {
  values?: { content?: string; contact?: string };
  errors?: readonly { field: string; message: string }[];
}

function errorOf(s: CommentFormState, field: string): string | undefined {
  return s.errors?.find((e) => e.field === field)?.message;
}

function describedBy(s: CommentFormState, field: string): HtmlValue {
  const ids = [`cm-${field}-hint`, errorOf(s, field) && `cm-${field}-error`].filter(Boolean).join(" ");
  return html` aria-describedby="${ids}"${errorOf(s, field) && raw(' aria-invalid="true"')}`;
}

function errorLine(s: CommentFormState, field: string): HtmlValue {
  const message = errorOf(s, field);
  return message && html`<p class="field-error" id="cm-${field}-error">${message}</p>`;
}

export function commentForm(id: string, s: CommentFormState): SafeHtml {
  const formError = errorOf(s, "form");
  return html`<form method="post" action="${pathOf("consultations", id, "comments")}" class="feedback-form" novalidate>
    ${
      s.errors?.length &&
      html`<div class="note" role="alert">
        <p>意见未能提交，请检查以下内容：</p>
        <ul>
          ${s.errors.map((e) => html`<li>${e.message}</li>`)}
        </ul>
      </div>`
    }
    ${formError && html`<p class="field-error" id="cm-form-error">${formError}</p>`}
    <div class="field">
      <label for="cm-content">您的意见<span class="req">（必填）</span></label>
      <p class="hint" id="cm-content-hint">不超过 5000 字。意见经审核后公开，其中的个人信息会被遮盖。</p>
      <textarea id="cm-content" name="content" rows="8" maxlength="5000" ${describedBy(s, "content")}>
${s.values?.content ?? ""}</textarea>
      ${errorLine(s, "content")}
    </div>
    <div class="field">
      <label for="cm-contact">联系方式（选填）</label>
      <p class="hint" id="cm-contact-hint">仅供起草机关联系您，不会公开。</p>
      <input
        id="cm-contact"
        name="contact"
        type="text"
        maxlength="200"
        autocomplete="off"
        value="${s.values?.contact ?? ""}"
        ${describedBy(s, "contact")}
      />
      ${errorLine(s, "contact")}
    </div>
    <div class="hp" aria-hidden="true">
      <label for="cm-website">请勿填写此项</label>
      <input id="cm-website" name="website" type="text" tabindex="-1" autocomplete="off" />
    </div>
    <div class="form-actions"><button type="submit">提交意见</button></div>
  </form>`;
}

export interface ConsultationPageInput extends PageContext {
  consultation: PublicConsultationDetail;
  /** The comment form's input and errors after a refused POST. */
  form?: CommentFormState;
  /** The comment was just received (the PRG confirmation). */
  submitted?: "new" | "duplicate";
  /** The title of the final document, when the feed has it. */
  finalTitle?: string;
}

function adoptionSection(c: PublicConsultationDetail): SafeHtml {
  const a = c.adoption;
  if (!a) {
    return section(
      "adoption",
      "意见采纳情况",
      html`<p>${c.phase === "closed" ? "征求意见已截止，采纳情况尚未公布。" : "征求意见结束后公布。"}</p>`,
    );
  }
  return section(
    "adoption",
    "意见采纳情况",
    html`${fieldList([
      ["公布日期", dateTag(a.reportedOn)],
      ["收到意见", `${a.received} 条`],
      ["采纳", `${a.adopted} 条`],
      ["未采纳", `${a.notAdoptedTotal} 条`],
    ])}
    ${
      a.notAdopted.length > 0 &&
      html`<h3>未采纳的理由</h3>
        <ul>
          ${a.notAdopted.map((g) => html`<li>${g.reason}（${g.count} 条）</li>`)}
        </ul>`
    }
    ${a.summary && html`<div class="prose">${paragraphs(a.summary)}</div>`}`,
  );
}

export function consultationPage({ consultation: c, form, submitted, finalTitle, baseUrl }: ConsultationPageInput) {
  const confirmation =
    submitted &&
    html`<div class="banner banner--valid" role="status">
      <p class="banner__title">${submitted === "duplicate" ? "您已提交过相同的意见" : "意见已收到"}</p>
      <p>感谢您的意见。意见经审核后在本页公开（不公开联系方式）；征求意见结束后，本页公布意见采纳情况。</p>
    </div>`;
  const body = html`<h1>${c.title}</h1>
    ${confirmation}
    ${section(
      "info",
      "征求意见信息",
      fieldList([
        ["起草机关", html`<a href="${pathOf("bodies", c.bodyId)}">${c.bodyName || "查看起草机关"}</a>`],
        ["类别", c.kindLabel],
        ["状态", phaseBadge(c.phase)],
        ["征求意见期", html`${dateTag(c.opensOn)}至${dateTag(c.closesOn)}（截止日 24 时）`],
        ...(c.daysLeft ? [["剩余时间", c.daysLeft.text] as const] : []),
        ...(c.shortReason ? [["征求意见期较短的理由", c.shortReason] as const] : []),
        ...(c.finalDocumentId
          ? [
              [
                "最终文件",
                html`<a href="${pathOf("documents", c.finalDocumentId)}">${finalTitle ?? "查看最终发布的文件"}</a>`,
              ] as const,
            ]
          : []),
      ]),
    )}
    ${
      c.hearing &&
      section(
        "hearing",
        "听证会公告",
        html`${fieldList([
            ["公告日期", dateTag(c.hearing.announcedOn)],
            ["举行日期", dateTag(c.hearing.heldOn)],
            ["地点", c.hearing.place],
          ])}
          <h3>参加人员</h3>
          <ul>
            ${c.hearing.participants.map((p) => html`<li>${p}</li>`)}
          </ul>`,
      )
    }
    ${section("draft", "征求意见稿", html`<div class="prose">${paragraphs(c.draftText)}</div>`)}
    ${section("explanation", "起草说明", html`<div class="prose">${paragraphs(c.explanation)}</div>`)}
    ${section("basis", "起草依据", html`<div class="prose">${paragraphs(c.basis)}</div>`)}
    ${c.attachments.length > 0 && section("attachments", "附件", fileList(c.attachments))}
    ${
      c.phase === "open"
        ? section("comment", "提交意见", commentForm(c.id, form ?? {}))
        : section(
            "comment",
            "提交意见",
            html`${
                form?.errors?.length &&
                html`<div class="note" role="alert">
                  <p>意见未能提交：${form.errors.map((e) => e.message)}</p>
                </div>`
              }
              <p>
                ${c.phase === "closed" ? "征求意见已截止，不再接收意见。" : html`征求意见将于${dateTag(c.opensOn)}开始。`}
              </p>`,
          )
    }
    ${section(
      "comments",
      "公开的意见",
      c.comments.length
        ? html`<ol class="replies">
            ${c.comments.map(
              (m) =>
                html`<li>
                  <p class="reply-meta">${dateTag(m.createdAt)}</p>
                  ${paragraphs(m.content)}
                </li>`,
            )}
          </ol>`
        : html`<p>暂无公开的意见。</p>`,
    )}
    ${adoptionSection(c)}
    <p><a href="${CONSULTATIONS_PATH}">返回征求意见列表</a></p>`;
  return layout({
    title: form?.errors?.length ? `${c.title}（请更正）` : c.title,
    body,
    baseUrl,
    path: pathOf("consultations", c.id),
  });
}
