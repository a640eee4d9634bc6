/**
 * What the reports use cases are given, and the mapping of the shared rules' refusals
 * (shared/reports/refusals.ts) to the API's errors: 409 ConflictError, 422 a field problem.
 */
import type { EntityManager } from "@mikro-orm/postgresql";
import type { Caller } from "../../../lib/contract.js";
import { ConflictError, fieldProblem, type ProblemValues } from "../../../lib/errors.js";
import { chinaToday } from "../../../shared/dates.js";
import { ReportRefusalError } from "../../../shared/reports.js";

export interface ReportsDeps {
  /** Each call is a fresh EntityManager (one unit of work). */
  em: () => EntityManager;
  now: () => Date;
  /** Other services: the records (results, documents, requests, duties, cases), signing (notices), the feed. */
  caller: Caller;
  publicBaseUrl: string;
}

export const todayOf = (deps: Pick<ReportsDeps, "now">): string => chinaToday(deps.now());

/** A refusal of the shared rules as the API's error; anything else unchanged. */
export function asApiError(err: unknown): unknown {
  if (!(err instanceof ReportRefusalError)) return err;
  if (err.status === 409) return new ConflictError(err.message, err.type, { ...err.values });
  return fieldProblem(err.field ?? "", err.type, err.message, err.values as ProblemValues);
}

/** Runs a step of the shared rules; a refusal becomes the API's 409 or 422, nothing written. */
export function refusing<T>(step: () => T): T {
  try {
    return step();
  } catch (err) {
    throw asApiError(err);
  }
}
