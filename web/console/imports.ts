/**
 * Imports on the console (导入): the body's imports and the upload form (a CSV or XLSX file of
 * historic 双公示 data, a dry-run box; an administrator picks the body), and each import's page —
 * its progress bar, counts by outcome, the notices issued so far and the report of refused rows —
 * reloading itself every two seconds while the job runs (no script needed).
 */
import { Readable } from "node:stream";
import { WRITERS } from "../../lib/auth.js";
import { call, formInput } from "../../lib/contract.js";
import { feed } from "../../services/feed/contract.js";
import type { Handler } from "../../services/gateway/web.js";
import { imports, type ImportJobView } from "../../services/imports/contract.js";
import type { RowOutcome } from "../../shared/imports.js";
import { href, html } from "../html/html.js";
import { allItems, consoleRoute, pathId, type ConsoleContext, type ConsoleDeps } from "./context.js";
import { csrfField, errorSummary, fieldErrorsOf, select, table, when, type FieldErrors } from "./layout.js";

const OUTCOME_LABELS: Record<RowOutcome, string> = {
  imported: "已导入",
  updated: "已更正",
  unchanged: "无变化",
  "would-import": "将导入",
  "would-update": "将更正",
  refused: "未导入",
};

const STATUS_LABELS: Record<ImportJobView["status"], string> = {
  queued: "排队中",
  running: "导入中",
  done: "已完成",
  failed: "失败",
};

const KIND_LABELS = { penalty: "行政处罚（CF_）", licence: "行政许可（XK_）" } as const;

function running(job: ImportJobView): boolean {
  return job.status === "queued" || job.status === "running" || job.notices.done < job.notices.due;
}

async function listPage(c: ConsoleContext, status = 200, errors: FieldErrors = {}): Promise<void> {
  const admin = c.user.role === "admin";
  const [list, bodies] = await Promise.all([
    c.call(imports.list, {}),
    admin ? allItems(c, feed.listBodies, { counts: false }) : Promise.resolve([]),
  ]);
  c.render(status, {
    title: "导入历史数据",
    active: "imports",
    body: html`<h1>导入历史数据</h1>
      <p class="lead">
        上传国家“双公示”数据格式的 CSV（UTF-8 或 GBK）或 XLSX
        文件：行政处罚（CF_）或行政许可（XK_）数据项，表头可用代码或中文名称。
        同一机关同一文书号只保留一条记录：再次导入相同内容无变化，内容不同则作为更正。
      </p>
      ${errorSummary(errors, { file: "文件", bodyId: "执法机关" })}
      <form method="post" action="/console/imports" enctype="multipart/form-data" novalidate>
        ${csrfField(c.csrf)}
        ${
          admin &&
          select({
            name: "bodyId",
            label: "执法机关",
            value: c.form.get("bodyId") ?? undefined,
            options: bodies.map((b) => [b.id, b.name]),
            blank: "请选择",
            errors,
            required: true,
          })
        }
        <div class="field${errors.file ? " has-error" : ""}">
          <label for="f-file">文件<span class="req" aria-hidden="true">*</span></label>
          <p class="hint" id="f-file-hint">
            CSV 或 XLSX，控制台上传不超过 20 MB；更大的文件请通过接口 POST /api/imports 上传。
          </p>
          ${
            errors.file &&
            html`<p class="field-error" id="f-file-error"><span class="visually-hidden">错误：</span>${errors.file}</p>`
          }
          <input
            id="f-file"
            name="file"
            type="file"
            accept=".csv,.xlsx,text/csv"
            required
            aria-describedby="f-file-hint"
          />
        </div>
        <div class="field">
          <label
            ><input type="checkbox" name="dryRun" value="true" ${c.form.get("dryRun") && "checked"} />
            试导入（只检查每一行能否导入，不写入、不公示）</label
          >
        </div>
        <button type="submit" class="primary">上传并导入</button>
      </form>
      <h2>导入记录</h2>
      ${table(
        ["上传时间", "文件", "类别", "方式", "状态", "行数", "未导入"],
        list.items.map((j) => [
          html`<a href="/console/imports/${j.id}">${when(j.createdAt)}</a>`,
          j.filename ?? "—",
          KIND_LABELS[j.kind],
          j.dryRun ? "试导入" : "导入",
          STATUS_LABELS[j.status],
          String(j.total),
          String(j.failed),
        ]),
        "导入记录",
      )}`,
  });
}

