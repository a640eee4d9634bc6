import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { comparableText as sut } from "../../shared/comparable-text.js";

const SAME = "请问办理时限是多少天？abc";

describe("comparableText", () => {
  it.each([
    ["a zero-width space", "请问\u200b办理时限是多少天？abc"],
    ["ZWNJ and ZWJ", "请\u200c问办\u200d理时限是多少天？abc"],
    ["a word joiner", "请问办理\u2060时限是多少天？abc"],
    ["a BOM", "\ufeff请问办理时限是多少天？abc"],
    ["a soft hyphen and bidi marks", "请问\u00ad办理\u200e时限\u202a是多少天？abc"],
    ["spaces, tabs and line breaks", " 请问 办理\t时限\r\n是多少天？ a b c "],
    ["an ideographic space and a no-break space", "请问\u3000办理\u00a0时限是多少天？abc"],
    ["upper case", "请问办理时限是多少天？ABC"],
    ["full-width letters and punctuation", "请问办理时限是多少天?ＡＢＣ"],
    ["control characters", "请问\u0001办理\u007f时限\u0085是多少天？abc"],
  ])("ignores %s", (_, variant) => {
    expect(sut(variant)).toBe(sut(SAME));
  });

  it("folds case beyond lower case, and canonical forms", () => {
    expect(sut("STRASSE")).toBe(sut("straße"));
    expect(sut("ΟΔΟΣ")).toBe(sut("οδος"));
    expect(sut("e\u0301")).toBe(sut("\u00e9"));
    expect(sut("\ufb01le")).toBe(sut("FILE"));
  });

  it("keeps what a reader sees", () => {
    expect(sut("请问办理时限是多少天？")).not.toBe(sut("请问办理时限是多少月？"));
    expect(sut("罚款5000元")).not.toBe(sut("罚款500元"));
    expect(sut("a-b")).not.toBe(sut("ab"));
  });

  it("is idempotent and ignores whatever invisible characters are inserted anywhere", () => {
    const invisible = fc.constantFrom(" ", "\t", "\n", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u3000");
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme", maxLength: 30 }),
        fc.array(fc.tuple(fc.nat(), invisible), { maxLength: 8 }),
        (s, ins) => {
          const chars = Array.from(s);
          for (const [at, c] of ins) chars.splice(at % (chars.length + 1), 0, c);
          expect(sut(chars.join(""))).toBe(sut(s));
          expect(sut(sut(s))).toBe(sut(s));
        },
      ),
      { seed: 20261206, numRuns: 500 },
    );
  });
});
