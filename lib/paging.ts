/**
 * Newest-first lists of rows keyed by their UUIDv7 id (ids sort by creation time), after the
 * cursor the list itself issued; a cursor it did not issue is 422 BAD_CURSOR.
 */
import type { EntityManager, EntityName, FilterQuery } from "@mikro-orm/postgresql";
import { isId } from "../shared/ids.js";
import { DEFAULT_LIMIT, decodeCursor, toPage, type Page } from "../shared/paging.js";
import { fieldProblem } from "./errors.js";

/** The id a cursor stands for. */
export function cursorId(cursor: string): string {
  const id = decodeCursor(cursor, isId);
  if (!id) throw fieldProblem("cursor", "BAD_CURSOR", "the cursor is not one this list issued");
  return id;
}

/** One page of an entity's rows matching `where`, newest first. */
export async function newestFirst<T extends { id: string }>(
  em: EntityManager,
  entity: EntityName<T>,
  where: FilterQuery<T> & object,
  p: { cursor?: string; limit?: number },
): Promise<Page<T>> {
  const limit = p.limit ?? DEFAULT_LIMIT;
  const before = p.cursor ? { id: { $lt: cursorId(p.cursor) } } : {};
  const rows = await em.find(entity, { ...where, ...before } as FilterQuery<T>, {
    orderBy: { id: "desc" } as never,
    limit: limit + 1,
  });
  return toPage(rows as T[], limit, (r) => r.id);
}
