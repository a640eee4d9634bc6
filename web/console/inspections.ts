/**
 * 双随机抽查 on the console: the body's pools of entities (upload a list, CSV or XLSX, and watch the
 * job's progress bar; the refused rows' report), declared conflicts (回避), and draw plans —
 * published with their commitment, drawn at their time, with the selection and officers shown.
 * Every step calls the inspections service as the signed-in officer, with Post/Redirect/Get.
 */
import { Readable } from "node:stream";
import type { Handler } from "../../services/gateway/web.js";
import { statusOf } from "../../services/gateway/web.js";
import { call, formInput } from "../../lib/contract.js";
import { feed } from "../../services/feed/contract.js";
import { inspections, type PoolJobView, type PublicPlan } from "../../services/inspections/contract.js";
import { INSPECTION_OUTCOMES } from "../../shared/inspections/results.js";
import { html, type HtmlValue } from "../html/html.js";
import { consoleRoute, type ConsoleContext, type ConsoleDeps } from "./context.js";
import { day, field, fieldErrorsOf, select, table } from "./layout.js";
import { errorsFor, filled, notFound, stepForm, valuesFor, type FormState } from "./documents/shared.js";

const ROLES = ["officer"] as const;

const LABELS: Record<string, string> = {
  name: "名录库名称",
  file: "名录文件",
  officerId: "执法人员",
  creditCode: "统一社会信用代码",
  reason: "回避理由",
  title: "计划名称",
  inspectionItemId: "抽查事项",
  poolId: "检查对象名录库",
  poolVersion: "名录版本",
  size: "抽取数量",
  ratio: "抽取比例",
  officersPerEntity: "每个对象的检查人员数",
  officerField: "执法类别",
  drawAt: "抽取时间",
  inspectBy: "检查截止日期",
  outcome: "检查结果",
  inspectedOn: "检查日期",
  summary: "检查情况",
  noticeId: "关联的行政处罚公示编号",
};

const FLASH: Record<string, string> = {
  pool: "名录库已建立，请上传名录。",
  conflict: "回避事项已申报：此后发布的抽查计划不会派该人员检查该对象。",
  plan: "抽查计划已发布：承诺值已公开，随机种子在抽取时揭晓。",
  draw: "已抽取：随机种子、抽中对象和检查人员已公开，任何人可复核。",
  result: "检查结果已公开。",
};

const STATUS: Record<PublicPlan["status"], string> = {
  committed: "已公布，待抽取",
  drawn: "已抽取",
  superseded: "已被更正",
};
const JOB_STATUS: Record<PoolJobView["status"], string> = {
  queued: "排队中",
  running: "导入中",
  done: "已完成",
  failed: "失败",
};

function flash(c: ConsoleContext) {
  const ok = c.params.ok;
  return ok && Object.hasOwn(FLASH, ok) ? { kind: "ok" as const, text: FLASH[ok] as string } : undefined;
}

const short = (hex: string) => `${hex.slice(0, 16)}…`;

