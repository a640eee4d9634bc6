/**
 * The 答复告知书 of an answered request: built from the answer (shared/requests/letter.ts), rendered
 * and signed by the notices service like a notice (with the body's certificate and seal), kept
 * privately there; the request keeps its id, code and hash. The applicant downloads it with the
 * tracking code; anyone holding it verifies it by its code or bytes without learning its content.
 */
import type { Readable } from "node:stream";
import type { SessionUser } from "../../../lib/auth.js";
import { call } from "../../../lib/contract.js";
import { ConflictError, dependencyCall, errorSummary, NotFoundError } from "../../../lib/errors.js";
import { answerLetter } from "../../../shared/requests.js";
import { normalizeTrackingCode } from "../../../shared/verify-code.js";
import { duties } from "../../duties/contract.js";
import { notices } from "../../notices/contract.js";
import type { RequestDetail } from "../contract.js";
import { InfoRequest } from "../entities.js";
import { loadOwn, todayOf, trailOf, type RequestsDeps } from "./records.js";
import { clockOf, detailView } from "./views.js";

/** Issues the letter of an answered request once (idempotent); false when it is not answered yet. */
async function issue(deps: RequestsDeps, id: string): Promise<boolean> {
  const em = deps.em();
  const r = await em.findOneOrFail(InfoRequest, { id });
  if (r.letterId) return true;
  if (r.answerText === null) return false;
  const c = clockOf(await trailOf(em, id), await deps.calendar(), todayOf(deps));
  if (!c.outcome || c.outcome.via !== "answer") return false;
  const body = await dependencyCall("duties", () => call(deps.caller, duties.getBody, { id: r.bodyId }));
  const seal = await dependencyCall("duties", () => call(deps.caller, duties.getSeal, { id: r.bodyId }));
  const letter = answerLetter({
    trackingCode: r.trackingCode,
    applicantName: r.applicant.name,
    receivedOn: c.receivedOn ?? c.submittedOn ?? todayOf(deps),
    description: r.description,
    answerType: c.outcome.type,
    text: r.answerText,
    items: r.answerItems,
    answeredOn: c.outcome.on,
    feeYuan: r.answerFeeYuan,
    ...(r.reviewOrgan ? { reviewOrgan: r.reviewOrgan } : {}),
    ...(r.court ? { court: r.court } : {}),
  });
  const issued = await dependencyCall("notices", () =>
    call(deps.caller, notices.issueLetter, {
      sourceType: "request",
      sourceId: r.id,
      bodyId: r.bodyId,
      bodyName: r.bodyName,
      bodyCreditCode: body.creditCode,
      title: letter.title,
      documentNumber: letter.documentNumber,
      fields: letter.fields,
      sections: letter.sections,
      remedyNotice: letter.remedyNotice,
      ...(seal ? { seal: seal.png } : {}),
    }),
  );
  Object.assign(r, {
    letterId: issued.letterId,
    letterVerifyCode: issued.verifyCode,
    letterSha256: issued.sha256,
    letterIssuedAt: new Date(issued.issuedAt),
  });
  await em.flush();
  return true;
}

/** After an answer: the letter now if the notices service answers; otherwise later, on request. */
export async function issueLetterQuietly(deps: RequestsDeps, id: string): Promise<void> {
  try {
    await issue(deps, id);
  } catch (err) {
    deps.log.warn(`the answer letter of request ${id} waits: ${errorSummary(err)}`);
  }
}

/** An officer (re)issues the letter of an answered request whose letter could not be issued then. */
export async function issueLetter(deps: RequestsDeps, user: SessionUser, p: { id: string }): Promise<RequestDetail> {
  await loadOwn(deps.em(), user, p.id);
  if (!(await issue(deps, p.id))) {
    throw new ConflictError("only an answered request has an answer letter", "REQUEST_NOT_ANSWERED");
  }
  const em = deps.em();
  return detailView(em, await em.findOneOrFail(InfoRequest, { id: p.id }), await deps.calendar(), todayOf(deps));
}

/** The letter's PDF for the holder of the tracking code (404 while there is none). */
export async function letterPdfFor(
  deps: RequestsDeps,
  trackingCode: string,
): Promise<{ stream: Readable; headers: Record<string, string> }> {
  const code = normalizeTrackingCode(trackingCode);
  const r = code ? await deps.em().findOne(InfoRequest, { trackingCode: code }) : null;
  if (!r?.letterId) throw new NotFoundError("Answer letter");
  const stream = (await dependencyCall("notices", () =>
    call(deps.caller, notices.letterPdf, { letterId: r.letterId as string }),
  )) as unknown as Readable;
  return {
    stream,
    headers: {
      "Content-Disposition": `attachment; filename="answer-${r.trackingCode}.pdf"`,
      "Cache-Control": "private, no-store",
      ETag: `"${r.letterSha256}"`,
    },
  };
}
