import FastestValidator, {
  type SyncCheckFunction,
  type ValidationError,
  type ValidationSchema,
} from "fastest-validator";
import { describe, expect, it } from "vitest";
import { isCalendarDate } from "../../shared/dates.js";
import {
  CALENDAR_DATE_PATTERN,
  DATE,
  hasUnsafeText,
  jsonDepth,
  MAX_JSON_DEPTH,
  OPTIONAL_DATE,
  optionalText,
  pagingParams,
  PHONE_PATTERN,
  strictParams,
  text,
  unsafeTextIn,
  type ParamsSchema,
  type RuleObject,
} from "../../shared/validation.js";

// The package ships CommonJS with ES-style typings: at run time the default import is the class itself,
// while under NodeNext resolution TypeScript types it as the module object.
const Validator = FastestValidator as unknown as typeof FastestValidator.default;

function compile(schema: ParamsSchema): (value: Record<string, unknown>) => true | ValidationError[] {
  // As Moleculer configures it (custom checkers get an errors array).
  const check = new Validator({ useNewCustomCheckerFunction: true }).compile(
    schema as ValidationSchema,
  ) as SyncCheckFunction;
  return (value) => check(value) as true | ValidationError[];
}

function errorsOf(result: true | ValidationError[]): ValidationError[] {
  return result === true ? [] : result;
}

describe("strictParams", () => {
  const sut = strictParams;

  it("removes unknown fields at the root and keeps known ones", () => {
    const check = compile(sut({ name: "string", age: { type: "number", optional: true } }));
    const value: Record<string, unknown> = { name: "张三", age: 3, admin: true, $where: "1=1" };
    expect(check(value)).toBe(true);
    expect(value).toEqual({ name: "张三", age: 3 });
  });

  it("marks the root as $$strict remove without mutating the input schema", () => {
    const input: ParamsSchema = { inner: { type: "object", properties: { a: "string" } } };
    const snapshot = structuredClone(input);
    const out = sut(input);
    expect(out.$$strict).toBe("remove");
    expect(input).toEqual(snapshot);
    expect((out.inner as RuleObject).strict).toBe("remove");
    expect((out.inner as RuleObject).props).toEqual({ a: "string" });
    expect((out.inner as RuleObject).properties).toBeUndefined();
  });

  it("leaves $$ keys untouched", () => {
    const marker: RuleObject = { type: "object", props: { a: "string" } };
    const out = sut({ $$root: marker, a: "string" });
    expect(out.$$root).toBe(marker);
  });

  it("removes unknown fields inside nested objects at every depth", () => {
    const check = compile(
      sut({
        outer: {
          type: "object",
          props: {
            x: "string",
            inner: { type: "object", properties: { y: "number", deeper: { type: "object", props: { z: "boolean" } } } },
          },
        },
      }),
    );
    const value: Record<string, unknown> = {
      outer: { x: "1", junk: 1, inner: { y: 2, junk: 2, deeper: { z: true, junk: 3 } } },
      junk: 0,
    };
    expect(check(value)).toBe(true);
    expect(value).toEqual({ outer: { x: "1", inner: { y: 2, deeper: { z: true } } } });
  });

  it("without strictParams the nested junk would survive (the helper is what removes it)", () => {
    const schema: ParamsSchema = { outer: { type: "object", props: { x: "string" } }, $$strict: "remove" };
    const value: Record<string, unknown> = { outer: { x: "1", junk: 1 } };
    expect(compile(schema)(value)).toBe(true);
    expect(value).toEqual({ outer: { x: "1", junk: 1 } });
  });

  it("removes unknown fields inside objects that are array items", () => {
    const check = compile(
      sut({
        basis: {
          type: "array",
          items: { type: "object", props: { law: text(200), article: text(100), text: optionalText(5000) } },
        },
      }),
    );
    const value: Record<string, unknown> = {
      basis: [
        { law: " 行政处罚法 ", article: "第八条", junk: 1 },
        { law: "道路交通安全法", article: "第九十条", text: "x", other: { a: 1 } },
      ],
    };
    expect(check(value)).toBe(true);
    expect(value).toEqual({
      basis: [
        { law: "行政处罚法", article: "第八条" },
        { law: "道路交通安全法", article: "第九十条", text: "x" },
      ],
    });
  });

  it("removes unknown fields inside an object alternative of a multi-type rule", () => {
    const check = compile(
      sut({
        remedy: [text(100), { type: "object", props: { kind: "string", note: optionalText(50) } }],
      }),
    );
    const asObject: Record<string, unknown> = { remedy: { kind: "行政复议", junk: true } };
    expect(check(asObject)).toBe(true);
    expect(asObject).toEqual({ remedy: { kind: "行政复议" } });

    const asText: Record<string, unknown> = { remedy: "  plain  " };
    expect(check(asText)).toBe(true);
    expect(asText).toEqual({ remedy: "plain" });
  });

  it("removes unknown fields in objects inside arrays of multi-type items inside multi-type rules", () => {
    // The shape of a power's 裁量基准 (standards) in the duties service.
    const check = compile(
      sut({
        standards: [
          optionalText(20_000),
          {
            type: "array",
            optional: true,
            items: [text(2000), { type: "object", props: { circumstance: text(2000), measure: text(2000) } }],
          },
        ],
      }),
    );
    const value: Record<string, unknown> = {
      standards: ["row", { circumstance: "c", measure: "m", junk: 1, __proto_like: "x" }],
    };
    expect(check(value)).toBe(true);
    expect(value).toEqual({ standards: ["row", { circumstance: "c", measure: "m" }] });
  });

  it("still rejects invalid values inside strict nested objects", () => {
    const check = compile(sut({ outer: { type: "object", props: { n: "number" } } }));
    const errors = errorsOf(check({ outer: { n: "nope", junk: 1 } }));
    expect(errors.map((e) => e.field)).toEqual(["outer.n"]);
  });

  it("leaves objects without declared props alone (free-form objects)", () => {
    const out = sut({ meta: { type: "object" } });
    expect((out.meta as RuleObject).strict).toBeUndefined();
    const value: Record<string, unknown> = { meta: { anything: 1 } };
    expect(compile(out)(value)).toBe(true);
    expect(value).toEqual({ meta: { anything: 1 } });
  });

  it("keeps shorthand string rules as they are", () => {
    expect(sut({ a: "string|min:3", b: ["string", "number"] })).toEqual({
      a: "string|min:3",
      b: ["string", "number"],
      $$strict: "remove",
    });
  });
});

