/**
 * What the gateway's HTML routes (the public portal and the officer console) share: the request
 * type moleculer-web hands to a function alias, form bodies, sending a page with its security
 * headers, and the HTTP status of a failed call.
 */
import { createHash } from "node:crypto";
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import Busboy from "busboy";
import type { Context } from "moleculer";
import { INTERNAL_MESSAGE, InvalidInputError, toInternalError } from "../../lib/errors.js";
import { unsafeTextIn } from "../../shared/validation.js";
import { RETRY_AFTER_SECONDS } from "./outage.js";

export type Req = IncomingMessage & {
  $ctx: Context;
  $params: Record<string, string | undefined>;
  /** Set by the gateway's edge cache (edge.ts) on a public page it may keep once drawn. */
  $keepPage?: (page: KeptPage) => void;
};

/** A public page as the edge cache keeps it: its body and the headers it was sent with. */
export interface KeptPage {
  body: string;
  headers: OutgoingHttpHeaders;
}
export type Handler = (req: Req, res: ServerResponse) => Promise<void>;

/** Largest form body accepted. */
const MAX_FORM = 64 * 1024;
/**
 * Largest file a console form may upload: an attachment of an answer (20 MB, the requests
 * service's own limit); the seal route refuses more than 256 KB itself (duties.setSeal).
 */
const MAX_FORM_FILE = 20 * 1024 * 1024;

export const PORTAL_CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; form-action 'self'; frame-ancestors 'none'";

/**
 * Reads an application/x-www-form-urlencoded body (repeated names kept: use getAll); with `files`
 * (the signed-in console), a multipart/form-data one with a file too.
 */
export async function formParams(req: IncomingMessage, opts: { files?: boolean } = {}): Promise<URLSearchParams> {
  const type = String(req.headers["content-type"] ?? "");
  let form: URLSearchParams;
  if (opts.files && type.startsWith("multipart/form-data")) {
    form = await multipartParams(req);
  } else if (type.startsWith("application/x-www-form-urlencoded")) {
    let size = 0;
    const chunks: Buffer[] = [];
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_FORM) throw Object.assign(new Error("提交内容过长。"), { code: 413 });
      chunks.push(chunk as Buffer);
    }
    form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
  } else {
    throw Object.assign(new Error("表单提交方式有误。"), { code: 415 });
  }
  const problems = [...form].flatMap(([name, value]) => unsafeTextIn({ [name]: value }));
  if (problems.length) {
    throw Object.assign(new InvalidInputError(problems, "UNSAFE_TEXT"), {
      message: "提交的内容含有无法处理的字符（空字符或不成对的代理项），请删除后重试。",
    });
  }
  return form;
}

/**
 * A multipart/form-data body (a form with a file, as the console's seal upload) as form params:
 * each field as text, the one file base64-encoded under its field's name and its file name under
 * `<field>:filename`.
 */
function multipartParams(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    const form = new URLSearchParams();
    const fail = (message: string, code: number) => reject(Object.assign(new Error(message), { code }));
    let busboy: Busboy.Busboy;
    try {
      busboy = Busboy({
        headers: req.headers,
        limits: { files: 1, fileSize: MAX_FORM_FILE, fields: 50, fieldSize: MAX_FORM },
        // Browsers send a file's name in UTF-8 (公园绿地图.png), not Latin-1.
        defParamCharset: "utf8",
      });
    } catch {
      return fail("表单提交方式有误。", 415); // no boundary
    }
    busboy.on("field", (name: string, value: string) => form.append(name, value));
    busboy.on(
      "file",
      (name: string, file: NodeJS.ReadableStream & { truncated?: boolean }, info: { filename?: string }) => {
        const chunks: Buffer[] = [];
        file.on("data", (chunk: Buffer) => chunks.push(chunk));
        file.on("end", () => {
          if (file.truncated) return fail("上传的文件过大。", 413);
          form.append(name, Buffer.concat(chunks).toString("base64"));
          // The name the sender's computer gave it, for the record (an attachment keeps it).
          if (info?.filename) form.append(`${name}:filename`, info.filename);
        });
      },
    );
    busboy.on("error", () => fail("上传的表单格式有误，请通过页面上的表单上传。", 400));
    busboy.on("close", () => resolve(form));
    req.pipe(busboy);
  });
}

/** Reads an application/x-www-form-urlencoded body; a repeated name keeps its last value. */
export async function formBody(req: IncomingMessage): Promise<Record<string, string>> {
  return Object.fromEntries(await formParams(req));
}

export interface SendOptions {
  type?: string;
  csp: string;
  /** Private pages (the console) are never stored by a cache; public ones revalidate by ETag. */
  private?: boolean;
}

/** The headers a page was sent with, less those that belong to one request. */
function pageHeaders(headers: OutgoingHttpHeaders): OutgoingHttpHeaders {
  const { "x-request-id": _id, ...kept } = headers;
  return kept;
}

export function send(req: Req, res: ServerResponse, status: number, body: string, opts: SendOptions): void {
  res.setHeader("Content-Type", opts.type ?? "text/html; charset=utf-8");
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Content-Security-Policy", opts.csp);
  res.setHeader("Referrer-Policy", "same-origin");
  // A page that could not be made because a service is away: try again shortly.
  if (status === 503 && !res.hasHeader("Retry-After")) res.setHeader("Retry-After", RETRY_AFTER_SECONDS);
  if (opts.private) {
    res.setHeader("Cache-Control", "no-store");
  } else {
    const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
    res.setHeader("ETag", etag);
    res.setHeader("Cache-Control", "public, max-age=0, must-revalidate");
    if (status === 200 && req.$keepPage) req.$keepPage({ body, headers: pageHeaders(res.getHeaders()) });
    if (status === 200 && req.headers["if-none-match"] === etag) {
      res.statusCode = 304;
      res.end();
      return;
    }
  }
  res.statusCode = status;
  res.end(req.method === "HEAD" ? undefined : body);
}

export function redirect(res: ServerResponse, location: string): void {
  res.statusCode = 303;
  res.setHeader("Location", location);
  res.setHeader("Cache-Control", "no-store");
  res.end();
}

export function statusOf(err: unknown): number {
  // A service that is away (restarting, stopped, or its bus down) is unavailability, not absence.
  const type = (err as { type?: unknown }).type;
  if (type === "SERVICE_NOT_FOUND" || type === "SERVICE_NOT_AVAILABLE" || type === "REQUEST_TIMEOUT") return 503;
  const code = (err as { code?: unknown }).code;
  return typeof code === "number" && code >= 400 && code < 600 ? code : 500;
}

/** An outage the reader may wait out (503, 504), as opposed to a bug (any other 5xx). */
export function isOutage(status: number): boolean {
  return status === 503 || status === 504;
}

/**
 * The message of a page answering a 500: fixed, with the error id under which the log holds the
 * details (logged where the error arose, or here when it arose in the page itself).
 */
export function internalFailureMessage(req: Req, err: unknown): string {
  const logger = (req.$ctx?.service as { logger?: { error(...a: unknown[]): void } } | undefined)?.logger ?? console;
  const path = (req.url ?? "").split("?")[0];
  const { errorId } = toInternalError(err, logger, `${req.method} ${path}`).data as { errorId: string };
  return `${INTERNAL_MESSAGE}（错误编号：${errorId}）`;
}
