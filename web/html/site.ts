/**
 * The site's identity as both web apps show it: its name in every title and header, and the
 * footer lines a government website must carry (主办单位, 网站标识码, ICP 备案号, 公安备案号, contact).
 * Set once from configuration when the gateway builds its routes; a number not configured is left
 * out, never made up.
 */
import { DEFAULT_SITE_NAME, type SiteSettings } from "../../lib/config.js";
import { html, type SafeHtml } from "./html.js";

let current: SiteSettings = { name: DEFAULT_SITE_NAME, blockRobots: false };

/** The gateway's configuration: every page rendered in this process shows it. */
export function configureSite(settings: SiteSettings): void {
  current = { ...settings };
}

/** The favicon: an SVG, so one small file serves every size. */
export const FAVICON_PATH = "/favicon.svg";

export function siteSettings(): Readonly<SiteSettings> {
  return current;
}

/** The 公安备案 query page names the record by its digits alone. */
function psbLink(psb: string): string {
  return `https://beian.mps.gov.cn/#/query/webSearch?code=${psb.replace(/\D/g, "")}`;
}

/** The identity lines of the footer: only what is configured (false when nothing is). */
export function siteIdentityLines(site: Readonly<SiteSettings> = current): SafeHtml | false {
  const items = [
    site.organizer && html`<li>主办单位：${site.organizer}</li>`,
    site.contact && html`<li>联系方式：${site.contact}</li>`,
    site.code && html`<li>网站标识码：${site.code}</li>`,
    site.icp && html`<li><a href="https://beian.miit.gov.cn/" rel="noopener">${site.icp}</a></li>`,
    site.psb && html`<li><a href="${psbLink(site.psb)}" rel="noopener">${site.psb}</a></li>`,
  ].filter(Boolean);
  return (
    items.length > 0 &&
    html`<ul class="site-identity">
      ${items}
    </ul>`
  );
}
