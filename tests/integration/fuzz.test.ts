/**
 * Hostile input, property-based (fast-check): at least 10 000 malformed requests across every
 * write route the OpenAPI document lists — wrong types, missing and extra fields, huge and empty
 * strings, unicode edge cases, path traversal and SQL metacharacters in ids, bad JSON, wrong
 * content types. Never a 5xx; never a row written.
 */
import fc from "fast-check";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_PASSWORD, startPlatform, type Platform } from "../support/platform.js";

let platform: Platform;
let admin: string;

const REQUESTS = 10_000;

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
       where table_schema in ('accounts', 'duties', 'cases', 'results', 'notices', 'feed', 'feedback')
         and table_type = 'BASE TABLE' and table_name <> 'mikro_orm_migrations'
         -- bookkeeping, not data: rate-limit hits record attempts; the feed's checkpoints appear
         -- when its timer first reaches each source
         and not (table_schema = 'feedback' and table_name = 'rate_hits')
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
  platform = await startPlatform(["gateway,accounts,duties,cases,results,notices,feed,feedback"], {
    FEEDBACK_RATE_LIMIT: "999999/60",
  });
  admin = await platform.api.login("admin", ADMIN_PASSWORD);
});

afterAll(async () => {
  await platform?.stop();
});

describe("malformed requests on every write route", () => {
  it(`answers ${REQUESTS} of them with 4xx and writes nothing`, async () => {
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
  });
});
