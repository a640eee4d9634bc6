/**
 * 规范性文件 and 预公开 on the console: the route table. Every step calls the same documents action
 * as the REST API, as the signed-in user, with Post/Redirect/Get: a success goes to the record's
 * page with its flash message, a refusal is shown there once beside the form's fields (a 409 such
 * as INTERPRETATION_REQUIRED above them), in the words of the one message table.
 */
import type { Handler } from "../../../services/gateway/web.js";
import { statusOf } from "../../../services/gateway/web.js";
import { documents } from "../../../services/documents/contract.js";
import { formInput } from "../../../lib/contract.js";
import { consoleRoute, pathId, value, type ConsoleContext, type ConsoleDeps } from "../context.js";
import { fieldErrorsOf } from "../layout.js";
import {
  cleanupPage,
  documentInputOf,
  documentPage,
  documentParamsOf,
  documentsListPage,
  newDocumentPage,
  qaOf,
} from "./documents.js";
import { consultationPage, consultationsListPage, newConsultationPage, notAdoptedOf } from "./consultations.js";
import { DOCUMENT_ROLES, filled, linesOf } from "./shared.js";
import { filingParamsOf } from "./filing.js";
import { GUIDE_PATH, guidePage, saveGuide } from "./guide.js";

type Page = (
  c: ConsoleContext,
  status: number,
  state: { form: string; errors: Record<string, string>; values: URLSearchParams },
) => Promise<void>;

/** Runs a step of the record's page; a refusal shows the page again with the errors beside the form. */
async function runStep(
  c: ConsoleContext,
  form: string,
  run: () => Promise<unknown>,
  page: Page,
  done: string,
  rename: (apiField: string) => string | undefined = (f) => (f ? `${form}.${f}` : undefined),
): Promise<void> {
  try {
    await run();
  } catch (err) {
    const errors = fieldErrorsOf(err, rename);
    if (!errors) throw err;
    return page(c, statusOf(err) === 409 ? 409 : 422, { form, errors, values: c.form });
  }
  c.redirect(`${done}?ok=${form}`);
}

function documentStep(
  deps: ConsoleDeps,
  form: string,
  params: (c: ConsoleContext) => object,
  action: (c: ConsoleContext, p: object) => Promise<unknown>,
  rename?: (f: string) => string | undefined,
): Handler {
  return consoleRoute(
    deps,
    (c) =>
      runStep(
        c,
        form,
        () => action(c, { ...params(c), id: pathId(c) }),
        documentPage,
        `/console/documents/${pathId(c)}`,
        rename,
      ),
    DOCUMENT_ROLES,
  );
}

function consultationStep(
  deps: ConsoleDeps,
  form: string,
  params: (c: ConsoleContext) => object,
  action: (c: ConsoleContext, p: object) => Promise<unknown>,
  rename?: (f: string) => string | undefined,
): Handler {
  return consoleRoute(
    deps,
    (c) =>
      runStep(
        c,
        form,
        () => action(c, { ...params(c), id: pathId(c) }),
        consultationPage,
        `/console/consultations/${pathId(c)}`,
        rename,
      ),
    DOCUMENT_ROLES,
  );
}

const prefixed = (form: string, names: readonly string[]) => (c: ConsoleContext) => {
  const values = filled(
    c.form,
    names.map((n) => `${form}.${n}`),
  );
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k.slice(form.length + 1), v]));
};

/** A count as typed: a number when it reads as one, else as typed (the service refuses it beside the field). */
function count(text: string | null | undefined): number | string | undefined {
  const t = (text ?? "").trim();
  if (!t) return undefined;
  return /^\d{1,9}$/.test(t) ? Number(t) : t;
}

