/** Signed PDF notices: render a decision's 公示 and sign it as the issuing body. */
import type { SigningIdentity } from "./certificate.js";
import { noticeTitle } from "../domain.js";
import { renderNotice, type NoticeInput } from "./notice.js";
import { signPdf, type SignPdfOptions } from "./sign.js";

export * from "./certificate.js";
export * from "./notice.js";
export { createDetachedCms, signPdf, type SignPdfOptions, type SignatureSubFilter } from "./sign.js";

/**
 * Renders and signs in one step. The reason defaults to the notice's title and the signing time to
 * now; pass `signingTime` to reproduce a file (the CMS is deterministic for RSA, not for ECDSA).
 */
export async function renderAndSignNotice(
  input: NoticeInput,
  identity: SigningIdentity,
  options: Partial<SignPdfOptions> = {},
): Promise<Buffer> {
  const pdf = await renderNotice(input);
  return signPdf(pdf, identity, {
    reason: input.title ?? noticeTitle(input.category),
    location: "",
    signingTime: new Date(),
    ...options,
  });
}
