/**
 * The console's one script, a progressive enhancement: every page works without it. On the decision
 * form it keeps the public preview live — a while after the officer stops typing, it posts the form
 * as the 预览 button would (same address, same CSRF token) and puts the preview section of the
 * answer in place of the old one. Nothing else; no data leaves the page except to this site.
 */
export const CONSOLE_JS = `"use strict";
(function () {
  var form = document.querySelector("form[data-live-preview]");
  if (!form || !window.fetch || !window.DOMParser) return;
  var status = document.querySelector(".live-status");
  var timer = null;
  var sent = 0;
  function say(text) { if (status) status.textContent = text; }
  function refresh() {
    var body = new URLSearchParams(new FormData(form));
    body.set("intent", "preview");
    var mine = ++sent;
    say("正在更新公示预览…");
    fetch(form.action, { method: "POST", body: body, credentials: "same-origin", headers: { "X-Live-Preview": "1" } })
      .then(function (res) { return res.text().then(function (text) { return { ok: res.ok, text: text }; }); })
      .then(function (answer) {
        if (mine !== sent) return;
        var doc = new DOMParser().parseFromString(answer.text, "text/html");
        var fresh = doc.querySelector("section.preview");
        var old = document.querySelector("section.preview");
        if (!answer.ok || !fresh) { say("填写完整必填项后显示公示预览。"); return; }
        if (old) old.replaceWith(document.importNode(fresh, true));
        else (status || form).insertAdjacentElement("afterend", document.importNode(fresh, true));
        say("公示预览已更新。");
      })
      .catch(function () { if (mine === sent) say("预览暂时无法更新，可点击“预览公示内容”。"); });
  }
  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 700);
  });
  form.addEventListener("change", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 300);
  });
})();
`;
