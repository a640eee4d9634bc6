/** The verification page (核验): look up a code or a file and say whether this platform issued it. */
import { href, html, type HtmlValue, pathOf, SafeHtml } from "../html/html.js";
import { dateTag, fieldList, isNoticeStatus, type NoticeStatus, printLink, section } from "./parts.js";
import { layout, type PageContext } from "./layout.js";
import { logSection, type LogView } from "./transparency.js";

/** The answer of verification (by code or by file), as notices.verification answers. */
export interface VerifyResult {
  /** Kept for older clients: means `authentic`. */
  valid: boolean;
  /** These are bytes (or the code of a notice) this platform signed, whatever its status now. */
  authentic?: boolean;
  /** Published and in force today. */
  current?: boolean;
  status?: string;
  noticeId?: string;
  sha256?: string;
  publishedAt?: string;
  expiresOn?: string;
  title?: string;
  bodyName?: string;
  decisionNo?: string;
  reason?: string | null;
  successorId?: string | null;
  statusChangedAt?: string | null;
  /** `letter`: a letter to one person (告知书), not a public notice. */
  kind?: "letter";
  documentNumber?: string;
  issuedAt?: string;
  /** The notice's latest entry in the transparency log; null while not yet logged. */
  log?: LogView | null;
}

/** The `error` that says a looked-up code is unknown (the API answered 404). */
export const VERIFY_CODE_NOT_FOUND = "notfound";

/**
 * `result.valid === false` reads as an unknown code when `code` is given, else as a file this
 * platform did not issue; `error: VERIFY_CODE_NOT_FOUND` also says the code is unknown. Any other
 * `error` is a message about the request itself (no file, too large), shown as given.
 */
export interface VerifyPageInput extends PageContext {
  result?: VerifyResult;
  code?: string;
  error?: string;
}

const VERIFY_OUTCOMES: Record<NoticeStatus, { modifier: string; title: string; text: string }> = {
  published: { modifier: "valid", title: "有效", text: "该公示文件由本平台签发，目前处于公示期内。" },
  withdrawn: { modifier: "withdrawn", title: "已撤下", text: "该公示文件由本平台签发，但该公示已撤下。" },
  corrected: {
    modifier: "corrected",
    title: "已更正",
    text: "该公示文件由本平台签发，但该公示已被更正，请以更正后的公示为准。",
  },
  expired: { modifier: "expired", title: "已过公示期", text: "该公示文件由本平台签发，其公示期已届满。" },
};

function verifyResult(
  result: VerifyResult,
  byCode: boolean,
  code: string | undefined,
  baseUrl: string | undefined,
): SafeHtml {
  if (!result.valid) {
    return byCode
      ? html`<div class="banner banner--invalid">
          <p class="banner__title">未找到该核验码</p>
          <p>${code ? html`核验码“${code}”不存在` : "该核验码不存在"}，请检查是否输入有误。</p>
        </div>`
      : html`<div class="banner banner--invalid">
          <p class="banner__title">该文件不是本平台签发的公示文件</p>
          <p>所上传的文件与本平台签发的任何公示文件都不一致：它可能并非本平台签发，或签发后已被修改。</p>
          ${result.sha256 && html`<p>文件指纹（SHA-256）：<code class="hash">${result.sha256}</code></p>`}
        </div>`;
  }
  if (result.kind === "letter") return letterResult(result);
  const status = result.status ?? "";
  const rows: [string, HtmlValue][] = [
    ["公示标题", result.title],
    ["执法机关", result.bodyName],
    ["决定文书号", result.decisionNo],
    ["公示日期", dateTag(result.publishedAt)],
    ["公示期至", dateTag(result.expiresOn)],
    ["文件指纹（SHA-256）", result.sha256 && html`<code class="hash">${result.sha256}</code>`],
  ];
  const current = result.current ?? status === "published";
  // A notice past its publicity period that the expiry check has not reached yet is no longer current either.
  const outcome =
    status === "published" && !current
      ? VERIFY_OUTCOMES.expired
      : isNoticeStatus(status)
        ? VERIFY_OUTCOMES[status]
        : { modifier: "valid", title: "有效", text: "该公示文件由本平台签发。" };
  rows.unshift(
    ["是否本平台签发", (result.authentic ?? result.valid) ? "是，文件真实" : "否"],
    ["当前是否有效", current ? "是，公示中" : "否，已不在公示中"],
  );
  return html`<div class="banner banner--${outcome.modifier}">
      <p class="banner__title">${outcome.title}</p>
      <p>${outcome.text}</p>
      ${status === "withdrawn" && html`<p>撤下原因：${result.reason || "未说明"}</p>`}
      ${status === "corrected" && html`<p>更正原因：${result.reason || "未说明"}</p>`}
      ${
        status === "corrected" &&
        result.successorId &&
        html`<p>${printLink(baseUrl, pathOf("notices", result.successorId), "查看更正后的公示")}</p>`
      }
    </div>
    ${fieldList(rows.filter(([, value]) => Boolean(value)))}
    ${result.noticeId && html`<p>${printLink(baseUrl, pathOf("notices", result.noticeId), "查看公示详情")}</p>`}
    ${logSection(result.log)}`;
}

