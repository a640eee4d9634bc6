/**
 * Public identifiers compared as the registrar means them, not as typed: a full-width
 * 执法证号 (ＺＪ－３３０１) is its ASCII twin (ZJ-3301), so each is stored and compared after
 * NFKC normalisation; a 统一社会信用代码 is also upper-cased (its alphabet has capitals only).
 */
export function normalizeCertificateNo(certificateNo: string): string {
  return certificateNo.normalize("NFKC").trim();
}

export function normalizeCreditCode(code: string): string {
  return code.normalize("NFKC").trim().toUpperCase();
}

/** A resident ID number likewise: its check character X is a capital. */
export function normalizeIdNumber(idNumber: string): string {
  return normalizeCreditCode(idNumber);
}
