/**
 * POST /feedback: the feedback form, sent as a plain form, or — a notice's correction form with
 * evidence files (证明材料) — as multipart/form-data. Files are read here up to their limit and
 * checked by their content (shared/evidence.ts) before anything is sent; the feedback service gets
 * their bytes as the call's stream (never as params on the bus) and checks them again. A refusal
 * comes back as the form with the errors beside its fields and the input kept.
 */
import type { IncomingMessage } from "node:http";
import { Readable } from "node:stream";
import Busboy from "busboy";
import type { Context } from "moleculer";
import { call, formInput, type Action } from "../../lib/contract.js";
import { EVIDENCE_MAX_BYTES, EVIDENCE_MAX_FILES, evidenceProblems } from "../../shared/evidence.js";
import { problemMessageOf } from "../../shared/messages.js";
import { unsafeTextIn } from "../../shared/validation.js";
import { InvalidInputError } from "../../lib/errors.js";
import { formBody, statusOf, type Handler } from "../../services/gateway/web.js";
import { feed } from "../../services/feed/contract.js";
import { feedback, type SubmitParams, type TargetType } from "../../services/feedback/contract.js";
import { errorPage } from "./errors.js";
import { feedbackFormPage, type FieldError } from "./feedback.js";
import { page, send } from "./handlers.js";

/** The form's file input. */
export const EVIDENCE_INPUT = "correctionFiles";
/** Bounds of the form's text fields (the service checks each field's own limit). */
const MAX_FIELDS = 30;
const MAX_FIELD_BYTES = 64 * 1024;

/** The feed's action that answers each kind of feedback target: a notice has a title, the others a name. */
const TARGET_ACTIONS: Record<TargetType, Action<{ id: string }, { title?: string; name?: string }>> = {
  notice: feed.getNotice,
  power: feed.getPower,
  officer: feed.getOfficer,
  body: feed.getBody,
};

function isTargetType(type: string): type is keyof typeof TARGET_ACTIONS {
  return Object.hasOwn(TARGET_ACTIONS, type);
}

/** The target named in a query or form, with its title, or undefined when none (or unknown) is named. */
export async function targetOf(ctx: Context, type: string | undefined, id: string | undefined) {
  if (!type || !id || !isTargetType(type)) return undefined;
  try {
    const found = await call(ctx, TARGET_ACTIONS[type], { id });
    return { type, id, title: found.title ?? found.name };
  } catch {
    return undefined;
  }
}

/** One file of the form as read: its name, its bytes up to the limit, and whether more came. */
interface FormFile {
  name: string;
  bytes: Buffer;
  tooLarge: boolean;
}

/** The form's fields, its evidence files, and whether more files came than the limit. */
interface FeedbackPost {
  form: Record<string, string>;
  files: FormFile[];
  more: boolean;
}

function failed(message: string, code: number): Error {
  return Object.assign(new Error(message), { code });
}

/** A multipart form: its fields as text, its evidence files in memory (at most 3 × 5 MB are kept). */
function multipartPost(req: IncomingMessage): Promise<FeedbackPost> {
  return new Promise((resolve, reject) => {
    const post: FeedbackPost = { form: {}, files: [], more: false };
    const reading: Promise<void>[] = [];
    let busboy: Busboy.Busboy;
    try {
      busboy = Busboy({
        headers: req.headers,
        // Browsers send a file's name as UTF-8 (a Chinese name stays one).
        defParamCharset: "utf8",
        limits: {
          files: EVIDENCE_MAX_FILES,
          fileSize: EVIDENCE_MAX_BYTES,
          fields: MAX_FIELDS,
          fieldSize: MAX_FIELD_BYTES,
        },
      });
    } catch {
      return reject(failed("表单提交方式有误。", 415)); // no boundary
    }
    busboy.on("field", (name: string, value: string) => {
      post.form[name] = value;
    });
    busboy.on("file", (name: string, file: Readable & { truncated?: boolean }, info: { filename?: string }) => {
      if (name !== EVIDENCE_INPUT) {
        file.resume();
        return;
      }
      const chunks: Buffer[] = [];
      file.on("data", (chunk: Buffer) => chunks.push(chunk));
      reading.push(
        new Promise((done) =>
          file.on("end", () => {
            const bytes = Buffer.concat(chunks);
            // A file input left empty still sends a part: no name, no bytes.
            if (info.filename || bytes.length) {
              post.files.push({ name: info.filename ?? "", bytes, tooLarge: file.truncated === true });
            }
            done();
          }),
        ),
      );
    });
    busboy.on("filesLimit", () => {
      post.more = true;
    });
    busboy.on("error", () => reject(failed("上传的表单格式有误，请通过页面上的表单提交。", 400)));
    busboy.on("close", () => {
      Promise.all(reading).then(() => resolve(post), reject);
    });
    req.pipe(busboy);
  });
}

/** The posted form, plain or multipart; a field with characters that cannot be handled is 422. */
async function readFeedbackPost(req: IncomingMessage): Promise<FeedbackPost> {
  const multipart = String(req.headers["content-type"] ?? "").startsWith("multipart/form-data");
  if (!multipart) return { form: await formBody(req), files: [], more: false };
  const post = await multipartPost(req);
  const problems = Object.entries(post.form).flatMap(([name, value]) => unsafeTextIn({ [name]: value }));
  if (problems.length) {
    throw Object.assign(new InvalidInputError(problems, "UNSAFE_TEXT"), {
      message: "提交的内容含有无法处理的字符（空字符或不成对的代理项），请删除后重试。",
    });
  }
  return post;
}

