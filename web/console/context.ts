/**
 * The console's request wrapper: resolves the session cookie (or sends the browser to sign in),
 * refuses a POST without this session's CSRF token or from another origin, checks the page's roles,
 * and turns a failure into a console error page. Handlers call the same service actions as the API,
 * as the signed-in user (ctx.meta.user), so every rule and permission is the API's.
 */
import type { ServerResponse } from "node:http";
import type { Role, SessionUser } from "../../lib/auth.js";
import type { Config } from "../../lib/config.js";
import { call, type Action } from "../../lib/contract.js";
import { accounts, type ResolvedSession } from "../../services/accounts/contract.js";
import { isId } from "../../shared/ids.js";
import { allPages, MAX_LIMIT } from "../../shared/paging.js";
import { html } from "../html/html.js";
import {
  formParams,
  internalFailureMessage,
  isOutage,
  redirect,
  send,
  statusOf,
  type Handler,
  type Req,
} from "../../services/gateway/web.js";
import {
  consolePage,
  fieldErrorsOf,
  type ConsolePageInput,
  type ConsoleUser,
  type FieldErrors,
  type Flash,
  refusalOf,
  zhMessage,
} from "./layout.js";
import { cookie, isSecure, parseCookies, sameOrigin, sameToken, SESSION_COOKIE } from "./session.js";
import { FLASH_COOKIE, FLASH_SECONDS, formAddress, keepPage, takePage } from "./flash.js";

export const CONSOLE_CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; frame-src 'self'; object-src 'self'";

export interface ConsoleContext {
  req: Req;
  res: ServerResponse;
  user: ConsoleUser;
  csrf: string;
  /** Path and query parameters. */
  params: Record<string, string | undefined>;
  /** The form of a POST (empty on GET); repeated names with getAll. */
  form: URLSearchParams;
  /** Calls a contract action as the signed-in user. */
  call<P, R>(action: Action<P, R>, params: NoInfer<P>): Promise<R>;
  render(status: number, page: Omit<ConsolePageInput, "user" | "csrf">): void;
  redirect(location: string): void;
}

export type ConsoleHandler = (c: ConsoleContext) => Promise<void>;

/** A POST to a console route, told the GET address of its form (index.ts). */
export type FormPageReq = Req & { $formPage?: string };

/** Messages shown after a redirect, by code (never text from the query string). */
export const FLASHES: Record<string, Flash> = {
  created: { kind: "ok", text: "已创建。" },
  saved: { kind: "ok", text: "已保存。" },
  moved: { kind: "ok", text: "案件状态已更新。" },
  noted: { kind: "ok", text: "已记录。" },
  reviewed: { kind: "ok", text: "审核意见已提交。" },
  decided: { kind: "ok", text: "决定已记录为草稿：请核对公示预览后发布。" },
  published: { kind: "ok", text: "已发布公示。" },
  withdrawn: { kind: "ok", text: "公示已撤下。" },
  corrected: { kind: "ok", text: "已发布更正后的公示。" },
  answered: { kind: "ok", text: "已发布更正后的公示，并已答复反馈人。" },
  replied: { kind: "ok", text: "已答复。" },
  closed: { kind: "ok", text: "已办结。" },
  spam: { kind: "ok", text: "已标记为垃圾信息。" },
  accepted: { kind: "ok", text: "已受理。" },
  reset: { kind: "ok", text: "密码已重置，该用户的登录会话已全部退出。" },
  deactivated: { kind: "ok", text: "账号已停用。" },
  activated: { kind: "ok", text: "账号已启用。" },
  loaded: { kind: "ok", text: "节假日安排已载入。" },
  statusChanged: { kind: "ok", text: "执法人员状态已更新。" },
  revised: { kind: "ok", text: "已保存为新版本，原版本保留在版本记录中。" },
  revoked: { kind: "ok", text: "密钥已吊销：此后用它的调用一律被拒绝。" },
};

export function errorMessage(status: number, err?: unknown): string {
  if (status === 404) return "未找到您要访问的内容，或您无权查看。";
  if (status === 403) return "您无权执行此操作。";
  if (status === 409) return zhMessage(refusalOf(err));
  if (status === 413) return "提交内容过长。";
  if (status === 415) return "表单提交方式有误。";
  if (status >= 500) return "服务暂时不可用，请稍后再试。";
  return zhMessage(refusalOf(err));
}

/** The message of a console error page; a 500 shows the error id the log holds its details under. */
export function failureMessage(req: Req, err: unknown): string {
  const status = statusOf(err);
  return status >= 500 && !isOutage(status) ? internalFailureMessage(req, err) : errorMessage(status, err);
}

export interface ConsoleDeps {
  config: Config;
}

function sendPage(req: Req, res: ServerResponse, status: number, body: string): void {
  send(req, res, status, body, { csp: CONSOLE_CSP, private: true });
}

/** A console error page, with or without the signed-in frame. */
export function errorPageOf(
  req: Req,
  res: ServerResponse,
  status: number,
  message: string,
  user?: ConsoleUser,
  csrf?: string,
) {
  sendPage(
    req,
    res,
    status,
    consolePage({
      title: "出错了",
      user,
      csrf,
      body: html`<h1>出错了</h1>
        <p class="lead">${message}</p>
        <p><a href="/console">返回工作台</a></p>`,
    }),
  );
}

