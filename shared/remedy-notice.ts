/**
 * 救济途径告知 of a decision, from the remedies entered on its power (权责清单): the 复议机关 and the
 * court by name when entered, with the statutory periods — 行政复议 within sixty days of receiving
 * the decision (《中华人民共和国行政复议法》), 行政诉讼 within six months (《中华人民共和国行政诉讼法》).
 * Without a named organ the generic notice stands. A pure function of the power's `remedies`.
 */

export const DEFAULT_REMEDY_NOTICE =
  "如不服本决定，可以在收到本决定书之日起六十日内申请行政复议，或者在六个月内依法提起行政诉讼。";

/** The organ named for one kind of remedy, from the power's remedies (prose or rows); undefined when none. */
function organOf(remedies: unknown, kind: "行政复议" | "行政诉讼"): string | undefined {
  if (!Array.isArray(remedies)) return undefined;
  for (const row of remedies) {
    if (typeof row !== "object" || row === null) continue;
    const r = row as { kind?: unknown; organ?: unknown };
    if (r.kind === kind && typeof r.organ === "string" && r.organ.trim()) return r.organ.trim();
  }
  return undefined;
}

/**
 * The remedy notice for a power's `remedies` (as duties stores them: prose, or rows of
 * { kind, organ, timeLimit, note }). Prose names no organ reliably, so it gets the generic text.
 */
export function remedyNotice(remedies: unknown): string {
  const review = organOf(remedies, "行政复议");
  const court = organOf(remedies, "行政诉讼");
  if (!review && !court) return DEFAULT_REMEDY_NOTICE;
  return remedyText({ review, court });
}

/**
 * The notice's text for a document other than a decision (e.g. 告知书: "如不服本答复" … "收到本告知书之日"),
 * naming the 复议机关 and the court when known; the generic form of the same words otherwise.
 */
export function remedyText(
  organs: { review?: string; court?: string },
  words: { what: string; document: string } = { what: "本决定", document: "本决定书" },
): string {
  const reviewPart = `可以自收到${words.document}之日起六十日内依照《中华人民共和国行政复议法》${organs.review ? `向${organs.review}` : ""}申请行政复议`;
  const courtPart = `自收到${words.document}之日起六个月内依照《中华人民共和国行政诉讼法》${organs.court ? `向${organs.court}` : "依法"}提起行政诉讼`;
  return `如不服${words.what}，${reviewPart}，或者${courtPart}。`;
}
