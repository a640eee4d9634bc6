/** The console's stylesheet: the portal's palette, denser tables, clear focus, print-friendly. */
import { PALETTE as P } from "../html/palette.js";

export const CONSOLE_CSS = `/* 执法人员工作台 */
*, *::before, *::after { box-sizing: border-box; }
body { margin: 0; font-family: system-ui, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif; color: ${P.text}; background: ${P.white}; line-height: 1.6; }
.wrap { max-width: 72rem; margin: 0 auto; padding: 0 1rem; }
.skip-link { position: absolute; left: -999px; top: 0; background: ${P.focus}; color: ${P.focusText}; padding: .5rem 1rem; z-index: 10; }
.skip-link:focus { left: 0; }
a { color: ${P.link}; }
a:focus, button:focus, input:focus, select:focus, textarea:focus, summary:focus { outline: 3px solid ${P.focus}; outline-offset: 0; box-shadow: 0 0 0 5px ${P.focusText}; }
.console-header { background: ${P.accent}; color: ${P.white}; }
.console-header .wrap { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1.5rem; padding-top: .5rem; padding-bottom: .5rem; }
.console-name { color: ${P.white}; font-weight: 700; text-decoration: none; }
.console-header nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: 1rem; margin: 0; padding: 0; }
.console-header nav a { color: ${P.white}; }
.console-header nav a[aria-current="page"] { font-weight: 700; text-decoration-thickness: 3px; }
.signout { margin-left: auto; display: flex; gap: .5rem; align-items: center; }
.signout button { background: ${P.accentDark}; color: ${P.white}; border: 1px solid ${P.white}; }
main { padding: 1rem 0 3rem; }
.console-footer { padding: 1rem 0 2rem; font-size: 0.875rem; border-top: 1px solid ${P.border}; }
.console-footer ul { display: flex; flex-wrap: wrap; gap: 0 1.25rem; margin: 0; padding: 0; list-style: none; }
h1 { font-size: 1.6rem; margin: .5rem 0 1rem; }
h2 { font-size: 1.25rem; margin: 1.5rem 0 .5rem; }
.lead { font-size: 1.1rem; }
.narrow { max-width: 28rem; }
.hint { color: ${P.muted}; margin: .1rem 0 .3rem; font-size: .95rem; }
.field { margin: 0 0 1rem; border: 0; padding: 0; }
.field label, .field legend { display: block; font-weight: 600; }
.field .check label { display: inline; font-weight: 400; }
.req { color: ${P.accent}; margin-left: .2rem; }
input[type="text"], input[type="password"], input[type="date"], input[type="number"], input[type="tel"], input[type="email"], select, textarea {
  width: 100%; max-width: 40rem; padding: .45rem; border: 2px solid ${P.controlBorder}; border-radius: 0; font: inherit; background: ${P.white}; }
textarea { min-height: 5rem; }
.has-error input, .has-error select, .has-error textarea { border-color: ${P.accent}; }
.has-error { border-left: 4px solid ${P.accent}; padding-left: .75rem; }
.field-error { color: ${P.accent}; font-weight: 700; margin: .1rem 0 .3rem; }
.error-summary { border: 4px solid ${P.accent}; padding: .5rem 1rem; margin: 0 0 1.5rem; }
.error-summary h2 { margin-top: .25rem; }
button, .button { font: inherit; padding: .45rem 1rem; border: 2px solid ${P.controlBorder}; background: ${P.surface}; color: ${P.text}; cursor: pointer; text-decoration: none; display: inline-block; }
button.primary, .button.primary { background: ${P.accent}; border-color: ${P.accentDark}; color: ${P.white}; }
button.danger { background: ${P.white}; border-color: ${P.accent}; color: ${P.accent}; }
.inline-form { display: inline-block; margin: 0 .5rem .5rem 0; }
.actions { display: flex; flex-wrap: wrap; gap: .5rem; align-items: flex-start; margin: 1rem 0; }
.flash { padding: .6rem 1rem; margin: 0 0 1rem; border-left: 6px solid ${P.publishedText}; background: ${P.publishedBg}; }
.flash-error { border-color: ${P.accent}; background: ${P.withdrawnBg}; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
caption { text-align: left; font-weight: 700; padding: .25rem 0; }
th, td { border-bottom: 1px solid ${P.border}; padding: .4rem .5rem; text-align: left; vertical-align: top; }
th { background: ${P.surface}; }
td.empty { color: ${P.muted}; }
.badge { display: inline-block; padding: 0 .4rem; border: 1px solid ${P.controlBorder}; font-size: .9rem; }
.badge.warn { border-color: ${P.correctedBorder}; background: ${P.correctedBg}; color: ${P.correctedText}; font-weight: 700; }
.hash { word-break: break-all; }
.overdue { color: ${P.accent}; font-weight: 700; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); gap: 1rem; margin: 1rem 0; }
ul.cards { list-style: none; padding: 0; }
.card { border: 1px solid ${P.border}; padding: .75rem 1rem; }
.card .count { font-size: 2rem; font-weight: 700; display: block; }
.card.alert { border: 2px solid ${P.accent}; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
dl.facts dd.text { white-space: pre-wrap; }
.trail { list-style: none; padding: 0; border-left: 3px solid ${P.border}; }
.trail li { margin: 0 0 .75rem; padding-left: .75rem; }
.preview { border: 2px dashed ${P.controlBorder}; padding: .5rem 1rem; margin: 1rem 0; }
.masked-text { white-space: pre-wrap; }
mark.masked { background: ${P.correctedBg}; color: ${P.correctedText}; border-bottom: 2px solid ${P.correctedBorder}; padding: 0 .1rem; }
mark.masked .rule { font-size: .8rem; margin-left: .2rem; }
.blocked { border: 3px solid ${P.accent}; background: ${P.withdrawnBg}; padding: .5rem 1rem; }
.warnings { border: 2px solid ${P.correctedBorder}; background: ${P.correctedBg}; padding: .25rem 1rem; margin: .5rem 0; }
.confirm { border: 3px solid ${P.accent}; padding: .5rem 1rem; margin: 1rem 0; }
.columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(20rem, 1fr)); gap: 1.5rem; }
fieldset.group { border: 1px solid ${P.border}; padding: .5rem 1rem; margin: 0 0 1rem; }
fieldset.group > legend { font-weight: 700; padding: 0 .3rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
iframe.pdf { width: 100%; height: 40rem; border: 1px solid ${P.border}; }
form.filters { display: flex; flex-wrap: wrap; gap: 0 1.5rem; align-items: flex-end; }
form.filters .field { margin-bottom: .75rem; }
form.filters select { width: auto; min-width: 12rem; }
.feedback-text { white-space: pre-wrap; overflow-wrap: anywhere; border-left: 4px solid ${P.border}; padding: .25rem .75rem; margin: .5rem 0 1rem; }
@media print { .console-header, .actions, form, .skip-link { display: none; } }
`;
