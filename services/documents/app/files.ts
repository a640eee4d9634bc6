/**
 * A document's files (附件 and 图解) and a consultation's: an officer of the body uploads each one
 * as the request body; it is cleaned of its hidden metadata (shared/file-clean.ts) or, an SVG,
 * written anew from an allow-list (shared/svg-clean.ts) BEFORE it is stored under
 * `documents/<ownerId>/<fileId>`, so nothing uncleaned is ever kept or published. A refusal writes
 * nothing: neither a row nor an object.
 *
 * Attachments are added while the document is a draft (its published text and files are fixed);
 * 图解 also later, for a 施行后解读. The public reads a document's attachment once it is published,
 * and a 图解 once a published 解读 shows it (404 otherwise, the same as for a missing file); a
 * consultation's files are public as it is.
 */
import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import { LockMode, type EntityManager } from "@mikro-orm/postgresql";
import type { SessionUser } from "../../../lib/auth.js";
import { ConflictError, fieldProblem, NotFoundError } from "../../../lib/errors.js";
import { windowPhase } from "../../../shared/documents.js";
import { cleanFile, FILE_CSP } from "../../../shared/file-clean.js";
import { newId } from "../../../shared/ids.js";
import { cleanSvg, looksLikeSvg } from "../../../shared/svg-clean.js";
import type { ConsultationUploadParams, FileParams, StaffFileView, UploadParams } from "../contract.js";
import { Consultation, Interpretation, NormativeDocument, StoredFile, type FileOwner } from "../entities.js";
import { commitChange, loadConsultation, loadDocument, type DocumentsDeps } from "./deps.js";
import { staffFileView } from "./views.js";
import { readUpload } from "../../../lib/uploads.js";

export const FILE_MAX_BYTES = 20 * 1024 * 1024;
export const FILES_MAX = 30;

const IMAGES = new Set(["image/png", "image/jpeg", "image/svg+xml"]);

interface Cleaned {
  bytes: Uint8Array;
  type: string;
  name: string;
  removed: string[];
}

/** An attachment: PDF, Office (OOXML), PNG or JPEG; a 图解: PNG or SVG. Told by the bytes, never the name. */
async function clean(bytes: Uint8Array, name: string, purpose: StoredFile["purpose"]): Promise<Cleaned> {
  if (purpose === "graphic" && looksLikeSvg(bytes)) {
    const svg = cleanSvg(bytes, name);
    if (!svg.ok) throw fieldProblem("body", svg.type, svg.message);
    return svg;
  }
  const out = await cleanFile(bytes, name);
  if (!out.ok) {
    if (purpose === "graphic" && out.type === "FILE_TYPE_UNSUPPORTED") {
      throw fieldProblem("body", "GRAPHIC_TYPE", "a 图解 is a PNG or an SVG image");
    }
    throw fieldProblem("body", out.type, out.message);
  }
  if (purpose === "graphic" && out.type !== "image/png") {
    throw fieldProblem("body", "GRAPHIC_TYPE", "a 图解 is a PNG or an SVG image");
  }
  return out;
}

/** Attachments are fixed once the document is published; 图解 may come later, for a 施行后解读. */
function assertDocumentOpen(d: NormativeDocument, purpose: StoredFile["purpose"]): void {
  if (purpose === "attachment" && d.stage !== "draft") {
    throw new ConflictError("the document is published: its attachments are fixed", "FILES_CLOSED");
  }
}

/** A consultation takes files until its window closes. */
function assertConsultationOpen(c: Consultation, now: Date): void {
  if (windowPhase(c, now) === "closed") {
    throw new ConflictError("the consultation has closed: its files are fixed", "FILES_CLOSED");
  }
}

async function store(
  deps: DocumentsDeps,
  tx: EntityManager,
  owner: { type: FileOwner; id: string },
  purpose: StoredFile["purpose"],
  cleaned: Cleaned,
  onStored: (key: string) => void,
): Promise<StoredFile> {
  const count = await tx.count(StoredFile, { ownerType: owner.type, ownerId: owner.id });
  if (count >= FILES_MAX) {
    throw new ConflictError("a document has at most 30 files", "FILES_TOO_MANY", { max: FILES_MAX });
  }
  const id = newId();
  const key = `documents/${owner.id}/${id}`;
  const f = Object.assign(new StoredFile(), {
    id,
    ownerType: owner.type,
    ownerId: owner.id,
    purpose,
    name: cleaned.name,
    mediaType: cleaned.type,
    size: cleaned.bytes.length,
    sha256: createHash("sha256").update(cleaned.bytes).digest("hex"),
    key,
    removed: cleaned.removed,
    createdAt: deps.now(),
  });
  tx.persist(f);
  await deps.storage.client.putObject(deps.storage.bucket, key, Buffer.from(cleaned.bytes), cleaned.bytes.length, {
    "Content-Type": cleaned.type,
  });
  onStored(key);
  await tx.flush();
  return f;
}

/** Runs a storing transaction; when it fails after the object was written, the object goes too. */
async function keeping<T>(work: (onStored: (key: string) => void) => Promise<T>, deps: DocumentsDeps): Promise<T> {
  let stored: string | null = null;
  try {
    return await work((key) => (stored = key));
  } catch (err) {
    if (stored) await deps.storage.client.removeObject(deps.storage.bucket, stored).catch(() => {});
    throw err;
  }
}

