/**
 * fastest-validator helpers. A root `$$strict: "remove"` does not reach nested objects, so
 * `strictParams` walks a params schema and makes every object at every depth (inside arrays and
 * multi-type rules too) drop the fields it does not declare.
 */
import { ID_PATTERN } from "./ids.js";

export type Rule = string | RuleObject | Rule[];
export interface RuleObject {
  type?: string;
  props?: Record<string, Rule>;
  properties?: Record<string, Rule>;
  items?: Rule;
  strict?: boolean | "remove";
  [key: string]: unknown;
}
export type ParamsSchema = Record<string, Rule>;

function strictRule(rule: Rule): Rule {
  if (Array.isArray(rule)) return rule.map(strictRule);
  if (typeof rule !== "object" || rule === null) return rule;
  const out: RuleObject = { ...rule };
  if (out.type === "object") {
    const props = out.props ?? out.properties;
    if (props) {
      out.props = strictSchema(props);
      delete out.properties;
      out.strict = "remove";
    }
  }
  if (out.type === "array" && out.items !== undefined) out.items = strictRule(out.items);
  if (out.type === "multi" && Array.isArray(out.rules)) out.rules = out.rules.map((r) => strictRule(r as Rule));
  return out;
}

function strictSchema(schema: ParamsSchema): ParamsSchema {
  const out: ParamsSchema = {};
  for (const [key, rule] of Object.entries(schema)) {
    out[key] = key.startsWith("$$") ? rule : strictRule(rule);
  }
  return out;
}

export function strictParams(schema: ParamsSchema): ParamsSchema & { $$strict: "remove" } {
  return { ...strictSchema(schema), $$strict: "remove" };
}

/** A trimmed, non-empty string of bounded length: the common shape of names and texts. */
export function text(max: number, extra: Partial<RuleObject> = {}): RuleObject {
  return { type: "string", trim: true, empty: false, min: 1, max, ...extra };
}

export function optionalText(max: number, extra: Partial<RuleObject> = {}): RuleObject {
  return text(max, { optional: true, ...extra });
}

/** A record id (UUIDv7), the one rule every action that takes an id validates it with. */
export const ID: RuleObject = {
  type: "string",
  pattern: ID_PATTERN,
  messages: { stringPattern: "The '{field}' field must be an id" },
};

export const PHONE_PATTERN = "^[0-9+()\\- ]{3,30}$";

/** The list-paging parameters every public list accepts (query strings arrive as text). */
export const pagingParams: ParamsSchema = {
  limit: { type: "number", integer: true, positive: true, max: 100, convert: true, optional: true },
  cursor: { type: "string", max: 200, optional: true },
};

/**
 * A calendar date `YYYY-MM-DD` that exists, as one pattern (months' lengths, leap years by the
 * Gregorian rule; year 0000 excluded): the plain `\d{4}-\d{2}-\d{2}` let `2026-02-30` through to
 * PostgreSQL, which then failed the whole request. A pattern rather than a custom checker: it is
 * data, so it crosses NATS, shows in the OpenAPI document, and never adds an absent optional field.
 * `isCalendarDate` (shared/dates.ts) says the same in code; a unit test holds the two together.
 */
export const CALENDAR_DATE_PATTERN =
  "^(?!0000)\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|02-(?:0[1-9]|1\\d|2[0-8]))$" +
  "|^(?!0000)(?:\\d{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29$";

export const DATE: RuleObject = {
  type: "string",
  pattern: CALENDAR_DATE_PATTERN,
  messages: { stringPattern: "The '{field}' field must be a real calendar date YYYY-MM-DD" },
};

export const OPTIONAL_DATE: RuleObject = { ...DATE, optional: true };

/** How deep a JSON body may nest; nothing the API takes comes near it. */
export const MAX_JSON_DEPTH = 32;

/**
 * The nesting depth of a JSON text (objects and arrays), counted without parsing it, so a body
 * nested thousands deep is refused before JSON.parse or any serializer walks it. Brackets inside
 * strings do not count. Stops counting once past `limit`.
 */
export function jsonDepth(text: string, limit = Infinity): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

export interface TextProblem {
  field: string;
  message: string;
  type: string;
}

/** A NUL character or a UTF-16 surrogate without its pair (text PostgreSQL cannot store or compare). */
// eslint-disable-next-line no-control-regex
const UNSAFE_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function hasUnsafeText(value: string): boolean {
  return UNSAFE_TEXT.test(value);
}

/**
 * Every string (value or key) at any depth of a request's input that holds a NUL or a lone
 * surrogate, named by its path (`party.name`, `officerIds[2]`). Stops after a few problems.
 */
export function unsafeTextIn(value: unknown, field = "", max = 5): TextProblem[] {
  const problems: TextProblem[] = [];
  const visit = (v: unknown, path: string, depth: number): void => {
    if (problems.length >= max) return;
    if (typeof v === "string") {
      if (hasUnsafeText(v)) {
        problems.push({
          field: path || "body",
          message: `The '${path || "body"}' field contains a NUL character or an unpaired surrogate`,
          type: "UNSAFE_TEXT",
        });
      }
      return;
    }
    if (typeof v !== "object" || v === null || depth > MAX_JSON_DEPTH) return;
    if (Array.isArray(v)) {
      v.forEach((item, i) => visit(item, `${path}[${i}]`, depth + 1));
      return;
    }
    for (const [key, item] of Object.entries(v)) {
      const name = path ? `${path}.${key}` : key;
      if (hasUnsafeText(key)) visit(key, name, depth + 1);
      else visit(item, name, depth + 1);
    }
  };
  visit(value, field, 0);
  return problems;
}
