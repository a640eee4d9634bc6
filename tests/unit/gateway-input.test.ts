/**
 * The gateway's JSON body parser: a `__proto__` key is dropped at any depth, so that when
 * moleculer-web merges the body into the parameters (Object.assign) it never becomes their prototype.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { jsonBody } from "../../services/gateway/input.js";

async function parsed(text: string): Promise<unknown> {
  const req = Object.assign(Readable.from([Buffer.from(text)]), {
    method: "POST",
    headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(text)) },
  }) as unknown as IncomingMessage & { body?: unknown };
  await new Promise<void>((resolve, reject) =>
    jsonBody({ limit: "1mb" })(req, {} as ServerResponse, (err?: unknown) => (err ? reject(err) : resolve())),
  );
  return req.body;
}

describe("the JSON body parser", () => {
  it("drops __proto__ keys, so the merged parameters inherit nothing", async () => {
    const body = await parsed(
      '{"__proto__":{"content":"inherited"},"contact":"x","nested":{"__proto__":{"a":1},"b":2}}',
    );
    expect(body).toEqual({ contact: "x", nested: { b: 2 } });
    const params: Record<string, unknown> = {};
    Object.assign(params, body);
    expect(params.content).toBeUndefined();
    expect(Object.getPrototypeOf(params)).toBe(Object.prototype);
    expect(Object.getPrototypeOf((body as { nested: object }).nested)).toBe(Object.prototype);
  });

  it("keeps every other key, constructor included, as the client sent it", async () => {
    expect(await parsed('{"constructor":{"prototype":1},"content":"意见","list":[{"k":null}]}')).toEqual({
      constructor: { prototype: 1 },
      content: "意见",
      list: [{ k: null }],
    });
  });
});
