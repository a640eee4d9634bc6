/** The page of one public notice: its status, fields, sections, files and verification QR code. */
import { html, type HtmlValue, pathOf, SafeHtml } from "../html/html.js";
import {
  dateTag,
  fieldList,
  metaItem,
  type NoticeSummary,
  paragraphs,
  printLink,
  section,
  statusBadge,
} from "./parts.js";
import { layout, type PageContext } from "./layout.js";
import { subscribeBox } from "./subscriptions.js";
import type { ChangeType } from "../../shared/subscriptions.js";
import type { NoticeField, NoticeSection } from "../../shared/pdf/notice.js";

/** A notice as notices.publicView (and the feed's getNotice) answers. */
export interface NoticeView extends NoticeSummary {
  bodyId: string;
  decisionNo: string;
  decidedOn: string;
  reason?: string | null;
  statusChangedAt?: string | null;
  successorId?: string | null;
  predecessorId?: string | null;
  verifyCode: string;
  sha256: string;
  /** YYYY-MM-DD: the last day of the publicity period (公示期). */
  expiresOn: string;
  /** Null once the notice is taken down: its PDF is no longer served (410). */
  pdfUrl: string | null;
}

export interface NoticePageInput extends PageContext {
  notice: NoticeView;
  fields: readonly NoticeField[];
  sections: readonly NoticeSection[];
  /** From qrSvg(notice.verifyUrl). */
  qrSvg: SafeHtml;
  /** The public replies and the feedback form (feedback.ts). */
  feedback?: SafeHtml;
}

function statusBanner(notice: NoticeView, baseUrl: string | undefined): HtmlValue {
  const when = notice.statusChangedAt ? html`（${dateTag(notice.statusChangedAt)}）` : "";
  switch (notice.status) {
    case "withdrawn":
      return html`<div class="banner banner--withdrawn">
        <p class="banner__title">已撤下${when}</p>
        <p>本公示已撤下，不再作为有效公示。撤下原因：${notice.reason || "未说明"}</p>
      </div>`;
    case "corrected":
      return html`<div class="banner banner--corrected">
        <p class="banner__title">已更正${when}</p>
        <p>本公示已被更正，请以更正后的公示为准。更正原因：${notice.reason || "未说明"}</p>
        ${notice.successorId && html`<p>${printLink(baseUrl, pathOf("notices", notice.successorId), "查看更正后的公示")}</p>`}
      </div>`;
    case "expired":
      return html`<div class="banner banner--expired">
        <p class="banner__title">已过公示期</p>
        <p>本公示的公示期已于 ${dateTag(notice.expiresOn)} 届满，已撤下，仅保留公示记录。</p>
      </div>`;
    default:
      return "";
  }
}

/** What can still happen to a notice in force: a subscriber of its page is told of these. */
const STATUS_CHANGES: ChangeType[] = ["notice.withdrawn", "notice.corrected", "notice.expired"];

const TAKEN_DOWN_FILE_NOTES: Record<string, string> = {
  withdrawn: "本公示已撤下",
  corrected: "本公示已被更正后的公示取代",
  expired: "本公示已过公示期",
};

/** A field holding a calendar date (决定日期, 处罚有效期…) reads as 年月日; the record keeps it as written. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function noticePage({ notice, fields, sections, qrSvg, feedback, baseUrl }: NoticePageInput): string {
  // Taken down (撤下): the page keeps a tombstone — the fields the feed sends for it, no facts, no PDF.
  const pdfServed = notice.status === "published" && Boolean(notice.pdfUrl);
  const verifyPath = pathOf("verify", notice.verifyCode);
  const body = html`<h1>${notice.title}</h1>
    ${statusBanner(notice, baseUrl)}
    ${
      notice.predecessorId &&
      html`<p class="note">
        此公示更正了此前发布的${printLink(baseUrl, pathOf("notices", notice.predecessorId), "原公示")}。
      </p>`
    }
    <dl class="meta">
      ${metaItem("状态", statusBadge(notice.status))}${metaItem(
        "执法机关",
        html`<a href="${pathOf("bodies", notice.bodyId)}">${notice.bodyName}</a>`,
      )}${metaItem("公示日期", dateTag(notice.publishedAt))}${metaItem("公示期至", dateTag(notice.expiresOn))}
    </dl>
    ${section(
      "fields",
      notice.status === "published" ? "公示内容" : "公示记录",
      fields.length
        ? fieldList(fields.map((f) => [f.label, ISO_DATE.test(f.value) ? dateTag(f.value) : f.value] as const))
        : fieldList(
            (
              [
                ["执法机关", notice.bodyName],
                ["执法对象", notice.status === "published" ? notice.partyName : null],
                ["执法类别", notice.kind],
                ["决定文书号", notice.decisionNo],
                ["决定日期", notice.decidedOn],
              ] as [string, string | null][]
            ).filter((row): row is [string, string] => Boolean(row[1])),
          ),
    )}
    ${(notice.status === "published" ? sections : []).map((s, i) =>
      section(`section-${i + 1}`, s.heading, html`<div class="prose">${paragraphs(s.body)}</div>`),
    )}
    ${section(
      "file",
      "公示文件",
      pdfServed
        ? html`<p>${printLink(baseUrl, notice.pdfUrl as string, "下载公示文件（PDF，含电子签章）")}</p>`
        : html`<p>
            ${TAKEN_DOWN_FILE_NOTES[notice.status] ?? "本公示已撤下"}，公示文件（PDF）不再提供下载。已持有的文件仍可<a
              href="/verify"
              >上传核验</a
            >。
          </p>`,
    )}
    ${section(
      "verification",
      "核验信息",
      html`<div class="verify-box">
        <div>
          ${fieldList([
            ["核验码", html`<code class="code">${notice.verifyCode}</code>`],
            ["文件指纹（SHA-256）", html`<code class="hash">${notice.sha256}</code>`],
          ])}
          <p>${printLink(baseUrl, verifyPath, "在线核验本公示")}</p>
        </div>
        <figure class="qr">
          ${qrSvg}
          <figcaption>扫描二维码核验</figcaption>
        </figure>
      </div>`,
    )}
    ${
      notice.status === "published" &&
      subscribeBox({ recordId: notice.id, types: STATUS_CHANGES }, "本公示被撤下、更正或公示期届满时通知您。")
    }
    ${feedback}`;
  return layout({
    title: `${notice.title}（${notice.decisionNo}）`,
    body,
    baseUrl,
    path: pathOf("notices", notice.id),
  });
}