describe("text", () => {
  const sut = text;

  it("describes a trimmed, non-empty, bounded string", () => {
    expect(sut(10)).toEqual({ type: "string", trim: true, empty: false, min: 1, max: 10 });
    expect(sut(10, { pattern: "^a" })).toMatchObject({ max: 10, pattern: "^a" });
    expect(optionalText(5)).toMatchObject({ type: "string", max: 5, optional: true });
  });

  it("trims values when validated", () => {
    const check = compile({ name: sut(10) });
    const value: Record<string, unknown> = { name: "  张三 \n" };
    expect(check(value)).toBe(true);
    expect(value.name).toBe("张三");
  });

  it("rejects empty and whitespace-only strings", () => {
    const check = compile({ name: sut(10) });
    expect(check({ name: "" })).not.toBe(true);
    expect(check({ name: "   " })).not.toBe(true);
    expect(check({})).not.toBe(true);
  });

  it("rejects strings longer than max after trimming, and accepts exactly max", () => {
    const check = compile({ name: sut(3) });
    expect(check({ name: "abcd" })).not.toBe(true);
    expect(check({ name: "  abc  " })).toBe(true);
  });

  it("optionalText accepts a missing value but not an empty one", () => {
    const check = compile({ note: optionalText(10) });
    expect(check({})).toBe(true);
    expect(check({ note: "  " })).not.toBe(true);
  });
});

describe("PHONE_PATTERN", () => {
  it("accepts phone-like strings and rejects others", () => {
    const re = new RegExp(PHONE_PATTERN);
    for (const ok of ["12345", "+86 (10) 6512-3456", "010-12345678"]) expect(re.test(ok), ok).toBe(true);
    for (const bad of ["12", "call me", "123;drop", "1".repeat(31)]) expect(re.test(bad), bad).toBe(false);
  });
});

describe("pagingParams", () => {
  const check = compile(strictParams(pagingParams));

  it("converts a query-string limit to a number", () => {
    const value: Record<string, unknown> = { limit: "20" };
    expect(check(value)).toBe(true);
    expect(value.limit).toBe(20);
  });

  it("accepts no parameters at all, and the bounds 1 and 100", () => {
    expect(check({})).toBe(true);
    expect(check({ limit: 1 })).toBe(true);
    expect(check({ limit: "100" })).toBe(true);
  });

  it.each([0, "0", 101, "101", "abc", -5, 2.5, "2.5"])("rejects limit %j", (limit) => {
    const errors = errorsOf(check({ limit }));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.field === "limit")).toBe(true);
  });

  it("bounds the cursor length", () => {
    expect(check({ cursor: "a".repeat(200) })).toBe(true);
    expect(check({ cursor: "a".repeat(201) })).not.toBe(true);
    expect(check({ cursor: 5 })).not.toBe(true);
  });
});