export function consoleRoute(deps: ConsoleDeps, handler: ConsoleHandler, roles?: readonly Role[]): Handler {
  const { config } = deps;
  return async (req, res) => {
    const sessionId = parseCookies(req.headers.cookie)[SESSION_COOKIE];
    const here = req.url ?? "/console";
    const toLogin = (expired: boolean) =>
      redirect(res, `/console/login?${new URLSearchParams({ next: here, ...(expired ? { expired: "1" } : {}) })}`);
    if (!sessionId) return toLogin(false);
    let session: ResolvedSession;
    try {
      session = await call(req.$ctx, accounts.resolveSession, { sessionId });
    } catch (err) {
      const status = statusOf(err);
      if (status === 401 || status === 422) {
        res.setHeader("Set-Cookie", cookie(SESSION_COOKIE, "", { secure: isSecure(req, config), maxAge: 0 }));
        return toLogin(true);
      }
      return errorPageOf(req, res, status, failureMessage(req, err));
    }
    const { user, csrf } = session;
    const meta = req.$ctx.meta as { user?: SessionUser };
    meta.user = {
      id: user.id,
      username: user.username,
      role: user.role,
      bodyId: user.bodyId,
      officerId: user.officerId,
    };
    const flashCookie = (value: string, maxAge: number) =>
      cookie(FLASH_COOKIE, value, { secure: isSecure(req, config), maxAge });
    const flashId = parseCookies(req.headers.cookie)[FLASH_COOKIE];
    if (req.method === "GET" && flashId) {
      res.setHeader("Set-Cookie", flashCookie("", 0));
      const kept = takePage(flashId, sessionId, here.split("?")[0] as string);
      if (kept) return sendPage(req, res, kept.status, kept.body);
    }
    let form = new URLSearchParams();
    try {
      if (req.method === "POST") {
        form = await formParams(req, { files: true }); // the seal upload is multipart
        if (!sameOrigin(req, config.publicBaseUrl) || !sameToken(form.get("_csrf"), csrf)) {
          return errorPageOf(
            req,
            res,
            403,
            "表单已失效或来源不明（缺少有效的防伪令牌）。请返回页面刷新后重试。",
            user,
            csrf,
          );
        }
      }
      if (roles && !roles.includes(user.role)) return errorPageOf(req, res, 403, errorMessage(403), user, csrf);
      // An id in the path that no record can have is not found, like one that does not exist.
      if (req.$params.id !== undefined && !isId(req.$params.id))
        return errorPageOf(req, res, 404, errorMessage(404), user, csrf);
      await handler({
        req,
        res,
        user,
        csrf,
        params: req.$params,
        form,
        call: (action, params) => call(req.$ctx, action, params),
        render: (status, page) => {
          const body = consolePage({ ...page, user, csrf });
          const formPage = (req as FormPageReq).$formPage;
          if (req.method !== "POST" || !formPage) return sendPage(req, res, status, body);
          // POST-redirect-GET: the form's page shows this once (flash.ts).
          const id = keepPage(sessionId, formPage, status, body);
          res.setHeader("Set-Cookie", flashCookie(id, FLASH_SECONDS));
          redirect(res, formAddress(formPage, req.headers.referer));
        },
        redirect: (location) => redirect(res, location),
      });
    } catch (err) {
      if (!res.headersSent) errorPageOf(req, res, statusOf(err), failureMessage(req, err), user, csrf);
    }
  };
}

/** A public console page (sign-in): the same headers, no session. */
export function sendConsolePage(req: Req, res: ServerResponse, status: number, body: string): void {
  sendPage(req, res, status, body);
}

/** The record id of the path: routes with `:id` always have one (checked against the id rule above). */
export function pathId(c: ConsoleContext): string {
  const id = c.params.id;
  if (id === undefined) throw Object.assign(new Error("not found"), { code: 404 });
  return id;
}

/**
 * The display names of the users who acted on a record, by user id, in one call for the whole page
 * (the records keep the id and the username; the name is what people read).
 */
export async function displayNamesOf(
  c: ConsoleContext,
  ids: readonly (string | null | undefined)[],
): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => typeof id === "string"))];
  if (wanted.length === 0) return new Map();
  const { items } = await c.call(accounts.displayNames, { ids: wanted });
  return new Map(items.map((u) => [u.id, u.displayName]));
}

/** Form values helpers. */
export function value(form: URLSearchParams, name: string): string | undefined {
  const v = form.get(name)?.trim();
  return v ? v : undefined;
}

/** Lines of a textarea, trimmed, without blanks. */
export function lines(text: string | undefined): string[] {
  return (text ?? "")
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Every item of a paged list action, page after page (shared/paging.ts allPages), for pickers and lookups. */
export function allItems<P extends { limit?: number; cursor?: string }, T>(
  c: ConsoleContext,
  action: Action<P, { items: T[]; nextCursor: string | null }>,
  params: P,
): Promise<T[]> {
  return allPages((cursor) => c.call(action, { ...params, limit: MAX_LIMIT, ...(cursor ? { cursor } : {}) }));
}

/**
 * Runs a form's action. A 400/409/422 from a service becomes errors beside the fields: `again`
 * renders the form once more, with the input kept, at 409 for a conflict and 422 otherwise; any
 * other failure goes on to the error page.
 */
export async function orFieldErrors(
  run: () => Promise<void>,
  again: (status: number, errors: FieldErrors) => Promise<void> | void,
  rename?: Record<string, string>,
): Promise<void> {
  try {
    await run();
  } catch (err) {
    const errors = fieldErrorsOf(err, rename);
    if (!errors) throw err;
    await again((err as { code?: number }).code === 409 ? 409 : 422, errors);
  }
}
