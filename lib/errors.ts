/**
 * Business failures: MoleculerClientError subclasses (4xx, never retried) with a stable
 * UPPER_SNAKE `type` and field-level `data`, which moleculer-web turns into the API's error shape.
 */
import { randomUUID } from "node:crypto";
import { Errors, type Context, type Middleware } from "moleculer";
import { errorMessageOf } from "../shared/messages.js";

/** Values a problem's message shows (shared/messages.ts), never personal data. */
export interface ProblemValues {
  date?: string;
  year?: number;
  category?: string;
  min?: number;
  max?: number;
  /** A file's place in a form, from 1. */
  n?: number;
}

export interface FieldProblem extends ProblemValues {
  field: string;
  /** For developers and logs; people read the message of `type` (shared/messages.ts). */
  message: string;
  /** The problem's key in the message table. */
  type?: string;
}

/** 422 with field errors, the same shape fastest-validator's errors take. */
export class InvalidInputError extends Errors.ValidationError {
  constructor(problems: FieldProblem[], type = "VALIDATION_ERROR") {
    super(problems.map((p) => p.message).join("; "), type, problems as unknown as Record<string, unknown>);
  }
}

export function invalid(field: string, message: string, type = "VALIDATION_ERROR"): InvalidInputError {
  return new InvalidInputError([{ field, message, type }], type);
}

/** 422 VALIDATION_ERROR with one field problem of the given type, showing `values` in its message. */
export function fieldProblem(
  field: string,
  type: string,
  message: string,
  values: ProblemValues = {},
): InvalidInputError {
  return new InvalidInputError([{ ...values, field, type, message }]);
}

export class NotFoundError extends Errors.MoleculerClientError {
  constructor(what: string, id?: string) {
    super(`${what} not found`, 404, "NOT_FOUND", id === undefined ? undefined : { id });
  }
}

export class ConflictError extends Errors.MoleculerClientError {
  constructor(message: string, type: string, data?: FieldProblem[] | Record<string, unknown>) {
    super(message, 409, type, data);
  }
}

export class UnauthorizedError extends Errors.MoleculerClientError {
  constructor(message = "Sign in first: send Authorization: Bearer <token>", type = "UNAUTHORIZED") {
    super(message, 401, type);
  }
}

export class ForbiddenError extends Errors.MoleculerClientError {
  constructor(message: string, type = "FORBIDDEN") {
    super(message, 403, type);
  }
}

/** A dependency (database, storage, bus) is down: retryable, 503. */
export class DependencyUnavailableError extends Errors.MoleculerRetryableError {
  /** `fullCause`: the cause's whole message, for a start-up failure the operator reads (never an answer). */
  constructor(what: string, cause?: unknown, { fullCause = false } = {}) {
    super(`${what} is unavailable`, 503, "DEPENDENCY_UNAVAILABLE", {
      cause: cause instanceof Error ? (fullCause ? cause.message : causeOf(cause)) : undefined,
    });
  }
}

/**
 * What an outage's answer says of its cause: the message, unless the error comes from a statement
 * (a driver's error, or a message quoting SQL), whose message carries the values: then its class
 * and code only.
 */
function causeOf(cause: Error): string {
  const fromStatement =
    "sqlState" in cause ||
    "query" in cause ||
    /\b(?:select\b[\s\S]*\bfrom|insert\s+into|update\b[\s\S]*\bset|delete\s+from)\b/i.test(cause.message);
  return fromStatement ? errorSummary(cause) : cause.message;
}

/**
 * Wraps a call to another service: when that service is absent or silent, the caller answers
 * 503 instead of a confusing 404 or 500.
 */
export async function dependencyCall<T>(service: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof Errors.ServiceNotFoundError || err instanceof Errors.ServiceNotAvailableError) {
      throw new DependencyUnavailableError(`The ${service} service`, err);
    }
    if (err instanceof Errors.RequestTimeoutError) throw new DependencyUnavailableError(`The ${service} service`, err);
    throw err;
  }
}

/** What a 500 says: a fixed message and the id under which the log holds the details. */
export const INTERNAL_MESSAGE = errorMessageOf("INTERNAL_ERROR") as string;

/** A bug, not the caller's fault: the answer names only an error id; the log holds the rest. */
export class InternalError extends Errors.MoleculerError {
  constructor(errorId: string) {
    super(INTERNAL_MESSAGE, 500, "INTERNAL_ERROR", { errorId });
    this.name = "InternalError";
  }
}

