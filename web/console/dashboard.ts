/** 工作台: what needs the body's attention today. */
import { html, type HtmlValue } from "../html/html.js";
import type { Handler } from "../../services/gateway/web.js";
import { consoleRoute, type ConsoleDeps } from "./context.js";
import { reportWarnings } from "./reports.js";
import { inspectionWarnings } from "./inspections.js";
import { CASE_STATE_LABELS, FEEDBACK_STATUS_LABELS_ZH, labelOf } from "./labels.js";
import { day, table } from "./layout.js";
import { cases } from "../../services/cases/contract.js";
import { feedback } from "../../services/feedback/contract.js";
import { requests } from "../../services/requests/contract.js";
import { documents } from "../../services/documents/contract.js";
import { WRITERS } from "../../lib/auth.js";
import { results, type ResultView } from "../../services/results/contract.js";
import type { CaseState } from "../../shared/case-workflow.js";

const OPEN_STEPS: CaseState[] = ["registered", "investigating", "notified", "decided", "served", "executed"];
/** Notices whose publicity period ends within this many days are listed. */
const EXPIRING_DAYS = 14;

function daysLeft(r: ResultView): HtmlValue {
  if (r.overdue) return html`<span class="overdue">已逾期（应于 ${day(r.dueBy)} 前公示）</span>`;
  return html`${day(r.dueBy)}${r.dueByProvisional ? "（暂定）" : ""}，剩 ${r.workingDaysLeft ?? "?"} 个工作日`;
}

function card(label: string, count: number, href: string, alert = false): HtmlValue {
  return html`<a class="card${alert && count > 0 ? " alert" : ""}" href="${href}"
    ><span class="count">${count}</span>${label}</a
  >`;
}