describe("DATE", () => {
  const check = compile(
    strictParams({
      on: DATE,
      until: OPTIONAL_DATE,
      licence: { type: "object", optional: true, props: { validTo: OPTIONAL_DATE } },
    }),
  );

  it.each(["2026-01-31", "2024-02-29", "2000-02-29", "2026-12-31", "0001-01-01", "2400-02-29"])(
    "accepts the real date %s",
    (on) => {
      expect(check({ on })).toBe(true);
    },
  );

  it.each([
    "2026-02-30",
    "2026-13-01",
    "2026-00-10",
    "2026-04-31",
    "2025-02-29",
    "1900-02-29",
    "2100-02-29",
    "2026-01-00",
    "2026-01-32",
    "0000-01-01",
    "2026-1-01",
    "20260101",
    "2026-01-01T00:00:00Z",
    "２０２６-01-01",
    " 2026-01-01",
    "2026-01-01\n",
  ])("refuses %s, naming the field", (on) => {
    const errors = errorsOf(check({ on }));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ field: "on", type: "stringPattern", actual: on });
    expect(errors[0]?.message).toContain("real calendar date");
  });

  it("says what isCalendarDate says, for every day of months 0–13 across leap and common years", () => {
    const pattern = new RegExp(CALENDAR_DATE_PATTERN);
    for (const year of ["0000", "0004", "1600", "1900", "2000", "2023", "2024", "2026", "2100", "2400", "9999"]) {
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 32; day++) {
          const value = `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
          expect(pattern.test(value), value).toBe(isCalendarDate(value));
        }
      }
    }
  });

  it("checks optional and nested dates too, and leaves an absent optional date absent", () => {
    const value: Record<string, unknown> = { on: "2026-01-01" };
    expect(check(value)).toBe(true);
    expect(Object.keys(value)).toEqual(["on"]);
    expect(errorsOf(check({ on: "2026-01-01", until: "2026-02-29" }))[0]).toMatchObject({ field: "until" });
    expect(errorsOf(check({ on: "2026-01-01", licence: { validTo: "2026-06-31" } }))[0]).toMatchObject({
      field: "licence.validTo",
    });
  });
});

describe("jsonDepth", () => {
  const sut = jsonDepth;

  it("counts objects and arrays", () => {
    expect(sut("1")).toBe(0);
    expect(sut("{}")).toBe(1);
    expect(sut('{"a":[1,{"b":[]}]}')).toBe(4);
    expect(sut("[".repeat(50) + "]".repeat(50))).toBe(50);
  });

  it("ignores brackets inside strings, escaped quotes included", () => {
    expect(sut('{"a":"[[[{{{"}')).toBe(1);
    expect(sut('{"a":"\\"[[[["}')).toBe(1);
    expect(sut('["\\\\", ["x"]]')).toBe(2);
  });

  it("stops counting past the limit, so a body nested a million deep costs no more than the limit", () => {
    const deep = "[".repeat(1_000_000) + "]".repeat(1_000_000);
    expect(sut(deep, MAX_JSON_DEPTH)).toBe(MAX_JSON_DEPTH + 1);
  });
});

describe("unsafeTextIn", () => {
  const sut = unsafeTextIn;

  it("finds NUL and unpaired surrogates at any depth and names the field", () => {
    const input = {
      name: "ok",
      party: { name: "张\u0000三", aliases: ["fine", "bad\uD800"] },
      facts: "\uDC00lead",
    };
    expect(sut(input).map((p) => p.field)).toEqual(["party.name", "party.aliases[1]", "facts"]);
    expect(sut(input)[0]).toMatchObject({ type: "UNSAFE_TEXT", message: expect.stringContaining("party.name") });
  });

  it("accepts paired surrogates (characters outside the BMP) and ordinary control-free text", () => {
    expect(sut({ name: "𠮷野家", emoji: "👍", text: "a\tb\nc" })).toEqual([]);
    expect(hasUnsafeText("𠮷")).toBe(false);
    expect(hasUnsafeText("𠮷".slice(0, 1))).toBe(true);
    expect(hasUnsafeText("𠮷".slice(1))).toBe(true);
  });

  it("checks keys as well as values, and a bare string", () => {
    expect(sut({ ["k\u0000"]: "v" }).map((p) => p.field)).toEqual(["k\u0000"]);
    expect(sut("x\u0000", "q")).toEqual([expect.objectContaining({ field: "q" })]);
  });

  it("stops after a few problems", () => {
    expect(sut(Array.from({ length: 100 }, () => "\u0000"))).toHaveLength(5);
  });
});
