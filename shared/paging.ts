/**
 * Cursor pagination: a cursor is the opaque, URL-safe form of the last key a page returned.
 * Keyset paging (WHERE key > last ORDER BY key) stays correct while rows are inserted.
 */
export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 100;
/** Items per page of the portal's lists. */
export const PORTAL_PAGE_SIZE = 20;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function encodeCursor(key: string): string {
  return Buffer.from(key, "utf8").toString("base64url");
}

/** Decodes a cursor; returns undefined for anything that is not one this platform issued. */
export function decodeCursor(cursor: string, isKey: (key: string) => boolean): string | undefined {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return undefined;
  const key = Buffer.from(cursor, "base64url").toString("utf8");
  return isKey(key) ? key : undefined;
}

/** Builds a page from up to limit+1 fetched rows: the extra row only tells that more exist. */
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => string): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null };
}

/**
 * Every item of a cursor-paged list, asking page after page until the last: for pickers that must
 * offer every record (a body select with more bodies than one page). A cursor answered twice ends
 * it, so a list that does not move on cannot loop.
 */
export async function allPages<T>(pageAfter: (cursor: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (;;) {
    const page = await pageAfter(cursor);
    items.push(...page.items);
    if (!page.nextCursor || seen.has(page.nextCursor)) return items;
    seen.add(page.nextCursor);
    cursor = page.nextCursor;
  }
}

/** Escapes LIKE wildcards so a user's % or _ matches itself. */
export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
