/**
 * The transparency log in plain Chinese (issue 18): the 透明日志 section of a verification result
 * and the /transparency page explaining the log with its current tree head.
 */
import { html, type SafeHtml } from "../html/html.js";
import { parseCheckpoint, parseNote } from "../../shared/tlog.js";
import { layout, type PageContext } from "./layout.js";
import { fieldList, section } from "./parts.js";

/** A notice's latest log entry as verification answers it (services/tlog/contract.ts LogRecord). */
export interface LogView {
  index: number;
  treeSize: number;
  entry: string;
  inclusionProof: string[];
  checkpoint: string;
}

const ENTRY_TYPES: Record<string, string> = {
  "notice.published": "公示发布",
  "notice.withdrawn": "公示撤下",
  "notice.corrected": "公示更正",
  "notice.expired": "公示期届满",
  document: "规范性文件公开或变更",
};

function entryOf(log: LogView): { type?: string; at?: string; sha256?: string } {
  try {
    return JSON.parse(Buffer.from(log.entry, "base64").toString("utf8")) as { type?: string; at?: string };
  } catch {
    return {};
  }
}

/** The 透明日志 section of a notice's verification: where it stands in the log, and how to check it. */
export function logSection(log: LogView | null | undefined): SafeHtml {
  if (log === undefined) return html``;
  const body = log
    ? html`<p>该公示的最新状态已写入本平台的公开透明日志：日志只能追加、不能修改或删除，任何人都可以独立验证。</p>
        ${fieldList([
          ["日志条目序号", String(log.index)],
          ["记录的事件", ENTRY_TYPES[entryOf(log).type ?? ""] ?? entryOf(log).type ?? ""],
          ["记录时间", entryOf(log).at ?? ""],
          ["所在日志大小", `${log.treeSize} 条`],
          ["包含证明", `${log.inclusionProof.length} 个哈希值`],
        ])}
        <details>
          <summary>签名的日志树头（检查点）</summary>
          <pre class="checkpoint">${log.checkpoint}</pre>
        </details>
        <p>
          如何独立核验：见<a href="/transparency">透明日志说明</a>。条目、包含证明和检查点都在核验接口
          <code>/api/public/verify/核验码</code> 的 <code>log</code> 字段中。
        </p>`
    : html`<p>该公示尚未写入透明日志（通常在发布后几秒内写入），请稍后再次核验。</p>`;
  return section("tlog", "透明日志", body);
}

export interface TransparencyPageInput extends PageContext {
  /** The latest signed checkpoint (a note); absent when the log does not answer. */
  checkpoint?: string;
  /** The verifier key (name+hash+key). */
  verifierKey?: string;
}

function treeHead(note: string | undefined): SafeHtml {
  if (!note) return html`<p>透明日志暂时无法访问，请稍后再试。</p>`;
  const { text, signatures } = parseNote(note);
  const cp = parseCheckpoint(text);
  // The log signs first; every further signature is a witness's cosignature, checked before it was kept.
  const witnesses = [...new Set(signatures.slice(1).map((s) => s.name))];
  return html`${fieldList([
      ["日志名称", cp.origin],
      ["条目总数", `${cp.size} 条`],
      ["根哈希（Base64）", html`<code class="hash">${Buffer.from(cp.root).toString("base64")}</code>`],
      ["见证方联署", witnesses.length ? witnesses.join("、") : "暂无"],
    ])}
    <details>
      <summary>完整的签名检查点</summary>
      <pre class="checkpoint">${note}</pre>
    </details>`;
}

export function transparencyPage({ checkpoint, verifierKey, baseUrl }: TransparencyPageInput): string {
  const body = html`<h1>透明日志</h1>
    <p>
      本平台把每一次对公众可见的变化——行政执法公示的发布、撤下、更正和公示期届满，规范性文件的公开和变更，以及年度报告的发布——
      记入一份公开的“透明日志”。日志只能在末尾追加，已有的记录不能修改或删除。
      这样，任何人都可以证明某份公示在何时以何种内容发布过，也能发现是否有人事后悄悄改动或删除。
    </p>
    ${section("head", "当前日志树头", treeHead(checkpoint))}
    ${section(
      "how",
      "它是如何运作的",
      html`<ul>
        <li>每条记录包含：事件类型、公示或文件编号、版本、文件指纹（SHA-256）、执法机关、时间和顺序号。</li>
        <li>
          全部记录组成一棵默克尔树（与证书透明度日志相同的 RFC 6962 算法），树根哈希概括了全部内容：
          任何一条记录被改动，树根就会不同。
        </li>
        <li>
          本平台每隔几秒用专门的密钥对树根签名，发布为“检查点”。已签名的检查点之间可以证明前后一致：
          新的日志只是在旧的日志后追加，旧记录一条未改。
        </li>
        <li>核验公示时，结果中附有该公示的日志条目和“包含证明”，可以证明该条目确实在已签名的日志中。</li>
        <li>
          独立的“见证方”（C2SP tlog-witness）收到每个新检查点后，先核对它与自己见过的上一个检查点一致，
          再加上自己的联署签名：本平台无法向不同的人展示不同的日志而不被见证方发现。
        </li>
      </ul>`,
    )}
    ${section(
      "verify",
      "如何独立核验",
      html`<p>核验无需信任本平台的服务器，只需以下公开信息：</p>
        ${fieldList([
          ["日志验证公钥", verifierKey ? html`<code class="hash">${verifierKey}</code>` : "暂时无法获取"],
          ["最新检查点", html`<code>/api/public/tlog/checkpoint</code>`],
          ["包含证明", html`<code>/api/public/tlog/proof/inclusion?index=序号&amp;size=大小</code>`],
          ["一致性证明", html`<code>/api/public/tlog/proof/consistency?old=旧大小&amp;new=新大小</code>`],
          ["日志分片（C2SP tlog-tiles）", html`<code>/api/public/tlog/tile/…</code>`],
        ])}
        <p>
          请把上面的验证公钥保存下来。以后下载的检查点都应能用同一公钥验证签名；
          如果两个检查点的条目数相同而树根不同，或新检查点与旧检查点不一致，说明日志被篡改。
        </p>
        <p>
          本项目附带的监测程序 <code>npm run tlog:monitor -- 平台地址</code> 会定期完成上述检查，
          并从日志分片重新计算整棵树；发现任何不一致即报错退出。
        </p>`,
    )}`;
  return layout({ title: "透明日志", body, baseUrl, path: "/transparency" });
}
