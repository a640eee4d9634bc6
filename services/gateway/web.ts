/**
 * What the gateway's HTML routes (the public portal and the officer console) share: the request
 * type moleculer-web hands to a function alias, form bodies, sending a page with its security
 * headers, and the HTTP status of a failed call.
 */
import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Context } from "moleculer";
import { INTERNAL_MESSAGE, InvalidInputError, toInternalError } from "../../lib/errors.js";
import { unsafeTextIn } from "../../shared/validation.js";
import { RETRY_AFTER_SECONDS } from "./outage.js";

export type Req = IncomingMessage & { $ctx: Context; $params: Record<string, string | undefined> };
export type Handler = (req: Req, res: ServerResponse) => Promise<void>;

/** Largest form body accepted. */
const MAX_FORM = 64 * 1024;

export const PORTAL_CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'none'; form-action 'self'; frame-ancestors 'none'";

/** Reads an application/x-www-form-urlencoded body (repeated names kept: use getAll). */
export async function formParams(req: IncomingMessage): Promise<URLSearchParams> {
  const type = String(req.headers["content-type"] ?? "");
  if (!type.startsWith("application/x-www-form-urlencoded")) {
    throw Object.assign(new Error("表单提交方式有误。"), { code: 415 });
  }
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM) throw Object.assign(new Error("提交内容过长。"), { code: 413 });
    chunks.push(chunk as Buffer);
  }
  const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
  const problems = [...form].flatMap(([name, value]) => unsafeTextIn({ [name]: value }));
  if (problems.length) {
    throw Object.assign(new InvalidInputError(problems, "UNSAFE_TEXT"), {
      message: "提交的内容含有无法处理的字符（空字符或不成对的代理项），请删除后重试。",
    });
  }
  return form;
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
