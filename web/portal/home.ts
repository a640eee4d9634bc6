/** The portal's home page: the latest notices and the platform's counts. */
import { html } from "../html/html.js";
import { CSV_PATH, FEED_PATH, layout, type PageContext } from "./layout.js";
import { metaItem, noticeList, type NoticeSummary, section } from "./parts.js";

export interface HomeStats {
  notices?: number;
  bodies?: number;
  officers?: number;
  powers?: number;
}

export interface HomePageInput extends PageContext {
  latest: readonly NoticeSummary[];
  stats?: HomeStats;
}

const STAT_LABELS: readonly [keyof HomeStats, string][] = [
  ["notices", "公示中的执法决定"],
  ["bodies", "执法主体"],
  ["officers", "执法人员"],
  ["powers", "权责事项"],
];

export function homePage({ latest, stats, baseUrl }: HomePageInput): string {
  const shown = STAT_LABELS.filter(([key]) => typeof stats?.[key] === "number");
  const body = html`<h1>行政执法信息公示</h1>
    <p>
      本平台公开行政执法主体、执法人员、权责清单和行政执法决定，接受社会监督。公示文件均加盖电子签章，可在线核验真伪和当前状态。
    </p>
    ${
      shown.length > 0 &&
      html`<dl class="stats">${shown.map(([key, label]) => metaItem(label, (stats as HomeStats)[key] as number))}</dl>`
    }
    ${section(
      "directories",
      "事前公开",
      html`<ul class="directory-links">
        <li><a href="/bodies">执法主体</a>：各行政执法机关的名称、区域、联系方式和职责</li>
        <li><a href="/powers">权责清单</a>：行政职权事项的名称、编码、类别、依据和流程</li>
        <li><a href="/officers">执法人员</a>：持证执法人员的姓名、执法证号和状态</li>
      </ul>`,
    )}
    ${section(
      "latest",
      "最新公示",
      html`${latest.length ? noticeList(latest) : html`<p>暂无公示。</p>`}
        <p class="more"><a href="/search">检索全部公示</a></p>`,
    )}
    ${section(
      "subscribe",
      "订阅与下载",
      html`<ul>
        <li><a href="${FEED_PATH}" type="application/atom+xml">Atom 订阅：最新公示</a></li>
        <li><a href="${CSV_PATH}" type="text/csv">下载行政处罚决定数据（CSV，双公示格式）</a></li>
      </ul>`,
    )}
    ${section(
      "policy",
      "政策文件与征求意见",
      html`<ul class="directory-links">
        <li><a href="/documents">行政规范性文件</a>：统一登记、统一编号、统一发布的规范性文件及其政策解读和效力状态</li>
        <li><a href="/consultations">征求意见</a>：重大行政决策、规章和规范性文件草案公开征求意见，公布采纳情况</li>
      </ul>`,
    )}
    ${section(
      "information-requests",
      "依申请公开",
      html`<ul class="directory-links">
        <li><a href="/requests/new">申请政府信息公开</a>：向行政机关申请获取政府信息，提交后获得查询码</li>
        <li><a href="/requests">办理进度查询</a>：凭查询码查看办理状态、答复期限和答复</li>
      </ul>`,
    )}
    ${section(
      "statistics",
      "统计与年度报告",
      html`<ul class="directory-links">
        <li>
          <a href="/stats">统计数据</a
          >：各月执法决定、处罚类别、罚款金额、按期公示率和答复用时，可按执法主体、区域和期间查看
        </li>
        <li><a href="/reports">年度报告</a>：政府信息公开工作年度报告和行政执法年度数据</li>
      </ul>`,
    )}
    ${section("verify", "核验公示文件", html`<p>持有公示文件（PDF）或其核验码，可<a href="/verify">在线核验</a>文件是否由本平台签发及其当前状态。</p>`)}`;
  return layout({
    title: "首页",
    body,
    activeNav: "home",
    baseUrl,
    path: "/",
    feeds: [{ title: "最新公示（Atom）", href: FEED_PATH }],
  });
}