export function documentRoutes(deps: ConsoleDeps): Record<string, Handler> {
  return {
    "GET /console/documents": consoleRoute(deps, documentsListPage, DOCUMENT_ROLES),
    "GET /console/documents/cleanup": consoleRoute(deps, cleanupPage, DOCUMENT_ROLES),
    [`GET ${GUIDE_PATH}`]: consoleRoute(deps, (c) => guidePage(c), DOCUMENT_ROLES),
    [`POST ${GUIDE_PATH}`]: consoleRoute(deps, saveGuide, DOCUMENT_ROLES),
    "GET /console/documents/new": consoleRoute(deps, (c) => newDocumentPage(c), DOCUMENT_ROLES),
    "POST /console/documents/new": consoleRoute(
      deps,
      async (c) => {
        try {
          const bodyId = c.user.role === "admin" ? value(c.form, "bodyId") : undefined;
          const created = await c.call(documents.register, {
            ...documentParamsOf(c.form),
            ...(bodyId ? { bodyId } : {}),
          });
          c.redirect(`/console/documents/${created.id}?ok=registered`);
        } catch (err) {
          const errors = fieldErrorsOf(err, documentInputOf);
          if (!errors) throw err;
          await newDocumentPage(c, statusOf(err) === 409 ? 409 : 422, errors);
        }
      },
      DOCUMENT_ROLES,
    ),
    "GET /console/documents/:id": consoleRoute(deps, (c) => documentPage(c, 200), DOCUMENT_ROLES),
    "POST /console/documents/:id/edit": documentStep(
      deps,
      "edit",
      (c) => documentParamsOf(c.form),
      (c, p) => c.call(documents.edit, formInput(p)),
      documentInputOf,
    ),
    "POST /console/documents/:id/interpret": documentStep(
      deps,
      "interpret",
      (c) => ({
        ...prefixed("interpret", ["text", "draftingUnit", "interpreter"])(c),
        qa: qaOf(c.form.get("interpret.qa")),
      }),
      (c, p) => c.call(documents.interpret, formInput(p)),
      (f) => (f.startsWith("qa") ? "interpret.qa" : f ? `interpret.${f}` : undefined),
    ),
    "POST /console/documents/:id/publish": documentStep(deps, "publish", prefixed("publish", ["publishedOn"]), (c, p) =>
      c.call(documents.publish, formInput(p)),
    ),
    "POST /console/documents/:id/repeal": documentStep(deps, "repeal", prefixed("repeal", ["on", "reason"]), (c, p) =>
      c.call(documents.repeal, formInput(p)),
    ),
    "POST /console/documents/:id/amend": documentStep(deps, "amend", prefixed("amend", ["on", "amendedBy"]), (c, p) =>
      c.call(documents.amend, formInput(p)),
    ),
    "POST /console/documents/:id/review": documentStep(deps, "review", prefixed("review", ["on"]), (c, p) =>
      c.call(documents.review, formInput(p)),
    ),
    "POST /console/documents/:id/filing": documentStep(
      deps,
      "filing",
      (c) => filingParamsOf(c.form),
      (c, p) => c.call(documents.edit, formInput(p)),
      (f) => f || undefined,
    ),
    "POST /console/documents/:id/basis": documentStep(
      deps,
      "basis",
      (c) => ({ repealed: c.form.get("repealed") === "true" }),
      (c, p) => c.call(documents.setBasis, formInput(p)),
    ),

    "GET /console/consultations": consoleRoute(deps, consultationsListPage, DOCUMENT_ROLES),
    "GET /console/consultations/new": consoleRoute(deps, (c) => newConsultationPage(c), DOCUMENT_ROLES),
    "POST /console/consultations/new": consoleRoute(
      deps,
      async (c) => {
        try {
          const bodyId = c.user.role === "admin" ? value(c.form, "bodyId") : undefined;
          const params = filled(c.form, [
            "title",
            "kind",
            "draftText",
            "explanation",
            "basis",
            "opensOn",
            "closesOn",
            "shortReason",
          ]);
          const created = await c.call(
            documents.openConsultation,
            formInput({ ...params, ...(bodyId ? { bodyId } : {}) }),
          );
          c.redirect(`/console/consultations/${created.id}?ok=opened`);
        } catch (err) {
          const errors = fieldErrorsOf(err);
          if (!errors) throw err;
          await newConsultationPage(c, statusOf(err) === 409 ? 409 : 422, errors);
        }
      },
      DOCUMENT_ROLES,
    ),
    "GET /console/consultations/:id": consoleRoute(deps, (c) => consultationPage(c, 200), DOCUMENT_ROLES),
    "POST /console/consultations/:id/hearing": consultationStep(
      deps,
      "hearing",
      (c) => ({
        ...prefixed("hearing", ["heldOn", "place"])(c),
        participants: linesOf(c.form.get("hearing.participants")),
      }),
      (c, p) => c.call(documents.announceHearing, formInput(p)),
    ),
    "POST /console/consultations/:id/adoption": consultationStep(
      deps,
      "adoption",
      (c) => ({
        ...prefixed("adoption", ["summary"])(c),
        received: count(c.form.get("adoption.received")),
        adopted: count(c.form.get("adoption.adopted")),
        notAdopted: notAdoptedOf(c.form.get("adoption.notAdopted")).map((g) => ({ ...g, count: count(g.count) })),
      }),
      (c, p) => c.call(documents.reportAdoption, formInput(p)),
      (f) => (f.startsWith("notAdopted") ? "adoption.notAdopted" : f ? `adoption.${f}` : undefined),
    ),
    "POST /console/consultations/:id/comments/:commentId/:decision": consoleRoute(
      deps,
      async (c) => {
        const decision = c.params.decision;
        if (decision !== "publish" && decision !== "reject") throw Object.assign(new Error("not found"), { code: 404 });
        await runStep(
          c,
          "moderate",
          () => c.call(documents.moderate, formInput({ id: pathId(c), commentId: c.params.commentId ?? "", decision })),
          consultationPage,
          `/console/consultations/${pathId(c)}`,
          () => undefined,
        );
      },
      DOCUMENT_ROLES,
    ),
  };
}
