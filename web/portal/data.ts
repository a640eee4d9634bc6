/**
 * /data: the bulk data files for those who want the whole data set (issue 20) — what each table
 * holds, the current files with their size, rows and SHA-256, the deltas, and the API beside them.
 */
import type { PublicBulkIndex } from "../../services/feed/contract.js";
import { html } from "../html/html.js";
import { layout, type PageContext } from "./layout.js";
import { dataTable, section } from "./parts.js";

/** What each dumped table holds, in the reader's words. */
const TABLES: Record<string, string> = {
  notices: "行政执法决定公示（全部状态；JSON Lines 为公开的完整内容，CSV 为摘要）",
  "notices-xzcf": "行政处罚决定（按“双公示”数据标准的字段顺序）",
  bodies: "行政执法主体",
  officers: "行政执法人员",
  powers: "权责清单事项",
  inspections: "随机抽查事项清单",
  documents: "规范性文件",
  reports: "年度报告",
};

function size(bytes: number): string {
  return bytes < 1024
    ? `${bytes} 字节`
    : bytes < 1024 ** 2
      ? `${(bytes / 1024).toFixed(1)} KB`
      : `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}

export interface DataPageInput extends PageContext {
  /** The bulk index; absent when the feed does not answer. */
  index?: PublicBulkIndex;
}

export function dataPage({ index, baseUrl }: DataPageInput): string {
  const files = (kind: "full" | "delta") =>
    (index?.files ?? [])
      .filter((f) => f.kind === kind)
      .map(
        (f) =>
          html`<tr>
            <td><a href="${new URL(f.url).pathname}">${f.name}</a></td>
            <td>${TABLES[f.table] ?? f.table}</td>
            <td>${f.format === "csv" ? "CSV" : "JSON Lines"}</td>
            <td>${f.date}</td>
            <td>${String(f.rows)}</td>
            <td>${size(f.bytes)}</td>
            <td><code class="hash">${f.sha256}</code></td>
          </tr>`,
      );
  const columns = ["文件", "内容", "格式", "日期", "记录数", "大小", "SHA-256"];
  const full = files("full");
  const deltas = files("delta");
  const body = html`<h1>数据下载</h1>
    <p>
      本平台公开的全部数据每天凌晨 2:30 生成一次完整的批量文件，另附当天变化的记录（增量）。 文件为 gzip 压缩的 CSV（RFC
      4180，UTF-8 带 BOM，可直接用电子表格打开）和 JSON Lines（每行一条记录， 与接口返回的内容相同）。下载后可用 SHA-256
      校验文件是否完整。
    </p>
    ${section(
      "full",
      "完整文件",
      !index
        ? html`<p>文件列表暂时无法获取，请稍后再试。</p>`
        : full.length
          ? dataTable("full-caption", `最新一次生成：${index.generatedAt ?? ""}`, columns, full)
          : html`<p>尚未生成批量文件。</p>`,
    )}
    ${section(
      "delta",
      "增量文件（保留 90 天）",
      deltas.length
        ? dataTable("delta-caption", "每天变化的记录", columns, deltas)
        : html`<p>暂无增量文件（第二次生成起提供）。</p>`,
    )}
    ${section(
      "api",
      "接口",
      html`<ul>
        <li>文件清单：<code>/api/public/bulk/index.json</code></li>
        <li>公示检索与详情：<code>/api/public/notices</code>、<code>/api/public/notices/编号</code></li>
        <li>
          接口说明（OpenAPI 3）：<a href="/api/openapi.json"><code>/api/openapi.json</code></a>
        </li>
      </ul>`,
    )}`;
  return layout({ title: "数据下载", body, baseUrl, path: "/data" });
}
