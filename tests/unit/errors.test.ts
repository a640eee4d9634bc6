import zlib from "node:zlib";
import { DriverException, NotNullConstraintViolationException } from "@mikro-orm/core";
import { Errors, ServiceBroker } from "moleculer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DependencyUnavailableError,
  errorSummary,
  INTERNAL_MESSAGE,
  InternalErrorMiddleware,
  InvalidInputError,
  isExpectedError,
  stackFrames,
  toInternalError,
} from "../../lib/errors.js";
import { bodyErrorOf } from "../../services/gateway/input.js";

const HASH = "$scrypt$N=16384,r=8,p=1$c2FsdA$aGFzaGhhc2hoYXNo";
const TOKEN = "v1.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl";

/** A PostgreSQL error as node-postgres raises it, and MikroORM's wrapper around it (SQL and values in the message). */
function driverError(): DriverException {
  const pgError = Object.assign(new Error('null value in column "password_hash" violates not-null constraint'), {
    name: "error",
    code: "23502",
    severity: "ERROR",
    detail: `Failing row contains (admin, ${HASH}, ${TOKEN}).`,
    schema: "accounts",
    table: "users",
    column: "password_hash",
    routine: "ExecConstraints",
    query: `insert into "accounts"."users" ("username", "password_hash") values ($1, $2)`,
    parameters: ["admin", HASH],
  });
  const wrapped = Object.assign(
    new Error(`insert into "accounts"."users" values ('admin', '${HASH}') - ${pgError.message}`),
    pgError,
  );
  return new NotNullConstraintViolationException(wrapped);
}

/** A logger that keeps its lines, to read what an error left in the log. */
function memoryLogger() {
  const lines: string[] = [];
  return { lines, error: (...args: unknown[]) => lines.push(args.map(String).join(" ")) };
}

describe("errorSummary", () => {
  const sut = errorSummary;

  it("names a driver error by class, SQLSTATE and the objects it concerns, never its message, detail or values", () => {
    const summary = sut(driverError());
    expect(summary).toBe(
      "NotNullConstraintViolationException code=23502 table=users column=password_hash routine=ExecConstraints",
    );
    for (const secret of [HASH, TOKEN, "insert into", "admin", "Failing row"]) expect(summary).not.toContain(secret);
  });

  it("says only the type of something that is not an error", () => {
    expect(sut("select * from users where token = 'x'")).toBe("string");
    expect(sut(undefined)).toBe("undefined");
  });
});

describe("stackFrames", () => {
  it("keeps the frames and drops the message, also a message that spans lines and mimics frames", () => {
    const err = new Error(`insert into t values ('${HASH}')\n    at evil (${TOKEN}.js:1:1)\nnext line`);
    const frames = stackFrames(err);
    expect(frames).toMatch(/^ {4}at .*errors\.test\.ts:\d+:\d+\)?$/m);
    expect(frames).not.toContain(HASH);
    expect(frames).not.toContain(TOKEN);
    expect(frames).not.toContain("insert into");
    expect(frames.split("\n").every((l) => l.startsWith("    at "))).toBe(true);
  });

  it("keeps a driver error's frames without its SQL", () => {
    const frames = stackFrames(driverError());
    expect(frames.length).toBeGreaterThan(0);
    expect(frames).not.toContain(HASH);
  });
});

describe("toInternalError", () => {
  const sut = toInternalError;

  it("answers a fixed message with a new error id and logs the id, the summary and the stack once, without values", () => {
    const log = memoryLogger();
    const err = sut(driverError(), log, "accounts.createUser");
    expect(err).toMatchObject({
      name: "InternalError",
      message: INTERNAL_MESSAGE,
      code: 500,
      type: "INTERNAL_ERROR",
      data: { errorId: expect.stringMatching(/^[0-9a-f-]{36}$/) },
    });
    const errorId = (err.data as { errorId: string }).errorId;
    expect(log.lines).toHaveLength(1);
    const line = log.lines[0] as string;
    expect(line).toContain(`internal error ${errorId} in accounts.createUser: NotNullConstraintViolationException`);
    expect(line).toMatch(/\n {4}at /);
    for (const secret of [HASH, TOKEN, "insert into", "Failing row", "$2"]) expect(line).not.toContain(secret);
    expect(JSON.stringify(err)).not.toContain(HASH);
  });

  it("passes an error that is already internal on with its id, logging nothing more", () => {
    const log = memoryLogger();
    const first = sut(new TypeError("x is undefined"), log, "somewhere");
    // As it arrives from another node over NATS: a plain MoleculerError with the same fields.
    const remote = new Errors.MoleculerError(first.message, 500, "INTERNAL_ERROR", first.data);
    const again = sut(remote, log, "gateway");
    expect(again.data).toEqual(first.data);
    expect(log.lines).toHaveLength(1);
  });

  it("gives every error its own id", () => {
    const log = memoryLogger();
    const ids = new Set(
      Array.from({ length: 20 }, () => (sut(new Error("e"), log, "x").data as { errorId: string }).errorId),
    );
    expect(ids.size).toBe(20);
  });
});

