/**
 * Hostile input, property-based (fast-check): at least 10 000 malformed requests across every
 * write route the OpenAPI document lists — wrong types, missing and extra fields, huge and empty
 * strings, unicode edge cases, path traversal and SQL metacharacters in ids, bad JSON, wrong
 * content types. Then every class of input that once crashed the platform (NUL, lone surrogates,
 * impossible dates, deep JSON, undecodable and unknown Content-Encodings, huge numbers, arrays for
 * objects, prototype keys) on every route: the API's (public, anonymous and signed-in), the
 * portal's pages and forms, the console's sign-in, pages and forms. Never a 5xx, never an internal
 * (SQL, a password hash, a stack frame) in an answer, never a row written.
 */
import http from "node:http";
import zlib from "node:zlib";
import fc from "fast-check";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../lib/config.js";
import { consoleAliases } from "../../web/console/index.js";
import { portalAliases } from "../../web/portal/routes.js";
import { ConsoleBrowser, csrfOf } from "../support/console-browser.js";
import { creditCode } from "../support/fixtures.js";
import { ADMIN_PASSWORD, startPlatform, type Platform } from "../support/platform.js";

let platform: Platform;
let admin: string;
let consoleAdmin: ConsoleBrowser;

const REQUESTS = 10_000;
/** Thousands of requests on two shared cores: a budget, not a speed target (nothing asserts on time). */
const BUDGET_MS = 600_000;

interface Operation {
  method: string;
  path: string;
}

/** Row counts of every table of every service: what "nothing was written" is checked against. */
async function rowCounts(url: string): Promise<Record<string, number>> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const tables = await db.query<{ t: string }>(
      `select table_schema || '.' || table_name as t from information_schema.tables
       where table_schema in ('accounts', 'duties', 'cases', 'results', 'notices', 'feed', 'feedback', 'requests',
                              'documents', 'reports', 'imports')
         and table_type = 'BASE TABLE' and table_name <> 'mikro_orm_migrations'
         -- bookkeeping, not data: rate-limit hits and failed sign-ins record attempts; the feed's
         -- checkpoints appear when its timer first reaches each source
         and not (table_schema in ('feedback', 'requests', 'documents') and table_name = 'rate_hits')
         and not (table_schema = 'accounts' and table_name = 'login_failures')
         and not (table_schema = 'feed' and table_name = 'checkpoints')
       order by 1`,
    );
    const counts: Record<string, number> = {};
    for (const { t } of tables.rows) {
      const [schema, table] = t.split(".");
      counts[t] = Number((await db.query(`select count(*) from "${schema}"."${table}"`)).rows[0].count);
    }
    return counts;
  } finally {
    await db.end();
  }
}

const nastyStrings = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    "../../etc/passwd",
    "..%2F..%2Fetc%2Fpasswd",
    "' OR '1'='1",
    "1; drop table accounts.users; --",
    "%00",
    "\u0000",
    "\uD800",
    "\u202E\u202D",
    "𠮷野家",
    "<script>alert(1)</script>",
    "${7*7}",
    "null",
    "undefined",
    "NaN",
    "-1",
    "9".repeat(400),
    "a".repeat(70_000),
  ),
  fc.string({ maxLength: 300 }),
  fc.string({ unit: "grapheme", maxLength: 50 }),
);

const jsonValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    nastyStrings,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.oneof(nastyStrings, fc.constantFrom("__proto__", "constructor", "$$strict")), tie("value"), {
      maxKeys: 4,
    }),
  ),
})).value;

/** A body that is wrong in some way: random values for the route's fields, plus junk. */
function bodyFor(fields: string[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.record(Object.fromEntries(fields.map((f) => [f, jsonValue])), { requiredKeys: [] }),
    fc.dictionary(nastyStrings, jsonValue, { maxKeys: 6 }),
    jsonValue,
  );
}

const rawBodies = fc.oneof(
  fc.constantFrom("{", "[1,2", '{"a":}', "nul", "\u0000\u0001", "{'single':1}", '{"a":1}garbage'),
  fc.string({ maxLength: 200 }),
);

beforeAll(async () => {
  platform = await startPlatform(
    [
      "gateway,accounts,duties,cases,results,notices,feed,feedback,requests,documents,tlog,reports,subscriptions,inspections,imports",
    ],
    {
      FEEDBACK_RATE_LIMIT: "999999/60",
      REQUESTS_RATE_LIMIT: "999999/60",
      COMMENT_RATE_LIMIT: "999999/60",
    },
  );
  admin = await platform.api.login("admin", ADMIN_PASSWORD);
  consoleAdmin = new ConsoleBrowser(platform.baseUrl);
  await consoleAdmin.login("admin", ADMIN_PASSWORD);
});

