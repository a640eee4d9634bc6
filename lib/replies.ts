/**
 * What the actions served over HTTP answer, written as fastest-validator rules (the language of
 * their params): the OpenAPI document shows them as response schemas (services/gateway/openapi.ts)
 * and, with CHECK_REPLIES (the tests turn it on), every JSON answer is checked against its rule as
 * the client would receive it. Objects are closed: a field an action answers must be declared.
 */
import { createRequire } from "node:module";
import type { Middleware } from "moleculer";
import type { ReplyDoc } from "./contract.js";
import type { Rule, RuleObject } from "../shared/validation.js";

export const STR: RuleObject = { type: "string" };
export const INT: RuleObject = { type: "number", integer: true };
export const NUM: RuleObject = { type: "number" };
export const BOOL: RuleObject = { type: "boolean" };
/** Any JSON value (a free-form record). */
export const ANY: RuleObject = { type: "any" };
/** A JSON object whose keys are data, not fields (labels, counts by kind). */
export const MAP: RuleObject = { type: "object" };

/** An object answering exactly these fields (optional ones marked with `opt`). */
export function obj(props: Record<string, Rule>): RuleObject {
  return { type: "object", strict: true, props };
}

export function opt(rule: RuleObject): RuleObject {
  return { ...rule, optional: true };
}

export function nullable(rule: RuleObject): RuleObject {
  return { ...rule, nullable: true };
}

export function arr(items: Rule): RuleObject {
  return { type: "array", items };
}

export function oneOf(values: readonly string[]): RuleObject {
  return { type: "enum", values: [...values] };
}

export function literal(value: string | boolean | number): RuleObject {
  return { type: "equal", value, strict: true };
}

/** A page of a list: its items, the cursor of the next page, and what else the list answers. */
export function page(item: Rule, extra: Record<string, Rule> = {}): RuleObject {
  return obj({ items: arr(item), nextCursor: nullable(STR), ...extra });
}

/** A JSON answer. */
export function json(rule: Rule): ReplyDoc {
  return { json: rule };
}

/** An answer of another media type (PDF, CSV, Atom). */
export function media(type: string, description: string): ReplyDoc {
  return { media: type, description };
}

/** Where and how an answer departs from its rule: field paths and rule types, never the values. */
export class ReplyMismatchError extends Error {
  constructor(action: string, problems: unknown[]) {
    const where = problems.map((p) => {
      const { field, type, expected } = p as { field?: string; type?: string; expected?: unknown };
      return `${field ?? "(root)"}: ${type}${expected === undefined ? "" : ` ${JSON.stringify(expected)}`}`;
    });
    super(`the reply of ${action} does not match its documented schema: ${where.join("; ")}`);
  }
}

type Check = (value: unknown) => true | unknown[];

/**
 * Checks each local action's JSON answer against its documented rule, as JSON (dates become
 * strings, undefined fields vanish); a mismatch fails the call. For tests: it costs a copy of
 * every answer.
 */
export function replyCheckMiddleware(replies: ReadonlyMap<string, ReplyDoc>): Middleware {
  // fastest-validator is CommonJS; its typings do not describe the ESM default import.
  const Validator = createRequire(import.meta.url)("fastest-validator") as new () => {
    compile(schema: object): Check;
  };
  const validator = new Validator();
  /** Compiled at an action's first answer: a process compiles only what it answers, and starts sooner. */
  const compile = (doc: ReplyDoc & { json: unknown }): Check => {
    const rule = doc.json;
    const schema =
      typeof rule === "object" && rule !== null && !Array.isArray(rule)
        ? { ...rule, $$root: true }
        : { $$root: true, type: "multi", rules: rule };
    return validator.compile(schema);
  };
  return {
    name: "ReplyCheck",
    localAction(
      next: (ctx: unknown) => Promise<unknown>,
      action: { name: string; service?: { logger: { error(m: string): void } } },
    ) {
      const doc = replies.get(action.name);
      if (!doc || !("json" in doc)) return next;
      let check: Check | undefined;
      return async (ctx: unknown) => {
        const result = await next(ctx);
        if (result === undefined || result === null || Buffer.isBuffer(result)) return result;
        if (typeof (result as { pipe?: unknown }).pipe === "function") return result;
        check ??= compile(doc);
        const outcome = check(JSON.parse(JSON.stringify(result)));
        if (outcome !== true) {
          // The InternalError the caller gets logs only the error's class: say here what is wrong.
          const err = new ReplyMismatchError(action.name, outcome);
          (action.service?.logger ?? console).error(err.message);
          throw err;
        }
        return result;
      };
    },
  } as unknown as Middleware;
}