async function listPage(c: ConsoleContext, status = 200, state?: FormState): Promise<void> {
  const [pools, plans, conflicts] = await Promise.all([
    c.call(inspections.listPools, {}),
    c.call(inspections.listPlans, {}),
    c.call(inspections.listConflicts, {}),
  ]);
  const v = (form: string) => valuesFor(state, form);
  c.render(status, {
    title: "双随机抽查",
    active: "inspections",
    flash: flash(c),
    body: html`<h1>双随机抽查</h1>
      <p class="lead">随机抽取检查对象和执法检查人员，抽取过程和结果向社会公开，任何人可用公开数据复核抽取。</p>
      <p><a class="button primary" href="/console/inspections/plans/new">发布抽查计划</a></p>
      ${table(
        ["计划", "状态", "抽取时间", "抽取数量"],
        plans.map((p) => [
          html`<a href="/console/inspections/plans/${p.id}">${p.title}</a>`,
          STATUS[p.status],
          day(p.drawAt),
          `${p.size} / ${p.pool.size}`,
        ]),
        "抽查计划",
      )}
      ${table(
        ["名录库", "当前版本", "对象数", "SHA-256"],
        pools.map((p) => [
          html`<a href="/console/inspections/pools/${p.id}">${p.name}</a>`,
          p.latestVersion ? `第 ${p.latestVersion} 版` : "尚未上传",
          String(p.versions[0]?.size ?? 0),
          html`<span class="mono">${p.versions[0] ? short(p.versions[0].sha256) : ""}</span>`,
        ]),
        "检查对象名录库",
      )}
      ${stepForm(
        c,
        "/console/inspections/pools",
        "新建名录库",
        errorsFor(state, "pool"),
        LABELS,
        field({
          name: "name",
          label: LABELS.name as string,
          value: v("pool")("name"),
          errors: errorsFor(state, "pool"),
          maxlength: 100,
          required: true,
        }),
        "新建",
      )}
      <h2>回避事项</h2>
      ${table(
        ["执法人员", "统一社会信用代码", "理由", "申报时间"],
        conflicts
          .filter((x) => !x.withdrawnAt)
          .map((x) => [x.officerId, html`<span class="mono">${x.creditCode}</span>`, x.reason, day(x.declaredAt)]),
      )}
      ${stepForm(
        c,
        "/console/inspections/conflicts",
        "申报回避",
        errorsFor(state, "conflict"),
        LABELS,
        html`${field({ name: "officerId", label: LABELS.officerId as string, value: v("conflict")("officerId"), errors: errorsFor(state, "conflict"), hint: "执法人员编号（见执法人员名单）" })}
        ${field({ name: "creditCode", label: LABELS.creditCode as string, value: v("conflict")("creditCode"), errors: errorsFor(state, "conflict"), maxlength: 18 })}
        ${field({ name: "reason", label: LABELS.reason as string, value: v("conflict")("reason"), errors: errorsFor(state, "conflict"), maxlength: 500 })}`,
        "申报",
      )}`,
  });
}

async function poolPage(c: ConsoleContext, status = 200, state?: FormState): Promise<void> {
  const pool = await c.call(inspections.getPool, { id: c.params.id as string });
  c.render(status, {
    title: pool.name,
    active: "inspections",
    flash: flash(c),
    body: html`<h1>${pool.name}</h1>
      <p class="lead">每次上传的名录逐行校验；全部通过才形成新版本，版本以规范化内容的 SHA-256 标识。</p>
      ${table(
        ["版本", "对象数", "SHA-256", "形成时间"],
        pool.versions.map((v) => [
          `第 ${v.version} 版`,
          String(v.size),
          html`<span class="mono">${v.sha256}</span>`,
          day(v.createdAt),
        ]),
      )}
      <form
        method="post"
        action="/console/inspections/pools/${pool.id}/uploads"
        enctype="multipart/form-data"
        novalidate
      >
        <input type="hidden" name="_csrf" value="${c.csrf}" />
        <fieldset class="group">
          <legend>上传名录（CSV 或 XLSX，UTF-8 或 GBK；表头含“名称”“统一社会信用代码”，可含“地址”“类别”）</legend>
          ${state?.errors.file && html`<p class="field-error" role="alert">${state.errors.file}</p>`}
          <div class="field">
            <label for="f-file">${LABELS.file}</label>
            <input id="f-file" type="file" name="file" accept=".csv,.xlsx,text/csv" required />
          </div>
          <button type="submit" class="primary">上传</button>
        </fieldset>
      </form>
      <p><a href="/console/inspections">返回双随机抽查</a></p>`,
  });
}

