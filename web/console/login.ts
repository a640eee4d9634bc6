/** Sign-in and sign-out of the console. */
import { html } from "../html/html.js";
import { formParams, redirect, statusOf, type Handler, type Req } from "../../services/gateway/web.js";
import { consoleRoute, errorPageOf, failureMessage, sendConsolePage, type ConsoleDeps } from "./context.js";
import { consolePage, csrfField, errorSummary, field, type FieldErrors } from "./layout.js";
import {
  cookie,
  isSecure,
  LOGIN_COOKIE,
  newToken,
  parseCookies,
  safeNext,
  sameOrigin,
  sameToken,
  SESSION_COOKIE,
} from "./session.js";
import { call } from "../../lib/contract.js";
import { FLASH_COOKIE, FLASH_SECONDS, keepPage, takePage } from "./flash.js";

const LOGIN_PATH = "/console/login";
import { accounts } from "../../services/accounts/contract.js";

function loginPage(input: { token: string; next: string; username?: string; errors?: FieldErrors; notice?: string }) {
  const errors = input.errors ?? {};
  return consolePage({
    title: "登录",
    body: html`<div class="narrow">
      <h1>登录工作台</h1>
      ${input.notice && html`<p class="flash flash-ok" role="status">${input.notice}</p>`} ${errorSummary(errors)}
      <form method="post" action="/console/login" novalidate>
        ${csrfField(input.token)}
        <input type="hidden" name="next" value="${input.next}" />
        ${field({ name: "username", label: "用户名", value: input.username, errors, required: true, autocomplete: "username", maxlength: 64 })}
        ${field({ name: "password", label: "密码", type: "password", errors, required: true, autocomplete: "current-password", maxlength: 256 })}
        <button type="submit" class="primary">登录</button>
      </form>
      <p class="hint">在同一地址连续输错密码后，再次尝试须等待的时间会逐次加长。公众请访问<a href="/">公示门户</a>。</p>
    </div>`,
  });
}

/** "40 秒" under a minute, else whole minutes rounded up. */
function waitText(seconds: number): string {
  return seconds < 60 ? `${seconds} 秒` : `${Math.ceil(seconds / 60)} 分钟`;
}

export function loginRoutes(deps: ConsoleDeps): Record<string, Handler> {
  const { config } = deps;
  const secure = (req: Req) => isSecure(req, config);
  /**
   * A refused sign-in, POST-redirect-GET (flash.ts): the page (with a fresh form token, its cookie
   * set here) is shown once by GET /console/login, so a reload never posts the password again.
   */
  const refuse = (req: Req, res: Parameters<Handler>[1], status: number, page: (token: string) => string) => {
    const token = newToken();
    const retryAfter = res.getHeader("Retry-After");
    const headers: Record<string, string> = retryAfter === undefined ? {} : { "Retry-After": String(retryAfter) };
    const id = keepPage(token, LOGIN_PATH, status, page(token), Date.now(), headers);
    res.setHeader("Set-Cookie", [
      cookie(LOGIN_COOKIE, token, { secure: secure(req), maxAge: 3600 }),
      cookie(FLASH_COOKIE, id, { secure: secure(req), maxAge: FLASH_SECONDS }),
    ]);
    redirect(res, LOGIN_PATH);
  };
  /** A fresh double-submit token for the sign-in form, in its cookie and in the form. */
  const freshToken = (req: Req, res: Parameters<Handler>[1]) => {
    const token = newToken();
    res.setHeader("Set-Cookie", cookie(LOGIN_COOKIE, token, { secure: secure(req), maxAge: 3600 }));
    return token;
  };
  return {
    "GET /console/login": async (req, res) => {
      const cookies = parseCookies(req.headers.cookie);
      const flashId = cookies[FLASH_COOKIE];
      if (flashId) {
        const kept = takePage(flashId, cookies[LOGIN_COOKIE] ?? "", LOGIN_PATH);
        if (kept) {
          res.setHeader("Set-Cookie", cookie(FLASH_COOKIE, "", { secure: secure(req), maxAge: 0 }));
          for (const [name, value] of Object.entries(kept.headers)) res.setHeader(name, value);
          return sendConsolePage(req, res, kept.status, kept.body);
        }
      }
      const next = safeNext(req.$params.next);
      const notice = req.$params.expired ? "登录已超时，请重新登录。" : req.$params.out ? "您已安全退出。" : undefined;
      sendConsolePage(req, res, 200, loginPage({ token: freshToken(req, res), next, notice }));
    },

    "POST /console/login": async (req, res) => {
      let form: URLSearchParams;
      try {
        form = await formParams(req);
      } catch (err) {
        return errorPageOf(req, res, statusOf(err), (err as Error).message);
      }
      const next = safeNext(form.get("next"));
      const username = form.get("username")?.trim() ?? "";
      const password = form.get("password") ?? "";
      if (
        !sameOrigin(req, config.publicBaseUrl) ||
        !sameToken(form.get("_csrf"), parseCookies(req.headers.cookie)[LOGIN_COOKIE])
      ) {
        return errorPageOf(req, res, 403, "登录表单已失效或来源不明。请重新打开登录页面后再试。");
      }
      const errors: FieldErrors = {};
      if (!username) errors.username = "请填写用户名。";
      if (!password) errors.password = "请填写密码。";
      if (Object.keys(errors).length) {
        return refuse(req, res, 422, (token) => loginPage({ token, next, username, errors }));
      }
      try {
        const session = await call(req.$ctx, accounts.openSession, {
          username,
          password,
        });
        // Signing in again ends the session this browser had: one live session per sign-in.
        const previous = parseCookies(req.headers.cookie)[SESSION_COOKIE];
        if (previous) await call(req.$ctx, accounts.closeSession, { sessionId: previous }).catch(() => undefined);
        res.setHeader("Set-Cookie", [
          cookie(SESSION_COOKIE, session.sessionId, { secure: secure(req) }),
          cookie(LOGIN_COOKIE, "", { secure: secure(req), maxAge: 0 }),
        ]);
        redirect(res, next);
      } catch (err) {
        const status = statusOf(err);
        if (status === 401 || status === 422) {
          return refuse(req, res, 401, (token) =>
            loginPage({ token, next, username, errors: { password: "用户名或密码错误，或账号已停用。" } }),
          );
        }
        if (status === 429) {
          const retryAfter = (err as { data?: { retryAfter?: number } }).data?.retryAfter ?? 900;
          res.setHeader("Retry-After", String(retryAfter));
          return refuse(req, res, 429, (token) =>
            loginPage({
              token,
              next,
              username,
              errors: { _form: `登录失败次数过多，请 ${waitText(retryAfter)}后再试。` },
            }),
          );
        }
        errorPageOf(req, res, status, failureMessage(req, err));
      }
    },

    "POST /console/logout": consoleRoute(deps, async (c) => {
      const sessionId = parseCookies(c.req.headers.cookie)[SESSION_COOKIE] as string;
      await c.call(accounts.closeSession, { sessionId });
      c.res.setHeader("Set-Cookie", cookie(SESSION_COOKIE, "", { secure: secure(c.req), maxAge: 0 }));
      c.redirect("/console/login?out=1");
    }),
  };
}
