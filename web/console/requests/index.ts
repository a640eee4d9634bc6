/**
 * 依申请公开 on the console: the body's queue, registering a request received on paper or by fax,
 * and each request's page with the forms of its steps. Every step calls the same requests action
 * as the REST API, as the signed-in user, and answers with Post/Redirect/Get: a success goes to
 * the request's page with its flash message, a refusal is shown there once, beside the form's
 * fields, in the words of the one message table. This module is its route table.
 */
import type { Handler } from "../../../services/gateway/web.js";
import { statusOf } from "../../../services/gateway/web.js";
import { requests } from "../../../services/requests/contract.js";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { call, formInput } from "../../../lib/contract.js";
import { isId } from "../../../shared/ids.js";
import { consoleRoute, pathId, type ConsoleContext, type ConsoleDeps } from "../context.js";
import { fieldErrorsOf } from "../layout.js";
import {
  answerInputOf,
  answerParamsOf,
  paramsOf,
  REMEDY_OUTCOME_FIELDS,
  remedyOutcomeKey,
  STEP_FORMS,
  type StepForm,
} from "./forms.js";
import { itemPage, loadRequest } from "./item.js";
import { queuePage } from "./queue.js";
import { registerPage, registerPost } from "./register.js";
import { notFound, REQUEST_ROLES } from "./shared.js";

/**
 * Runs a step; success goes to the request's page with the step's flash, a refusal shows the page
 * with the errors beside the form (`rename` takes the service's field names to the form's inputs).
 */
async function runStep(
  c: ConsoleContext,
  form: string,
  run: () => Promise<unknown>,
  rename: (apiField: string) => string | undefined,
  ok = form,
): Promise<void> {
  const id = pathId(c);
  try {
    await run();
  } catch (err) {
    const errors = fieldErrorsOf(err, rename);
    if (!errors) throw err;
    return itemPage(c, statusOf(err) === 409 ? 409 : 422, { form, errors, values: c.form });
  }
  c.redirect(`/console/requests/${id}?ok=${ok}`);
}

const prefixed = (key: string) => (apiField: string) => (apiField ? `${key}.${apiField}` : undefined);

function stepRoute(deps: ConsoleDeps, form: StepForm): Handler {
  return consoleRoute(
    deps,
    (c) => runStep(c, form.key, () => form.run(c, { ...paramsOf(form, c.form), id: pathId(c) }), prefixed(form.key)),
    REQUEST_ROLES,
  );
}

export function requestRoutes(deps: ConsoleDeps): Record<string, Handler> {
  return {
    "GET /console/requests": consoleRoute(deps, queuePage, REQUEST_ROLES),

    "GET /console/requests/new": consoleRoute(deps, (c) => registerPage(c), REQUEST_ROLES),

    "POST /console/requests/new": consoleRoute(deps, registerPost, REQUEST_ROLES),

    "GET /console/requests/:id": consoleRoute(deps, (c) => itemPage(c, 200), REQUEST_ROLES),

    ...Object.fromEntries(STEP_FORMS.map((f) => [`POST /console/requests/:id/${f.key}`, stepRoute(deps, f)])),

    "POST /console/requests/:id/answer": consoleRoute(
      deps,
      (c) => {
        const { params, rows } = answerParamsOf(c.form);
        return runStep(
          c,
          "answer",
          () => c.call(requests.answer, formInput({ ...params, id: pathId(c) })),
          (f) => answerInputOf(f, rows),
        );
      },
      REQUEST_ROLES,
    ),

    // The whole identity, opened with a reason (kept in the audit log), is shown once on the page.
    "POST /console/requests/:id/identity": consoleRoute(
      deps,
      async (c) => {
        const reason = c.form.get("identity.reason")?.trim() ?? "";
        try {
          const opened = await c.call(requests.openIdentity, formInput({ id: pathId(c), reason }));
          await itemPage(c, 200, undefined, opened);
        } catch (err) {
          const errors = fieldErrorsOf(err, prefixed("identity"));
          if (!errors) throw err;
          await itemPage(c, 422, { form: "identity", errors, values: c.form });
        }
      },
      REQUEST_ROLES,
    ),

    // An attachment of the answer: the form's file goes to the service as a stream, cleaned there.
    "POST /console/requests/:id/attachments": consoleRoute(
      deps,
      async (c) => {
        const id = pathId(c);
        const data = c.form.get("file") ?? "";
        const name = c.form.get("file:filename") ?? undefined;
        try {
          await call(c.req.$ctx, requests.uploadAttachment, formInput({ id, ...(name ? { name } : {}) }), {
            stream: Readable.from([Buffer.from(data, "base64")]),
          });
        } catch (err) {
          const errors = fieldErrorsOf(err, () => "attachment.file");
          if (!errors) throw err;
          return itemPage(c, statusOf(err) === 409 ? 409 : 422, {
            form: "attachment",
            errors: { ...errors, "attachment.file": errors["attachment.file"] ?? errors._form ?? "" },
            values: new URLSearchParams(),
          });
        }
        c.redirect(`/console/requests/${id}?ok=attachment`);
      },
      REQUEST_ROLES,
    ),

    "GET /console/requests/:id/attachments/:n": consoleRoute(
      deps,
      async (c) => {
        const d = await loadRequest(c);
        const n = /^[1-9]\d{0,3}$/.test(c.params.n ?? "") ? Number(c.params.n) : 0;
        const file = d.attachments.find((a) => a.n === n);
        if (!file) throw notFound();
        const stream = await c.call(requests.attachment, { id: d.id, n });
        c.res.setHeader("Content-Type", file.type);
        c.res.setHeader("Content-Disposition", `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`);
        c.res.setHeader("Cache-Control", "no-store");
        c.res.setHeader("X-Content-Type-Options", "nosniff");
        c.res.setHeader("Content-Security-Policy", "sandbox; default-src 'none'");
        await pipeline(stream as NodeJS.ReadableStream, c.res);
      },
      REQUEST_ROLES,
    ),

    // Art. 44: a task to publish actively what three applicants asked, closed with what was done.
    "POST /console/request-tasks/:groupId/done": consoleRoute(
      deps,
      async (c) => {
        const groupId = c.params.groupId ?? "";
        if (!isId(groupId)) throw notFound();
        try {
          await c.call(
            requests.taskDone,
            formInput({ groupId, note: c.form.get(`task-${groupId}.note`)?.trim() ?? "" }),
          );
        } catch (err) {
          const errors = fieldErrorsOf(err, (f) => (f === "note" ? `task-${groupId}.note` : undefined));
          if (!errors) throw err;
          return queuePage(c, 422, { form: `task-${groupId}`, errors, values: c.form });
        }
        c.redirect("/console/requests?ok=task-done");
      },
      REQUEST_ROLES,
    ),

    "POST /console/requests/:id/remedy-outcome": consoleRoute(
      deps,
      async (c) => {
        const d = await loadRequest(c);
        const index = Number(c.form.get("remedy"));
        const remedy = Number.isInteger(index) ? d.remedies[index] : undefined;
        if (!remedy) throw notFound();
        const key = remedyOutcomeKey(index);
        const params = paramsOf({ key, fields: REMEDY_OUTCOME_FIELDS }, c.form);
        await runStep(
          c,
          key,
          () => c.call(requests.remedyOutcome, formInput({ ...params, id: d.id, remedyId: remedy.id })),
          prefixed(key),
          "remedy-outcome",
        );
      },
      REQUEST_ROLES,
    ),
  };
}
