/**
 * The public reads of a notice: its signed PDF (download), verification by the printed code or by
 * the file's bytes, and the outbox the feed pulls.
 */
import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import { Errors } from "moleculer";
import { fieldProblem, NotFoundError } from "../../../lib/errors.js";
import { call, type Caller, type EventsSinceParams } from "../../../lib/contract.js";
import type { Storage } from "../../../lib/storage.js";
import { isTakenDown } from "../../../shared/tombstone.js";
import { normalizeVerifyCode } from "../../../shared/verify-code.js";
import type { LetterVerification, NoticeOutboxEvent, UnknownPdf, Verification } from "../contract.js";
import { Letter, Notice, NoticeEvent } from "../entities.js";
import { tlog, type LogRecord } from "../../tlog/contract.js";
import { letterVerification } from "./letters.js";
import type { NoticesDeps } from "./deps.js";
import { formerNames, publicView, shownTitleAndReason, verification } from "./views.js";

/** Largest PDF accepted for verification by upload; our notices are a few dozen KB. */
export const MAX_VERIFY_BYTES = 20 * 1024 * 1024;

type ReadDeps = Pick<NoticesDeps, "em" | "today" | "caller">;

/**
 * The notice's latest entry in the transparency log with its inclusion proof and checkpoint, so a
 * verifier needs nothing else from us; null while not yet logged or while the log does not answer
 * (verification itself never waits on the log).
 */
async function logOf(caller: Caller, noticeId: string): Promise<LogRecord | null> {
  try {
    return await call(caller, tlog.recordOf, { id: noticeId }, { timeout: 5000, retries: 0 });
  } catch {
    return null;
  }
}

async function verified(deps: ReadDeps, n: Notice): Promise<Verification> {
  const [former, log] = await Promise.all([formerNames(deps.em, n), logOf(deps.caller, n.id)]);
  return { ...verification(n, deps.today(), former), log };
}

/** A notice's PDF with the headers to answer it; a notice taken down answers 410 with its reason. */
export async function noticePdf(
  deps: { em: NoticesDeps["em"]; storage: Storage },
  id: string,
): Promise<{ stream: Readable; headers: Record<string, string> }> {
  const n = await deps.em.findOne(Notice, { id });
  if (!n) throw new NotFoundError("Notice", id);
  if (isTakenDown(n.status)) {
    const { reason } = shownTitleAndReason(n, await formerNames(deps.em, n));
    const gone = {
      withdrawn: { message: `该公示已撤下：${reason ?? "未说明原因"}`, type: "NOTICE_WITHDRAWN" },
      corrected: {
        message: `该公示已被更正后的公示取代：${reason ?? "未说明原因"}`,
        type: "NOTICE_CORRECTED",
      },
      // Not NOTICE_EXPIRED: that type is the refusal to correct such a notice (409).
      expired: { message: `该公示的公示期已于 ${n.expiresOn} 届满`, type: "NOTICE_PERIOD_ENDED" },
    }[n.status as "withdrawn" | "corrected" | "expired"];
    throw new Errors.MoleculerClientError(gone.message, 410, gone.type, {
      status: n.status,
      reason,
      expiresOn: n.expiresOn,
      ...(n.successorId ? { successorId: n.successorId } : {}),
    });
  }
  const stream = await deps.storage.client.getObject(deps.storage.bucket, n.objectKey);
  return {
    stream,
    headers: {
      "Content-Disposition": `inline; filename="notice-${n.id}.pdf"`,
      "Content-Length": String(n.size),
      "Cache-Control": "public, max-age=60",
      ETag: `"${n.sha256}"`,
    },
  };
}

/** Verification by the code printed on a notice or letter (any spelling normalizeVerifyCode accepts). */
export async function verifyByCode(deps: ReadDeps, code: string): Promise<Verification | LetterVerification> {
  const normalized = normalizeVerifyCode(code);
  const n = normalized ? await deps.em.findOne(Notice, { verifyCode: normalized }) : null;
  if (n) return verified(deps, n);
  const letter = normalized ? await deps.em.findOne(Letter, { verifyCode: normalized }) : null;
  if (!letter) throw new NotFoundError("Verification code");
  return letterVerification(letter);
}

async function sha256Of(stream: Readable, limit: number): Promise<{ sha256: string; size: number }> {
  const hash = createHash("sha256");
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      stream.destroy();
      throw new Errors.MoleculerClientError(`A notice PDF is never larger than ${limit} bytes`, 413, "TOO_LARGE");
    }
    hash.update(chunk as Buffer);
  }
  return { sha256: hash.digest("hex"), size };
}

/** Verification by the file's bytes: is it a notice (or a letter) this platform issued? */
export async function verifyByBytes(
  deps: ReadDeps,
  stream: Readable | undefined,
): Promise<Verification | LetterVerification | UnknownPdf> {
  if (!stream) throw fieldProblem("body", "PDF_REQUIRED", "send the PDF file as the request body");
  const { sha256, size } = await sha256Of(stream, MAX_VERIFY_BYTES);
  if (size === 0) throw fieldProblem("body", "PDF_REQUIRED", "the request body is empty: send the PDF file");
  const n = await deps.em.findOne(Notice, { sha256 });
  if (n) return verified(deps, n);
  const letter = await deps.em.findOne(Letter, { sha256 });
  return letter ? letterVerification(letter) : { valid: false, authentic: false, current: false, sha256 };
}

/** Outbox events after a sequence number, oldest first, each with its notice's public view now. */
export async function eventsSince(
  deps: Pick<NoticesDeps, "em" | "publicBaseUrl">,
  params: EventsSinceParams,
): Promise<NoticeOutboxEvent[]> {
  const { em } = deps;
  // The events with their notices in one query: a pull (the feed's nudge after each change, the
  // log's timer) costs one round trip here. The foreign key makes the inner join keep every event.
  const rows: ({ event_seq: string; event_type: string; event_at: string } & Record<string, unknown>)[] = await em
    .getConnection()
    .execute(
      `select e.seq as event_seq, e.type as event_type, e.at as event_at, n.*
       from notices.notice_events e join notices.notices n on n.id = e.notice_id
      where e.seq > ? order by e.seq limit ?`,
      [params.after, params.limit],
    );
  // Mapped by the ORM, as a find would: column names to properties, the driver's dates to Date.
  const events = rows.map(({ event_seq, event_type, event_at, ...notice }) => ({
    event: em.map(NoticeEvent, { seq: event_seq, type: event_type, notice_id: notice.id as string, at: event_at }),
    notice: em.map(Notice, notice),
  }));
  const former = new Map<string, string[]>();
  for (const { notice: n } of events) {
    if (!former.has(n.id)) former.set(n.id, await formerNames(em, n));
  }
  return events.map(({ event, notice }) => ({
    seq: String(event.seq),
    type: event.type,
    at: event.at.toISOString(),
    notice: publicView(notice, deps.publicBaseUrl, former.get(notice.id)),
  }));
}
