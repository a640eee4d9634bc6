import { describe, expect, it } from "vitest";
import {
  ANY,
  arr,
  BOOL,
  INT,
  json,
  literal,
  MAP,
  media,
  nullable,
  obj,
  oneOf,
  opt,
  page,
  replyCheckMiddleware,
  ReplyMismatchError,
  STR,
} from "../../lib/replies.js";
import { buildOpenApi } from "../../services/gateway/openapi.js";
import { REPLIES } from "../../src/contracts.js";

type Handler = (ctx: unknown) => Promise<unknown>;

const logged: string[] = [];
const logger = { error: (m: string) => void logged.push(m) };

/** The middleware's wrapper around a handler answering `reply`, for the action `name`. */
function wrapped(replies: Map<string, ReturnType<typeof json>>, name: string, reply: unknown): Handler {
  const mw = replyCheckMiddleware(replies) as unknown as {
    localAction(next: Handler, a: { name: string; service: { logger: typeof logger } }): Handler;
  };
  return mw.localAction(async () => reply, { name, service: { logger } });
}

const ITEM = obj({ id: STR, count: INT, when: STR, note: nullable(STR), extra: opt(BOOL), tag: oneOf(["a", "b"]) });
const replies = new Map([
  ["svc.page", json(page(ITEM, { total: INT }))],
  ["svc.either", json([obj({ ok: literal(true), value: ANY }), obj({ ok: literal(false) })])],
  ["svc.file", media("application/pdf", "a file")],
  ["svc.free", json(obj({ counts: MAP, list: arr(STR) }))],
]);

describe("reply schemas (lib/replies.ts)", () => {
  it("passes an answer that matches, as JSON: dates become strings, undefined fields vanish", async () => {
    const answer = {
      items: [{ id: "x", count: 2, when: new Date(0), note: null, extra: undefined, tag: "a" }],
      nextCursor: null,
      total: 1,
    };
    await expect(wrapped(replies, "svc.page", answer)({})).resolves.toBe(answer);
    await expect(wrapped(replies, "svc.either", { ok: true, value: [1, { a: 2 }] })({})).resolves.toBeTruthy();
    await expect(wrapped(replies, "svc.either", { ok: false })({})).resolves.toBeTruthy();
    await expect(wrapped(replies, "svc.free", { counts: { 罚款: 3 }, list: [] })({})).resolves.toBeTruthy();
  });

  it("fails an answer with an undeclared field, a missing one, a wrong type or value", async () => {
    const item = { id: "x", count: 2, when: "t", note: null, tag: "a" };
    const cases: unknown[] = [
      { items: [{ ...item, secret: "x" }], nextCursor: null, total: 1 },
      { items: [item], nextCursor: null },
      { items: [{ ...item, count: "2" }], nextCursor: null, total: 1 },
      { items: [{ ...item, tag: "c" }], nextCursor: null, total: 1 },
      { items: [{ ...item, note: undefined }], nextCursor: null, total: 1 },
      { items: [item], nextCursor: null, total: 1, more: true },
    ];
    for (const answer of cases) {
      await expect(wrapped(replies, "svc.page", answer)({})).rejects.toBeInstanceOf(ReplyMismatchError);
    }
    await expect(wrapped(replies, "svc.either", { ok: false, value: 1 })({})).rejects.toThrow(/svc\.either/);
    // The log names the field and the rule, never the value answered.
    const secret = { items: [{ ...item, note: 110105199001 }], nextCursor: null, total: 1 };
    await expect(wrapped(replies, "svc.page", secret)({})).rejects.toThrow(/items\[0\]\.note/);
    expect(logged.at(-1)).toMatch(/svc\.page .*items\[0\]\.note: string/);
    expect(logged.join("\n")).not.toContain("110105199001");
  });

  it("leaves files, streams and undocumented actions alone", async () => {
    const pdf = Buffer.from("%PDF-");
    await expect(wrapped(replies, "svc.file", pdf)({})).resolves.toBe(pdf);
    await expect(wrapped(replies, "svc.other", { anything: 1 })({})).resolves.toEqual({ anything: 1 });
  });

  it("documents each action's answer in the OpenAPI document", () => {
    const doc = buildOpenApi(
      [
        {
          name: "svc",
          settings: { rest: "/" },
          actions: {
            page: { name: "svc.page", rest: "GET /things" },
            file: { name: "svc.file", rest: "GET /things/:id/pdf" },
            none: { name: "svc.none", rest: "POST /things" },
          },
        },
      ],
      { title: "t", version: "1", description: "d", prefix: "/api", replies },
    ) as { paths: Record<string, Record<string, { responses: Record<string, Record<string, unknown>> }>> };
    const page = doc.paths["/api/things"]?.get?.responses["2XX"] as { content: Record<string, { schema: unknown }> };
    expect(page.content["application/json"]?.schema).toMatchObject({
      type: "object",
      additionalProperties: false,
      required: ["items", "nextCursor", "total"],
      properties: {
        nextCursor: { type: "string", nullable: true },
        items: {
          type: "array",
          items: {
            required: ["id", "count", "when", "note", "tag"],
            properties: { note: { type: "string", nullable: true }, tag: { enum: ["a", "b"] } },
          },
        },
      },
    });
    expect(doc.paths["/api/things/{id}/pdf"]?.get?.responses["2XX"]).toEqual({
      description: "a file",
      content: { "application/pdf": { schema: { type: "string", format: "binary" } } },
    });
    expect(doc.paths["/api/things"]?.post?.responses["2XX"]).toEqual({ description: "Success" });
  });

  it("has a rule for the answer of every public action the platform serves", () => {
    const publicActions = [
      "feed.listNotices",
      "feed.getNotice",
      "feed.atom",
      "feed.csv",
      "feed.listReplies",
      "feed.listBodies",
      "feed.getBody",
      "feed.listOfficers",
      "feed.getOfficer",
      "feed.listPowers",
      "feed.getPower",
      "feed.listInspectionItems",
      "feedback.submit",
      "feedback.track",
      "feedback.stats",
      "notices.getNoticePdf",
      "notices.verifyCode",
      "notices.verifyPdf",
    ];
    expect(publicActions.filter((name) => !REPLIES.has(name))).toEqual([]);
    // Every documented rule compiles.
    expect(() => replyCheckMiddleware(REPLIES)).not.toThrow();
  });
});