afterAll(async () => {
  await platform?.stop();
});

describe("malformed requests on every write route", () => {
  it(
    `answers ${REQUESTS} of them with 4xx and writes nothing`,
    async () => {
      const doc = (await platform.api.get("/api/openapi.json")).body as {
        paths: Record<
          string,
          Record<string, { requestBody?: { content: Record<string, { schema: { properties?: object } }> } }>
        >;
      };
      const operations: (Operation & { fields: string[] })[] = [];
      for (const [path, methods] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(methods)) {
          if (!["post", "put", "patch"].includes(method) || path === "/api/auth/login") continue;
          const schema = op.requestBody?.content["application/json"]?.schema;
          operations.push({ method: method.toUpperCase(), path, fields: Object.keys(schema?.properties ?? {}) });
        }
      }
      expect(operations.length).toBeGreaterThan(20);
      const before = await rowCounts(platform.db.url);

      const idLike = fc.oneof(nastyStrings, fc.uuid(), fc.constant("01a218bd-ee1b-7000-968e-f431a7adefef"));
      const request = fc
        .record({
          op: fc.constantFrom(...operations),
          id: idLike,
          mode: fc.constantFrom("json", "json", "json", "raw", "wrong-type"),
          body: fc.constant(null),
        })
        .chain((r) =>
          fc.record({
            op: fc.constant(r.op),
            id: fc.constant(r.id),
            mode: fc.constant(r.mode),
            body: r.mode === "json" ? bodyFor(r.op.fields) : rawBodies,
          }),
        );

      const failures: string[] = [];
      let sent = 0;
      const samples = fc.sample(request, { numRuns: REQUESTS, seed: 20261126 });
      const send = async (r: (typeof samples)[number]) => {
        // Lone surrogates cannot be percent-encoded; send their replacement character instead.
        const id = String(r.id).replace(/[\uD800-\uDFFF]/g, "\uFFFD");
        const url = r.op.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(id));
        const headers: Record<string, string> = { authorization: `Bearer ${admin}` };
        let payload: string;
        if (r.mode === "json") {
          headers["content-type"] = "application/json";
          payload = JSON.stringify(r.body) ?? "null";
        } else {
          headers["content-type"] = r.mode === "raw" ? "application/json" : "text/plain";
          payload = String(r.body);
        }
        const res = await fetch(platform.baseUrl + url, { method: r.op.method, headers, body: payload });
        const text = await res.text();
        sent++;
        // Anything goes but a server error: 2xx can only be a harmless answer (e.g. an idempotent no-op),
        // which the row count below would catch if it wrote.
        if (res.status >= 500) failures.push(`${r.op.method} ${url} → ${res.status}: ${text.slice(0, 200)}`);
      };
      // A few requests at a time, as clients would send them.
      for (let i = 0; i < samples.length; i += 8) await Promise.all(samples.slice(i, i + 8).map(send));

      expect(sent).toBe(REQUESTS);
      expect(failures.slice(0, 10)).toEqual([]);
      expect(await rowCounts(platform.db.url)).toEqual(before);
    },
    BUDGET_MS,
  );
});

