/**
 * A record's files on the console: the list with the staff downloads, the upload form (a
 * document's attachments while a draft, its 图解 also later; a consultation's attachments until
 * its window closes), and the 解读 form's picker of uploaded 图解 with their alt text.
 */
import { type DocumentView, type StaffFileView } from "../../../services/documents/contract.js";
import { fileTypeLabel } from "../../portal/documents.js";
import { sizeText } from "../../portal/request-tracking.js";
import { html, type HtmlValue, pathOf, raw } from "../../html/html.js";
import { type ConsoleContext } from "../context.js";
import { csrfField, field, select, table } from "../layout.js";
import { errorsFor, type FormState } from "./shared.js";

/** Where the console offers a file of the document (the staff download, inline for images). */
export function consoleFilePath(d: Pick<DocumentView, "id">, f: Pick<StaffFileView, "id">): string {
  return pathOf("console", "documents", d.id, "files", f.id);
}

const PURPOSE_LABELS = { attachment: "附件", graphic: "图解" } as const;

/**
 * The uploaded 图解 to show in the 解读, each with its required alt text: ticked as the draft's
 * 解读 has them (or as typed when the form was refused).
 */
export function graphicsPicker(
  d: DocumentView,
  state: FormState | undefined,
  last: DocumentView["interpretations"][number] | undefined,
): HtmlValue {
  const graphics = d.files.filter((f) => f.purpose === "graphic");
  if (!graphics.length) return html`<p class="hint">图解（PNG 或 SVG）须先在下方“附件和图解”中上传，再在此选择。</p>`;
  const refused = state?.form === "interpret" ? state.values : undefined;
  const chosen = refused ? refused.getAll("interpret.graphic") : (last?.graphics.map((g) => g.fileId) ?? []);
  const error = errorsFor(state, "interpret")["interpret.graphics"];
  return html`<fieldset class="field${error ? " has-error" : ""}" id="f-interpret-graphics">
    <legend>图解（选填）</legend>
    <p class="hint">勾选要在解读中展示的图解，并为每幅图解填写替代文字（供无法看到图片的读者使用，必填）。</p>
    ${error && html`<p class="field-error"><span class="visually-hidden">错误：</span>${error}</p>`}
    ${graphics.map((f, i) => {
      const alt = refused ? refused.get(`interpret.alt.${f.id}`) : last?.graphics.find((g) => g.fileId === f.id)?.alt;
      return html`<div class="check">
          <input
            type="checkbox"
            id="f-interpret-graphic-${i}"
            name="interpret.graphic"
            value="${f.id}"
            ${chosen.includes(f.id) && raw("checked")}
          />
          <label for="f-interpret-graphic-${i}">使用图解“${f.name}”</label>
        </div>
        <img src="${consoleFilePath(d, f)}" alt="" width="160" />
        ${field({ name: `interpret.alt.${f.id}`, label: `“${f.name}”的替代文字`, value: alt ?? undefined, maxlength: 500 })}`;
    })}
  </fieldset>`;
}

/** A record's files with their downloads, and (while it takes files) the upload form. */
export function filesSection(
  c: ConsoleContext,
  state: FormState | undefined,
  s: {
    base: string;
    files: readonly StaffFileView[];
    title: string;
    /** The purposes offered; one is sent as a hidden field. Empty: no more files. */
    purposes: readonly (readonly [string, string])[];
    hint: string;
  },
): HtmlValue {
  const error = errorsFor(state, "files")["files.file"];
  const [only] = s.purposes;
  return html`<h2>${s.title}</h2>
    ${
      s.files.length
        ? table(
            ["文件", "用途", "类型", "大小", "已清除的隐藏信息"],
            s.files.map((f) => [
              html`<a href="${s.base}/files/${f.id}">${f.name}</a>`,
              PURPOSE_LABELS[f.purpose],
              fileTypeLabel(f.mediaType),
              sizeText(f.size),
              f.removed.length ? f.removed.join("、") : "无",
            ]),
            s.title,
          )
        : html`<p>尚无${s.title}。</p>`
    }
    ${
      only &&
      html`<form method="post" action="${s.base}/files" enctype="multipart/form-data">
        ${csrfField(c.csrf)}
        <fieldset class="group">
          <legend>上传${s.title}</legend>
          ${
            s.purposes.length > 1
              ? select({ name: "purpose", label: "用途", value: only[0], options: s.purposes })
              : html`<input type="hidden" name="purpose" value="${only[0]}" />`
          }
          <div class="field${error ? " has-error" : ""}">
            <label for="f-files-file">文件${s.purposes.length === 1 && `（${only[1]}）`}</label>
            <p class="hint" id="f-files-file-hint">${s.hint}</p>
            ${
              error &&
              html`<p class="field-error" id="f-files-file-error">
                <span class="visually-hidden">错误：</span>${error}
              </p>`
            }
            <input
              id="f-files-file"
              name="file"
              type="file"
              required
              aria-describedby="f-files-file-hint${error ? " f-files-file-error" : ""}"
            />
          </div>
          <button type="submit">上传</button>
        </fieldset>
      </form>`
    }`;
}

const ATTACHMENT_TYPES = "PDF、Word、Excel、PowerPoint、PNG、JPEG";

/** The document's files: attachments while a draft; 图解 also later, for a 施行后解读. */
export function filesHtml(c: ConsoleContext, d: DocumentView, state: FormState | undefined): HtmlValue {
  return filesSection(c, state, {
    base: pathOf("console", "documents", d.id),
    files: d.files,
    title: "附件和图解",
    purposes:
      d.stage === "draft"
        ? [
            ["attachment", `附件（${ATTACHMENT_TYPES}）`],
            ["graphic", "图解（PNG 或 SVG，在政策解读中展示）"],
          ]
        : [["graphic", "图解（PNG 或 SVG，用于施行后解读）"]],
    hint: "每个不超过 20 MB，每份文件最多 30 个；作者、标题、修订等隐藏信息在保存前清除。SVG 图解不得含脚本、外部链接或引用，保存前按白名单重新生成。文件发布后附件不能再增加。",
  });
}

/** A consultation's attachments, public at once; taken until its window closes. */
export function consultationFilesHtml(
  c: ConsoleContext,
  x: { id: string; phase: string; files: readonly StaffFileView[] },
  state: FormState | undefined,
): HtmlValue {
  return filesSection(c, state, {
    base: pathOf("console", "consultations", x.id),
    files: x.files,
    title: "附件",
    purposes: x.phase === "closed" ? [] : [["attachment", ATTACHMENT_TYPES]],
    hint: "每个不超过 20 MB，最多 30 个；作者、标题、修订等隐藏信息在保存前清除，上传后即在门户网站公开。",
  });
}