/** The upload's progress: a progress bar, refreshed every second until the job is done. */
async function jobPage(c: ConsoleContext): Promise<void> {
  const job = await c.call(inspections.getJob, { id: c.params.id as string });
  const busy = job.status === "queued" || job.status === "running";
  const outcome: HtmlValue =
    job.status === "failed"
      ? html`<p class="flash error" role="alert">导入失败，请重新上传。</p>`
      : job.outcome === "version"
        ? html`<p class="flash ok" role="status">已形成第 ${job.version} 版，共 ${job.done} 个对象。</p>`
        : job.outcome === "unchanged"
          ? html`<p class="flash ok" role="status">名录内容与第 ${job.version} 版相同，未形成新版本。</p>`
          : job.outcome === "refused"
            ? html`<p class="flash error" role="alert">
                有 ${job.failed} 行未通过校验，未形成新版本。请下载错误报告修改后重新上传。
              </p>`
            : "";
  c.render(200, {
    title: "名录导入进度",
    active: "inspections",
    body: html`${busy && html`<meta http-equiv="refresh" content="1" />`}
      <h1>名录导入进度</h1>
      <p class="lead">
        ${JOB_STATUS[job.status]} · 共 ${job.total} 行 · 已处理 ${job.done} 行 · 未通过 ${job.failed} 行
      </p>
      <progress id="job-progress" max="${job.total || 1}" value="${job.status === "done" ? job.total || 1 : job.done}">
        ${job.total ? Math.round((100 * job.done) / job.total) : 0}%
      </progress>
      ${outcome}
      ${job.failed > 0 && html`<p><a href="/console/inspections/uploads/${job.id}/errors.csv">下载错误报告（CSV）</a></p>`}
      <p><a href="/console/inspections/pools/${job.poolId}">返回名录库</a></p>`,
  });
}

async function newPlanPage(c: ConsoleContext, status = 200, state?: FormState): Promise<void> {
  const [pools, items] = await Promise.all([
    c.call(inspections.listPools, {}),
    c.call(feed.listInspectionItems, formInput({ bodyId: c.user.bodyId ?? undefined, limit: 100 })),
  ]);
  const v = valuesFor(state, "plan");
  const errors = errorsFor(state, "plan");
  const f = (name: string, extra: Partial<Parameters<typeof field>[0]> = {}) =>
    field({ name, label: LABELS[name] as string, value: v(name), errors, ...extra });
  c.render(status, {
    title: "发布抽查计划",
    active: "inspections",
    body: html`<h1>发布抽查计划</h1>
      <p class="lead">
        发布时生成随机种子并公开其 SHA-256
        承诺值；名录版本、检查人员和回避事项随计划冻结。抽取时揭晓种子，任何人可复核。
      </p>
      ${stepForm(
        c,
        "/console/inspections/plans",
        "抽查计划",
        errors,
        LABELS,
        html`${f("title", { required: true, maxlength: 200 })}
        ${select({ name: "inspectionItemId", label: LABELS.inspectionItemId as string, value: v("inspectionItemId"), errors, options: items.items.map((i) => [i.id, `${i.project}${i.subItem ? `（${i.subItem}）` : ""}`] as const) })}
        ${select({ name: "poolId", label: LABELS.poolId as string, value: v("poolId"), errors, options: pools.map((p) => [p.id, `${p.name}（第 ${p.latestVersion} 版）`] as const) })}
        ${f("size", { type: "number", hint: "抽取数量和抽取比例二选一" })} ${f("ratio", { hint: "如 0.05 表示 5%" })}
        ${f("officersPerEntity", { type: "number", hint: "至少 2 名" })}
        ${f("officerField", { required: true, hint: "与执法人员的执法类别一致，如“综合执法”" })}
        ${f("drawAt", { required: true, hint: "如 2027-03-01T10:00:00+08:00" })}
        ${f("inspectBy", { type: "date", required: true })}`,
        "发布计划",
      )}`,
  });
}

