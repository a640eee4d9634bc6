/**
 * What the gateway refuses before a request reaches a service: a JSON body nested deeper than
 * MAX_JSON_DEPTH, a body that does not decode as its Content-Encoding says, an encoding it does
 * not know, and text no service can store (NUL, unpaired surrogates) anywhere in the input.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { Errors } from "moleculer";
import ApiGateway from "moleculer-web";
import { InvalidInputError } from "../../lib/errors.js";
import { jsonDepth, MAX_JSON_DEPTH, unsafeTextIn } from "../../shared/validation.js";

/** Content-Encodings a request body may have (body-parser inflates these). */
const ENCODINGS = new Set(["identity", "gzip", "deflate", "br"]);

class BadEncodingError extends Errors.MoleculerClientError {
  constructor(message: string, code: 400 | 415, type: string) {
    super(message, code, type);
  }
}

type Next = (err?: unknown) => void;
type BodyError = Error & { status?: number; statusCode?: number; type?: string; code?: unknown; errno?: unknown };

/** The input errors the body parser reports, in the API's shape; anything else passes on unchanged. */
export function bodyErrorOf(err: BodyError): Error {
  if (err instanceof Errors.MoleculerError) return err;
  const status = err.status ?? err.statusCode;
  if (err.type === "encoding.unsupported")
    return new BadEncodingError("The request's Content-Encoding is not supported", 415, "UNSUPPORTED_CONTENT_ENCODING");
  if (err.type === "charset.unsupported")
    return new BadEncodingError("The request's charset is not supported", 415, "UNSUPPORTED_CHARSET");
  // zlib's and brotli's errors (Z_DATA_ERROR, ERR__ERROR_FORMAT_PADDING_2…): the body is not what its Content-Encoding says.
  if (typeof err.code === "string" && /^(Z_|ERR_)/.test(err.code) && typeof err.errno === "number")
    return new BadEncodingError(
      "The request body does not decode as its Content-Encoding says",
      400,
      "BAD_CONTENT_ENCODING",
    );
  if (err.type === "entity.parse.failed")
    return new Errors.MoleculerClientError("The request body is not valid JSON", 400, "INVALID_JSON");
  if (err.type === "entity.too.large")
    return new Errors.MoleculerClientError("Request body too large", 413, "TOO_LARGE");
  if (typeof status === "number" && status >= 400 && status < 500)
    return new Errors.MoleculerClientError("The request body could not be read", status, err.type ?? "BAD_REQUEST");
  return err;
}

function tooDeep(): InvalidInputError {
  return new InvalidInputError(
    [{ field: "body", message: `The JSON body nests deeper than ${MAX_JSON_DEPTH} levels`, type: "JSON_TOO_DEEP" }],
    "JSON_TOO_DEEP",
  );
}

/**
 * A `__proto__` key of a JSON body is dropped (at any depth): moleculer-web merges the body into the
 * action's parameters with Object.assign, where such a key would become their prototype and its
 * fields would pass for parameters the client never sent (as the query parser does, it is ignored).
 */
function withoutUnsafeKeys(key: string, value: unknown): unknown {
  // No field of the API is called toString or valueOf either: an object carrying one that is no
  // function would make the validator's message formatting throw (a 500) instead of answering 422.
  return key === "__proto__" || key === "toString" || key === "valueOf" ? undefined : value;
}

/**
 * body-parser's JSON parser, with the depth counted on the decoded text before JSON.parse, an
 * unknown Content-Encoding refused with 415 (also when no JSON parser would read the body),
 * decoding failures answered 400 and `__proto__` keys dropped.
 */
export function jsonBody(opts: { limit: string }) {
  const parse = ApiGateway.bodyParser.json({
    strict: true,
    limit: opts.limit,
    reviver: withoutUnsafeKeys,
    verify(_req: IncomingMessage, _res: ServerResponse, buf: Buffer) {
      if (jsonDepth(buf.toString("utf8"), MAX_JSON_DEPTH) > MAX_JSON_DEPTH) throw tooDeep();
    },
  });
  return function parseJsonBody(req: IncomingMessage, res: ServerResponse, next: Next) {
    // A read has no body: one sent anyway is never read, so it cannot become parameters that
    // the edge cache, keyed by the URL alone, would then serve to every reader.
    if (req.method === "GET" || req.method === "HEAD") {
      next();
      return;
    }
    const encoding = String(req.headers["content-encoding"] ?? "identity")
      .trim()
      .toLowerCase();
    if (!ENCODINGS.has(encoding)) {
      next(
        new BadEncodingError("The request's Content-Encoding is not supported", 415, "UNSUPPORTED_CONTENT_ENCODING"),
      );
      return;
    }
    // A verify() failure comes back as our own error (body-parser only adds a status to it).
    parse(req, res, (err?: unknown) => next(err ? bodyErrorOf(err as BodyError) : undefined));
  };
}

/**
 * Refuses text no service can store or compare (a NUL, an unpaired UTF-16 surrogate) anywhere in
 * a request's parameters (query, path and body, merged as the action receives them) and in the
 * headers the platform reads as input: 422 naming each field.
 */
export function checkInputText(params: unknown, req?: IncomingMessage): void {
  const problems = unsafeTextIn(params);
  if (req) {
    for (const header of ["idempotency-key", "x-forwarded-for", "authorization", "cookie"]) {
      const value = req.headers[header];
      if (typeof value === "string") problems.push(...unsafeTextIn(value, `header:${header}`));
    }
  }
  if (problems.length) throw new InvalidInputError(problems, "UNSAFE_TEXT");
}

/**
 * A page's query names each parameter once, as text: a repeated key (`q=a&q=b`) or a bracketed
 * one (`q[]=a`, `q[a]=b`) would reach the page as an array or object. 422 naming each field.
 */
export function checkPlainQuery(query: unknown): void {
  if (typeof query !== "object" || query === null) return;
  const problems = Object.entries(query)
    .filter(([, value]) => typeof value !== "string")
    .map(([field]) => ({ field, message: "must be given once, as text", type: "QUERY_NOT_TEXT" }));
  if (problems.length) throw new InvalidInputError(problems, "QUERY_NOT_TEXT");
}