/** What an answer must never hold: SQL, a password hash, a stack frame with its file. */
const INTERNALS: [string, RegExp][] = [
  ["SQL select", /(?<!<)\bselect\s+[\w"*(]/i],
  ["SQL insert", /\binsert\s+into\b/i],
  ["SQL update", /\bupdate\s+"?\w+"?\.?"?\w*"?\s+set\b/i],
  ["SQL delete", /\bdelete\s+from\b/i],
  ["password hash", /\$scrypt\$/],
  ["stack frame", /\bat\s+(?:async\s+)?\S*\s*\(?(?:file:\/\/)?\/[^\s)]+:\d+:\d+/],
  ["node_modules", /node_modules/],
  ["driver error", /DriverException|invalid byte sequence|date\/time field value out of range/],
];

const NUL = "ab\u0000cd";
const LONE_HIGH = "ab\uD800cd";
const LONE_LOW = "\uDC00ab";
const NOT_A_DATE = ["2026-02-30", "2026-13-01", "2025-02-29", "2026-04-31"];
/** Characters that cannot be percent-encoded as text: a lone surrogate's UTF-8-style bytes, a NUL. */
const RAW_SURROGATE = "%ED%A0%80";

/** One hostile request; `expect` is the status it must get when the class says exactly which. */
interface Hostile {
  cls: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  expect?: number;
}

interface Route {
  method: string;
  /** With {name} for each path parameter. */
  path: string;
  kind: "api" | "page" | "console";
  /** Fields of its JSON body (API) or its form (pages). */
  fields: string[];
  anonymous: boolean;
}

function nestedDeep(depth: number): string {
  return '{"a":'.repeat(depth) + "1" + "}".repeat(depth);
}

function fill(path: string, value: string): string {
  return path.replace(/\{[^}]+\}/g, () => encodeURIComponent(value));
}

const UUID = "01a218bd-ee1b-7000-968e-f431a7adefef";

/** The requests of every hostile class for one route. */
function hostileRequests(route: Route): Hostile[] {
  const out: Hostile[] = [];
  const { method, kind } = route;
  const hasParams = /\{/.test(route.path);
  const plain = fill(route.path, UUID);
  const writes = ["POST", "PUT", "PATCH"].includes(method);
  const fields = route.fields.length ? route.fields : ["name", "q"];
  const obj = <T>(value: T): Record<string, T> => Object.fromEntries(fields.map((f) => [f, value]));
  const query = (value: string) => fields.map((f) => `${encodeURIComponent(f)}=${value}`).join("&");
  const json = (body: unknown, cls: string, expect?: number): Hostile => ({
    cls,
    method,
    url: plain,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    expect,
  });
  const form = (values: Record<string, string>, cls: string, expect?: number): Hostile => ({
    cls,
    method,
    url: plain,
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(values).toString(),
    expect,
  });
  // Query strings and path parameters, on every route.
  const nulQ = encodeURIComponent(NUL);
  out.push({ cls: "NUL in the query", method, url: `${plain}?${query(nulQ)}`, expect: 422 });
  out.push({ cls: "NUL in from/to/q", method, url: `${plain}?q=${nulQ}&from=${nulQ}&to=2026-01-01`, expect: 422 });
  if (hasParams) out.push({ cls: "NUL in a path parameter", method, url: fill(route.path, NUL), expect: 422 });
  out.push({ cls: "surrogate bytes in the query", method, url: `${plain}?${query(RAW_SURROGATE)}` });
  if (hasParams)
    out.push({ cls: "surrogate bytes in the path", method, url: route.path.replace(/\{[^}]+\}/g, RAW_SURROGATE) });
  for (const date of NOT_A_DATE)
    out.push({ cls: "impossible date in the query", method, url: `${plain}?from=${date}&to=${date}` });
  out.push({
    cls: "huge numbers in the query",
    method,
    url: `${plain}?limit=1e400&year=99999999999999999999&cursor=-0&${query("1e308")}`,
  });
  if (hasParams) out.push({ cls: "huge number as a path parameter", method, url: fill(route.path, "9".repeat(40)) });
  out.push({
    cls: "repeated and bracketed query keys",
    method,
    url: `${plain}?${query("a")}&${query("b")}&${encodeURIComponent(fields[0] as string)}[]=c&q[x]=d`,
    // a page reads each parameter once, as text; the API's validator answers as it does for any bad type
    expect: kind === "api" ? undefined : 422,
  });
  out.push({
    cls: "prototype keys in the query",
    method,
    url: `${plain}?__proto__[role]=admin&constructor[prototype][polluted]=1&__proto__=x&${query("x")}`,
  });
  if (kind === "api" && writes) {
    out.push(json(obj(NUL), "NUL in every field", 422));
    out.push(json(obj(LONE_HIGH), "lone high surrogate in every field", 422));
    out.push(json(obj(LONE_LOW), "lone low surrogate in every field", 422));
    out.push(json(obj({ inner: [{ deeper: NUL }] }), "NUL nested in arrays and objects", 422));
    out.push(json({ [`k${NUL}`]: 1 }, "NUL in a key", 422));
    out.push(json(obj(["x", { a: LONE_HIGH }]), "lone surrogate nested", 422));
    for (const date of NOT_A_DATE) out.push(json(obj(date), "impossible date in every field"));
    out.push(json(obj({ date: NOT_A_DATE[0], from: NOT_A_DATE[1] }), "impossible dates nested"));
    out.push({
      cls: "JSON nested 5000 deep",
      method,
      url: plain,
      headers: { "content-type": "application/json" },
      body: nestedDeep(5000),
      expect: 422,
    });
    out.push({
      cls: "array nested 100 000 deep",
      method,
      url: plain,
      headers: { "content-type": "application/json" },
      body: "[".repeat(100_000) + "]".repeat(100_000),
      expect: 422,
    });
    out.push({
      cls: "JSON nested 33 deep in a field",
      method,
      url: plain,
      headers: { "content-type": "application/json" },
      body: `{"${fields[0]}":${nestedDeep(32)}}`,
      expect: 422,
    });
    for (const [encoding, bytes] of [
      ["gzip", Buffer.from("this is not gzip")],
      ["gzip", zlib.gzipSync(JSON.stringify(obj("x"))).subarray(0, 12)],
      ["deflate", Buffer.from("nor is this deflate")],
      ["br", Buffer.from([0xff, 0xfe, 0xfd, 0x00])],
    ] as const) {
      out.push({
        cls: `undecodable ${encoding} body`,
        method,
        url: plain,
        headers: { "content-type": "application/json", "content-encoding": encoding },
        body: bytes,
        expect: 400,
      });
    }
    for (const encoding of ["zstd", "compress", "x-gzip-but-not", "gzip, br"]) {
      out.push({
        cls: `unsupported Content-Encoding ${encoding}`,
        method,
        url: plain,
        headers: { "content-type": "application/json", "content-encoding": encoding },
        body: "{}",
        expect: 415,
      });
    }
    for (const huge of [1e308, -1e308, 2 ** 64, Number.MAX_SAFE_INTEGER + 2, -0, 5e-324]) {
      out.push(json(obj(huge), "huge numbers in every field"));
    }
    out.push({
      cls: "number beyond double in the JSON text",
      method,
      url: plain,
      headers: { "content-type": "application/json" },
      body: `{${fields.map((f) => `"${f}":9e999`).join(",")}}`,
    });
    out.push(json([obj("x")], "an array for the body"));
    out.push(json([[[]]], "nested arrays for the body"));
    out.push(json(obj([{ a: 1 }, [2]]), "arrays for every field"));
    out.push(json(obj({ a: { b: 1 } }), "objects for every field"));
    out.push({
      cls: "prototype keys in the body",
      method,
      url: plain,
      headers: { "content-type": "application/json" },
      body: `{"__proto__":{"role":"admin","polluted":true},"constructor":{"prototype":{"polluted":true}},${fields
        .map((f) => `"${f}":{"__proto__":{"x":1}}`)
        .join(",")}}`,
    });
  }
  if ((kind === "page" || kind === "console") && method === "POST") {
    out.push(form(obj(NUL), "NUL in every form field", 422));
    out.push(form({ ...obj("x"), [`k${NUL}`]: "v" }, "NUL in a form field name", 422));
    for (const date of NOT_A_DATE) out.push(form(obj(date), "impossible date in every form field"));
    out.push(form(obj("9".repeat(400)), "huge numbers in every form field"));
    out.push(
      form(
        { ...obj("x"), ["__proto__"]: "x", constructor: "y", "__proto__[role]": "admin" },
        "prototype keys in a form",
      ),
    );
    out.push({
      cls: "unsupported form type",
      method,
      url: plain,
      headers: { "content-type": "application/json" },
      body: JSON.stringify(obj(NUL)),
    });
  }
  return out;
}

describe("every hostile class on every route", () => {
  it(
    "answers each with 4xx (422 for NUL and lone surrogates, 400/415 for encodings), echoes no internals and writes nothing",
    async () => {
      const doc = (await platform.api.get("/api/openapi.json")).body as {
        paths: Record<
          string,
          Record<
            string,
            {
              security?: unknown[];
              requestBody?: { content: Record<string, { schema: { properties?: object } }> };
              parameters?: { name: string; in: string }[];
            }
          >
        >;
      };
      const routes: Route[] = [];
      for (const [path, methods] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(methods)) {
          const schema = op.requestBody?.content["application/json"]?.schema;
          const fields = [
            ...Object.keys(schema?.properties ?? {}),
            ...(op.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name),
          ];
          const anonymous = path.startsWith("/api/public/") || path === "/api/auth/login" || !path.startsWith("/api/");
          routes.push({ method: method.toUpperCase(), path, kind: "api", fields, anonymous });
        }
      }
      // The HTML routes, from the gateway's own route tables (a new page is fuzzed without editing this).
      const pageFields: Record<string, string[]> = {
        "POST /feedback": ["category", "content", "contact", "targetType", "targetId", "website"],
        "POST /consultations/:id/comments": ["content", "contact", "website"],
        "POST /console/login": ["_csrf", "username", "password", "next"],
      };
      const aliases = {
        ...portalAliases(platform.baseUrl),
        ...consoleAliases({ config: { publicBaseUrl: platform.baseUrl, trustProxy: false } as Config }),
      };
      for (const key of Object.keys(aliases)) {
        const [method = "GET", path = "/"] = key.split(" ");
        // Assets take no input; signing out with any form is still signing out (of the fuzzing session).
        if (path.includes("/assets/") || path === "/console/logout") continue;
        const kind = path.startsWith("/console") ? "console" : "page";
        routes.push({
          method,
          path: path.replace(/:(\w+)/g, "{$1}"),
          kind,
          fields: pageFields[key] ?? ["q", "from", "to", "name", "title", "reason", "content", "note"],
          anonymous: kind === "page" || path === "/console/login",
        });
      }
      expect(routes.filter((r) => r.kind === "api").length).toBeGreaterThan(50);
      expect(routes.filter((r) => r.kind === "page").length).toBeGreaterThan(8);
      expect(routes.filter((r) => r.kind === "console").length).toBeGreaterThan(30);
      for (const must of [
        "POST /api/auth/login",
        "POST /api/public/feedback",
        "POST /api/public/requests",
        "GET /api/public/requests/:x",
        "POST /api/public/requests/:x/correction",
        "GET /api/public/request-fees",
        "GET /api/public/request-stats",
        "GET /api/public/reports",
        "GET /api/public/reports/gov-info/:x.csv",
        "GET /api/public/stats",
        "GET /api/public/stats.csv",
        "GET /stats",
        "GET /bodies/:x/stats",
        "GET /api/public/feed.atom",
        "GET /api/public/notices.csv",
        "POST /api/public/verify",
        "GET /api/public/tlog/checkpoint",
        "GET /api/public/tlog/tile/:x",
        "GET /api/public/tlog/proof/inclusion",
        "GET /api/public/tlog/proof/consistency",
        "GET /transparency",
        "GET /search",
        "GET /bodies",
        "GET /powers",
        "GET /officers",
        "GET /api/public/bodies",
        "GET /api/public/bodies/:x/openness",
        "GET /api/public/bodies/:x/openness/:x",
        "GET /bodies/:x/openness",
        "GET /bodies/:x/openness/:x",
        "GET /api/public/powers",
        "GET /api/public/officers",
        "GET /api/public/documents/:x/files/:x",
        "GET /api/public/consultations/:x/files/:x",
        "POST /feedback",
        "POST /console/login",
        "POST /verify",
        "GET /robots.txt",
        "GET /sitemap.xml",
        "GET /sitemaps/:x",
        "GET /sitemap",
        "GET /accessibility",
        "GET /favicon.svg",
        "GET /favicon.ico",
        "GET /api/public/documents",
        "GET /api/public/documents/:x",
        "GET /api/public/documents.atom",
        "GET /api/public/documents.csv",
        "GET /api/public/consultations",
        "GET /api/public/consultations/:x",
        "POST /api/public/consultations/:x/comments",
        "GET /documents",
        "GET /documents/:x",
        "GET /consultations",
        "GET /consultations/:x",
        "POST /consultations/:x/comments",
        "POST /api/public/subscriptions",
        "POST /api/public/subscriptions/confirm",
        "GET /api/public/subscriptions/:x",
        "DELETE /api/public/subscriptions/:x",
        "POST /api/public/subscriptions/:x/unsubscribe",
        "POST /api/public/subscriptions/:x/replay",
        "GET /api/public/subscriptions/:x/atom",
        "POST /websub",
        "POST /subscriptions",
        "GET /subscriptions/:x",
        "POST /subscriptions/confirm",
        "POST /api/imports",
        "GET /api/imports/:x",
        "GET /api/public/inspection-plans",
        "GET /api/public/inspection-plans/:x",
        "GET /api/public/inspection-plans/:x/pool",
        "GET /inspection-plans/:x",
        "GET /inspection-results",
        "GET /api/public/inspection-results",
        "GET /api/public/inspection-plans.atom",
        "PUT /api/intake/decisions/:x",
        "POST /api/api-keys",
        "PATCH /api/intake/drafts/:x",
      ]) {
        expect(
          routes.map((r) => `${r.method} ${r.path.replace(/\{\w+\}/g, ":x")}`).some((r) => r.startsWith(must)),
        ).toBe(true);
      }

      const before = await rowCounts(platform.db.url);
      const failures: string[] = [];
      let sent = 0;
      const send = async (route: Route, h: Hostile, who: "anonymous" | "signed-in") => {
        const headers: Record<string, string> = { ...h.headers };
        if (who === "signed-in" && route.kind === "api") headers.authorization = `Bearer ${admin}`;
        if (who === "signed-in" && route.kind !== "api") {
          headers.cookie = [...consoleAdmin.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
          headers.origin = platform.baseUrl;
        }
        let body = h.body;
        if (
          who === "signed-in" &&
          route.kind === "console" &&
          typeof body === "string" &&
          headers["content-type"]?.startsWith("application/x-www-form-urlencoded")
        ) {
          body = `_csrf=${encodeURIComponent(consoleAdmin.csrf)}&${body}`;
        }
        const res = await fetch(platform.baseUrl + h.url, { method: h.method, headers, body, redirect: "manual" });
        const text = await res.text();
        const shown = text
          .replace(/<[^>]+>/g, " ")
          .replace(/\s+/g, " ")
          .slice(0, 300);
        sent++;
        const what = `${who} ${h.method} ${h.url.slice(0, 120)} [${h.cls}] → ${res.status}`;
        if (res.status >= 500) failures.push(`${what}: ${shown}`);
        for (const [name, pattern] of INTERNALS) {
          if (pattern.test(text)) failures.push(`${what} echoes ${name}: ${shown}`);
        }
        // Without a session a console page sends the browser to sign in first.
        const redirected = route.kind === "console" && who === "anonymous" && !route.anonymous && res.status === 303;
        if (h.expect !== undefined && res.status !== h.expect && !redirected)
          failures.push(`${what}, expected ${h.expect}: ${shown}`);
        if (route.kind === "api" && res.status >= 400 && !(res.headers.get("content-type") ?? "").includes("json")) {
          failures.push(`${what}: the API answered an error as ${res.headers.get("content-type")}`);
        }
      };
      const jobs: (() => Promise<void>)[] = [];
      for (const route of routes) {
        for (const h of hostileRequests(route)) {
          jobs.push(() => send(route, h, "anonymous"));
          if (!route.anonymous || route.kind === "api") jobs.push(() => send(route, h, "signed-in"));
        }
      }
      // Multipart for the verify form: hostile field values (422) and part headers (400, malformed).
      const multipart: [string, (form: FormData) => void, number][] = [
        ["NUL in a field", (f) => f.append("note", NUL), 422],
        ["NUL in a field name", (f) => f.append(`k${NUL}`, "x"), 400],
        ["NUL in a file name", (f) => f.append("file", new Blob([Buffer.from("%PDF-1.7\n")]), `a${NUL}.pdf`), 400],
      ];
      for (const [cls, add, expected] of multipart) {
        jobs.push(async () => {
          const form = new FormData();
          add(form);
          form.append("file", new Blob([Buffer.from(`%PDF-1.7\n${NUL}`)]), "a.pdf");
          const res = await fetch(`${platform.baseUrl}/verify`, { method: "POST", body: form });
          const text = await res.text();
          sent++;
          if (res.status !== expected)
            failures.push(`POST /verify multipart [${cls}] → ${res.status}, expected ${expected}`);
          for (const [name, pattern] of INTERNALS) {
            if (pattern.test(text)) failures.push(`POST /verify multipart [${cls}] echoes ${name}`);
          }
        });
      }
      for (let i = 0; i < jobs.length; i += 8) await Promise.all(jobs.slice(i, i + 8).map((job) => job()));

      if (process.env.FUZZ_FAILURES)
        (await import("node:fs")).writeFileSync(process.env.FUZZ_FAILURES, failures.join("\n"));
      expect(sent).toBeGreaterThan(3000);
      expect(failures.slice(0, 20)).toEqual([]);
      expect(await rowCounts(platform.db.url)).toEqual(before);
      // The session and the token still work: nothing above reached their owner's state.
      expect((await platform.api.get("/api/auth/me", admin)).status).toBe(200);
      expect((await consoleAdmin.get("/console")).status).toBe(200);
    },
    BUDGET_MS,
  );

  it("answers the public outputs' impossible dates with 422 (JSON), and the portal search with a Chinese page", async () => {
    for (const date of NOT_A_DATE) {
      for (const path of ["/api/public/notices", "/api/public/feed.atom", "/api/public/notices.csv"]) {
        const res = await platform.api.get(`${path}?from=${date}`);
        expect(res.status, `${path} ${date}`).toBe(422);
        expect(res.body).toMatchObject({
          code: 422,
          data: [expect.objectContaining({ field: "from", type: "stringPattern" })],
        });
      }
      const page = await fetch(`${platform.baseUrl}/search?q=%E7%BD%9A%E6%AC%BE&to=${date}`);
      expect(page.status).toBe(422);
      expect(page.headers.get("content-type")).toContain("text/html");
      expect(await page.text()).toContain("截止日期不是有效的日期");
    }
    expect((await platform.api.get("/api/public/notices?from=2024-02-29&to=2026-12-31")).status).toBe(200);
  });

  it("never reads a body sent with a GET: the edge-cached public list stays the same for every reader", async () => {
    const url = `${platform.baseUrl}/api/public/notices?limit=2`;
    // fetch refuses a GET with a body; a client on the wire need not
    const poisoned = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const body = '{"facets":true}';
      const req = http.request(url, {
        method: "GET",
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      });
      req.on("response", (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on("error", reject);
      req.end(body);
    });
    expect(poisoned.status).toBe(200);
    expect(JSON.parse(poisoned.body)).not.toHaveProperty("facets");
    expect(await (await fetch(url)).json()).not.toHaveProperty("facets");
  });

  it("answers a 422 without the value sent, the server's pattern, its node or its action", async () => {
    const res = await platform.api.get(`/api/public/notices/${encodeURIComponent("\"><zq1>'")}`);
    expect(res.status).toBe(422);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    const text = JSON.stringify(res.body);
    expect(text).not.toContain("zq1");
    for (const key of ["actual", "expected", "nodeID", "action"]) expect(text).not.toContain(`"${key}"`);
    expect(res.body.data[0]).toMatchObject({ field: "id" });
  });

  it("names the field a NUL or a lone surrogate is in, also for the anonymous sign-in and the public search", async () => {
    const login = await platform.api.request("POST", "/api/auth/login", {
      raw: '{"username":"ad\\u0000min","password":"whatever-it-is"}',
    });
    expect(login.status).toBe(422);
    expect(login.body).toMatchObject({ type: "UNSAFE_TEXT", data: [expect.objectContaining({ field: "username" })] });
    const search = await platform.api.get(`/api/public/notices?q=${encodeURIComponent(NUL)}`);
    expect(search.body).toMatchObject({ code: 422, data: [expect.objectContaining({ field: "q" })] });
    const nested = await platform.api.request("POST", "/api/public/feedback", {
      raw: '{"category":"suggestion","content":"a fine text","extra":{"list":["ok","\\ud800"]}}',
    });
    expect(nested.status).toBe(422);
    expect(nested.body.data[0].field).toBe("extra.list[1]");
    const consoleLogin = await fetch(`${platform.baseUrl}/console/login`);
    const token = csrfOf(await consoleLogin.text());
    const signIn = await fetch(`${platform.baseUrl}/console/login`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        cookie: consoleLogin.headers
          .getSetCookie()
          .map((c) => c.split(";")[0])
          .join("; "),
        origin: platform.baseUrl,
      },
      body: new URLSearchParams({ _csrf: token, username: NUL, password: "whatever-it-is" }).toString(),
      redirect: "manual",
    });
    expect(signIn.status).toBe(422);
    expect(await signIn.text()).toContain("无法处理的字符");
  });
});

