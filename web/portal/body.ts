/** The page of an enforcement body (执法主体): its officers, powers, inspections and notices. */
import { href, html, pathOf, SafeHtml } from "../html/html.js";
import { FEED_PATH, layout, type PageContext } from "./layout.js";
import { dataTable, fieldList, labelOf, noticeList, type NoticeSummary, paragraphs, section } from "./parts.js";

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

/** 随机抽查事项, as duties.inspectionView answers. */
export interface InspectionInfo {
  id: string;
  project: string;
  subItem?: string | null;
  subject: string;
  basis: string;
  method: string;
  content: string;
}

export interface BodyPageInput extends PageContext {
  body: BodyInfo;
  officers: readonly OfficerInfo[];
  powers: readonly PowerSummary[];
  inspections: readonly InspectionInfo[];
  notices: readonly NoticeSummary[];
  /** The public replies, the statistics and the feedback form (feedback.ts). */
  feedback?: SafeHtml;
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
        <li><a href="#notices">最新公示</a></li>
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
      officers.length
        ? dataTable(
            "officers-caption",
            `执法人员名单（共 ${officers.length} 人）`,
            ["姓名", "执法证号", "执法领域", "区域", "状态", "反馈"],
            officers.map(
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
          )
        : html`<p>暂无执法人员信息。</p>`,
    )}
    ${section(
      "powers",
      "权责清单",
      powers.length
        ? dataTable(
            "powers-caption",
            `权责清单（共 ${powers.length} 项）`,
            ["编码", "名称", "类别", "版本"],
            powers.map(
              (p) =>
                html`<tr>
                  <td class="mono">${p.code}</td>
                  <th scope="row"><a href="${pathOf("powers", p.id)}">${p.name}</a></th>
                  <td>${p.category}</td>
                  <td>第 ${p.version} 版</td>
                </tr>`,
            ),
          )
        : html`<p>暂无权责清单信息。</p>`,
    )}
    ${section(
      "inspections",
      "随机抽查事项",
      inspections.length
        ? dataTable(
            "inspections-caption",
            `随机抽查事项清单（共 ${inspections.length} 项）`,
            ["项目", "子项", "主体", "依据", "方式", "内容"],
            inspections.map(
              (i) =>
                html`<tr>
                  <th scope="row">${i.project}</th>
                  <td>${i.subItem || "—"}</td>
                  <td>${i.subject}</td>
                  <td>${paragraphs(i.basis)}</td>
                  <td>${i.method}</td>
                  <td>${paragraphs(i.content)}</td>
                </tr>`,
            ),
          )
        : html`<p>暂无随机抽查事项。</p>`,
    )}
    ${section(
      "notices",
      "最新公示",
      html`${notices.length ? noticeList(notices) : html`<p>暂无公示。</p>`}
        <p class="more"><a href="${href("/search", { bodyId: b.id })}">查看本机关的全部公示</a></p>`,
    )}
    ${feedback}`;
  return layout({
    title: b.name,
    body,
    baseUrl,
    path: pathOf("bodies", b.id),
    feeds: [{ title: `${b.name}的公示（Atom）`, href: href(FEED_PATH, { bodyId: b.id }) }],
  });
}
