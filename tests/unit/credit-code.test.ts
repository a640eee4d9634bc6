import { describe, expect, it } from "vitest";
import {
  CREDIT_CODE_MESSAGES,
  creditCodeCheckChar,
  creditCodeProblem,
  isValidCreditCode,
} from "../../shared/credit-code.js";
import { seededRandom } from "../../shared/seeded-random.js";

/**
 * An independent reading of GB 32100-2015: weights are 3^i mod 31, characters take their index
 * in the 31-symbol alphabet, and the check character is 31 - (Σ mod 31) with 31 written as 0.
 */
const REF_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const REF_WEIGHTS = Array.from({ length: 17 }, (_, i) => {
  let w = 1;
  for (let k = 0; k < i; k++) w = (w * 3) % 31;
  return w;
});

function referenceCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += REF_ALPHABET.indexOf(first17.charAt(i)) * REF_WEIGHTS[i];
  const check = 31 - (sum % 31);
  return REF_ALPHABET.charAt(check === 31 ? 0 : check);
}

function randomPrefix(rand: () => number): string {
  let s = "";
  for (let i = 0; i < 17; i++) s += REF_ALPHABET.charAt(Math.floor(rand() * REF_ALPHABET.length));
  return s;
}

function weightedSum(first17: string): number {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += REF_ALPHABET.indexOf(first17.charAt(i)) * REF_WEIGHTS[i];
  return sum;
}

describe("credit code reference data", () => {
  it("derives the weights listed in the standard", () => {
    expect(REF_WEIGHTS).toEqual([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]);
    expect(REF_ALPHABET).toHaveLength(31);
    for (const banned of "IOZSV") expect(REF_ALPHABET).not.toContain(banned);
  });
});

describe("creditCodeCheckChar", () => {
  const sut = creditCodeCheckChar;

  it("matches an independent implementation of GB 32100-2015 over random prefixes", () => {
    const rand = seededRandom(0x32100);
    for (let n = 0; n < 500; n++) {
      const prefix = randomPrefix(rand);
      expect(sut(prefix), prefix).toBe(referenceCheckChar(prefix));
    }
  });

  it("computes the check character of the standard's own example", () => {
    expect(sut("91350100M000100Y4")).toBe("3");
  });

  it("writes a remainder of 31 as '0'", () => {
    // The last weight (28) is invertible mod 31, so for any 16 characters exactly one 17th
    // character makes the weighted sum divisible by 31.
    const found: string[] = [];
    for (const head of ["9111000010111086", "91350100M000100Y", "1234567890ABCDEF", "0000000000000000"]) {
      const last = [...REF_ALPHABET].find((c) => weightedSum(head + c) % 31 === 0);
      expect(last, head).toBeDefined();
      found.push(head + last);
    }
    for (const prefix of found) {
      expect(weightedSum(prefix) % 31).toBe(0);
      expect(sut(prefix)).toBe("0");
      expect(creditCodeProblem(`${prefix}0`)).toBeUndefined();
    }
  });

  it("rejects a prefix with a character outside the alphabet", () => {
    expect(() => sut("91350100M000100I4")).toThrow(RangeError);
    expect(() => sut("91350100M000100I4")).toThrow(/position 16/);
    expect(() => sut("9135010")).toThrow(RangeError);
  });
});

describe("creditCodeProblem", () => {
  const sut = creditCodeProblem;

  it("accepts well-known published codes", () => {
    for (const code of ["91350100M000100Y43", "91440300708461136T", "91110000802100433B", "911100001011108637"]) {
      expect(sut(code), code).toBeUndefined();
      expect(isValidCreditCode(code), code).toBe(true);
    }
  });

  it("accepts every code built with creditCodeCheckChar", () => {
    const rand = seededRandom(7);
    for (let n = 0; n < 300; n++) {
      const prefix = randomPrefix(rand);
      const code = prefix + creditCodeCheckChar(prefix);
      expect(sut(code), code).toBeUndefined();
      expect(isValidCreditCode(code)).toBe(true);
    }
  });

  it("rejects every other check character of a valid code with 'check'", () => {
    const rand = seededRandom(99);
    for (let n = 0; n < 20; n++) {
      const prefix = randomPrefix(rand);
      const good = creditCodeCheckChar(prefix);
      for (const c of REF_ALPHABET) {
        if (c === good) continue;
        expect(sut(prefix + c), prefix + c).toBe("check");
        expect(isValidCreditCode(prefix + c)).toBe(false);
      }
    }
  });

  it("detects a changed body character as 'check'", () => {
    const code = "91350100M000100Y43";
    for (let i = 0; i < 17; i++) {
      for (const c of REF_ALPHABET) {
        if (c === code[i]) continue;
        const changed = code.slice(0, i) + c + code.slice(i + 1);
        expect(sut(changed), changed).toBe("check");
      }
    }
  });

  it("reports a wrong length before anything else", () => {
    expect(sut("")).toBe("length");
    expect(sut("91350100M000100Y4")).toBe("length");
    expect(sut("91350100M000100Y433")).toBe("length");
    expect(sut("91350100m000100y4")).toBe("length");
    expect(sut(" 91350100M000100Y43")).toBe("length");
    expect(isValidCreditCode("91350100M000100Y4")).toBe(false);
  });

  it("rejects lowercase letters as 'character'", () => {
    expect(sut("91350100m000100Y43")).toBe("character");
    expect(sut("91350100M000100y43")).toBe("character");
  });

  it.each(["I", "O", "Z", "S", "V"])("rejects the excluded letter %s in any position as 'character'", (letter) => {
    const code = "91350100M000100Y43";
    for (let i = 0; i < 18; i++) {
      const changed = code.slice(0, i) + letter + code.slice(i + 1);
      expect(sut(changed), changed).toBe("character");
    }
  });

  it("rejects other symbols and non-ASCII characters as 'character'", () => {
    expect(sut("91350100M000100Y4-")).toBe("character");
    expect(sut("91350100M000100 43")).toBe("character");
    expect(sut("91350100M000100Y4３")).toBe("character");
  });

  it("has a message for every problem", () => {
    for (const problem of ["length", "character", "check"] as const) {
      expect(CREDIT_CODE_MESSAGES[problem]).toMatch(/统一社会信用代码/);
    }
  });
});
