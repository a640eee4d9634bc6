/**
 * The officer console (执法人员工作台) under /console: sign-in, dashboard, cases, decisions and
 * notices, feedback, requests for government information (依申请公开), 规范性文件 and 预公开, 年度报告,
 * 双随机抽查, and administration, each in its own module; all pages server-rendered.
 */
import type { Handler } from "../../services/gateway/web.js";
import { send } from "../../services/gateway/web.js";
import { adminRoutes } from "./admin/index.js";
import { caseRoutes } from "./cases.js";
import { CONSOLE_CSP, errorMessage, type ConsoleDeps, type FormPageReq } from "./context.js";
import { consolePage } from "./layout.js";
import { html } from "../html/html.js";
import { dashboardRoutes } from "./dashboard.js";
import { documentRoutes } from "./documents/index.js";
import { intakeRoutes } from "./intake.js";
import { feedbackRoutes } from "./feedback/index.js";
import { loginRoutes } from "./login.js";
import { requestRoutes } from "./requests/index.js";
import { reportRoutes } from "./reports.js";
import { importRoutes } from "./imports.js";
import { inspectionRoutes } from "./inspections.js";
import { resultRoutes } from "./results.js";
import { CONSOLE_JS } from "./script.js";
import { CONSOLE_CSS } from "./style.js";
import { formPageOf } from "./flash.js";

export function consoleAliases(deps: ConsoleDeps): Record<string, Handler> {
  return withFormPages({
    ...loginRoutes(deps),
    ...dashboardRoutes(deps),
    ...caseRoutes(deps),
    ...resultRoutes(deps),
    ...intakeRoutes(deps),
    ...feedbackRoutes(deps),
    ...requestRoutes(deps),
    ...documentRoutes(deps),
    ...reportRoutes(deps),
    ...importRoutes(deps),
    ...inspectionRoutes(deps),
    ...adminRoutes(deps),
    "GET /console/assets/console.js": async (req, res) => {
      send(req, res, 200, CONSOLE_JS, { type: "text/javascript; charset=utf-8", csp: CONSOLE_CSP });
    },
    "GET /console/assets/console.css": async (req, res) => {
      send(req, res, 200, CONSOLE_CSS, { type: "text/css; charset=utf-8", csp: CONSOLE_CSP });
    },
  });
}

/** Tells each POST route where its form's GET page is, for POST-redirect-GET (flash.ts, context.ts). */
function withFormPages(routes: Record<string, Handler>): Record<string, Handler> {
  const gets = new Set(Object.keys(routes).flatMap((r) => (r.startsWith("GET ") ? [r.slice(4)] : [])));
  return Object.fromEntries(
    Object.entries(routes).map(([route, handler]) => {
      if (!route.startsWith("POST ")) return [route, handler];
      const page = formPageOf(route.slice(5), gets);
      const wrapped: Handler = (req, res) => {
        (req as FormPageReq).$formPage = page.replace(/:(\w+)/g, (_, name: string) => req.$params[name] ?? "");
        return handler(req, res);
      };
      return [route, wrapped];
    }),
  );
}

/** A console page for an address no console route serves (or while its service is away). */
export function consoleErrorPage(status: number, message = ""): string {
  return consolePage({
    title: "出错了",
    body: html`<h1>出错了</h1>
      <p class="lead">${message || (status === 404 ? "没有这个页面。" : errorMessage(status))}</p>
      <p><a href="/console">返回工作台</a></p>`,
  });
}
