/**
 * The portal's one stylesheet, served by the gateway at /assets/portal.css. A restrained government
 * look: a red accent on white, the system CJK fonts, mobile first, and a print layout that reads as
 * a plain black-on-white document. Every text colour pair meets WCAG AA (4.5:1); the unit tests
 * check the palette (web/html/palette.ts).
 */
import { PALETTE as P } from "../html/palette.js";

export const PORTAL_CSS = `/* 行政执法公示平台 */
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0;
  font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans SC", "Source Han Sans SC", sans-serif;
  font-size: 1rem;
  line-height: 1.75;
  color: ${P.text};
  background: ${P.white};
}
.wrap { max-width: 72rem; margin: 0 auto; padding: 0 1rem; }
h1, h2, h3 { line-height: 1.35; margin: 1.5em 0 0.6em; }
h1 { font-size: 1.6rem; margin-top: 0.5em; }
h2 { font-size: 1.3rem; padding-bottom: 0.25em; border-bottom: 2px solid ${P.accent}; }
h3 { font-size: 1.1rem; }
p { margin: 0.6em 0; }
code, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; }

a { color: ${P.link}; text-decoration: underline; text-underline-offset: 0.15em; }
a:visited { color: ${P.linkVisited}; }
a:hover { color: ${P.accentDark}; text-decoration-thickness: 2px; }

/* Focus: yellow with a black edge reads on both the red header and the white page. */
:focus-visible { outline: 3px solid ${P.focusText}; outline-offset: 2px; }
a:focus-visible {
  outline: 3px solid transparent;
  color: ${P.focusText};
  background: ${P.focus};
  box-shadow: 0 -2px ${P.focus}, 0 4px ${P.focusText};
  text-decoration: none;
}
input:focus-visible, select:focus-visible, button:focus-visible {
  outline: 3px solid ${P.focus};
  outline-offset: 0;
  box-shadow: inset 0 0 0 2px ${P.focusText};
}
main:focus { outline: none; }

.skip-link {
  position: absolute;
  left: -9999px;
  top: 0.5rem;
  z-index: 10;
  padding: 0.5rem 1rem;
  color: ${P.focusText};
  background: ${P.focus};
}
.skip-link:focus, .skip-link:focus-visible { left: 0.5rem; }
.visually-hidden {
  position: absolute !important;
  width: 1px; height: 1px;
  margin: -1px; padding: 0; border: 0;
  overflow: hidden;
  clip: rect(0 0 0 0);
  white-space: nowrap;
}
.print-only { display: none; }

/* Header */
.site-header { color: ${P.white}; background: ${P.accent}; border-bottom: 4px solid ${P.accentDark}; }
.site-header .wrap { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 1.5rem; padding-top: 0.75rem; padding-bottom: 0.75rem; }
.site-header a, .site-header a:visited { color: ${P.white}; }
.site-name { font-size: 1.25rem; font-weight: 700; letter-spacing: 0.05em; text-decoration: none; }
.site-nav ul { display: flex; flex-wrap: wrap; gap: 0 1.25rem; margin: 0; padding: 0; list-style: none; }
.site-nav a { display: inline-block; padding: 0.25rem 0; text-decoration: none; }
.site-nav a[aria-current="page"] { font-weight: 700; border-bottom: 3px solid ${P.white}; }
.site-search { display: flex; flex-wrap: wrap; align-items: center; gap: 0.25rem 0.5rem; width: 100%; }
.site-search label { font-size: 0.875rem; }
.site-search input { flex: 1 1 10rem; min-width: 0; border-color: ${P.white}; }
.site-search button { flex: none; white-space: nowrap; color: ${P.accent}; background: ${P.white}; }

main { display: block; padding: 1rem 0 3rem; }

/* Forms: large touch targets, visible labels */
label { display: block; font-weight: 700; margin-bottom: 0.25rem; }
.site-search label { display: inline; margin: 0; white-space: nowrap; }
input, select, button { font: inherit; }
input[type="text"], input[type="search"], input[type="date"], input[type="file"], select {
  min-height: 2.75rem;
  max-width: 100%;
  padding: 0.35rem 0.5rem;
  color: ${P.text};
  background: ${P.white};
  border: 2px solid ${P.controlBorder};
  border-radius: 0;
}
input[type="file"] { padding: 0.4rem; }
button, .button {
  display: inline-block;
  min-height: 2.75rem;
  padding: 0.4rem 1.25rem;
  color: ${P.white};
  background: ${P.accent};
  border: 2px solid transparent;
  cursor: pointer;
}
button:hover { background: ${P.accentDark}; }
.site-search button:hover { color: ${P.accentDark}; background: ${P.surface}; }
.hint { color: ${P.muted}; font-size: 0.9rem; margin: 0 0 0.25rem; }
.form-grid { display: grid; gap: 0.75rem 1rem; margin-bottom: 1rem; }
.form-grid .field-wide { grid-column: 1 / -1; }
.form-grid input, .form-grid select { width: 100%; }
.form-actions { display: flex; flex-wrap: wrap; align-items: center; gap: 1rem; }
fieldset { margin: 0 0 1rem; padding: 0.75rem 1rem 1rem; border: 1px solid ${P.border}; }
legend { font-weight: 700; padding: 0 0.25rem; }

/* Lists of notices */
.notice-list { margin: 0; padding: 0; list-style: none; }
.notice-item { padding: 0.75rem 0; border-bottom: 1px solid ${P.border}; }
.notice-item h3 { margin: 0 0 0.25rem; font-size: 1.05rem; }
.meta { display: flex; flex-wrap: wrap; gap: 0 1.25rem; margin: 0; color: ${P.muted}; font-size: 0.9rem; }
.meta div { display: flex; }
.meta dt::after { content: "："; }
.meta dd { margin: 0; color: ${P.text}; }
.more { margin-top: 1rem; }
.toc ul { display: flex; flex-wrap: wrap; gap: 0 1.25rem; margin: 0.5rem 0; padding: 0; list-style: none; }

.badge {
  display: inline-block;
  padding: 0 0.5em;
  font-size: 0.85rem;
  font-weight: 700;
  line-height: 1.6;
  white-space: nowrap;
  border: 1px solid currentColor;
  border-radius: 0.25em;
  vertical-align: middle;
}
.badge--published { color: ${P.publishedText}; background: ${P.publishedBg}; }
.badge--withdrawn { color: ${P.withdrawnText}; background: ${P.withdrawnBg}; }
.badge--corrected { color: ${P.correctedText}; background: ${P.correctedBg}; }
.badge--expired { color: ${P.expiredText}; background: ${P.expiredBg}; }

/* Status banners: colour plus a word, never colour alone */
.banner { margin: 1rem 0; padding: 0.75rem 1rem; border: 1px solid; border-left-width: 6px; }
.banner p { margin: 0.25em 0; }
.banner__title { font-size: 1.1rem; font-weight: 700; }
.banner--withdrawn { color: ${P.withdrawnText}; background: ${P.withdrawnBg}; border-color: ${P.accent}; }
.banner--corrected { color: ${P.correctedText}; background: ${P.correctedBg}; border-color: ${P.correctedBorder}; }
.banner--expired { color: ${P.expiredText}; background: ${P.expiredBg}; border-color: ${P.expiredBorder}; }
.banner--valid { color: ${P.publishedText}; background: ${P.publishedBg}; border-color: ${P.publishedText}; }
.banner--invalid, .banner--error { color: ${P.withdrawnText}; background: ${P.withdrawnBg}; border-color: ${P.accent}; }
.banner a, .banner a:visited { color: inherit; font-weight: 700; }
.note { padding: 0.5rem 1rem; background: ${P.surface}; border-left: 4px solid ${P.controlBorder}; }

/* Fields and tables */
.fields { margin: 0; }
.fields div { padding: 0.5rem 0; border-bottom: 1px solid ${P.border}; }
.fields dt { font-weight: 700; }
.fields dd { margin: 0; overflow-wrap: anywhere; }
.table-wrap { overflow-x: auto; margin: 0.5rem 0 1rem; }
/* A table of four or more columns keeps readable columns on a phone and scrolls sideways instead. */
.table-wrap table:has(thead th:nth-child(4)) { min-width: 40rem; }
td.mono, td.num { white-space: nowrap; }
table { width: 100%; border-collapse: collapse; font-size: 0.95rem; }
caption { text-align: left; font-weight: 700; padding: 0.25rem 0; }
th, td { padding: 0.5rem; text-align: left; vertical-align: top; border: 1px solid ${P.border}; }
thead th { background: ${P.surface}; }
tbody th { font-weight: 700; }
.prose p { text-indent: 2em; }
.basis-text { margin: 0.25rem 0 0.75rem; padding: 0.25rem 1rem; color: ${P.text}; background: ${P.surface}; border-left: 4px solid ${P.border}; }
.steps li { margin-bottom: 0.5rem; }

/* Verification */
.verify-box { display: grid; gap: 1rem; padding: 1rem; border: 2px solid ${P.accent}; }
.hash { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; word-break: break-all; overflow-wrap: anywhere; }
pre.checkpoint { white-space: pre-wrap; word-break: break-all; overflow-wrap: anywhere; background: #f6f7f9; padding: 0.75rem; border-radius: 4px; }
.code { font-size: 1.2rem; font-weight: 700; letter-spacing: 0.05em; }
.qr { margin: 0; }
.qr svg { display: block; width: 10rem; height: 10rem; }
.qr figcaption { font-size: 0.9rem; color: ${P.muted}; }

/* Search */
.facets h3 { font-size: 1rem; margin: 1rem 0 0.25rem; }
.facets ul { margin: 0; padding: 0; list-style: none; }
.facets li { padding: 0.15rem 0; }
.facets a[aria-current="true"] { font-weight: 700; }
.count { color: ${P.muted}; font-size: 0.9rem; }
.pager { display: flex; gap: 1.5rem; margin: 1.5rem 0; }
.pager a { font-weight: 700; }
.downloads { margin: 1rem 0; }
.list-summary { margin: 0.5rem 0 1rem; }
.directory-links { padding-left: 1.25rem; }
.directory-links li { margin-bottom: 0.4rem; }
.stats { display: flex; flex-wrap: wrap; gap: 0.75rem; margin: 1rem 0; padding: 0; }
.stats div { min-width: 8rem; padding: 0.5rem 1rem; background: ${P.surface}; border-top: 3px solid ${P.accent}; }
.stats dt { font-size: 0.9rem; color: ${P.muted}; }
.stats dd { margin: 0; font-size: 1.4rem; font-weight: 700; }

/* Statistics: each chart in a figure, drawn wide and narrow; the screen's width shows one, paper the wide one */
.stats-scope { margin: 1rem 0 0.5rem; }
.chart { margin: 0 0 1.5rem; }
.chart figcaption { margin: 0.5rem 0; }
.chart-image svg { display: block; width: 100%; height: auto; max-width: 45rem; }
.chart-image--wide { display: none; }
.chart-download { margin: 0.25rem 0 0; }

.site-footer { margin-top: 2rem; padding: 1.25rem 0 2rem; font-size: 0.9rem; background: ${P.surface}; border-top: 4px solid ${P.accent}; }
.site-footer ul { display: flex; flex-wrap: wrap; gap: 0 1.25rem; margin: 0.5rem 0; padding: 0; list-style: none; }

@media (min-width: 40em) {
  .form-grid { grid-template-columns: repeat(2, minmax(0, 1fr)); }
  .fields div { display: grid; grid-template-columns: 14rem 1fr; gap: 1rem; }
  .verify-box { grid-template-columns: 1fr auto; align-items: start; }
}

@media (min-width: 48em) {
  h1 { font-size: 2rem; }
  .chart-image--wide { display: block; }
  .chart-image--narrow { display: none; }
  .site-search { flex-wrap: nowrap; width: auto; margin-left: auto; }
  .site-search input { flex: 0 1 14rem; }
  .form-grid { grid-template-columns: repeat(3, minmax(0, 1fr)); }
  .search-layout { display: grid; grid-template-columns: minmax(0, 1fr) 16rem; gap: 2rem; }
}

@media print {
  @page { margin: 15mm; }
  body { font-size: 11pt; color: #000; background: #fff; }
  .skip-link, .site-nav, .site-search, form, .pager, .facets, .no-print, .site-footer ul { display: none !important; }
  .chart-image--wide { display: block !important; }
  .chart-image--narrow { display: none !important; }
  .chart, .chart-image, .chart-image svg { break-inside: avoid; page-break-inside: avoid; }
  .chart-section { break-before: auto; }
  .print-only { display: block; }
  .site-header { color: #000; background: #fff; border-bottom: 2pt solid #000; }
  .site-header a, .site-header a:visited { color: #000; }
  .site-footer { background: #fff; border-top: 1pt solid #000; }
  a, a:visited { color: #000; }
  a.print-url[data-print-url]::after { content: "（" attr(data-print-url) "）"; font-size: 90%; word-break: break-all; }
  h2 { border-bottom-color: #000; }
  h2, h3 { break-after: avoid; }
  .banner, .badge, .note, .verify-box, .stats div, thead th {
    color: #000 !important;
    background: #fff !important;
    border-color: #000 !important;
  }
  .banner { border: 2pt solid #000; }
  table, tr, .banner, .verify-box, .fields div { break-inside: avoid; }
  .table-wrap { overflow: visible; }
  * { box-shadow: none !important; }
}
`;