describe("the public routes of 规范性文件 and 预公开, on real records", () => {
  /** Written into every hostile value: an answer that holds it echoed the input. */
  const MARK = "zq7echo";
  const HOSTILE = `"><${MARK} onmouseover=alert(1)>' OR '1'='1`;

  it("answers hostile lists, items, the Atom feed and comments with 4xx, never echoing the input, writing nothing", async () => {
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const { api } = platform;
    const body = await api.post(
      "/api/bodies",
      { name: "舟山市民政局", creditCode: creditCode(), region: "浙江省" },
      admin,
    );
    expect(body.status, JSON.stringify(body.body)).toBe(201);
    const bodyId = body.body.id as string;
    const d = await api.post(
      "/api/documents",
      {
        bodyId,
        title: "关于规范养老服务的通知",
        docNumber: `舟民发〔${today.slice(0, 4)}〕1号`,
        signedOn: today,
        text: "各县区民政局：为规范养老服务……",
        policy: false,
      },
      admin,
    );
    expect(d.status, JSON.stringify(d.body)).toBe(201);
    expect((await api.post(`/api/documents/${d.body.id}/publish`, {}, admin)).status).toBe(200);
    const c = await api.post(
      "/api/consultations",
      {
        bodyId,
        title: "《舟山市养老服务办法（草案）》公开征求意见",
        kind: "rule",
        draftText: "第一条 ……",
        explanation: "起草说明：……",
        opensOn: today,
        closesOn: "2099-12-31",
      },
      admin,
    );
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    // The feed has both before the count: what follows may write nothing anywhere.
    for (const url of [`/api/public/documents/${d.body.id}`, `/api/public/consultations/${c.body.id}`]) {
      let status = 0;
      for (let i = 0; i < 40 && status !== 200; i++) {
        status = (await api.get(url)).status;
        if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(status, url).toBe(200);
    }
    const before = await rowCounts(platform.db.url);

    const h = encodeURIComponent(HOSTILE);
    const nul = encodeURIComponent(`${HOSTILE}\u0000`);
    const gets = [
      ...["/api/public/documents", "/api/public/documents.atom", "/documents"].flatMap((path) => [
        `${path}?status=${h}`,
        `${path}?year=${h}`,
        `${path}?bodyId=${h}`,
        // the Atom feed takes no cursor (an unknown parameter is ignored there)
        ...(path.endsWith(".atom") ? [] : [`${path}?cursor=${h}`]),
        `${path}?q=${nul}`,
        `${path}?year=99999999999999999999`,
        `${path}?status=valid&status=${h}`,
      ]),
      `/api/public/documents?limit=${h}`,
      `/api/public/documents.atom?limit=${h}`,
      `/api/public/consultations?cursor=${h}`,
      `/api/public/consultations?limit=${h}`,
      `/consultations?cursor=${h}`,
      ...["/api/public/documents/", "/api/public/consultations/", "/documents/", "/consultations/"].flatMap((path) => [
        `${path}${h}`,
        `${path}${nul}`,
        `${path}${RAW_SURROGATE}`,
        `${path}01a218bd-ee1b-7000-968e-f431a7adefef`,
        `${path}${d.body.id}${h}`,
      ]),
    ];
    const contentCases: [string, unknown][] = [
      ["empty content", { content: "", contact: HOSTILE }],
      ["blank content", { content: "   \n ", contact: HOSTILE }],
      ["NUL in the content", { content: `${HOSTILE}\u0000`, contact: "x" }],
      ["lone surrogate in the content", { content: `${HOSTILE}\uD800` }],
      ["NUL in the contact", { content: `建议${HOSTILE}`, contact: `${HOSTILE}\u0000` }],
      ["content too long", { content: `${HOSTILE}${"意".repeat(5000)}` }],
      ["contact too long", { content: `建议${HOSTILE}`, contact: HOSTILE.repeat(20) }],
      ["a number for the content", { content: 12345, contact: HOSTILE }],
      ["an array for the content", { content: [HOSTILE], contact: HOSTILE }],
      ["an object for the content", { content: { [HOSTILE]: HOSTILE } }],
      ["no content", { contact: HOSTILE, [HOSTILE]: HOSTILE }],
      ["an array for the body", [HOSTILE]],
      ["a string for the body", HOSTILE],
      ["prototype keys", JSON.parse(`{"__proto__":{"content":"${MARK}"},"constructor":{"prototype":{"x":1}}}`)],
    ];
    const posts: { what: string; url: string; headers: Record<string, string>; body: string }[] = [];
    for (const [what, value] of contentCases) {
      posts.push({
        what,
        url: `/api/public/consultations/${c.body.id}/comments`,
        headers: { "content-type": "application/json" },
        body: JSON.stringify(value),
      });
    }
    for (const [what, raw] of [
      ["bad JSON", `{"content":"${MARK}`],
      ["JSON nested deep", '{"content":'.repeat(2000) + `"${MARK}"` + "}".repeat(2000)],
    ] as const) {
      posts.push({
        what,
        url: `/api/public/consultations/${c.body.id}/comments`,
        headers: { "content-type": "application/json" },
        body: raw,
      });
    }
    for (const id of [HOSTILE, `${HOSTILE}\u0000`, "01a218bd-ee1b-7000-968e-f431a7adefef"]) {
      posts.push({
        what: `hostile id ${JSON.stringify(id).slice(0, 20)}`,
        url: `/api/public/consultations/${encodeURIComponent(id)}/comments`,
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ content: "合理的意见" }),
      });
    }
    for (const [what, fields] of [
      ["form: empty content", { content: "", contact: HOSTILE }],
      ["form: NUL in the content", { content: `${HOSTILE}\u0000`, contact: HOSTILE }],
      ["form: content too long", { content: `${HOSTILE}${"意".repeat(5000)}`, contact: "" }],
      ["form: contact too long", { content: `建议${HOSTILE}`, contact: HOSTILE.repeat(20) }],
    ] as const) {
      posts.push({
        what,
        url: `/consultations/${c.body.id}/comments`,
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(fields).toString(),
      });
    }

    const failures: string[] = [];
    const judge = async (what: string, res: Response) => {
      const text = await res.text();
      const type = res.headers.get("content-type") ?? "";
      if (res.status < 400 || res.status >= 500) failures.push(`${what} → ${res.status}: ${text.slice(0, 200)}`);
      // JSON never holds the value sent; a page may keep a refused form's words, but only as text.
      if (type.includes("json") ? text.includes(MARK) : text.includes(`<${MARK}`)) {
        failures.push(`${what} → ${res.status} echoes the input: ${text.slice(0, 200)}`);
      }
      for (const [name, pattern] of INTERNALS) if (pattern.test(text)) failures.push(`${what} echoes ${name}`);
    };
    for (const url of gets) await judge(`GET ${url.slice(0, 100)}`, await fetch(platform.baseUrl + url));
    for (const p of posts) {
      const res = await fetch(platform.baseUrl + p.url, {
        method: "POST",
        headers: p.headers,
        body: p.body,
        redirect: "manual",
      });
      await judge(`POST ${p.url.slice(0, 80)} [${p.what}]`, res);
    }
    expect(failures).toEqual([]);
    expect(await rowCounts(platform.db.url)).toEqual(before);
    // The consultation still takes a plain comment: nothing above broke it.
    const fine = await api.post(`/api/public/consultations/${c.body.id}/comments`, { content: "建议增加养老床位。" });
    expect(fine.status, JSON.stringify(fine.body)).toBe(201);
  });
});
