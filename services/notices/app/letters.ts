/**
 * Letters to one person (告知书): rendered and signed exactly as notices are, stored privately, and
 * recorded so that their code or bytes verify — saying who issued them and when, nothing more. The
 * caller (the requests service) decides who may download one; this service only hands it over.
 */
import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import { isUniqueViolation } from "../../../lib/database.js";
import { NotFoundError } from "../../../lib/errors.js";
import { newId } from "../../../shared/ids.js";
import { newVerifyCode } from "../../../shared/verify-code.js";
import type { IssuedLetter, IssueLetterParams, LetterVerification } from "../contract.js";
import { Letter } from "../entities.js";
import type { IssueDeps, NoticesDeps } from "./deps.js";

function issued(l: Letter): IssuedLetter {
  return {
    letterId: l.id,
    verifyCode: l.verifyCode,
    sha256: l.sha256,
    size: l.size,
    issuedAt: l.issuedAt.toISOString(),
  };
}

export function letterVerification(l: Letter): LetterVerification {
  return {
    valid: true,
    authentic: true,
    current: true,
    kind: "letter",
    title: l.title,
    bodyName: l.bodyName,
    documentNumber: l.documentNumber,
    issuedAt: l.issuedAt.toISOString(),
    sha256: l.sha256,
  };
}

export async function issueLetter(deps: IssueDeps, p: IssueLetterParams): Promise<IssuedLetter> {
  const { em, storage } = deps;
  const existing = await em.findOne(Letter, { sourceType: p.sourceType, sourceId: p.sourceId });
  if (existing) return issued(existing);
  const id = newId();
  const verifyCode = newVerifyCode();
  // Whole seconds: the PDF's signing time and the stored instant are the same value.
  const issuedAt = new Date(Math.floor(deps.now().getTime() / 1000) * 1000);
  const pdf = await deps.renderPool.renderAndSign(
    {
      category: "其他行政权力",
      title: p.title,
      issuingBody: p.bodyName,
      documentNumber: p.documentNumber,
      fields: p.fields,
      sections: p.sections,
      remedyNotice: p.remedyNotice ?? null,
      ...(p.seal ? { seal: Buffer.from(p.seal, "base64") } : {}),
      publishedOn: issuedAt,
      verificationCode: verifyCode,
      publicBaseUrl: deps.publicBaseUrl,
      createdAt: issuedAt,
    },
    deps.signers.forBody(p.bodyCreditCode),
    { reason: p.title, location: deps.signingLocation, signingTime: issuedAt },
  );
  const sha256 = createHash("sha256").update(pdf).digest("hex");
  const objectKey = `letters/${p.bodyId}/${id}.pdf`;
  await storage.client.putObject(storage.bucket, objectKey, pdf, pdf.length, {
    "Content-Type": "application/pdf",
    "x-amz-meta-sha256": sha256,
  });
  const letter = Object.assign(new Letter(), {
    id,
    sourceType: p.sourceType,
    sourceId: p.sourceId,
    bodyId: p.bodyId,
    bodyName: p.bodyName,
    title: p.title,
    documentNumber: p.documentNumber,
    verifyCode,
    sha256,
    objectKey,
    size: pdf.length,
    issuedAt,
  });
  try {
    em.persist(letter);
    await em.flush();
  } catch (err) {
    await storage.client.removeObject(storage.bucket, objectKey).catch(() => {});
    // A concurrent issue for the same source won: answer with its letter.
    if (isUniqueViolation(err, "letters_source_unique")) {
      return issued(await em.fork().findOneOrFail(Letter, { sourceType: p.sourceType, sourceId: p.sourceId }));
    }
    throw err;
  }
  return issued(letter);
}

/** A letter's PDF with the headers to answer it: private, never cached by anyone in between. */
export async function letterPdf(
  deps: { em: NoticesDeps["em"]; storage: IssueDeps["storage"] },
  letterId: string,
): Promise<{ stream: Readable; headers: Record<string, string> }> {
  const l = await deps.em.findOne(Letter, { id: letterId });
  if (!l) throw new NotFoundError("Letter", letterId);
  const stream = await deps.storage.client.getObject(deps.storage.bucket, l.objectKey);
  return {
    stream,
    headers: {
      "Content-Disposition": `attachment; filename="letter-${l.id}.pdf"`,
      "Content-Length": String(l.size),
      "Cache-Control": "private, no-store",
      ETag: `"${l.sha256}"`,
    },
  };
}
