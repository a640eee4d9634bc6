/**
 * The answer's attachments: an officer of the body uploads each file before the answer (once the
 * request has ended its answer is fixed, files included); every file is cleaned of its hidden
 * metadata (shared/file-clean.ts) before it is stored, under `requests/<id>/<n>`. The body's
 * officers download them at any time; the applicant, with the tracking code, once answered.
 */
import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import { LockMode } from "@mikro-orm/postgresql";
import { recordAudit } from "../../../lib/audit.js";
import type { SessionUser } from "../../../lib/auth.js";
import { ConflictError, fieldProblem, NotFoundError } from "../../../lib/errors.js";
import { cleanFile } from "../../../shared/file-clean.js";
import { normalizeTrackingCode } from "../../../shared/verify-code.js";
import type {
  AttachmentParams,
  AttachmentView,
  PublicAttachmentParams,
  PublicAttachmentView,
  UploadAttachmentParams,
} from "../contract.js";
import { AUDIT, InfoRequest, RequestAttachment } from "../entities.js";
import { actorOf, loadOwn, type RequestsDeps } from "./records.js";
import { readUpload } from "../../../lib/uploads.js";

export const ATTACHMENTS_MAX_FILES = 10;
export const ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;

/** Files are added before the answer only: the answer and its files are what the applicant receives. */
function assertOpen(r: InfoRequest): void {
  if (r.outcomeType !== null || r.answerText !== null) {
    throw new ConflictError("the request has ended: its answer's attachments are fixed", "ATTACHMENTS_CLOSED");
  }
}

export function attachmentView(a: RequestAttachment): AttachmentView {
  return { ...publicAttachmentView(a), removed: [...a.removed], uploadedAt: a.uploadedAt.toISOString() };
}

export function publicAttachmentView(
  a: RequestAttachment,
  mask: (text: string) => string = (t) => t,
): PublicAttachmentView {
  return { n: a.n, name: mask(a.name), type: a.type, size: a.size, sha256: a.sha256 };
}

export function attachmentsOf(deps: Pick<RequestsDeps, "em">, requestId: string): Promise<RequestAttachment[]> {
  return deps.em().find(RequestAttachment, { requestId }, { orderBy: { n: "asc" } });
}

/**
 * Cleans and keeps one file of request `id`'s answer. A refusal (too large, empty, not a PDF,
 * JPEG, PNG, docx, xlsx or pptx by its bytes, unreadable, encrypted, too many, answered) writes
 * nothing: neither a row nor an object.
 */
export async function uploadAttachment(
  deps: RequestsDeps,
  user: SessionUser,
  p: UploadAttachmentParams,
  stream: Readable | undefined,
): Promise<AttachmentView> {
  const r = await loadOwn(deps.em(), user, p.id);
  assertOpen(r);
  const bytes = await readUpload(stream, ATTACHMENT_MAX_BYTES);
  const cleaned = await cleanFile(bytes, p.name ?? "");
  if (!cleaned.ok) throw fieldProblem("body", cleaned.type, cleaned.message);
  const sha256 = createHash("sha256").update(cleaned.bytes).digest("hex");
  let stored: string | null = null;
  try {
    return await deps.em().transactional(async (tx) => {
      const fresh = await tx.findOneOrFail(InfoRequest, { id: r.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      assertOpen(fresh);
      const count = await tx.count(RequestAttachment, { requestId: r.id });
      if (count >= ATTACHMENTS_MAX_FILES) {
        throw new ConflictError("an answer has at most 10 attachments", "ATTACHMENTS_TOO_MANY", {
          max: ATTACHMENTS_MAX_FILES,
        });
      }
      const last = await tx.findOne(RequestAttachment, { requestId: r.id }, { orderBy: { n: "desc" } });
      const n = (last?.n ?? 0) + 1;
      const objectKey = `requests/${r.id}/${n}`;
      const a = Object.assign(new RequestAttachment(), {
        requestId: r.id,
        n,
        name: cleaned.name,
        type: cleaned.type,
        size: cleaned.bytes.length,
        sha256,
        removed: cleaned.removed,
        objectKey,
        uploadedBy: user.id,
        uploadedAt: deps.now(),
      });
      tx.persist(a);
      recordAudit(tx, AUDIT, actorOf(user), {
        action: "request.attachment",
        recordType: "request",
        recordId: r.id,
        reason: `${n}`,
      });
      await deps.storage.client.putObject(
        deps.storage.bucket,
        objectKey,
        Buffer.from(cleaned.bytes),
        cleaned.bytes.length,
        {
          "Content-Type": cleaned.type,
        },
      );
      stored = objectKey;
      await tx.flush();
      return attachmentView(a);
    });
  } catch (err) {
    // The row was not written: the object goes too (a failure to remove it leaves an orphan).
    if (stored) await deps.storage.client.removeObject(deps.storage.bucket, stored).catch(() => {});
    throw err;
  }
}

async function fileOf(deps: RequestsDeps, a: RequestAttachment | null, what: string) {
  if (!a) throw new NotFoundError("Attachment", what);
  const stream = await deps.storage.client.getObject(deps.storage.bucket, a.objectKey);
  // RFC 6266: an ASCII fallback and the name itself in UTF-8.
  const ascii = a.name.replace(/[^\x20-\x7e]/g, "_");
  return {
    stream,
    type: a.type,
    headers: {
      "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(a.name)}`,
      "Content-Length": String(a.size),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
      ETag: `"${a.sha256}"`,
    },
  };
}

/** One file of a request of the officer's body (404 for another body's, as the request is). */
export async function attachmentFile(deps: RequestsDeps, user: SessionUser, p: AttachmentParams) {
  await loadOwn(deps.em(), user, p.id);
  const a = await deps.em().findOne(RequestAttachment, { requestId: p.id, n: p.n });
  return fileOf(deps, a, `${p.id}/${p.n}`);
}

/** One file of the answer, for the holder of the tracking code: 404 until the request is answered. */
export async function publicAttachmentFile(deps: RequestsDeps, p: PublicAttachmentParams) {
  const code = normalizeTrackingCode(p.trackingCode);
  const r = code ? await deps.em().findOne(InfoRequest, { trackingCode: code }) : null;
  const answered = r !== null && r.answerText !== null;
  const a = answered ? await deps.em().findOne(RequestAttachment, { requestId: r.id, n: p.n }) : null;
  return fileOf(deps, a, String(p.n));
}