async function planPage(c: ConsoleContext, status = 200, state?: FormState): Promise<void> {
  const p = await c.call(inspections.getPlan, { id: c.params.id as string });
  const names = new Map(p.officers.map((o) => [o.id, o.name]));
  c.render(status, {
    title: p.title,
    active: "inspections",
    flash: flash(c),
    body: html`<h1>${p.title}</h1>
      <p class="lead">${STATUS[p.status]} · 抽取时间 ${day(p.drawAt)} · 检查截止 ${day(p.inspectBy)}</p>
      <dl class="facts">
        <dt>抽查事项</dt>
        <dd>${p.inspectionItem.project}</dd>
        <dt>名录</dt>
        <dd>
          ${p.pool.name} 第 ${p.pool.version} 版（${p.pool.size} 个对象），SHA-256
          <span class="mono">${p.poolSha256}</span>
        </dd>
        <dt>抽取</dt>
        <dd>${p.size} 个对象，每个对象 ${p.officersPerEntity} 名${p.officerField}人员</dd>
        <dt>承诺值</dt>
        <dd class="mono">${p.commitment}</dd>
        <dt>随机种子</dt>
        <dd class="mono">${p.seed ?? "抽取时揭晓"}</dd>
        <dt>检查人员</dt>
        <dd>${p.officers.map((o) => o.name).join("、")}</dd>
        <dt>回避</dt>
        <dd>
          ${p.conflicts.map((x) => `${names.get(x.officerId) ?? x.officerId}—${x.creditCode}`).join("；") || "无"}
        </dd>
      </dl>
      ${
        p.status === "committed" &&
        stepForm(
          c,
          `/console/inspections/plans/${p.id}/draw`,
          "抽取",
          errorsFor(state, "draw"),
          LABELS,
          html`<p>抽取只能进行一次，须在公布的抽取时间之后。</p>`,
          "现在抽取",
        )
      }
      ${
        p.selected &&
        html`${p.overdue > 0 && html`<p class="flash error" role="alert">有 ${p.overdue} 个对象的检查结果逾期未公开（应于 ${day(p.resultsDueOn)} 前）。</p>`}
        ${table(
          ["序号", "检查对象", "统一社会信用代码", "检查人员", "检查结果"],
          p.selected.map((s) => [
            String(s.rank),
            s.name,
            html`<span class="mono">${s.creditCode}</span>`,
            s.officers.map((o) => o.name).join("、"),
            s.result
              ? `${s.result.outcome}（${day(s.result.inspectedOn)}${s.result.late ? "，逾期公开" : ""}）`
              : "待填报",
          ]),
          "抽中的检查对象",
        )}
        ${resultForm(c, p, state)}`
      }
      <p><a href="${p.url}">公开数据（JSON）</a> · <a href="/console/inspections">返回双随机抽查</a></p>`,
  });
}

/** The form that records (or corrects) a drawn entity's result. */
function resultForm(c: ConsoleContext, p: PublicPlan, state?: FormState): HtmlValue {
  const v = valuesFor(state, "result");
  const errors = errorsFor(state, "result");
  return stepForm(
    c,
    `/console/inspections/plans/${p.id}/results`,
    "填报检查结果（检查后 20 个工作日内公开）",
    errors,
    LABELS,
    html`${select({ name: "creditCode", label: "检查对象", value: v("creditCode"), errors, options: (p.selected ?? []).map((s) => [s.creditCode, `${s.rank}. ${s.name}`] as const) })}
    ${select({ name: "outcome", label: LABELS.outcome as string, value: v("outcome"), errors, options: INSPECTION_OUTCOMES.map((o) => [o, o] as const) })}
    ${field({ name: "inspectedOn", label: LABELS.inspectedOn as string, value: v("inspectedOn"), errors, type: "date", required: true })}
    ${field({ name: "summary", label: LABELS.summary as string, value: v("summary"), errors, maxlength: 1000 })}
    ${field({ name: "noticeId", label: LABELS.noticeId as string, value: v("noticeId"), errors, hint: "检查结果为“已立案查处”且处罚决定已公示时填写" })}`,
    "公开检查结果",
  );
}

/** The dashboard's warning: drawn plans whose results are overdue. */
export async function inspectionWarnings(c: ConsoleContext): Promise<HtmlValue> {
  if (c.user.role !== "officer" || !c.user.bodyId) return "";
  const plans = await c.call(inspections.listPlans, {}).catch(() => []);
  const late = plans.filter((p) => p.overdue > 0);
  if (!late.length) return "";
  return html`<div class="flash error" role="alert">
    ${late.map(
      (p) =>
        html`<p>
          <a href="/console/inspections/plans/${p.id}">${p.title}</a>：${p.overdue} 个对象的检查结果逾期未公开（应于
          ${day(p.resultsDueOn)} 前）。
        </p>`,
    )}
  </div>`;
}

