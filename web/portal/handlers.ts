/**
 * What every portal page handler shares: sending a page with its ETag, the path's parameters, and
 * turning any failure into the error page with the right status and a message in Chinese.
 */
import type { ServerResponse } from "node:http";
import type { Context } from "moleculer";
import { call } from "../../lib/contract.js";
import { feed } from "../../services/feed/contract.js";
import { isId } from "../../shared/ids.js";
import { errorMessageOf, problemMessageOf } from "../../shared/messages.js";
import {
  internalFailureMessage,
  isOutage,
  PORTAL_CSP,
  send as sendPage,
  statusOf,
  type Handler,
  type Req,
} from "../../services/gateway/web.js";
import { siteSettings } from "../html/site.js";
import { errorPage } from "./errors.js";

export function send(req: Req, res: ServerResponse, status: number, body: string, type?: string): void {
  // A staging site (SITE_BLOCK_ROBOTS): no page of it in any index.
  if (siteSettings().blockRobots) res.setHeader("X-Robots-Tag", "noindex");
  sendPage(req, res, status, body, { type, csp: PORTAL_CSP });
}

/** A parameter of the path: the route's pattern always has it. */
export function pathParam(req: Req, name: string): string {
  const value = req.$params[name];
  if (value === undefined) throw Object.assign(new Error("not found"), { code: 404 });
  return value;
}

/** A record's id in the path: an address that cannot name a record is a page that does not exist (404). */
export function idParam(req: Req, name = "id"): string {
  const value = pathParam(req, name);
  if (!isId(value)) throw Object.assign(new Error("not found"), { code: 404 });
  return value;
}

/** A failure as the error page: its status, and what went wrong in Chinese (a bug: the error id). */
export function failure(req: Req, res: ServerResponse, err: unknown): void {
  const status = statusOf(err);
  const message =
    status === 404
      ? "未找到您要访问的内容。"
      : status === 422
        ? inputMessage(err)
        : status < 500
          ? (errorMessageOf((err as { type?: string }).type, (err as { data?: unknown }).data) ??
            (err as Error).message)
          : isOutage(status)
            ? "服务暂时不可用，请稍后再试。"
            : internalFailureMessage(req, err);
  send(req, res, status, errorPage({ status, message }));
}

/** Names of the query fields a page passes on, for the reader. */
const QUERY_FIELDS: Record<string, string> = {
  q: "关键词",
  from: "起始日期",
  to: "截止日期",
  bodyId: "执法主体",
  region: "所在区域",
  kind: "类别",
  status: "状态",
  year: "年份",
  sort: "排序",
  cursor: "翻页位置",
  id: "地址",
  code: "核验码",
  trackingCode: "查询码",
  category: "反馈类型",
  content: "反馈内容",
  contact: "联系方式",
  targetType: "反馈对象",
  targetId: "反馈对象",
};

/** A 422 for a page: which of the reader's fields is wrong, in Chinese (the API's messages are for developers). */
function inputMessage(err: unknown): string {
  const data = (err as { data?: unknown }).data;
  const problems = Array.isArray(data) ? (data as { field?: string; type?: string }[]) : [];
  if (!problems.length)
    return /[\u4e00-\u9fff]/.test((err as Error).message) ? (err as Error).message : "请求参数有误。";
  // A refusal of a domain rule (UPPER_SNAKE type) has its own words in the message table; unsafe
  // characters are named by field below.
  const ruled = problems
    .filter((p) => /^[A-Z][A-Z0-9_]+$/.test(String(p.type)) && p.type !== "UNSAFE_TEXT")
    .map((p) => problemMessageOf(p));
  if (ruled.length && ruled.every((m) => m !== undefined)) return [...new Set(ruled)].join("");
  const named = problems.map((p) => {
    const field = QUERY_FIELDS[String(p.field)] ?? "参数";
    if (p.type === "stringPattern" && (p.field === "from" || p.field === "to"))
      return `${field}不是有效的日期（格式如 2026-01-31）`;
    if (p.type === "UNSAFE_TEXT") return `${field}含有无法处理的字符`;
    return `${field}有误`;
  });
  return `请求参数有误：${[...new Set(named)].join("；")}。`;
}

/** Wraps a page handler: any failure becomes an error page with the right status. */
export function page(handler: Handler): Handler {
  return async (req, res) => {
    try {
      await handler(req, res);
    } catch (err) {
      failure(req, res, err);
    }
  };
}

/**
 * Every body to choose from (their names): a list's filter, the request form's 受理机关. A feed that
 * cannot answer leaves the select empty.
 */
export async function bodyChoices(ctx: Context): Promise<{ id: string; name: string }[]> {
  try {
    return (await call(ctx, feed.bodyChoices, {})).items;
  } catch {
    return [];
  }
}