/** Cleans and keeps one file of document `id` (201 with its staff view). */
export async function uploadDocumentFile(
  deps: DocumentsDeps,
  user: SessionUser,
  p: UploadParams,
  stream: Readable | undefined,
): Promise<StaffFileView> {
  const d = await loadDocument(deps.em(), user, p.id);
  assertDocumentOpen(d, p.purpose);
  const cleaned = await clean(await readUpload(stream, FILE_MAX_BYTES), p.name, p.purpose);
  const f = await keeping(
    (onStored) =>
      deps.em().transactional(async (tx) => {
        const fresh = await tx.findOneOrFail(NormativeDocument, { id: d.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
        assertDocumentOpen(fresh, p.purpose);
        return store(deps, tx, { type: "document", id: d.id }, p.purpose, cleaned, onStored);
      }),
    deps,
  );
  return staffFileView(f);
}

/** Cleans and keeps one attachment of consultation `id`: public at once, as the consultation is. */
export async function uploadConsultationFile(
  deps: DocumentsDeps,
  user: SessionUser,
  p: ConsultationUploadParams,
  stream: Readable | undefined,
): Promise<StaffFileView> {
  const c = await loadConsultation(deps.em(), user, p.id);
  assertConsultationOpen(c, deps.now());
  const cleaned = await clean(await readUpload(stream, FILE_MAX_BYTES), p.name, "attachment");
  const f = await keeping(
    (onStored) =>
      commitChange(deps, [["consultation", c.id]], async (tx) => {
        const fresh = await tx.findOneOrFail(Consultation, { id: c.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
        assertConsultationOpen(fresh, deps.now());
        const stored = await store(deps, tx, { type: "consultation", id: c.id }, "attachment", cleaned, onStored);
        fresh.updatedAt = deps.now();
        return stored;
      }),
    deps,
  );
  return staffFileView(f);
}

export interface FileAnswer {
  stream: NodeJS.ReadableStream;
  type: string;
  headers: Record<string, string>;
}

/** The bytes with headers that keep a browser from running or sniffing them. */
async function answer(deps: DocumentsDeps, f: StoredFile, cache: string): Promise<FileAnswer> {
  const stream = await deps.storage.client.getObject(deps.storage.bucket, f.key);
  // RFC 6266 / 5987: an ASCII fallback and the name itself in UTF-8.
  const ascii = f.name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  const disposition = IMAGES.has(f.mediaType) ? "inline" : "attachment";
  return {
    stream,
    type: f.mediaType,
    headers: {
      "Content-Disposition": `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(f.name)}`,
      "Content-Length": String(f.size),
      "Content-Security-Policy": FILE_CSP,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": cache,
      ETag: `"${f.sha256}"`,
    },
  };
}

const notFound = (p: FileParams) => new NotFoundError("File", p.fileId);

/** Whether a published 解读 of the document shows the graphic. */
async function graphicPublished(em: EntityManager, documentId: string, fileId: string): Promise<boolean> {
  const published = await em.find(Interpretation, { documentId, publishedAt: { $ne: null } });
  return published.some((i) => i.graphics.some((g) => g.fileId === fileId));
}

/**
 * A file of a published document for anyone: an attachment, or a 图解 a published 解读 shows.
 * Missing, a draft's or not yet shown: the same 404.
 */
export async function publicDocumentFile(deps: DocumentsDeps, p: FileParams): Promise<FileAnswer> {
  const em = deps.em();
  const [d, f] = await Promise.all([
    em.findOne(NormativeDocument, { id: p.id, stage: "published" }),
    em.findOne(StoredFile, { id: p.fileId, ownerType: "document", ownerId: p.id }),
  ]);
  if (!d || !f) throw notFound(p);
  if (f.purpose === "graphic" && !(await graphicPublished(em, d.id, f.id))) throw notFound(p);
  return answer(deps, f, "public, max-age=300");
}

/** A file of a consultation, public as the consultation is. */
export async function publicConsultationFile(deps: DocumentsDeps, p: FileParams): Promise<FileAnswer> {
  const f = await deps.em().findOne(StoredFile, { id: p.fileId, ownerType: "consultation", ownerId: p.id });
  if (!f) throw notFound(p);
  return answer(deps, f, "public, max-age=300");
}

/** Any file of a document of the officer's body (404 for another body's, as the document is). */
export async function staffDocumentFile(deps: DocumentsDeps, user: SessionUser, p: FileParams): Promise<FileAnswer> {
  const em = deps.em();
  await loadDocument(em, user, p.id);
  const f = await em.findOne(StoredFile, { id: p.fileId, ownerType: "document", ownerId: p.id });
  if (!f) throw notFound(p);
  return answer(deps, f, "private, no-store");
}

export async function staffConsultationFile(
  deps: DocumentsDeps,
  user: SessionUser,
  p: FileParams,
): Promise<FileAnswer> {
  const em = deps.em();
  await loadConsultation(em, user, p.id);
  const f = await em.findOne(StoredFile, { id: p.fileId, ownerType: "consultation", ownerId: p.id });
  if (!f) throw notFound(p);
  return answer(deps, f, "private, no-store");
}
