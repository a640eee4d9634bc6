/**
 * What the documents use cases are given, the outbox row committed with each public change, and
 * the mapping of the shared rules' refusals (shared/documents/refusals.ts) to the API's errors:
 * 409 ConflictError, 422 a field problem.
 */
import type { EntityManager } from "@mikro-orm/postgresql";
import type { SessionUser } from "../../../lib/auth.js";
import type { Config } from "../../../lib/config.js";
import type { Caller } from "../../../lib/contract.js";
import { ConflictError, fieldProblem, NotFoundError, type ProblemValues } from "../../../lib/errors.js";
import { appendOutbox, nudgeFeed } from "../../../lib/outbox.js";
import type { Storage } from "../../../lib/storage.js";
import { DocumentRefusalError } from "../../../shared/documents.js";
import { Consultation, DocumentsEvent, NormativeDocument } from "../entities.js";

export interface DocumentsDeps {
  /** Each call is a fresh EntityManager (one unit of work). */
  em: () => EntityManager;
  now: () => Date;
  /** Other services: results (the working-day calendar), duties (bodies), the feed (nudges). */
  caller: Caller;
  config: Config["documents"];
  /** Object storage for files (under documents/). */
  storage: Storage;
  log: { info(...args: unknown[]): void };
}

/** Runs a step of the shared rules; a refusal becomes the API's 409 or 422, nothing written. */
export function refusing<T>(step: () => T): T {
  try {
    return step();
  } catch (err) {
    throw asApiError(err);
  }
}

/** A refusal of the shared rules as the API's error; anything else unchanged. */
export function asApiError(err: unknown): unknown {
  if (!(err instanceof DocumentRefusalError)) return err;
  if (err.status === 409) return new ConflictError(err.message, err.type, { ...err.values });
  return fieldProblem(err.field ?? "", err.type, err.message, err.values as ProblemValues);
}

/** A record whose public view a write changes. */
export type Changed = [DocumentsEvent["entity"], string];

/**
 * Runs a write and appends its outbox row in one transaction, then lets the feed pull it. A
 * refusal inside rolls the whole back.
 */
export async function commitChange<T>(
  deps: DocumentsDeps,
  changed: Changed[],
  work: (tx: EntityManager) => Promise<T>,
): Promise<T> {
  let result: T;
  try {
    result = await deps.em().transactional(async (tx) => {
      const value = await work(tx);
      await tx.flush();
      for (const [entity, entityId] of changed) {
        await appendOutbox(
          tx,
          "documents.outbox",
          Object.assign(new DocumentsEvent(), { entity, entityId, at: deps.now() }),
        );
      }
      return value;
    });
  } catch (err) {
    throw asApiError(err);
  }
  await nudgeFeed(deps.caller, "documents");
  return result;
}

/** Staff see only their own body's records (admins: all); anything else is 404. */
export async function loadDocument(em: EntityManager, user: SessionUser, id: string): Promise<NormativeDocument> {
  const d = await em.findOne(NormativeDocument, { id });
  if (!d || (user.role !== "admin" && d.bodyId !== user.bodyId)) throw new NotFoundError("Document", id);
  return d;
}

export async function loadConsultation(em: EntityManager, user: SessionUser, id: string): Promise<Consultation> {
  const c = await em.findOne(Consultation, { id });
  if (!c || (user.role !== "admin" && c.bodyId !== user.bodyId)) throw new NotFoundError("Consultation", id);
  return c;
}