async function upload(c: ConsoleContext): Promise<void> {
  const data = c.form.get("file") ?? "";
  const bodyId = c.user.role === "admin" ? c.form.get("bodyId") || undefined : undefined;
  const dryRun = c.form.get("dryRun") === "true";
  const name = c.form.get("file:filename")?.trim().slice(0, 200) || undefined;
  let started: { id: string };
  try {
    started = await call(
      c.req.$ctx,
      imports.start,
      formInput({ ...(bodyId ? { bodyId } : {}), ...(name ? { name } : {}), dryRun }),
      {
        stream: Readable.from([Buffer.from(data, "base64")]),
        // The file's bytes as they are, not the console form's multipart type the gateway noted.
        meta: { uploadType: "application/octet-stream" },
      },
    );
  } catch (err) {
    const errors = fieldErrorsOf(err, { body: "file" });
    if (!errors) throw err;
    return listPage(c, 422, errors);
  }
  c.redirect(`/console/imports/${started.id}`);
}

async function jobPage(c: ConsoleContext): Promise<void> {
  const job = await c.call(imports.get, { id: pathId(c) });
  const live = running(job);
  c.render(200, {
    title: "导入进度",
    active: "imports",
    ...(live ? { refreshSeconds: 2 } : {}),
    body: html`<p><a href="/console/imports">返回导入记录</a></p>
      <h1>${job.dryRun ? "试导入" : "导入"}：${job.filename ?? KIND_LABELS[job.kind]}</h1>
      <p>
        <label for="import-progress">已处理 ${job.done} / ${job.total} 行（${STATUS_LABELS[job.status]}）</label>
        <progress id="import-progress" value="${job.done}" max="${job.total}">${job.done}/${job.total}</progress>
      </p>
      ${
        job.notices.due > 0 &&
        html`<p>
          <label for="notice-progress">公示文件签章：${job.notices.done} / ${job.notices.due}</label>
          <progress id="notice-progress" value="${job.notices.done}" max="${job.notices.due}"></progress>
        </p>`
      }
      ${table(
        ["结果", "行数"],
        Object.entries(job.outcomes).map(([k, n]) => [OUTCOME_LABELS[k as RowOutcome], String(n)]),
        "各行结果",
      )}
      <dl>
        <dt>执法机关</dt>
        <dd>${job.bodyName}</dd>
        <dt>数据类别</dt>
        <dd>${KIND_LABELS[job.kind]}</dd>
        <dt>文件</dt>
        <dd>${job.format.toUpperCase()}，${job.encoding}，SHA-256 <code>${job.sha256}</code></dd>
        <dt>上传时间</dt>
        <dd>${when(job.createdAt)}</dd>
      </dl>
      ${
        job.errorsUrl &&
        html`<p>
          <a class="button" href="${href(`/console/imports/${job.id}/errors.csv`, {})}">下载未导入行的清单（CSV）</a>
        </p>`
      }`,
  });
}

async function errorsCsv(c: ConsoleContext): Promise<void> {
  const text = await c.call(imports.errors, { id: pathId(c) });
  c.res.setHeader("Content-Type", "text/csv; charset=utf-8");
  c.res.setHeader("Content-Disposition", `attachment; filename="import-${pathId(c)}-errors.csv"`);
  c.res.setHeader("Cache-Control", "no-store");
  c.res.end(text);
}

export function importRoutes(deps: ConsoleDeps): Record<string, Handler> {
  return {
    "GET /console/imports": consoleRoute(deps, (c) => listPage(c), WRITERS),
    "POST /console/imports": consoleRoute(deps, upload, WRITERS),
    "GET /console/imports/:id": consoleRoute(deps, jobPage, WRITERS),
    "GET /console/imports/:id/errors.csv": consoleRoute(deps, errorsCsv, WRITERS),
  };
}
