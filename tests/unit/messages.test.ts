import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { errorMessageOf, knownTypes, problemMessageOf } from "../../shared/messages.js";

const ROOT = path.resolve(import.meta.dirname, "../..");

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "migrations" ? [] : sourceFiles(full);
    return e.name.endsWith(".ts") ? [full] : [];
  });
}

/** The text of a call from its opening parenthesis to the matching one. */
function callText(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")" && --depth === 0) return text.slice(open, i + 1);
  }
  return text.slice(open);
}

/** Every error type the code raises: in error constructors, invalid()/fieldProblem() and `type:` fields. */
function raisedTypes(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of ["services", "lib", "shared", "web"].flatMap((d) => sourceFiles(path.join(ROOT, d)))) {
    const text = fs.readFileSync(file, "utf8");
    const where = path.relative(ROOT, file);
    const add = (s: string) => {
      for (const m of s.matchAll(/"([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z]{4,})"/g)) found.set(m[1] as string, where);
    };
    for (const m of text.matchAll(/new (?!ConfigError|RangeError|TypeError)\w*Error\(|\binvalid\(|\bfieldProblem\(/g)) {
      add(callText(text, (m.index as number) + m[0].length - 1));
    }
    for (const m of text.matchAll(/\btype: "([A-Z][A-Z0-9_]+)"/g)) found.set(m[1] as string, where);
  }
  return found;
}

describe("the message table", () => {
  it("has a Chinese message for every error type the code raises", () => {
    const known = knownTypes();
    const raised = raisedTypes();
    expect(raised.size).toBeGreaterThan(40);
    const missing = [...raised].filter(([type]) => !known.has(type)).map(([type, file]) => `${type} (${file})`);
    expect(missing).toEqual([]);
  });

  it("answers every message in Chinese", () => {
    for (const type of knownTypes()) {
      const message = errorMessageOf(type) ?? problemMessageOf({ type });
      expect(message, type).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it("shows a problem's values, and drops the parenthesis of a value it lacks", () => {
    expect(problemMessageOf({ type: "stringMax", expected: 200 })).toBe("内容过长（最多 200 个字符）。");
    expect(problemMessageOf({ type: "stringMax" })).toBe("内容过长。");
    expect(problemMessageOf({ type: "KIND_MISMATCH", category: "行政许可" })).toBe(
      "决定类别须与职权类别一致（行政许可）。",
    );
    expect(problemMessageOf({ type: "DATE_NOT_IN_YEAR", date: "2026-12-31", year: 2027 })).toBe(
      "2026-12-31 不在 2027 年内。",
    );
    expect(problemMessageOf({ type: "NO_SUCH_TYPE" })).toBeUndefined();
  });

  it("words a field's problem for that field where the general wording says too little", () => {
    expect(problemMessageOf({ field: "officerIds", type: "arrayMin", expected: 1 })).toBe(
      "请选择承办本案的执法人员（行政处罚须两名以上）。",
    );
    expect(problemMessageOf({ field: "officerIds", type: "required" })).toContain("承办本案的执法人员");
    expect(problemMessageOf({ field: "officerIds[1]", type: "arrayUnique" })).toBe("同一执法人员选择了两次。");
    expect(problemMessageOf({ field: "categories", type: "arrayMin" })).toBe("选择的项目不够。");
  });
});
