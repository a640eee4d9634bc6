/**
 * The pages every government website carries beside its content (政府网站发展指引): the site map
 * (网站地图, every public section in one list) and the accessibility statement (无障碍声明); and
 * the favicon. Linked from every page's footer.
 */
import { html } from "../html/html.js";
import { siteSettings } from "../html/site.js";
import { ACCESSIBILITY_PATH, CSV_PATH, FEED_PATH, layout, SITEMAP_PAGE_PATH, type PageContext } from "./layout.js";
import { PALETTE } from "../html/palette.js";
import { section } from "./parts.js";

/** The public sections, as the site map lists them: [heading, [label, path, what it holds][]]. */
const SECTIONS: readonly (readonly [string, readonly (readonly [string, string, string])[]])[] = [
  [
    "公示信息",
    [
      ["首页", "/", "最新公示的行政执法决定"],
      ["检索公示", "/search", "按关键词、执法主体、类别、状态和日期检索行政执法决定"],
    ],
  ],
  [
    "政策文件与征求意见",
    [
      ["行政规范性文件", "/documents", "按制定机关、效力状态和年份查阅规范性文件及其政策解读"],
      ["征求意见", "/consultations", "正在征求意见的草案、公开的意见和意见采纳情况"],
      ["年度报告", "/reports", "各机关的政府信息公开工作年度报告和行政执法年度数据（HTML、CSV 和电子签章 PDF）"],
      ["统计数据", "/stats", "按执法主体、区域和期间统计的执法决定、处罚、罚款、按期公示和答复用时，附图表和 CSV"],
    ],
  ],
  [
    "核验与互动",
    [
      ["核验公示文件", "/verify", "凭核验码或上传 PDF 核验公示文件的真伪和当前状态"],
      ["意见反馈", "/feedback", "对公示内容提出意见或更正，凭查询码查看办理进度"],
      ["申请政府信息公开", "/requests/new", "向行政机关申请获取政府信息（依申请公开）"],
      ["申请办理进度查询", "/requests", "凭查询码查看政府信息公开申请的办理状态、答复期限和答复"],
    ],
  ],
  [
    "订阅与下载",
    [
      ["Atom 订阅", FEED_PATH, "最新公示的订阅源"],
      ["处罚决定 CSV", CSV_PATH, "行政处罚决定数据，双公示格式"],
      ["数据下载", "/data", "全部公开数据的批量文件（CSV、JSON Lines）及每日增量"],
      ["站点地图（XML）", "/sitemap.xml", "供搜索引擎读取的全部公开页面"],
    ],
  ],
  [
    "关于本站",
    [
      ["网站地图", SITEMAP_PAGE_PATH, "本页"],
      ["无障碍声明", ACCESSIBILITY_PATH, "本站的无障碍设计和已知限制"],
    ],
  ],
];

export function sitemapPage({ baseUrl }: PageContext): string {
  const body = html`<h1>网站地图</h1>
    <p>本站全部公开栏目如下。执法主体、权责事项和执法决定的页面可从检索结果和公示页面进入。</p>
    ${SECTIONS.map(([heading, links], i) =>
      section(
        `map-${i + 1}`,
        heading,
        html`<ul>
          ${links.map(([label, path, what]) => html`<li><a href="${path}">${label}</a>：${what}</li>`)}
        </ul>`,
      ),
    )}`;
  return layout({ title: "网站地图", body, baseUrl, path: SITEMAP_PAGE_PATH });
}

export function accessibilityPage({ baseUrl }: PageContext): string {
  const { name, contact } = siteSettings();
  const body = html`<h1>无障碍声明</h1>
    <p>${name}致力于让所有人，包括视力、听力、肢体和认知障碍者及老年人，都能获取行政执法公示信息。</p>
    ${section(
      "standard",
      "遵循的标准",
      html`<p>
        本站以《信息技术 互联网内容无障碍可访问性技术要求与测试方法》（GB/T 37668-2019）和 Web 内容无障碍指南（WCAG）2.1
        AA 级为目标设计和测试。
      </p>`,
    )}
    ${section(
      "features",
      "本站的做法",
      html`<ul>
        <li>全部页面无需 JavaScript 即可使用，仅用键盘即可完成检索、核验和反馈。</li>
        <li>每页设有“跳到主要内容”链接、导航地标和层次分明的标题，便于读屏软件浏览。</li>
        <li>每个表单项都有文字标签，填写有误时在表单顶部列出并链接到出错的项。</li>
        <li>文字与背景的颜色对比度不低于 4.5:1；页面可放大至 200% 而不丢失内容，并适配手机屏幕。</li>
        <li>日期以“年月日”书写；状态不只用颜色表示，均有文字说明。</li>
        <li>页面可直接打印，打印时附上关键链接的完整地址。</li>
      </ul>`,
    )}
    ${section(
      "limits",
      "已知限制",
      html`<p>
        公示文件（PDF）为签章文件，读屏软件可能无法完整朗读其版式；其内容在公示页面上以网页文字同样公开，核验码也以文字给出。
      </p>`,
    )}
    ${section(
      "contact",
      "反馈无障碍问题",
      html`<p>
        使用中遇到障碍，请通过<a href="/feedback">意见反馈</a
        >告诉我们${contact && html`，或联系：${contact}`}。我们会在答复期限内处理。
      </p>`,
    )}`;
  return layout({ title: "无障碍声明", body, baseUrl, path: ACCESSIBILITY_PATH });
}

/** A seal-like mark in the site's accent colour: a shape, not text, so it needs no font. */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="${PALETTE.accent}"/><circle cx="16" cy="16" r="10" fill="none" stroke="${PALETTE.white}" stroke-width="2.5"/><path d="M16 9.5l1.9 4.1 4.5.5-3.4 3 1 4.4-4-2.3-4 2.3 1-4.4-3.4-3 4.5-.5z" fill="${PALETTE.white}"/></svg>
`;
