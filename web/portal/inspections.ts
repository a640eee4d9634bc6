/**
 * A body's random-inspection list (随机抽查事项清单) page by page: the body's page shows the first
 * items, this page all of them, with the total and the pager of the directories.
 */
import { html, pathOf, type SafeHtml } from "../html/html.js";
import { layout, type PageContext } from "./layout.js";
import { listSummary, pagerNav, type PageState } from "./pager.js";
import { dataTable, paragraphs, section } from "./parts.js";

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

/** The table of inspection items, under its caption. */
export function inspectionTable(caption: string, items: readonly InspectionInfo[]): SafeHtml {
  return dataTable(
    "inspections-caption",
    caption,
    ["项目", "子项", "主体", "依据", "方式", "内容"],
    items.map(
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
  );
}

/** The address of a body's whole inspection list. */
export function inspectionsPath(bodyId: string): string {
  return pathOf("bodies", bodyId, "inspections");
}

export interface InspectionsPageInput extends PageContext {
  body: { id: string; name: string };
  state: PageState;
  items: readonly InspectionInfo[];
  total: number;
  nextCursor: string | null;
  pageSize: number;
}

export function inspectionsPage(input: InspectionsPageInput): string {
  const { body: b, state, items, total, nextCursor, pageSize, baseUrl } = input;
  const path = inspectionsPath(b.id);
  const results = html`${listSummary(total, false, state.start, items.length)}
  ${items.length ? inspectionTable(`${b.name}随机抽查事项清单`, items) : html`<p>暂无随机抽查事项。</p>`}
  ${pagerNav({ path, filters: {}, state, shown: items.length, pageSize, nextCursor })}`;
  const body = html`<h1>${b.name}随机抽查事项</h1>
    <p><a href="${pathOf("bodies", b.id)}">返回${b.name}</a></p>
    ${section("results", "随机抽查事项清单", results)}`;
  return layout({ title: `${b.name}随机抽查事项`, body, baseUrl, path });
}
