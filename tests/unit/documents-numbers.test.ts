import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DocumentRefusalError,
  documentNumberKey,
  formatDocumentNumber,
  formatRegistrationNumber,
  normalizeDocumentNumber,
  parseDocumentNumber,
  parseRegistrationNumber,
} from "../../shared/documents.js";

const today = "2026-05-20";
const sut = (text: string) => normalizeDocumentNumber(text, { today });

function refusalOf(run: () => unknown) {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(DocumentRefusalError);
    const e = err as DocumentRefusalError;
    return { type: e.type, status: e.status, field: e.field, values: e.values };
  }
  throw new Error("expected a refusal");
}

describe("文号", () => {
  it("parses the canonical form", () => {
    expect(parseDocumentNumber("浙民发〔2026〕12号", { today })).toEqual({ issuer: "浙民发", year: 2026, serial: 12 });
  });

  it.each([
    ["浙民发〔2026〕12号"],
    ["浙民发[2026]12号"],
    ["浙民发［2026］12号"],
    ["浙民发(2026)12号"],
    ["浙民发（2026）12号"],
    ["浙民发【2026】12号"],
    ["浙民发﹝2026﹞12号"],
    ["浙民发〖2026〗12号"],
    ["浙民发 〔2026〕 12 号"],
    ["  浙民发\u3000〔２０２６〕１２号 "],
    ["浙民发〔2026〕012号"],
    ["浙民发〔2026〕第12号"],
    ["浙民发〔2026〕12"],
    ["浙民发[2026]0012"],
  ])("writes %j as 浙民发〔2026〕12号", (text) => {
    expect(sut(text)).toBe("浙民发〔2026〕12号");
  });

  it("makes every spelling of one number one key, and different series different keys", () => {
    const key = (t: string) => documentNumberKey(parseDocumentNumber(t, { today }));
    expect(key("浙民发[2026]012号")).toBe(key("浙民发〔2026〕12号"));
    expect(key("浙民函〔2026〕12号")).not.toBe(key("浙民发〔2026〕12号"));
    expect(key("浙民发〔2025〕12号")).not.toBe(key("浙民发〔2026〕12号"));
  });

  it.each([
    [""],
    ["〔2026〕12号"],
    ["浙民发2026年12号"],
    ["浙民发〔26〕12号"],
    ["浙民发〔2026〕0号"],
    ["浙民发〔2026〕号"],
    ["ZMF〔2026〕12号"],
    ["浙民发〔2026〕12号附件"],
    ["浙民发〔2026〕1234567号"],
    ["浙".repeat(101)],
  ])("refuses %j as not a 文号 (422 DOC_NUMBER_FORMAT)", (text) => {
    expect(refusalOf(() => sut(text))).toMatchObject({ type: "DOC_NUMBER_FORMAT", status: 422, field: "docNumber" });
  });

  it("accepts years from 1949 to the year after today, and refuses others naming the range", () => {
    expect(sut("国发〔1949〕1号")).toBe("国发〔1949〕1号");
    expect(sut("浙民发〔2027〕1号")).toBe("浙民发〔2027〕1号");
    for (const text of ["浙民发〔1948〕1号", "浙民发〔2028〕1号", "浙民发〔9999〕1号"]) {
      expect(refusalOf(() => sut(text))).toMatchObject({
        type: "DOC_NUMBER_YEAR",
        status: 422,
        values: { min: 1949, max: 2027 },
      });
    }
  });

  it("reads back what it writes, for any issuer, plausible year and serial", () => {
    const han = fc.constantFrom(..."浙民发政办函财教卫人社国".split(""));
    fc.assert(
      fc.property(
        fc.array(han, { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 1949, max: 2027 }),
        fc.integer({ min: 1, max: 999_999 }),
        (chars, year, serial) => {
          const number = { issuer: chars.join(""), year, serial };
          const text = formatDocumentNumber(number);
          expect(parseDocumentNumber(text, { today })).toEqual(number);
          expect(sut(text.replace("〔", "[").replace("〕", "]").replace("号", ""))).toBe(text);
        },
      ),
    );
  });
});

describe("登记号", () => {
  it("writes prefix, year and a sequence padded to four digits", () => {
    expect(formatRegistrationNumber("ZJSP01", 2026, 1)).toBe("ZJSP01-2026-0001");
    expect(formatRegistrationNumber("ZJSP01", 2026, 9999)).toBe("ZJSP01-2026-9999");
    expect(formatRegistrationNumber("ZJSP01", 2026, 10000)).toBe("ZJSP01-2026-10000");
  });

  it("refuses a bad prefix or sequence as a bug (RangeError)", () => {
    for (const [prefix, seq] of [
      ["zjsp01", 1],
      ["1ZJ", 1],
      ["Z", 1],
      ["ZJ-SP", 1],
      ["ZJSP01", 0],
      ["ZJSP01", 1.5],
      ["ZJSP01", 1_000_000],
    ] as const) {
      expect(() => formatRegistrationNumber(prefix, 2026, seq)).toThrow(RangeError);
    }
  });

  it("parses what it writes, forgiving case and surrounding spaces", () => {
    expect(parseRegistrationNumber(" zjsp01-2026-0001 ")).toEqual({ prefix: "ZJSP01", year: 2026, sequence: 1 });
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Z][A-Z0-9]{1,15}$/),
        fc.integer({ min: 1949, max: 9999 }),
        fc.integer({ min: 1, max: 999_999 }),
        (prefix, year, sequence) => {
          expect(parseRegistrationNumber(formatRegistrationNumber(prefix, year, sequence))).toEqual({
            prefix,
            year,
            sequence,
          });
        },
      ),
    );
  });

  it.each([["ZJSP01-2026-1"], ["ZJSP01-2026-00001"], ["ZJSP01-2026-0000"], ["ZJSP01/2026/0001"], ["ZJSP01-26-0001"]])(
    "refuses %j (422 REGISTRATION_NUMBER_FORMAT)",
    (text) => {
      expect(refusalOf(() => parseRegistrationNumber(text))).toMatchObject({
        type: "REGISTRATION_NUMBER_FORMAT",
        status: 422,
        field: "registrationNumber",
      });
    },
  );
});
