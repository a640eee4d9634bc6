import { describe, expect, it } from "vitest";
import { newVerifyCode, normalizeVerifyCode } from "../../shared/verify-code.js";

/** Crockford base32 without the ambiguous I, L, O, U. */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const FORMAT = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

describe("newVerifyCode", () => {
  const sut = newVerifyCode;
  const codes = Array.from({ length: 10_000 }, () => sut());

  it("has 32 symbols in its alphabet, none of them I, L, O or U", () => {
    expect(new Set(ALPHABET).size).toBe(32);
    for (const c of "ILOU") expect(ALPHABET).not.toContain(c);
  });

  it("is four dash-separated groups of four Crockford symbols", () => {
    for (const code of codes) {
      expect(code).toHaveLength(19);
      expect(code).toMatch(FORMAT);
      expect(code).not.toMatch(/[ILOU]/);
    }
  });

  it("gives 10 000 distinct codes", () => {
    expect(new Set(codes).size).toBe(codes.length);
  });

  it("uses every symbol of the alphabet at every position", () => {
    const symbols = codes.map((c) => c.replace(/-/g, ""));
    for (let position = 0; position < 16; position++) {
      const seen = new Set(symbols.map((s) => s[position]));
      expect([...seen].sort().join(""), `position ${position}`).toBe(ALPHABET);
    }
  });

  it("spreads symbols roughly evenly (80 random bits, no bias)", () => {
    const counts = new Map<string, number>();
    for (const code of codes) for (const c of code.replace(/-/g, "")) counts.set(c, (counts.get(c) ?? 0) + 1);
    const expected = (codes.length * 16) / 32; // 5000 each
    for (const c of ALPHABET) {
      expect(counts.get(c), c).toBeGreaterThan(expected * 0.9);
      expect(counts.get(c), c).toBeLessThan(expected * 1.1);
    }
  });

  it("is already normalised", () => {
    for (const code of codes.slice(0, 1_000)) expect(normalizeVerifyCode(code)).toBe(code);
  });
});

describe("normalizeVerifyCode", () => {
  const sut = normalizeVerifyCode;
  const CODE = "7K3M-9QXT-ABCD-EFGH";

  it("accepts the stored form unchanged", () => {
    expect(sut(CODE)).toBe(CODE);
  });

  it.each([
    ["lowercase", "7k3m-9qxt-abcd-efgh"],
    ["mixed case", "7k3M-9qXt-AbCd-eFgH"],
    ["no dashes", "7K3M9QXTABCDEFGH"],
    ["lowercase without dashes", "7k3m9qxtabcdefgh"],
    ["spaces between groups", "7K3M 9QXT ABCD EFGH"],
    ["leading and trailing whitespace", "  7K3M-9QXT-ABCD-EFGH\n"],
    ["tabs and extra spaces", "7K3M\t9QXT  ABCD - EFGH"],
    ["dashes in odd places", "7-K3M9-QXTA-BCDE-FG-H"],
    ["one space per symbol", "7 K 3 M 9 Q X T A B C D E F G H"],
  ])("accepts %s", (_name, input) => {
    expect(sut(input)).toBe(CODE);
  });

  it("maps the look-alikes I and L to 1 and O to 0, in either case", () => {
    expect(sut("IIII-LLLL-OOOO-iloo")).toBe("1111-1111-0000-1100");
    expect(sut("AB1C-DEFG-HJK0-MNPQ".replace("1", "I").replace("0", "O"))).toBe("AB1C-DEFG-HJK0-MNPQ");
    expect(sut("ab1c-defg-hjk0-mnpq".replace("1", "l").replace("0", "o"))).toBe("AB1C-DEFG-HJK0-MNPQ");
  });

  it.each([
    ["empty", ""],
    ["only dashes and spaces", " - - - "],
    ["15 symbols", "7K3M-9QXT-ABCD-EFG"],
    ["17 symbols", "7K3M-9QXT-ABCD-EFGH2"],
    ["20 symbols", "7K3M-9QXT-ABCD-EFGH-JKMN"],
    ["a U", "7K3M-9QXT-ABCD-EFGU"],
    ["a lowercase u", "7k3m-9qxt-abcd-efgu"],
    ["a dot separator", "7K3M.9QXT.ABCD.EFGH"],
    ["an underscore separator", "7K3M_9QXT_ABCD_EFGH"],
    ["a slash", "7K3M/9QXT-ABCD-EFGH"],
    ["punctuation in place of a symbol", "7K3M-9QXT-ABCD-EFG!"],
    ["a full-width symbol", "7K3M-9QXT-ABCD-EFGＨ"],
    ["a non-Latin letter", "7K3M-9QXT-ABCD-EFGЖ"],
  ])("rejects %s", (_name, input) => {
    expect(sut(input)).toBe(undefined);
  });

  it("returns four dash-separated groups of four", () => {
    expect(sut("0123456789abcdef")).toBe("0123-4567-89AB-CDEF");
    expect(sut("ghjkmnpqrstvwxyz")).toBe("GHJK-MNPQ-RSTV-WXYZ");
  });

  it("is idempotent", () => {
    for (const input of ["7k3m9qxtabcdefgh", "IIII-LLLL-OOOO-iloo", "7K3M 9QXT ABCD EFGH"]) {
      const once = sut(input);
      expect(once).toBeDefined();
      expect(sut(once as string)).toBe(once);
    }
  });
});
