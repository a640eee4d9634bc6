/**
 * What every duties write shares: its dependencies, the outbox row committed with the change, the
 * nudge that lets the feed show it at once, and the refusals common to several records.
 */
import type { EntityManager } from "@mikro-orm/postgresql";
import type { Caller } from "../../../lib/contract.js";
import { isUniqueViolation } from "../../../lib/database.js";
import { ConflictError, fieldProblem, InvalidInputError } from "../../../lib/errors.js";
import { appendOutbox, nudgeFeed } from "../../../lib/outbox.js";
import { creditCodeFieldProblem } from "../../../shared/credit-code.js";
import { Body, DutiesEvent, type DutiesEntity } from "../entities.js";

export interface DutiesDeps {
  /** This request's EntityManager. */
  em: EntityManager;
  /** The broker, for the feed's `catchUp` after a change. */
  caller: Caller;
  now: () => Date;
}

/**
 * Runs a write and appends its outbox row in one transaction, then lets the feed pull it, so the
 * public lists show the change by the time the writer gets its answer. The transaction runs on a
 * fresh fork: rows it locks are read anew, never taken from what the request read before.
 */
export async function commitChange<T>(
  deps: DutiesDeps,
  entity: DutiesEntity,
  entityId: string,
  work: (tx: EntityManager) => Promise<T>,
): Promise<T> {
  const result = await deps.em.fork().transactional(async (tx) => {
    const value = await work(tx);
    await tx.flush();
    await appendOutbox(tx, "duties.outbox", Object.assign(new DutiesEvent(), { entity, entityId, at: deps.now() }));
    return value;
  });
  await nudgeFeed(deps.caller, "duties");
  return result;
}

/** The body a write names must exist: otherwise the input is wrong (422), not the URL. */
export async function requireBody(em: EntityManager, bodyId: string): Promise<Body> {
  const body = await em.findOne(Body, { id: bodyId });
  if (!body) throw fieldProblem("bodyId", "UNKNOWN_BODY", "no enforcement body has this id");
  return body;
}

export function checkCreditCode(code: string): void {
  const problem = creditCodeFieldProblem("creditCode", code);
  if (problem) throw new InvalidInputError([problem], "INVALID_CREDIT_CODE");
}

/**
 * Runs a write whose unique index stands for "already registered": a violation becomes the 409
 * the client can act on, naming the field.
 */
export async function unlessDuplicate<T>(
  field: string,
  what: string,
  type: string,
  write: () => Promise<T>,
): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new ConflictError(`${what} is already registered`, type, [
        { field, type, message: `${what} is already registered` },
      ]);
    }
    throw err;
  }
}