/** A letter verifies to who issued it and when: its content and addressee are the addressee's alone. */
function letterResult(result: VerifyResult): SafeHtml {
  return html`<div class="banner banner--valid">
      <p class="banner__title">真实有效</p>
      <p>该告知书由本平台签发，文件未被修改。告知书只送达申请人，其内容和收件人不在此显示。</p>
    </div>
    ${fieldList(
      (
        [
          ["是否本平台签发", "是，文件真实"],
          ["文书名称", result.title],
          ["签发机关", result.bodyName],
          ["文号", result.documentNumber],
          ["签发日期", dateTag(result.issuedAt)],
          ["文件指纹（SHA-256）", result.sha256 && html`<code class="hash">${result.sha256}</code>`],
        ] as [string, HtmlValue][]
      ).filter(([, value]) => Boolean(value)),
    )}`;
}

export function verifyPage({ result: given, code, error: givenError, baseUrl }: VerifyPageInput): string {
  const codeUnknown = givenError === VERIFY_CODE_NOT_FOUND;
  const result: VerifyResult | undefined = codeUnknown ? { valid: false } : given;
  const error = codeUnknown ? undefined : givenError;
  const byCode = codeUnknown || Boolean(code);
  const body = html`<h1>核验公示文件</h1>
    <p>凭公示文件页边印制的核验码，或上传公示文件（PDF），可核验文件是否由本平台签发及其当前状态。</p>
    ${
      error &&
      html`<div class="banner banner--error">
        <p class="banner__title">无法完成核验</p>
        <p>${error}</p>
      </div>`
    }
    ${result && section("result", "核验结果", verifyResult(result, byCode, code, baseUrl))}
    ${section(
      "by-code",
      "按核验码核验",
      html`<form method="get" action="/verify">
        <label for="verify-code">核验码</label>
        <p class="hint" id="verify-code-hint">印在公示文件每页页边，如 7K2M-9QXD-4HRT-W3BN。</p>
        <input
          id="verify-code"
          name="code"
          type="text"
          value="${code}"
          maxlength="40"
          autocomplete="off"
          spellcheck="false"
          autocapitalize="characters"
          required
          aria-describedby="verify-code-hint"
        />
        <div class="form-actions"><button type="submit">核验</button></div>
      </form>`,
    )}
    ${section(
      "by-file",
      "上传文件核验",
      html`<form method="post" action="/verify" enctype="multipart/form-data">
        <label for="verify-file">公示文件（PDF）</label>
        <p class="hint" id="verify-file-hint">请上传从本平台下载的原始文件，大小不超过 20 MB。</p>
        <input
          id="verify-file"
          name="file"
          type="file"
          accept="application/pdf"
          required
          aria-describedby="verify-file-hint"
        />
        <div class="form-actions"><button type="submit">上传并核验</button></div>
      </form>`,
    )}`;
  return layout({
    title: result || error ? "核验结果" : "核验公示文件",
    body,
    activeNav: "verify",
    baseUrl,
    path: href("/verify", { code }),
  });
}
