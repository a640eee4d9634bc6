/** The page of an enforcement body (执法主体): its officers, powers, inspections and notices. */
import { href, html, pathOf, type SafeHtml } from "../html/html.js";
import { FEED_PATH, layout, type PageContext } from "./layout.js";
import { inspectionsPath, inspectionTable, type InspectionInfo } from "./inspections.js";
import { opennessPath } from "./openness.js";
import { bodyStatsPath } from "./stats.js";
import { dataTable, fieldList, labelOf, noticeList, type NoticeSummary, section } from "./parts.js";
import { subscribeBox } from "./subscriptions.js";

export type { InspectionInfo };

/** 执法人员状态: an officer's standing on the roster. */
export const OFFICER_STATUS_LABELS = { active: "在岗", suspended: "暂停", revoked: "已注销" } as const;

/** 执法主体, as duties.bodyView answers. */
export interface BodyInfo {
  id: string;
  name: string;
  creditCode: string;
  region: string;
  phone?: string | null;
  address?: string | null;
}

/** 执法人员, as duties.officerView answers. */
export interface OfficerInfo {
  id: string;
  name: string;
  certificateNo: string;
  fields: readonly string[];
  region?: string | null;
  /** active | suspended | revoked */
  status: string;
  statusReason?: string | null;
}

/** An item of the 权责清单, as duties.powerView answers (its current version). */
export interface PowerSummary {
  id: string;
  code: string;
  name: string;
  category: string;
  version: number;
}

/** The first page of one of the body's lists, and how many items the list has in all. */
export interface FirstPage<T> {
  items: readonly T[];
  total: number;
}

export interface BodyPageInput extends PageContext {
  body: BodyInfo;
  officers: FirstPage<OfficerInfo>;
  powers: FirstPage<PowerSummary>;
  inspections: FirstPage<InspectionInfo>;
  notices: readonly NoticeSummary[];
  /** The public replies, the statistics and the feedback form (feedback.ts). */
  feedback?: SafeHtml;
  /** The body's 依申请公开 statistics and the link to apply (request-tracking.ts). */
  requests?: SafeHtml;
  /** The body's annual reports, and last year's when overdue (reports.ts). */
  reports?: SafeHtml | "";
  /** The body's random-inspection draw plans (inspection-plans.ts). */
  plans?: SafeHtml | "";
}

/** "（共 N 人）", or "（共 N 人，列出前 M 人）" when the page shows only the first of them. */
function countText(list: FirstPage<unknown>, unit: string): string {
  const shown = list.items.length;
  return shown < list.total ? `（共 ${list.total} ${unit}，列出前 ${shown} ${unit}）` : `（共 ${list.total} ${unit}）`;
}

/** The link to the whole list, when the page shows only its first items. */
function moreLink(list: FirstPage<unknown>, path: string, what: string): SafeHtml | "" {
  return list.items.length < list.total
    ? html`<p class="more"><a href="${path}">查看全部 ${list.total} 条${what}</a></p>`
    : "";
}

function officerStatus(o: OfficerInfo): string {
  const label = labelOf(OFFICER_STATUS_LABELS, o.status);
  return o.status !== "active" && o.statusReason ? `${label}（${o.statusReason}）` : label;
}