/** Styles of the feedback pieces (form, honeypot, replies) and the subscribe box. */
export const FEEDBACK_CSS = `
.feedback-form .field { margin: 0 0 1rem; }
.feedback-form label { display: block; font-weight: 600; margin-bottom: .25rem; }
.feedback-form textarea, .feedback-form input[type="text"], .feedback-form select { width: 100%; max-width: 40rem; box-sizing: border-box; }
.field-error { color: #b4151c; margin: .25rem 0 0; }
.hp { display: none; }
.subscribe-form input[type="email"] { width: 100%; max-width: 40rem; box-sizing: border-box; min-height: 2.75rem; padding: 0.35rem 0.5rem; border: 2px solid ${P.controlBorder}; border-radius: 0; }
.subscribe-form fieldset { margin-top: 0.75rem; }
.subscribe-form .choice { display: flex; align-items: center; gap: 0.5rem; }
.subscribe-form .choice label { display: inline; margin: 0; font-weight: 400; }
button.secondary { color: ${P.accent}; background: ${P.white}; border-color: ${P.accent}; }
button.secondary:hover { color: ${P.accentDark}; background: ${P.surface}; }
.replies { padding-left: 1.25rem; }
.replies li { margin-bottom: 1rem; }
.replies blockquote { margin: .25rem 0; padding-left: .75rem; border-left: 3px solid #ccc; color: #333; }
.reply-meta { color: #555; font-size: .9rem; margin: 0; }
.request-form input[type="tel"], .request-form input[type="email"] { width: 100%; max-width: 40rem; box-sizing: border-box; min-height: 2.75rem; padding: 0.35rem 0.5rem; border: 2px solid ${P.controlBorder}; border-radius: 0; }
.request-form fieldset fieldset { margin-top: 0.5rem; }
.request-form .req { font-weight: 400; color: ${P.muted}; }
.interpretation { border-top: 1px solid ${P.controlBorder}; padding-top: .5rem; }
.interpretation figure { margin: 1rem 0; }
.interpretation img { max-width: 100%; height: auto; }
.qa div { margin-bottom: .75rem; }
.qa dt { font-weight: 700; }
.qa dd { margin: .25rem 0 0; }
.document-columns > section { min-width: 0; }
@media (min-width: 64em) {
  .document-columns { display: grid; grid-template-columns: 3fr 2fr; gap: 2rem; align-items: start; }
}
`;
