/**
 * fastest-validator helpers. A root `$$strict: "remove"` does not reach nested objects, so
 * `strictParams` walks a params schema and makes every object at every depth (inside arrays and
 * multi-type rules too) drop the fields it does not declare.
 */
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

export const PHONE_PATTERN = "^[0-9+()\\- ]{3,30}$";

/** The list-paging parameters every public list accepts (query strings arrive as text). */
export const pagingParams: ParamsSchema = {
  limit: { type: "number", integer: true, positive: true, max: 100, convert: true, optional: true },
  cursor: { type: "string", max: 200, optional: true },
};