/** Runs a step; a refusal shows `page` again with the errors beside the step's form. */
function step(
  deps: ConsoleDeps,
  form: string,
  page: (c: ConsoleContext, status: number, state: FormState) => Promise<void>,
  run: (c: ConsoleContext) => Promise<string>,
): Handler {
  return consoleRoute(
    deps,
    async (c) => {
      let to: string;
      try {
        to = await run(c);
      } catch (err) {
        const errors = fieldErrorsOf(err, (f) => (f === "body" ? "file" : undefined));
        if (!errors) throw err;
        return page(c, statusOf(err) === 409 ? 409 : 422, { form, errors, values: c.form });
      }
      c.redirect(to);
    },
    ROLES,
  );
}

const NUMBERS = ["size", "ratio", "officersPerEntity", "poolVersion"];

export function inspectionRoutes(deps: ConsoleDeps): Record<string, Handler> {
  const id = (c: ConsoleContext) => {
    if (!c.params.id) throw notFound();
    return c.params.id;
  };
  return {
    "GET /console/inspections": consoleRoute(deps, (c) => listPage(c), ROLES),
    "POST /console/inspections/pools": step(deps, "pool", listPage, async (c) => {
      const pool = await c.call(inspections.createPool, formInput({ name: c.form.get("name") ?? "" }));
      return `/console/inspections/pools/${pool.id}?ok=pool`;
    }),
    "POST /console/inspections/conflicts": step(deps, "conflict", listPage, async (c) => {
      await c.call(inspections.declareConflict, formInput(filled(c.form, ["officerId", "creditCode", "reason"])));
      return "/console/inspections?ok=conflict";
    }),
    "GET /console/inspections/pools/:id": consoleRoute(deps, (c) => poolPage(c), ROLES),
    "POST /console/inspections/pools/:id/uploads": step(deps, "upload", poolPage, async (c) => {
      const stream = Readable.from([Buffer.from(c.form.get("file") ?? "", "base64")]);
      // The bytes are the file itself: not this form's multipart type.
      const job = await call(
        c.req.$ctx,
        inspections.upload,
        { id: id(c) },
        { stream, meta: { uploadType: "application/octet-stream" } },
      );
      return `/console/inspections/uploads/${job.id}`;
    }),
    "GET /console/inspections/uploads/:id": consoleRoute(deps, jobPage, ROLES),
    "GET /console/inspections/uploads/:id/errors.csv": consoleRoute(
      deps,
      async (c) => {
        const text = await c.call(inspections.jobErrors, { id: id(c) });
        c.res.setHeader("Content-Type", "text/csv; charset=utf-8");
        c.res.setHeader("Content-Disposition", `attachment; filename="upload-${id(c)}-errors.csv"`);
        c.res.setHeader("Cache-Control", "no-store");
        c.res.end(text);
      },
      ROLES,
    ),
    "GET /console/inspections/plans/new": consoleRoute(deps, (c) => newPlanPage(c), ROLES),
    "POST /console/inspections/plans": step(deps, "plan", newPlanPage, async (c) => {
      const typed = filled(c.form, [
        "title",
        "inspectionItemId",
        "poolId",
        "officerField",
        "drawAt",
        "inspectBy",
        ...NUMBERS,
      ]);
      for (const n of NUMBERS)
        if (typed[n] && /^\d+(\.\d+)?$/.test(typed[n])) (typed as Record<string, unknown>)[n] = Number(typed[n]);
      const plan = await c.call(inspections.createPlan, formInput(typed));
      return `/console/inspections/plans/${plan.id}?ok=plan`;
    }),
    "GET /console/inspections/plans/:id": consoleRoute(deps, (c) => planPage(c), ROLES),
    "POST /console/inspections/plans/:id/results": step(deps, "result", planPage, async (c) => {
      const typed = filled(c.form, ["creditCode", "outcome", "inspectedOn", "summary", "noticeId"]);
      await c.call(inspections.recordResult, formInput({ id: id(c), ...typed }));
      return `/console/inspections/plans/${id(c)}?ok=result`;
    }),
    "POST /console/inspections/plans/:id/draw": step(deps, "draw", planPage, async (c) => {
      await c.call(inspections.drawPlan, { id: id(c) });
      return `/console/inspections/plans/${id(c)}?ok=draw`;
    }),
  };
}
