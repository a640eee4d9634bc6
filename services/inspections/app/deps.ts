/** What the inspections use cases are given, and the shared rules' refusals as the API's 422s. */
import type pg from "pg";
import type { Caller } from "../../../lib/contract.js";
import { fieldProblem, type ProblemValues } from "../../../lib/errors.js";
import { poolTransaction } from "../../../lib/database.js";
import { DrawError } from "../../../shared/inspections/draw.js";
import { PoolFileError } from "../../../shared/inspections/pool.js";
import { TableError } from "../../../shared/tabular.js";

export interface InspectionsDeps {
  db: pg.Pool;
  caller: Caller;
  now: () => Date;
  publicBaseUrl: string;
  log: { warn(...args: unknown[]): void; info(...args: unknown[]): void };
  /** An upload's file is at most this many bytes. */
  maxUploadBytes: number;
  /** Asks the service to run queued upload jobs now. */
  kick: () => void;
}

/** Runs a step of the shared rules; a refusal (a file, a draw that cannot be made) becomes 422, nothing written. */
export function refusing<T>(field: string, step: () => T): T {
  try {
    return step();
  } catch (err: unknown) {
    if (err instanceof DrawError || err instanceof PoolFileError || err instanceof TableError) {
      throw fieldProblem(field, err.type, err.message, err.values as ProblemValues);
    }
    throw err;
  }
}

export function inTransaction<T>(deps: InspectionsDeps, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return poolTransaction(deps, "inspections", work);
}

export const iso = (d: Date | string): string => (typeof d === "string" ? d : d.toISOString());