interface Loggable {
  error(...args: unknown[]): void;
}

/** An error already turned into an InternalError (here or on the node where it arose). */
export function isInternalError(err: unknown): boolean {
  const e = err as { type?: unknown; data?: { errorId?: unknown } } | null;
  return e?.type === "INTERNAL_ERROR" && typeof e.data?.errorId === "string";
}

/**
 * A 4xx, or an outage the caller may retry (503, 504): told to the caller as it is. By its numeric
 * `code`, not its class: an error of ours from another node arrives over NATS as a plain Error
 * carrying name, code, type and data. (Drivers' and Node's own errors have string codes.)
 */
export function isExpectedError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return (
    typeof code === "number" && Number.isInteger(code) && ((code >= 400 && code < 500) || code === 503 || code === 504)
  );
}

/**
 * The stack frames of an error, without its first line: a driver's message holds the SQL with its
 * values (a password hash, a token), and `stack` repeats the message.
 */
export function stackFrames(err: unknown): string {
  const e = err as { stack?: unknown; message?: unknown } | null;
  if (typeof e?.stack !== "string") return "";
  // The message may span lines (SQL does) that look like frames: cut it out first.
  const stack = typeof e.message === "string" && e.message ? e.stack.split(e.message).join("") : e.stack;
  return stack
    .split("\n")
    .filter((line) => FRAME.test(line))
    .slice(0, 30)
    .join("\n");
}

/** One V8 stack frame: `    at fn (file:line:col)`, `    at file:line:col`, `    at fn (native)`. */
const FRAME =
  /^ {4}at (?:async )?(?:new )?(?:[^\s()]+(?: \[as [^\]]+\])? \((?:[^()]+:\d+:\d+|native|<anonymous>)\)|[^\s()]+:\d+:\d+)$/;

/**
 * What may be logged of an unexpected error: its class, and for a database error its SQLSTATE and
 * the constraint, table, column and routine it names — never the message, the statement, the
 * parameters or `detail` (all of which carry values).
 */
export function errorSummary(err: unknown): string {
  if (!(err instanceof Error) && (typeof err !== "object" || err === null)) return typeof err;
  const e = err as Record<string, unknown>;
  const parts = [String(e.name ?? e.constructor?.name ?? "Error")];
  for (const key of ["code", "sqlState", "constraint", "table", "column", "routine"]) {
    const value = e[key];
    if ((typeof value === "string" && /^[\w.$-]{1,64}$/.test(value)) || typeof value === "number")
      parts.push(`${key}=${value}`);
  }
  return parts.join(" ");
}

/**
 * Turns an unexpected error into an InternalError with a new id and logs it once: the id, where it
 * happened, its summary and its stack frames. An error that is already internal (logged where it
 * arose) passes through unchanged.
 */
export function toInternalError(err: unknown, logger: Loggable, where: string): InternalError {
  if (isInternalError(err)) {
    const e = err as { data: { errorId: string } };
    return err instanceof InternalError ? err : new InternalError(e.data.errorId);
  }
  const errorId = randomUUID();
  logger.error(`internal error ${errorId} in ${where}: ${errorSummary(err)}\n${stackFrames(err)}`);
  return new InternalError(errorId);
}

/**
 * Every local action's unexpected failure leaves its node as an InternalError: the caller (another
 * service over NATS, or the gateway) never sees a driver's message with SQL and values.
 */
export const InternalErrorMiddleware: Middleware = {
  name: "InternalErrors",
  localAction(handler, action) {
    const name = action.name ?? "an action";
    return function internalGuarded(this: unknown, ctx: Context) {
      return Promise.resolve()
        .then(() => handler.call(this as never, ctx))
        .catch((err: unknown) => {
          if (isExpectedError(err) || isInternalError(err)) throw err;
          // The gateway's HTTP action: name the request by method and path (not its query).
          const req = (ctx.params as { req?: { method?: string; url?: string; originalUrl?: string } } | undefined)
            ?.req;
          const url = req?.originalUrl ?? req?.url;
          const where = url ? `${name} ${req?.method} ${url.split("?")[0]}` : name;
          throw toInternalError(err, (action as { service?: { logger: Loggable } }).service?.logger ?? console, where);
        });
    };
  },
};
