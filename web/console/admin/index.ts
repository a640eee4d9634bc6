/**
 * 系统管理: enforcement bodies, user accounts (create, reset password, deactivate), the officer
 * roster (status changes, with a reason and a confirmation), the 权责清单 (every edit a new
 * version, the history kept), the holiday calendar and the rule table. Bodies, users, calendar and
 * rules are for administrators; an officer manages the roster and powers of their own body, as the
 * duties service allows. This module is the index page and the route table of its features.
 */
import { WRITERS } from "../../../lib/auth.js";
import { html } from "../../html/html.js";
import type { Handler } from "../../../services/gateway/web.js";
import { type ConsoleContext, type ConsoleDeps, consoleRoute } from "../context.js";
import { apiKeyRoutes } from "./api-keys.js";
import { bodyRoutes } from "./bodies.js";
import { calendarRoutes } from "./calendar.js";
import { officerRoutes } from "./officers.js";
import { powerRoutes } from "./powers.js";
import { render } from "./shared.js";
import { ruleRoutes } from "./rules.js";
import { userRoutes } from "./users.js";

function indexPage(c: ConsoleContext) {
  const admin = c.user.role === "admin";
  const sections: [string, string, string][] = admin
    ? [
        ["/console/admin/bodies", "执法主体", "登记执法主体，修改名称、统一社会信用代码、地区与联系方式。"],
        ["/console/admin/users", "用户账号", "创建账号、重置密码、停用或启用账号。"],
        ["/console/admin/officers", "执法人员", "执法人员名册：登记、修改、暂停执法或注销（须写明理由）。"],
        ["/console/admin/powers", "权责清单", "执法职权及其设定依据；每次修改生成新版本，历史版本可查。"],
        ["/console/admin/calendar", "节假日安排", "载入某一年的法定节假日和调休上班日，用于计算工作日期限。"],
        ["/console/admin/rules", "规则表", "公示期限、公示期、重大执法决定的罚款标准、反馈答复期限。"],
        [
          "/console/admin/api-keys",
          "API 密钥",
          "办案系统推送执法决定草稿用的密钥：创建（只显示一次）、查看使用情况、吊销。",
        ],
      ]
    : [
        ["/console/admin/officers", "本机关执法人员", "执法人员名册：登记、修改、暂停执法或注销（须写明理由）。"],
        ["/console/admin/powers", "本机关权责清单", "执法职权及其设定依据；每次修改生成新版本，历史版本可查。"],
      ];
  render(
    c,
    200,
    "系统管理",
    html`<h1>系统管理</h1>
      <ul class="cards">
        ${sections.map(
          ([path, label, text]) =>
            html`<li class="card">
              <a href="${path}"><strong>${label}</strong></a>
              <p class="hint">${text}</p>
            </li>`,
        )}
      </ul>`,
  );
}

export function adminRoutes(deps: ConsoleDeps): Record<string, Handler> {
  return {
    "GET /console/admin": consoleRoute(deps, async (c) => indexPage(c), WRITERS),
    ...bodyRoutes(deps),
    ...userRoutes(deps),
    ...officerRoutes(deps),
    ...powerRoutes(deps),
    ...calendarRoutes(deps),
    ...ruleRoutes(deps),
    ...apiKeyRoutes(deps),
  };
}
