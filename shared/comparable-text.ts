/**
 * Text reduced to what a reader sees, for telling whether two texts say the same thing (feedback
 * dedupe): compatibility forms folded (NFKC: full-width ＡＢＣ１２３ → abc123, ﹝ → 〔), case folded,
 * and everything invisible dropped — whitespace of every kind and the default-ignorable code points
 * (zero-width space U+200B, ZWNJ/ZWJ U+200C/U+200D, word joiner U+2060, BOM U+FEFF, soft hyphen,
 * bidi marks, variation selectors…) — along with other control characters.
 */

/** Invisible: Unicode White_Space, Default_Ignorable_Code_Point and the C0/C1 controls. */
const INVISIBLE = /[\p{White_Space}\p{Default_Ignorable_Code_Point}\p{Cc}]/gu;

/**
 * Upper then lower case folds what lower case alone keeps apart (ß and ẞ → ss, final ς → σ);
 * NFKC runs before (ligatures, full-width) and after (what folding decomposed).
 */
export function comparableText(s: string): string {
  const visible = s.replace(INVISIBLE, "");
  return visible.normalize("NFKC").toUpperCase().toLowerCase().normalize("NFKC").replace(INVISIBLE, "");
}
