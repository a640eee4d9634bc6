/**
 * A real 500 (a bug, not bad input) over a split deployment: the answer is a fixed message with an
 * error id, over NATS and over HTTP alike; the log holds the id and the stack once, never the SQL,
 * the values, a password hash or a token.
 *
 * The failures are PostgreSQL's own: text it cannot store (a NUL, which the gateway refuses but a
 * service called on the bus receives as sent) and a value a statement cannot take. The second is
 * thrown by a service the test starts on the platform's bus without the platform's middlewares, as
 * a node of another version would: what reaches the gateway is then the driver's error as it is,
 * and the gateway alone must keep it from the caller.
 */
import { randomBytes } from "node:crypto";
import type { ServiceBroker } from "moleculer";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call } from "../../lib/contract.js";
import { INTERNAL_MESSAGE } from "../../lib/errors.js";
import { duties } from "../../services/duties/contract.js";
import { creditCode } from "../support/fixtures.js";
import { ADMIN_PASSWORD, joinBus, startPlatform, type Platform } from "../support/platform.js";

let platform: Platform;
let bus: ServiceBroker;
let admin: { id: string; username: string; role: string; bodyId: string | null };

/** Strings that must never reach an answer or the log. */
const MARKER = `secret-${randomBytes(6).toString("hex")}`;
const HASH = `$scrypt$N=16384,r=8,p=1$${MARKER}`;
const ERROR_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function logOf(index: number): string {
  return platform.procs[index]?.output.join("") ?? "";
}

function linesWith(text: string, needle: string): string[] {
  return text.split("\n").filter((l) => l.includes(needle));
}

beforeAll(async () => {
  platform = await startPlatform([
    "gateway",
    "accounts,duties,cases,results,notices,feed,feedback,requests,documents,tlog,reports,subscriptions,inspections,imports",
  ]);
  const token = await platform.api.login("admin", ADMIN_PASSWORD);
  admin = (await platform.api.get("/api/auth/me", token)).body;
  bus = await joinBus(platform);
});

afterAll(async () => {
  await bus?.stop();
  await platform?.stop();
});

describe("a real 500", () => {
  it("is only ever a bug: the services' client errors cross NATS and the gateway as they are", async () => {
    const wrong = await platform.api.post("/api/auth/login", { username: "admin", password: "not-the-password" });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ code: 401, type: "BAD_CREDENTIALS" });
    const token = await platform.api.login("admin", ADMIN_PASSWORD);
    const missing = await platform.api.get("/api/results/01a218bd-ee1b-7000-968e-f431a7adefef", token);
    expect(missing.status).toBe(404);
    const refused = await platform.api.post(
      "/api/bodies",
      { name: "某局", creditCode: "123", region: "浙江省" },
      token,
    );
    expect(refused.status).toBe(422);
  });

  it("leaves the service's node as a fixed message with an error id; its log has the id and the stack once, no values", async () => {
    const bodiesBefore = await countBodies();
    const err = (await call(
      bus,
      duties.createBody,
      { name: `机关\u0000${MARKER}`, creditCode: creditCode(), region: "浙江省", address: HASH },
      { meta: { user: admin } },
    ).catch((e: unknown) => e)) as {
      name: string;
      message: string;
      code: number;
      type: string;
      data: { errorId: string };
    };
    expect(err).toMatchObject({ message: INTERNAL_MESSAGE, code: 500, type: "INTERNAL_ERROR" });
    expect(err.data.errorId).toMatch(ERROR_ID);
    const sent = JSON.stringify({ ...err, stack: (err as unknown as Error).stack });
    for (const secret of [MARKER, "$scrypt$", "insert into", "\\u0000"]) expect(sent).not.toContain(secret);

    const log = logOf(1);
    const lines = linesWith(log, err.data.errorId);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`internal error ${err.data.errorId} in duties.createBody:`);
    // The stack follows the id's line once.
    const after = log
      .slice(log.indexOf(lines[0] as string))
      .split("\n")
      .slice(1, 3);
    expect(after[0]).toMatch(/^ {4}at /);
    for (const secret of [MARKER, "$scrypt$", "insert into", "values ("]) expect(log).not.toContain(secret);
    expect(await countBodies()).toBe(bodiesBefore);
  });

  it("is answered over HTTP with the fixed message and an id even when a node sends the driver's error as it is", async () => {
    const db = new pg.Pool({ connectionString: platform.db.url, max: 1 });
    bus.createService({
      name: "rawerrors",
      settings: { rest: "/" },
      actions: {
        fail: {
          rest: "GET /rawerrors/fail",
          params: {},
          async handler() {
            // PostgreSQL names the value it could not take in its message.
            await db.query("select $1::date, $2::text", [`2026-02-30 ${MARKER}`, HASH]);
          },
        },
      },
    });
    await bus.waitForServices(["rawerrors"]);
    try {
      let res = await platform.api.get("/api/rawerrors/fail");
      // The gateway aliases a service's routes shortly after it joins.
      for (let i = 0; i < 50 && res.status === 404; i++) {
        await new Promise((r) => setTimeout(r, 200));
        res = await platform.api.get("/api/rawerrors/fail");
      }
      expect(res.status).toBe(500);
      expect(res.body).toMatchObject({
        name: "InternalError",
        message: INTERNAL_MESSAGE,
        code: 500,
        type: "INTERNAL_ERROR",
        data: { errorId: expect.stringMatching(ERROR_ID) },
      });
      const text = JSON.stringify(res.body);
      for (const secret of [MARKER, "$scrypt$", "select", "2026-02-30"]) expect(text).not.toContain(secret);

      const log = logOf(0);
      const lines = linesWith(log, res.body.data.errorId);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain("GET /api/rawerrors/fail");
      for (const secret of [MARKER, "$scrypt$", "2026-02-30"]) expect(log).not.toContain(secret);
      expect(log).not.toContain("Request error!");
    } finally {
      await db.end();
    }
  });
});

async function countBodies(): Promise<number> {
  const db = new pg.Client({ connectionString: platform.db.url });
  await db.connect();
  try {
    return Number((await db.query("select count(*) from duties.bodies")).rows[0].count);
  } finally {
    await db.end();
  }
}
