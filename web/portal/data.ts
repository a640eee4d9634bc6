/**
 * /data: the bulk data files for those who want the whole data set (issue 20) — what each table
 * holds, the current files with their size, rows and SHA-256, the deltas, and the API beside them.
 */
import { BULK_COLUMNS } from "../../services/feed/bulk-columns.js";
import type { PublicBulkIndex } from "../../services/feed/contract.js";
import { PENALTY_COLUMNS } from "../../services/feed/csv.js";
import { BULK_TABLES, type BulkTable } from "../../shared/bulk.js";
import { html, type SafeHtml } from "../html/html.js";
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

/** What a column means wherever a table has it, unless the table says otherwise below. */
const FIELD_MEANINGS: Readonly<Record<string, string>> = {
  id: "记录编号（UUID，与接口和页面地址中的编号相同）",
  bodyId: "执法主体的记录编号",
  bodyName: "执法主体名称",
  title: "标题",
  name: "名称",
  region: "所在区域",
  kind: "类别",
  category: "类别",
  status: "状态",
  basis: "依据",
  verifyCode: "核验码（可在本平台“核验”页面核验）",
  sha256: "文件的 SHA-256 指纹",
  pdfUrl: "PDF 文件地址",
  publishedAt: "在本平台发布的时间（ISO 8601）",
  publishedOn: "发布日期",
  effectiveFrom: "施行（生效）日期",
  createdAt: "记录创建时间（ISO 8601）",
  updatedAt: "最近一次更新的时间（ISO 8601）",
};

/** Columns whose meaning is the table's own. */
const TABLE_FIELD_MEANINGS: Readonly<Partial<Record<BulkTable, Readonly<Record<string, string>>>>> = {
  notices: {
    kind: "执法类别（行政处罚、行政许可等）",
    status: "公示状态：published 公示中，withdrawn 已撤下，corrected 已更正，expired 已过公示期",
    title: "公示标题",
    decisionNo: "执法决定文书号",
    decidedOn: "执法决定日期",
    partyName: "行政相对人名称",
    publishedAt: "公示时间（ISO 8601）",
    expiresOn: "公示期届满日期",
    statusChangedAt: "撤下、更正或期满的时间",
    reason: "撤下或更正的原因",
    predecessorId: "本公示所更正的原公示的编号",
    successorId: "更正本公示的新公示的编号",
    pdfUrl: "公示文件（PDF，含电子签章）地址；撤下后为空",
    verifyUrl: "在线核验地址",
  },
  bodies: {
    name: "执法主体名称",
    creditCode: "统一社会信用代码",
    phone: "联系电话",
    address: "办公地址",
  },
  officers: {
    bodyId: "所属执法主体的记录编号",
    name: "姓名",
    certificateNo: "执法证件号",
    fields: "执法领域（JSON 数组）",
    region: "执法区域",
    status: "状态：active 在岗，suspended 暂停，revoked 已注销",
    statusReason: "暂停或注销的原因",
    statusChangedAt: "状态变更时间",
  },
  powers: {
    version: "当前版本号",
    code: "事项编码",
    name: "事项名称",
    category: "职权类别（行政处罚、行政许可等）",
    basis: "设定依据（JSON：法律法规名称、条款及原文）",
    standards: "裁量基准（JSON）",
    procedure: "办理流程（JSON：各环节及说明）",
    timeLimitDays: "办理时限（日）",
    remedies: "救济途径（JSON）",
    supervisionPhone: "监督电话",
    changeNote: "本版本的变更说明",
    effectiveFrom: "本版本的生效日期",
  },
  inspections: {
    project: "抽查项目",
    subItem: "抽查子项",
    subject: "抽查对象",
    basis: "抽查依据",
    method: "抽查方式",
    content: "抽查内容",
  },
  documents: {
    title: "文件标题",
    docNumber: "发文字号",
    registrationNo: "统一登记号",
    signedOn: "签发日期",
    validUntil: "有效期至",
    validityBasis: "有效期的来源：default 默认期限，provisional 暂行或试行，explicit 文件载明",
    text: "文件全文",
    legalBasis: "制定依据",
    consultationId: "据以制定本文件的征求意见的编号",
    disclosureRule: "是否属于本机关的政府信息公开制度",
    category: "《政府信息公开条例》第二十条的公开类别（空为规范性文件）",
    events: "修改、废止、评估等状态事件（JSON）",
    interpretations: "政策解读（JSON）",
    attachments: "附件（JSON：文件名、地址等）",
    status: "生成当天的效力状态",
    validity: "效力状态的明细（JSON）",
  },
  reports: {
    kind: "报告类别",
    year: "报告年度",
    title: "报告标题",
    sections: "报告正文各部分（JSON）",
    data: "报告的统计数据（JSON）",
    htmlUrl: "网页版地址",
    csvUrl: "统计数据 CSV 地址",
    pdfUrl: "PDF 版地址",
  },
};