export function dashboardRoutes(deps: ConsoleDeps): Record<string, Handler> {
  return {
    "GET /console": consoleRoute(deps, async (c) => {
      const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
      const horizon = new Date(Date.now() + (8 + 24 * EXPIRING_DAYS) * 3600_000).toISOString().slice(0, 10);
      // Requests for government information are the writers' work (reviewers do not see them).
      const handlesRequests = (WRITERS as readonly string[]).includes(c.user.role);
      // Documents and consultations are the officers' and admins' work (the console's nav says so).
      const handlesDocuments = c.user.role === "officer" || c.user.role === "admin";
      const [
        drafts,
        overdue,
        waitingByState,
        reviews,
        received,
        accepted,
        lateFeedback,
        expiring,
        openRequests,
        cleanup,
        consultations,
        warnings,
      ] = await Promise.all([
        c.call(results.listResults, { status: "draft", limit: 100 }),
        c.call(results.listResults, { overdue: true, limit: 100 }),
        Promise.all(OPEN_STEPS.map((status) => c.call(cases.listCases, { status, limit: 100 }))),
        c.call(cases.listCases, { status: "review", limit: 100 }),
        c.call(feedback.list, { status: "received", limit: 100 }),
        c.call(feedback.list, { status: "accepted", limit: 100 }),
        c.call(feedback.list, { overdue: true, limit: 100 }),
        c.call(results.listResults, { expiresBefore: horizon, limit: 100 }),
        handlesRequests ? c.call(requests.list, { status: "open", limit: 100 }) : undefined,
        handlesDocuments ? c.call(documents.cleanup, {}) : undefined,
        handlesDocuments ? c.call(documents.listConsultations, { limit: 100 }) : undefined,
        Promise.all([reportWarnings(c), inspectionWarnings(c)]),
      ]);
      const consultationItems = consultations?.items ?? [];
      const unmoderated = consultationItems.reduce(
        (n, x) => n + x.comments.filter((m) => m.status === "received").length,
        0,
      );
      const unreported = consultationItems.filter((x) => x.phase === "closed" && !x.adoption).length;
      const requestItems = openRequests?.items ?? [];
      const due = drafts.items.filter((r) => !r.overdue).sort((a, b) => (a.dueBy < b.dueBy ? -1 : 1));
      const waiting = waitingByState.flatMap((p) => p.items).sort((a, b) => (a.updatedAt < b.updatedAt ? -1 : 1));
      const openFeedback = [...received.items, ...accepted.items].sort((a, b) => (a.dueBy < b.dueBy ? -1 : 1));
      const expiringSoon = expiring.items.sort((a, b) => ((a.expiresOn as string) < (b.expiresOn as string) ? -1 : 1));
      const resultRow = (r: ResultView) => [
        html`<a href="/console/results/${r.id}">${r.title}</a>`,
        r.decisionNo,
        day(r.decidedOn),
        daysLeft(r),
      ];
      c.render(200, {
        title: "工作台",
        active: "dashboard",
        body: html`<h1>工作台</h1>
          <p class="lead">今天是 ${today}。法定公示期限按工作日计算（决定当日不计入）。</p>
          ${warnings}
          <div class="cards">
            ${card("逾期未公示的决定", overdue.items.length, "#overdue", true)}
            ${card("待公示的决定", due.length, "#due")} ${card("待办案件", waiting.length, "#cases")}
            ${card("待法制审核", reviews.items.length, "#reviews")}
            ${card("待办的反馈", openFeedback.length, "#feedback")}
            ${card("逾期未答复的反馈", lateFeedback.items.length, "#feedback", true)}
            ${card(`${EXPIRING_DAYS} 日内公示期满`, expiringSoon.length, "#expiring")}
            ${
              openRequests &&
              html`${card("待办的政府信息公开申请", requestItems.length, "/console/requests")}
              ${card("逾期的政府信息公开申请", requestItems.filter((r) => r.overdue).length, "/console/requests?overdue=1", true)}`
            }
            ${
              cleanup &&
              html`${card("待清理的规范性文件", cleanup.items.length, "/console/documents/cleanup", true)}
              ${card("待审核的征求意见", unmoderated, "/console/consultations")}
              ${card("待报告采纳情况的征求意见", unreported, "/console/consultations", true)}`
            }
          </div>
          <h2 id="overdue">逾期未公示的决定</h2>
          ${table(["案件", "决定文书号", "决定日期", "法定公示期限"], overdue.items.map(resultRow))}
          <h2 id="due">待公示的决定</h2>
          ${table(["案件", "决定文书号", "决定日期", "法定公示期限"], due.map(resultRow))}
          <h2 id="cases">待办案件</h2>
          ${c.user.role !== "reviewer" && html`<p><a class="button primary" href="/console/cases/new">立案登记</a></p>`}
          ${table(
            ["案件", "当事人", "当前环节", "最近更新"],
            waiting.map((x) => [
              html`<a href="/console/cases/${x.id}">${x.title}</a
                >${x.major ? html` <span class="badge">重大</span>` : ""}`,
              x.partyName,
              labelOf(CASE_STATE_LABELS, x.status),
              day(x.updatedAt),
            ]),
          )}
          <h2 id="reviews">待法制审核</h2>
          ${table(
            ["案件", "当事人", "重大执法决定"],
            reviews.items.map((x) => [
              html`<a href="/console/cases/${x.id}">${x.title}</a>`,
              x.partyName,
              x.major ? "是" : "否",
            ]),
          )}
          <h2 id="feedback">公众反馈</h2>
          ${table(
            ["反馈", "状态", "答复期限"],
            openFeedback.map((f) => [
              html`<a href="/console/feedback/${f.id}">${(f.content ?? f.category).slice(0, 40)}</a>`,
              labelOf(FEEDBACK_STATUS_LABELS_ZH, f.status),
              f.dueBy < today ? html`<span class="overdue">已逾期（${day(f.dueBy)}）</span>` : day(f.dueBy),
            ]),
          )}
          <h2 id="expiring">${EXPIRING_DAYS} 日内公示期满的公示</h2>
          ${table(
            ["案件", "决定文书号", "公示期至"],
            expiringSoon.map((r) => [
              html`<a href="/console/results/${r.id}">${r.title}</a>`,
              r.decisionNo,
              day(r.expiresOn),
            ]),
          )}`,
      });
    }),
  };
}