/** The form's inputs of the API's fields where their names differ (the correction's parts). */
const FORM_FIELDS: Readonly<Record<string, string>> = {
  correction: "correctionField",
  "correction.field": "correctionField",
  "correction.proposed": "correctionProposed",
  "correction.evidence": "correctionEvidence",
  "correction.evidenceUrl": "correctionEvidenceUrl",
};

/** Messages for the form, in the reader's language (the API's are for developers). */
function fieldMessage(field: string): string {
  return (
    {
      category: "请选择反馈类型。",
      content: "请填写反馈内容（5 至 2000 字）。",
      contact: "联系方式不超过 200 字。",
      targetId: "反馈对象不存在或已不再公开。",
      correctionField: "指出错误项只适用于对公示内容的纠错反馈，请将反馈类型选为纠错。",
      correctionProposed: "请填写正确内容（不超过 5000 字；日期写成 2024-04-01 或 2024年4月1日）。",
      correctionEvidence: "依据或说明不超过 1000 字。",
      correctionEvidenceUrl: "证明材料链接须以 http:// 或 https:// 开头。",
    }[field] ?? "请检查填写的内容。"
  );
}

/** A problem the service (or the file check here) found, as the form shows it beside its input. */
function formError(problem: { field: string; type?: string }): FieldError {
  // The evidence files' problems say which file and why, in the words of the one message table.
  if (problem.field.startsWith("evidenceFiles")) {
    return { field: EVIDENCE_INPUT, message: problemMessageOf(problem) ?? "请检查证明材料文件。" };
  }
  const field = FORM_FIELDS[problem.field] ?? problem.field;
  return { field, message: fieldMessage(field) };
}

/** The form's correction proposal, when a field is chosen: the service checks the rest. */
function correctionOf(form: Record<string, string | undefined>): { correction?: Record<string, string> } {
  if (!form.correctionField) return {};
  const evidence = form.correctionEvidence?.trim();
  const evidenceUrl = form.correctionEvidenceUrl?.trim();
  return {
    correction: {
      field: form.correctionField,
      proposed: form.correctionProposed ?? "",
      ...(evidence ? { evidence } : {}),
      ...(evidenceUrl ? { evidenceUrl } : {}),
    },
  };
}

/** The named form fields that were filled in. */
function filled(form: Record<string, string | undefined>, keys: readonly string[]): Record<string, string> {
  return Object.fromEntries(keys.flatMap((k) => (form[k] ? [[k, form[k] as string]] : [])));
}

/** Files the feedback (with its files as the call's stream, if any); answers the tracking code. */
function submitted(ctx: Context, params: SubmitParams, files: readonly FormFile[]) {
  if (!files.length) return call(ctx, feedback.submit, params);
  const evidenceFiles = files.map((f) => ({ name: f.name, size: f.bytes.length }));
  const stream = Readable.from(
    files.map((f) => f.bytes),
    { objectMode: false },
  );
  return call(ctx, feedback.submitWithEvidence, { ...params, evidenceFiles }, { stream });
}

/** POST /feedback: files the form and answers 303 to its tracking page, or the form again with its errors. */
export function feedbackPost(baseUrl: string, trackingPath: (code: string) => string): Handler {
  return page(async (req, res) => {
    const { form, files, more } = await readFeedbackPost(req);
    const target = await targetOf(req.$ctx, form.targetType, form.targetId);
    const values = {
      category: form.category,
      content: form.content,
      contact: form.contact,
      ...filled(form, ["correctionField", "correctionProposed", "correctionEvidence", "correctionEvidenceUrl"]),
    };
    const refuse = (errors: FieldError[]) => {
      // A browser never keeps the files chosen: say so beside the file input.
      if (files.length && !errors.some((e) => e.field === EVIDENCE_INPUT)) {
        errors.push({ field: EVIDENCE_INPUT, message: "请重新选择证明材料文件（页面不会保留已选择的文件）。" });
      }
      send(req, res, 422, feedbackFormPage({ baseUrl, target, values, errors }));
    };
    const problems = evidenceProblems(files, more);
    if (problems.length) return refuse(problems.map(formError));
    try {
      const created = await submitted(
        req.$ctx,
        formInput({
          category: form.category,
          content: form.content,
          ...(form.contact ? { contact: form.contact } : {}),
          ...(target ? { targetType: target.type, targetId: target.id } : {}),
          ...correctionOf(form),
          ...(form.website ? { website: form.website } : {}),
        }),
        files,
      );
      // Post/Redirect/Get: reloading the tracking page never submits twice.
      res.statusCode = 303;
      res.setHeader("Location", `${trackingPath(created.trackingCode)}?submitted=1`);
      res.end();
    } catch (err) {
      const status = statusOf(err);
      if (status === 422) {
        const data = (err as { data?: { field: string; type?: string }[] }).data ?? [];
        return refuse(data.map(formError));
      }
      if (status === 429) {
        const retryAfter = (err as { data?: { retryAfter?: number } }).data?.retryAfter ?? 60;
        res.setHeader("Retry-After", String(retryAfter));
        const message = `提交过于频繁，请 ${Math.ceil(retryAfter / 60)} 分钟后再试。`;
        return send(req, res, 429, errorPage({ status: 429, message }));
      }
      throw err;
    }
  });
}