/** The 双公示 header of each CF_ code: the penalty file's own column names. */
const PENALTY_HEADERS: ReadonlyMap<string, string> = new Map(PENALTY_COLUMNS);

/** A column's one-line meaning; undefined when neither table knows it (a test keeps that from happening). */
export function columnMeaning(table: BulkTable, column: string): string | undefined {
  if (table === "notices-xzcf") return PENALTY_HEADERS.get(column);
  return TABLE_FIELD_MEANINGS[table]?.[column] ?? FIELD_MEANINGS[column];
}

/** The dictionary of every bulk table, drawn from the columns its files are written with. */
export function dataDictionary(): { table: BulkTable; columns: { name: string; meaning: string | undefined }[] }[] {
  return BULK_TABLES.map(({ table }) => ({
    table,
    columns: BULK_COLUMNS[table].map((name) => ({ name, meaning: columnMeaning(table, name) })),
  }));
}

function dictionarySection(): SafeHtml {
  const tables = dataDictionary().map(({ table, columns }) => {
    // The 双公示 file's header is in Chinese: its names say what each CF_ column holds.
    const xzcf = table === "notices-xzcf";
    const rows = columns.map((c) =>
      xzcf
        ? html`<tr>
            <th scope="row">${c.meaning ?? c.name}</th>
            <td><code>${c.name}</code></td>
          </tr>`
        : html`<tr>
            <th scope="row"><code>${c.name}</code></th>
            <td>${c.meaning ?? ""}</td>
          </tr>`,
    );
    return dataTable(
      `dict-${table}`,
      html`<code>${table}</code>：${TABLES[table] ?? table}`,
      xzcf ? ["列名（CSV 表头）", "数据标准代码"] : ["列名", "含义"],
      rows,
    );
  });
  return section(
    "dictionary",
    "数据字典",
    html`<p>
        各表 CSV 文件的列，按文件中的顺序。嵌套的值（列表、对象）在 CSV 中写为 JSON；JSON Lines
        文件每行一条记录，字段与接口返回的相同（公示的 JSON Lines 为完整的公开内容，比 CSV
        摘要多出各项公示内容）。日期为 YYYY-MM-DD，时间为 ISO 8601 格式。
      </p>
      ${tables}`,
  );
}

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
    ${dictionarySection()}
    ${section(
      "api",
      "订阅与 API",
      html`<p>
          检索结果、执法主体和公示页面上的“订阅更新”可按电子邮件（即时或每日、每周汇总）或私有 Atom
          订阅源接收变化，无需注册。
        </p>
        <p>
          系统对接可通过 <code>POST /api/public/subscriptions</code> 订阅 Webhook：每次变化以
          JSON（<code>type</code>、<code>timestamp</code>、<code>data</code>）POST 到您的地址，按 Standard Webhooks
          规范附 <code>webhook-id</code>、<code>webhook-timestamp</code> 和
          <code>webhook-signature</code> 头，签名为以订阅时只显示一次的 <code>whsec_</code> 密钥计算的 HMAC-SHA256。未以
          2xx 应答的投递按规范的间隔重试，重试时 <code>webhook-id</code>
          不变，可据此去重。
        </p>
        <ul>
          <li>文件清单：<code>/api/public/bulk/index.json</code></li>
          <li>公示检索与详情：<code>/api/public/notices</code>、<code>/api/public/notices/编号</code></li>
          <li>
            接口说明（OpenAPI 3）：<a href="/api/openapi.json"><code>/api/openapi.json</code></a>
          </li>
        </ul>`,
    )}`;
  return layout({ title: "数据下载", body, baseUrl, path: "/data" });
}
