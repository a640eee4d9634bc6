/**
 * Business failures: MoleculerClientError subclasses (4xx, never retried) with a stable
 * UPPER_SNAKE `type` and field-level `data`, which moleculer-web turns into the API's error shape.
 */
import { Errors } from "moleculer";

export interface FieldProblem {
  field: string;
  message: string;
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
  constructor(what: string, cause?: unknown) {
    super(`${what} is unavailable`, 503, "DEPENDENCY_UNAVAILABLE", {
      cause: cause instanceof Error ? cause.message : undefined,
    });
  }
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
