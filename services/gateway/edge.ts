/**
 * The gateway's edge cache: anonymous public reads answered in the gateway, ready to send, with no
 * NATS hop and no serialisation — the notice API (a list with its filters, one notice, one body) as
 * its JSON, and the portal's notice and search pages as their HTML with the headers and ETag they
 * were sent with (a matching If-None-Match gets 304). Everything it keeps is drawn from the feed's
 * read model alone, so it is emptied in every gateway (`gateway.forget`) before a writer's change
 * returns, like the feed's own cache: a withdrawal is never served stale. A body page is not kept:
 * it shows the feedback and requests services' statistics, which change without the feed.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Config } from "../../lib/config.js";
import { ReadCache, stringBytes } from "../../lib/read-cache.js";
import type { KeptPage } from "./web.js";

/** The public API reads kept: the notice list (with its filters), one notice, one body. */
const EDGE_API = /^\/api\/public\/(notices(\/[0-9a-f-]{36})?|bodies\/[0-9a-f-]{36})(\?|$)/;
/** The portal pages kept: a notice, a search. */
const EDGE_PAGES = /^\/(notices\/[0-9a-f-]{36}|search)(\?|$)/;
/** A kept page's headers other than its body's length. */
const HEADER_BYTES = 1024;

export type EdgeReq = IncomingMessage & {
  originalUrl?: string;
  /** A miss the API route may keep once answered: its key and the cache's generation when asked. */
  $edge?: { key: string; generation: number };
  /** A miss the portal page may keep once drawn (services/gateway/web.ts send). */
  $keepPage?: (page: KeptPage) => void;
};
type Next = (err?: unknown) => void;

export function edgeCacheOf(config: Config): ReadCache {
  return new ReadCache(config.edgeCacheEntries, config.feedPollSeconds * 1000, Date.now, {
    max: config.edgeCacheMb * 2 ** 20,
    sizeOf: (value) =>
      typeof value === "string" ? stringBytes(value) : stringBytes((value as KeptPage).body) + HEADER_BYTES,
  });
}

/**
 * An anonymous GET of a path the cache may hold: its key (the path with its query), else undefined —
 * always undefined with the cache off, so no answer is serialised for nothing.
 */
function cacheableKey(cache: ReadCache, req: EdgeReq, paths: RegExp): string | undefined {
  if (cache.maxEntries <= 0 || req.method !== "GET" || req.headers.authorization) return undefined;
  const key = req.originalUrl ?? req.url ?? "";
  return paths.test(key) ? key : undefined;
}

/** Middleware of the API route: a kept answer is sent here; a miss is marked for `keepAnswer`. */
export function edgeApi(cache: ReadCache, req: EdgeReq, res: ServerResponse, next: Next): void {
  const key = cacheableKey(cache, req, EDGE_API);
  if (key === undefined) return next();
  const body = cache.peek<string>(key);
  if (body === undefined) {
    req.$edge = { key, generation: cache.generation };
    return next();
  }
  res.writeHead(200, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
  });
  res.end(body);
}

/** After the API route's call: keep a plain JSON 200 answer of a marked miss. */
export function keepAnswer(
  cache: ReadCache,
  req: EdgeReq,
  statusCode: number | undefined,
  typed: boolean,
  data: unknown,
) {
  const edge = req.$edge;
  if (edge && (statusCode ?? 200) === 200 && !typed) cache.put(edge.key, JSON.stringify(data), edge.generation);
}

/** Middleware of the site route: a kept page is sent here (or 304); a miss may be kept by `send`. */
export function edgePages(cache: ReadCache, req: EdgeReq, res: ServerResponse, next: Next): void {
  const key = cacheableKey(cache, req, EDGE_PAGES);
  if (key === undefined) return next();
  const page = cache.peek<KeptPage>(key);
  if (page === undefined) {
    const generation = cache.generation;
    req.$keepPage = (drawn) => cache.put(key, drawn, generation);
    return next();
  }
  for (const [name, value] of Object.entries(page.headers)) if (value !== undefined) res.setHeader(name, value);
  if (req.headers["if-none-match"] === page.headers.etag) {
    res.statusCode = 304;
    res.end();
    return;
  }
  res.statusCode = 200;
  res.end(page.body);
}
