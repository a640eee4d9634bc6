/**
 * 规范性文件 and 预公开 on the console: the route table. Every step calls the same documents action
 * as the REST API, as the signed-in user, with Post/Redirect/Get: a success goes to the record's
 * page with its flash message, a refusal is shown there once beside the form's fields (a 409 such
 * as INTERPRETATION_REQUIRED above them), in the words of the one message table.
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Handler } from "../../../services/gateway/web.js";
import { statusOf } from "../../../services/gateway/web.js";
import { documents, type StaffFileView, type UploadParams } from "../../../services/documents/contract.js";
import { call, formInput } from "../../../lib/contract.js";
import { FILE_CSP } from "../../../shared/file-clean.js";
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
import { DOCUMENT_ROLES, filled, linesOf, notFound } from "./shared.js";
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

/**
 * A file of a record: the form's file goes to the service as a stream, cleaned there; a refusal
 * shows the page again with the reason beside the file input.
 */
function uploadRoute(
  deps: ConsoleDeps,
  kind: "documents" | "consultations",
  page: Page,
  send: (
    c: ConsoleContext,
    id: string,
    purpose: UploadParams["purpose"],
    name: string,
    stream: Readable,
  ) => Promise<unknown>,
): Handler {
  return consoleRoute(
    deps,
    async (c) => {
      const id = pathId(c);
      const data = c.form.get("file") ?? "";
      const name = c.form.get("file:filename")?.trim() || "附件";
      const purpose = c.form.get("purpose") === "graphic" ? "graphic" : "attachment";
      try {
        await send(c, id, purpose, name, Readable.from([Buffer.from(data, "base64")]));
      } catch (err) {
        const errors = fieldErrorsOf(err, () => "files.file");
        if (!errors) throw err;
        return page(c, statusOf(err) === 409 ? 409 : 422, {
          form: "files",
          errors: { "files.file": errors["files.file"] ?? errors._form ?? "" },
          values: new URLSearchParams(),
        });
      }
      c.redirect(`/console/${kind}/${id}?ok=file`);
    },
    DOCUMENT_ROLES,
  );
}

/** A kept file, as the record's page lists it: an image shown inline, anything else downloaded. */
function downloadRoute(
  deps: ConsoleDeps,
  find: (c: ConsoleContext) => Promise<{ file: StaffFileView; stream: NodeJS.ReadableStream } | undefined>,
): Handler {
  return consoleRoute(
    deps,
    async (c) => {
      const found = await find(c);
      if (!found) throw notFound();
      const { file, stream } = found;
      const image = file.mediaType.startsWith("image/");
      c.res.setHeader("Content-Type", file.mediaType);
      c.res.setHeader(
        "Content-Disposition",
        `${image ? "inline" : "attachment"}; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      );
      c.res.setHeader("Cache-Control", "no-store");
      c.res.setHeader("X-Content-Type-Options", "nosniff");
      c.res.setHeader("Content-Security-Policy", FILE_CSP);
      await pipeline(stream, c.res);
    },
    DOCUMENT_ROLES,
  );
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
        graphics: c.form
          .getAll("interpret.graphic")
          .map((fileId) => ({ fileId, alt: c.form.get(`interpret.alt.${fileId}`) ?? "" })),
      }),
      (c, p) => c.call(documents.interpret, formInput(p)),
      (f) =>
        f.startsWith("qa")
          ? "interpret.qa"
          : f.startsWith("graphics")
            ? "interpret.graphics"
            : f
              ? `interpret.${f}`
              : undefined,
    ),
    "POST /console/documents/:id/files": uploadRoute(deps, "documents", documentPage, (c, id, purpose, name, stream) =>
      call(c.req.$ctx, documents.upload, formInput({ id, purpose, name }), { stream }),
    ),
    "GET /console/documents/:id/files/:fileId": downloadRoute(deps, async (c) => {
      const d = await c.call(documents.get, { id: pathId(c) });
      const file = d.files.find((f) => f.id === c.params.fileId);
      return file && { file, stream: await c.call(documents.staffFile, { id: d.id, fileId: file.id }) };
    }),
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
    "POST /console/consultations/:id/files": uploadRoute(
      deps,
      "consultations",
      consultationPage,
      (c, id, _p, name, stream) => call(c.req.$ctx, documents.consultationUpload, formInput({ id, name }), { stream }),
    ),
    "GET /console/consultations/:id/files/:fileId": downloadRoute(deps, async (c) => {
      const x = await c.call(documents.getConsultation, { id: pathId(c) });
      const file = x.files.find((f) => f.id === c.params.fileId);
      return file && { file, stream: await c.call(documents.staffConsultationFile, { id: x.id, fileId: file.id }) };
    }),
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