describe("isExpectedError", () => {
  it("lets client errors and outages through and treats everything else as a bug", () => {
    expect(isExpectedError(new InvalidInputError([{ field: "a", message: "b" }]))).toBe(true);
    expect(isExpectedError(new Errors.MoleculerClientError("no", 409, "CONFLICT"))).toBe(true);
    expect(isExpectedError(new DependencyUnavailableError("PostgreSQL"))).toBe(true);
    expect(isExpectedError(new Errors.RequestTimeoutError({ action: "a.b", nodeID: "n" }))).toBe(true);
    expect(isExpectedError(new Errors.MoleculerServerError("boom", 500, "X"))).toBe(false);
    expect(isExpectedError(new Errors.MoleculerError("zlib", "Z_DATA_ERROR" as never))).toBe(false);
    expect(isExpectedError(driverError())).toBe(false);
    expect(isExpectedError(new TypeError("t"))).toBe(false);
  });

  it("reads an error of ours that came over NATS (a plain Error with its fields) by its code", () => {
    const remote = Object.assign(new Error("Wrong username or password"), {
      name: "UnauthorizedError",
      code: 401,
      type: "BAD_CREDENTIALS",
    });
    expect(isExpectedError(remote)).toBe(true);
    const conflict = Object.assign(new Error("duplicate"), { name: "ConflictError", code: 409, type: "DUPLICATE" });
    expect(isExpectedError(conflict)).toBe(true);
    expect(isExpectedError(Object.assign(new Error("x"), { code: "23505" }))).toBe(false);
  });
});

describe("DependencyUnavailableError", () => {
  it("names its cause by class and code, not by the driver's message", () => {
    const err = new DependencyUnavailableError("PostgreSQL", driverError());
    expect(JSON.stringify(err.data)).not.toContain(HASH);
    expect(JSON.stringify(err.data)).not.toContain("insert into");
    expect(err.data).toEqual({ cause: expect.stringMatching(/^NotNullConstraintViolationException code=23502/) });
  });

  it("keeps the message of a cause that quotes no statement (a refused connection, a failed migration)", () => {
    const refused = new DependencyUnavailableError("PostgreSQL", new Error("connect ECONNREFUSED 127.0.0.1:5432"));
    expect(refused.data).toEqual({ cause: "connect ECONNREFUSED 127.0.0.1:5432" });
    const quoting = new DependencyUnavailableError(
      "PostgreSQL",
      new Error(`update "accounts"."users" set "password_hash" = '${HASH}' - Connection terminated unexpectedly`),
    );
    expect(JSON.stringify(quoting.data)).not.toContain(HASH);
  });
});

describe("InternalErrorMiddleware", () => {
  let broker: ServiceBroker;

  beforeAll(async () => {
    broker = new ServiceBroker({ logger: false, middlewares: [InternalErrorMiddleware] });
    broker.createService({
      name: "store",
      actions: {
        save: () => {
          throw driverError();
        },
        refuse: () => {
          throw new InvalidInputError([{ field: "name", message: "too long" }]);
        },
        fine: () => ({ ok: true }),
      },
    });
    await broker.start();
  });

  afterAll(async () => {
    await broker.stop();
  });

  it("turns an unexpected failure into an InternalError before it leaves the node", async () => {
    // eslint-disable-next-line no-restricted-syntax -- "store" is this test's own service, with no contract
    const err = await broker.call("store.save").catch((e: unknown) => e);
    expect(err).toMatchObject({ name: "InternalError", code: 500, type: "INTERNAL_ERROR", message: INTERNAL_MESSAGE });
    expect(JSON.stringify(err)).not.toContain(HASH);
    expect((err as Error).stack ?? "").not.toContain(HASH);
  });

  it("leaves client errors and answers alone", async () => {
    // eslint-disable-next-line no-restricted-syntax -- "store" is this test's own service, with no contract
    await expect(broker.call("store.refuse")).rejects.toMatchObject({ code: 422, type: "VALIDATION_ERROR" });
    // eslint-disable-next-line no-restricted-syntax -- "store" is this test's own service, with no contract
    await expect(broker.call("store.fine")).resolves.toEqual({ ok: true });
  });
});

describe("bodyErrorOf (the gateway's body parser errors)", () => {
  it("answers a body that is not what its Content-Encoding says with 400", () => {
    for (const decode of [
      () => zlib.gunzipSync("not gzip"),
      () => zlib.inflateSync("nope"),
      () => zlib.brotliDecompressSync(Buffer.from([0xff, 0xff])),
    ]) {
      let raised: unknown;
      try {
        decode();
      } catch (e) {
        raised = e;
      }
      expect(bodyErrorOf(raised as Error)).toMatchObject({ code: 400, type: "BAD_CONTENT_ENCODING" });
    }
  });

  it("answers an unknown encoding with 415 and bad JSON with 400 without echoing the body", () => {
    const unsupported = Object.assign(new Error('unsupported content encoding "zstd"'), {
      status: 415,
      type: "encoding.unsupported",
    });
    expect(bodyErrorOf(unsupported)).toMatchObject({ code: 415, type: "UNSUPPORTED_CONTENT_ENCODING" });
    const parse = Object.assign(new Error(`Unexpected token in JSON: "${TOKEN}"`), {
      status: 400,
      type: "entity.parse.failed",
    });
    expect(bodyErrorOf(parse)).toMatchObject({ code: 400, type: "INVALID_JSON" });
    expect(bodyErrorOf(parse).message).not.toContain(TOKEN);
  });
});
