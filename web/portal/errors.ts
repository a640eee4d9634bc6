/** The portal's error pages (404, 410 for content no longer public, 5xx). */
import { html } from "../html/html.js";
import { layout, type PageContext } from "./layout.js";

export interface ErrorPageInput extends PageContext {
  status: number;
  message?: string;
}

const ERROR_TITLES: Readonly<Record<number, string>> = {
  404: "页面不存在",
  410: "该内容已不再公开",
  500: "系统暂时无法提供服务",
};

const ERROR_HINTS: Readonly<Record<number, string>> = {
  404: "您访问的页面不存在，可能地址有误，或内容尚未公开。",
  410: "该内容已撤下或已过公示期，不再公开。",
  500: "系统出现故障，请稍后再试。",
};

export function errorPage({ status, message, baseUrl }: ErrorPageInput): string {
  const title = ERROR_TITLES[status] ?? (status >= 500 ? ERROR_TITLES[500] : "请求未能完成");
  const hint = ERROR_HINTS[status] ?? (status >= 500 ? ERROR_HINTS[500] : "");
  const body = html`<h1>${title}</h1>
    <p>错误代码：${status}</p>
    ${hint && html`<p>${hint}</p>`} ${message && message !== hint && html`<p>${message}</p>`}
    <ul>
      <li><a href="/">返回首页</a></li>
      <li><a href="/search">检索公示</a></li>
    </ul>`;
  return layout({ title, body, baseUrl });
}
