/**
 * Issuing one version of a notice: render the redacted public record as a PDF, sign it with the
 * body's identity, store it under a stable key, and record it (and the correction of its
 * predecessor, if any) with its outbox rows in one transaction. Idempotent by (result, version).
 */
import { createHash } from "node:crypto";
import { LockMode } from "@mikro-orm/postgresql";
import { isUniqueViolation } from "../../../lib/database.js";
import { fieldProblem } from "../../../lib/errors.js";
import { nudgeFeed } from "../../../lib/outbox.js";
import { newId } from "../../../shared/ids.js";
import { partyNames } from "../../../shared/tombstone.js";
import { newVerifyCode } from "../../../shared/verify-code.js";
import type { IssuedNotice, IssueParams } from "../contract.js";
import { Notice, type NoticeStatus } from "../entities.js";
import type { IssueDeps } from "./deps.js";
import { recordEvent, storedReason } from "./take-down.js";
import { issuedView } from "./views.js";

export async function issueNotice(deps: IssueDeps, p: IssueParams): Promise<IssuedNotice> {
  const { em, storage } = deps;
  const existing = await em.findOne(Notice, { resultId: p.resultId, version: p.version });
  if (existing) return issuedView(existing);
  // Before any work: the predecessor's foreign key would otherwise refuse the insert with a 500.
  if (p.predecessorId && !(await em.findOne(Notice, { id: p.predecessorId }))) {
    throw fieldProblem("predecessorId", "UNKNOWN_NOTICE", "no such notice");
  }

  const id = newId();
  const verifyCode = newVerifyCode();
  // Whole seconds: the PDF's signing time and the stored instant are the same value.
  const publishedAt = new Date(Math.floor(deps.now().getTime() / 1000) * 1000);
  const pdf = await deps.renderPool.renderAndSign(
    {
      category: p.kind,
      issuingBody: p.bodyName,
      documentNumber: p.decisionNo,
      fields: p.fields,
      sections: p.text,
      ...(p.remedyNotice ? { remedyNotice: p.remedyNotice } : {}),
      ...(p.seal ? { seal: Buffer.from(p.seal, "base64") } : {}),
      publishedOn: publishedAt,
      verificationCode: verifyCode,
      publicBaseUrl: deps.publicBaseUrl,
      createdAt: publishedAt,
    },
    deps.signers.forBody(p.bodyCreditCode),
    { reason: "行政执法公示", location: deps.signingLocation, signingTime: publishedAt },
    p.background === true,
  );
  const sha256 = createHash("sha256").update(pdf).digest("hex");
  const objectKey = `notices/${p.bodyId}/${id}.pdf`;
  await storage.client.putObject(storage.bucket, objectKey, pdf, pdf.length, {
    "Content-Type": "application/pdf",
    "x-amz-meta-sha256": sha256,
  });
  const notice = Object.assign(new Notice(), {
    id,
    resultId: p.resultId,
    version: p.version,
    bodyId: p.bodyId,
    bodyName: p.bodyName,
    kind: p.kind,
    title: p.title,
    decisionNo: p.decisionNo,
    decidedOn: p.decidedOn,
    partyName: p.partyName,
    record: p.record,
    verifyCode,
    sha256,
    objectKey,
    size: pdf.length,
    status: "published" as NoticeStatus,
    publishedAt,
    expiresOn: p.expiresOn,
    statusChangedAt: null,
    reason: null,
    predecessorId: p.predecessorId,
    successorId: null,
  });
  try {
    await em.transactional(async (tx) => {
      tx.persist(notice);
      await tx.flush();
      await recordEvent(tx, "published", id, deps.now());
      if (p.predecessorId) {
        const old = await tx.findOne(Notice, { id: p.predecessorId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
        if (!old) throw fieldProblem("predecessorId", "UNKNOWN_NOTICE", "no such notice");
        const names = [...partyNames(p.partyName, p.record), ...(p.maskNames ?? [])];
        Object.assign(old, {
          status: "corrected" as NoticeStatus,
          successorId: id,
          reason: await storedReason(deps, p.reason, old, names),
          statusChangedAt: publishedAt,
        });
        await tx.flush();
        await recordEvent(tx, "corrected", old.id, deps.now());
      }
    });
  } catch (err) {
    await storage.client.removeObject(storage.bucket, objectKey).catch(() => {});
    // A concurrent publish of the same version won: answer with its notice.
    if (isUniqueViolation(err, "notices_result_version_unique")) {
      return issuedView(await em.fork().findOneOrFail(Notice, { resultId: p.resultId, version: p.version }));
    }
    throw err;
  }
  await nudgeFeed(deps.caller, "notices");
  return issuedView(notice);
}
