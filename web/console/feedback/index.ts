/**
 * 公众反馈: the body's queue of public feedback with filters, each item with its handling trail,
 * and the handling steps — accept (受理), reply (public or private), close (办结), spam (after a
 * confirmation page) and, for a correction request about a notice, withdrawing the notice and
 * replying in one step (or going to the decision's correction page). Every step calls the same
 * feedback actions as the REST API, as the signed-in user. This module is its route table.
 */
import { pipeline } from "node:stream/promises";
import { evidenceDisposition } from "../../../shared/evidence.js";
import { isId } from "../../../shared/ids.js";
import { type Handler, statusOf } from "../../../services/gateway/web.js";
import { formInput } from "../../../lib/contract.js";
import { type ConsoleContext, type ConsoleDeps, consoleRoute, value } from "../context.js";
import { fieldErrorsOf } from "../layout.js";
import { conflictMessage, type FormName, HANDLERS, notFound, OPEN, publicFlag } from "./shared.js";
import { detailPage, loadItem, spamPage } from "./item.js";
import { queuePage } from "./queue.js";
import { feedback } from "../../../services/feedback/contract.js";

/** Runs a handling step; a refusal re-renders the item with the errors beside the form's fields. */
async function step(
  c: ConsoleContext,
  form: FormName,
  run: (id: string) => Promise<unknown>,
  ok: string,
  rename: Record<string, string> = {},
): Promise<void> {
  const id = c.params.id;
  if (!isId(id)) throw notFound();
  try {
    await run(id);
  } catch (err) {
    let errors = fieldErrorsOf(err, rename);
    if (!errors) throw err;
    const conflict = conflictMessage(err);
    if (conflict) errors = { _form: conflict };
    if (errors.public && !c.form.get("public")) errors.public = "请选择答复是否公开。";
    if (errors.resolvePublic && !c.form.get("resolvePublic")) errors.resolvePublic = "请选择答复是否公开。";
    return detailPage(c, statusOf(err) === 409 ? 409 : 422, { form, errors, values: c.form });
  }
  c.redirect(`/console/feedback/${id}?ok=${ok}`);
}

export function feedbackRoutes(deps: ConsoleDeps): Record<string, Handler> {
  return {
    "GET /console/feedback": consoleRoute(deps, queuePage),

    "GET /console/feedback/:id": consoleRoute(deps, (c) => detailPage(c, 200)),

    "POST /console/feedback/:id/accept": consoleRoute(
      deps,
      (c) =>
        step(c, "accept", (id) => c.call(feedback.accept, { id, note: value(c.form, "acceptNote") }), "accepted", {
          note: "acceptNote",
        }),
      HANDLERS,
    ),

    "POST /console/feedback/:id/reply": consoleRoute(
      deps,
      (c) =>
        step(
          c,
          "reply",
          (id) =>
            c.call(
              feedback.replyTo,
              formInput({ id, reply: c.form.get("reply") ?? "", public: publicFlag(c.form.get("public")) }),
            ),
          "replied",
        ),
      HANDLERS,
    ),

    "POST /console/feedback/:id/close": consoleRoute(
      deps,
      (c) =>
        step(c, "close", (id) => c.call(feedback.close, { id, note: value(c.form, "closeNote") }), "closed", {
          note: "closeNote",
        }),
      HANDLERS,
    ),

    // An evidence file, for the body's staff only (feedback.get and evidenceFile both check who asks).
    "GET /console/feedback/:id/evidence/:n": consoleRoute(deps, async (c) => {
      const f = await loadItem(c);
      const n = /^[1-9]$/.test(c.params.n ?? "") ? Number(c.params.n) : 0;
      const file = f.evidenceFiles.find((e) => e.n === n);
      if (!file) throw notFound();
      const stream = await c.call(feedback.evidenceFile, { id: f.id, n });
      c.res.setHeader("Content-Type", file.type);
      c.res.setHeader("Content-Disposition", evidenceDisposition(file.name, n, file.type));
      c.res.setHeader("Content-Length", String(file.size));
      c.res.setHeader("Cache-Control", "no-store");
      c.res.setHeader("X-Content-Type-Options", "nosniff");
      // Whatever the file holds, it runs nothing in the console's origin.
      c.res.setHeader("Content-Security-Policy", "sandbox; default-src 'none'");
      await pipeline(stream as NodeJS.ReadableStream, c.res);
    }),

    "GET /console/feedback/:id/spam": consoleRoute(
      deps,
      async (c) => {
        const f = await loadItem(c);
        if (!OPEN.includes(f.status)) return c.redirect(`/console/feedback/${f.id}`);
        spamPage(c, f, 200);
      },
      HANDLERS,
    ),

    "POST /console/feedback/:id/spam": consoleRoute(
      deps,
      async (c) => {
        const f = await loadItem(c);
        if (c.form.get("confirm") !== "yes") return spamPage(c, f, 422, { _form: "请确认后再提交。" });
        try {
          await c.call(feedback.markSpam, { id: f.id, note: value(c.form, "spamNote") });
        } catch (err) {
          const errors = fieldErrorsOf(err, { note: "spamNote" });
          if (!errors) throw err;
          const conflict = conflictMessage(err);
          return spamPage(c, f, statusOf(err) === 409 ? 409 : 422, conflict ? { _form: conflict } : errors);
        }
        c.redirect(`/console/feedback/${f.id}?ok=spam`);
      },
      HANDLERS,
    ),

    "POST /console/feedback/:id/resolve": consoleRoute(
      deps,
      async (c) => {
        if (c.form.get("confirm") !== "yes") {
          return detailPage(c, 422, {
            form: "resolve",
            errors: { confirm: "撤下公示前请勾选确认。" },
            values: c.form,
          });
        }
        await step(
          c,
          "resolve",
          (id) =>
            c.call(
              feedback.resolveNotice,
              formInput({
                id,
                action: "withdraw",
                reason: c.form.get("reason") ?? "",
                reply: c.form.get("resolveReply") ?? "",
                public: publicFlag(c.form.get("resolvePublic")),
              }),
            ),
          "resolved",
          { reply: "resolveReply", public: "resolvePublic" },
        );
      },
      HANDLERS,
    ),
  };
}
