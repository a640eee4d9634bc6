/** What the imports use cases are given. */
import type { EntityManager } from "@mikro-orm/postgresql";
import type { SessionUser } from "../../../lib/auth.js";
import type { Caller } from "../../../lib/contract.js";
import { NotFoundError } from "../../../lib/errors.js";
import { chinaToday } from "../../../shared/dates.js";
import { ImportJob } from "../entities.js";

export interface ImportsDeps {
  /** A fresh EntityManager: each call is its own unit of work. */
  em(): EntityManager;
  /** Other services (duties, results, notices). */
  caller: Caller;
  now(): Date;
  settings: { maxBytes: number; maxRows: number; noticeConcurrency: number; leaseSeconds: number };
}

export const todayOf = (deps: Pick<ImportsDeps, "now">): string => chinaToday(deps.now());

/** A job the user may see: another body's is not found, as if it did not exist. */
export async function loadJob(deps: Pick<ImportsDeps, "em">, user: SessionUser, id: string): Promise<ImportJob> {
  const job = await deps.em().findOne(ImportJob, { id });
  if (!job || (user.role !== "admin" && user.bodyId !== job.bodyId)) throw new NotFoundError("Import", id);
  return job;
}
