/**
 * Typed calls between services. Each service's `contract.ts` lists its actions with `action()`:
 * the full action name, the fastest-validator schema the service validates with (the service
 * declares `params: contract.x.params`; the OpenAPI document is built from the same schema), and
 * as types only what the action takes and answers. Callers go through `call()` and import the
 * reply types from the contract, never redeclaring them; a lint rule refuses a string-literal
 * `.call("svc.action")` anywhere else.
 */
import type { CallingOptions, Context } from "moleculer";
import type { Meta } from "./auth.js";
import { strictParams, type ParamsSchema, type Rule } from "../shared/validation.js";

export interface Action<P, R> {
  /** `service.action`, as the broker knows it. */
  readonly name: string;
  /** The strict params schema (unknown fields removed at every depth). */
  readonly params: ParamsSchema;
  /** What it answers, when it is served over HTTP: documents the API and is checked in tests. */
  readonly reply?: ReplyDoc;
  /** Types only, never set: what the action takes and answers. */
  readonly types?: { params: P; reply: R };
}

/**
 * An action's answer as the OpenAPI document shows it: a JSON body described by a fastest-validator
 * rule (the same language as the params; objects must declare every field they answer), or a body
 * of another media type. With CHECK_REPLIES the broker checks every JSON answer against its rule.
 */
export type ReplyDoc = { json: Rule } | { media: string; description: string };

/** An action of a contract: P is what a caller sends, R what it answers (`reply` documents R). */
export function action<P, R>(name: string, params: ParamsSchema, reply?: ReplyDoc): Action<P, R> {
  return reply ? { name, params: strictParams(params), reply } : { name, params: strictParams(params) };
}

/** A broker or a context: anything that calls actions by name. */
export interface Caller {
  call(name: string, params?: unknown, opts?: CallingOptions): Promise<unknown>;
}

/** Calls a contract's action with its declared params; answers its declared reply. */
export function call<P, R>(caller: Caller, a: Action<P, R>, params: NoInfer<P>, opts?: CallingOptions): Promise<R> {
  return caller.call(a.name, params, opts) as Promise<R>;
}

/**
 * A form's input passed on as an action's params without checking it first: the service validates
 * it (its schema converts numbers and refuses values it does not allow) and answers 422 per field,
 * which the page shows beside the form. The service's schema stays the one rule for the input.
 */
export function formInput<P>(params: object): P {
  return params as P;
}

/** The params type of a contract action. */
export type ParamsOf<A> = A extends Action<infer P, unknown> ? P : never;
/** The reply type of a contract action. */
export type ReplyOf<A> = A extends Action<unknown, infer R> ? R : never;

/** The context a service's handler of a contract action gets: the action's params, the call's meta. */
export type ActionContext<A, M extends object = Meta> = Context<ParamsOf<A>, M>;

/** The params every outbox's `eventsSince` action takes: the last sequence number seen, a batch size. */
export const EVENTS_SINCE_PARAMS = {
  after: { type: "string", pattern: "^\\d{1,19}$" },
  limit: { type: "number", integer: true, min: 1, max: 1000 },
} as const;

export interface EventsSinceParams {
  after: string;
  limit: number;
}

/**
 * What the owners of records are asked for the public statistics (their `stats…` actions): the
 * bodies (none: every body) and the days [from, until) — China calendar days, whole months.
 */
export const STATS_QUERY_PARAMS = {
  bodyIds: { type: "array", optional: true, max: 10_000, items: { type: "string", max: 100 } },
  from: { type: "string", pattern: "^\\d{4}-\\d{2}-01$" },
  until: { type: "string", pattern: "^\\d{4}-\\d{2}-01$" },
} as const;

export interface StatsQuery {
  bodyIds?: string[];
  from: string;
  until: string;
}

/** A file an action answers: its bytes with their Content-Type and headers (Content-Disposition…). */
export interface ServedFile<T = NodeJS.ReadableStream> {
  stream: T;
  type: string;
  headers: Record<string, string>;
}

/** Answers the file: moleculer-web sends the stream with the type and headers set on the meta. */
export function serveFile<T>(ctx: { meta: Meta }, file: ServedFile<T>): T {
  ctx.meta.$responseType = file.type;
  ctx.meta.$responseHeaders = file.headers;
  return file.stream;
}