export function bodyPage({
  body: b,
  officers,
  powers,
  inspections,
  notices,
  feedback,
  requests,
  reports,
  plans,
  baseUrl,
}: BodyPageInput): string {
  const phone = b.phone
    ? /^[0-9+\-() ]+$/.test(b.phone)
      ? html`<a href="tel:${b.phone.replace(/[^0-9+]/g, "")}">${b.phone}</a>`
      : b.phone
    : "未公布";
  const body = html`<h1>${b.name}</h1>
    <nav class="toc no-print" aria-label="本页目录">
      <ul>
        <li><a href="#officers">执法人员</a></li>
        <li><a href="#powers">权责清单</a></li>
        <li><a href="#inspections">随机抽查事项</a></li>
        ${plans && html`<li><a href="#inspection-plans">双随机抽查计划</a></li>`}
        <li><a href="#notices">最新公示</a></li>
        <li><a href="${opennessPath(b.id)}">政府信息公开</a></li>
        <li><a href="#reports">年度报告</a></li>
        <li><a href="${bodyStatsPath(b.id)}">统计数据</a></li>
        <li><a href="${href("/requests/new", { bodyId: b.id })}">申请政府信息公开</a></li>
      </ul>
    </nav>
    ${section(
      "info",
      "执法主体信息",
      fieldList([
        ["名称", b.name],
        ["统一社会信用代码", html`<span class="mono">${b.creditCode}</span>`],
        ["所在区域", b.region],
        ["联系电话", phone],
        ["办公地址", b.address || "未公布"],
      ]),
    )}
    ${section(
      "officers",
      "执法人员",
      officers.items.length
        ? html`${dataTable(
            "officers-caption",
            `执法人员名单${countText(officers, "人")}`,
            ["姓名", "执法证号", "执法领域", "区域", "状态", "反馈"],
            officers.items.map(
              (o) =>
                html`<tr>
                  <th scope="row">${o.name}</th>
                  <td class="mono">${o.certificateNo}</td>
                  <td>${o.fields.join("、")}</td>
                  <td>${o.region || "—"}</td>
                  <td>${officerStatus(o)}</td>
                  <td class="no-print">
                    <a href="${href("/feedback", { targetType: "officer", targetId: o.id })}">对该执法人员提意见</a>
                  </td>
                </tr>`,
            ),
          )}
          ${moreLink(officers, href("/officers", { bodyId: b.id }), "执法人员")}`
        : html`<p>暂无执法人员信息。</p>`,
    )}
    ${section(
      "powers",
      "权责清单",
      powers.items.length
        ? html`${dataTable(
            "powers-caption",
            `权责清单${countText(powers, "项")}`,
            ["编码", "名称", "类别", "版本"],
            powers.items.map(
              (p) =>
                html`<tr>
                  <td class="mono">${p.code}</td>
                  <th scope="row"><a href="${pathOf("powers", p.id)}">${p.name}</a></th>
                  <td>${p.category}</td>
                  <td>第 ${p.version} 版</td>
                </tr>`,
            ),
          )}
          ${moreLink(powers, href("/powers", { bodyId: b.id }), "权责事项")}`
        : html`<p>暂无权责清单信息。</p>`,
    )}
    ${section(
      "inspections",
      "随机抽查事项",
      inspections.items.length
        ? html`${inspectionTable(`随机抽查事项清单${countText(inspections, "项")}`, inspections.items)}
          ${moreLink(inspections, inspectionsPath(b.id), "随机抽查事项")}`
        : html`<p>暂无随机抽查事项。</p>`,
    )}
    ${plans}
    ${section(
      "notices",
      "最新公示",
      html`${notices.length ? noticeList(notices) : html`<p>暂无公示。</p>`}
        <p class="more"><a href="${href("/search", { bodyId: b.id })}">查看本机关的全部公示</a></p>`,
    )}
    ${section(
      "openness",
      "政府信息公开",
      html`<p>
        本机关的<a href="${opennessPath(b.id)}">政府信息公开</a
        >：政府信息公开指南、政府信息公开制度、法定主动公开内容和政府信息公开年报。
      </p>`,
    )}
    ${section(
      "statistics",
      "统计数据",
      html`<p>
        本机关的<a href="${bodyStatsPath(b.id)}">统计数据</a
        >：各月执法决定、处罚类别、罚款金额、按期公示率、答复用时和执法决定最多的职权（附图表和 CSV）。
      </p>`,
    )}
    ${reports} ${requests}
    ${subscribeBox({ bodyId: b.id }, "本机关发布新的公示、规范性文件或年度报告，或公示状态变化时通知您。")} ${feedback}`;
  return layout({
    title: b.name,
    body,
    baseUrl,
    path: pathOf("bodies", b.id),
    feeds: [{ title: `${b.name}的公示（Atom）`, href: href(FEED_PATH, { bodyId: b.id }) }],
  });
}
