import { describe, expect, it } from "vitest";
import {
  buildOpenApi,
  isOptional,
  objectSchema,
  ruleToSchema,
  type ActionInfo,
  type ServiceInfo,
} from "../../services/gateway/openapi.js";
import { POWER_CATEGORIES, REMEDY_KINDS } from "../../shared/domain.js";
import { ID_PATTERN } from "../../shared/ids.js";
import {
  ID,
  optionalText,
  pagingParams,
  PHONE_PATTERN,
  strictParams,
  text,
  type ParamsSchema,
  type RuleObject,
} from "../../shared/validation.js";

type Json = Record<string, unknown>;

// Param shapes as the duties service declares them.
const PHONE = optionalText(30, { pattern: PHONE_PATTERN });

const bodyParams: ParamsSchema = {
  name: text(200),
  creditCode: text(18, { min: 18, uppercase: true }),
  region: text(100),
  phone: PHONE,
  address: optionalText(300),
};

const basisItem: RuleObject = {
  type: "object",
  props: { law: text(200), article: text(100), text: optionalText(5000) },
};

const powerParams: ParamsSchema = {
  bodyId: ID,
  code: text(64, { pattern: "^[0-9A-Za-z\\-_.]+$" }),
  name: text(200),
  category: { type: "enum", values: [...POWER_CATEGORIES] },
  basis: { type: "array", min: 1, max: 50, items: basisItem },
  standards: [
    optionalText(20_000),
    {
      type: "array",
      optional: true,
      max: 200,
      items: [text(2000), { type: "object", props: { circumstance: text(2000), measure: text(2000) } }],
    },
  ],
  timeLimitDays: { type: "number", integer: true, min: 0, max: 3650, optional: true, convert: true },
  remedies: [
    optionalText(2000),
    {
      type: "array",
      optional: true,
      items: [text(500), { type: "object", props: { kind: { type: "enum", values: [...REMEDY_KINDS] } } }],
    },
  ],
  status: { type: "string", enum: ["active", "revoked"], optional: true },
  supervisionPhone: PHONE,
};

function action(name: string, extra: Partial<ActionInfo>): ActionInfo {
  return { name, ...extra };
}

const services: ServiceInfo[] = [
  {
    name: "duties",
    settings: { rest: "/" },
    actions: {
      "duties.createBody": action("duties.createBody", {
        rest: "POST /bodies",
        summary: "Register an enforcement body (admin)",
        roles: ["admin"],
        params: strictParams(bodyParams),
      }),
      "duties.getBody": action("duties.getBody", {
        rest: "GET /public/bodies/:id",
        params: strictParams({ id: ID }),
      }),
      "duties.listBodies": action("duties.listBodies", {
        rest: "GET /public/bodies",
        params: strictParams({ q: optionalText(50), region: text(100), ...pagingParams }),
      }),
      "duties.updatePower": action("duties.updatePower", {
        rest: "PUT /powers/:id",
        roles: ["admin", "officer"],
        params: strictParams({ id: ID, ...powerParams, changeNote: optionalText(500) }),
      }),
      "duties.removeInspection": action("duties.removeInspection", {
        rest: "DELETE /inspections/:id",
        roles: ["admin"],
        params: { id: ID, reason: "string|max:200|optional" },
      }),
      "duties.bodyExists": action("duties.bodyExists", {
        visibility: "public",
        rest: "GET /internal/exists",
        params: strictParams({ id: { type: "string", max: 100 } }),
      }),
      "duties.secret": action("duties.secret", { visibility: "private", rest: "GET /secret" }),
      "duties.published": action("duties.published", { visibility: "published", rest: "GET /published" }),
      "duties.noRoute": action("duties.noRoute", { params: { id: ID } }),
    },
  },
  {
    name: "accounts",
    settings: { rest: "/auth/" },
    actions: {
      "accounts.login": action("accounts.login", {
        rest: { method: "POST", path: "/login" },
        params: strictParams({ username: text(50), password: { type: "string", min: 1, max: 200 } }),
      }),
      "accounts.me": action("accounts.me", { rest: "GET /me", roles: ["admin", "officer"] }),
      "accounts.officerStatus": action("accounts.officerStatus", {
        rest: ["POST /officers/:officerId/status", "PATCH /officers/:officerId"],
        params: { officerId: ID, status: { type: "enum", values: ["active", "revoked"] } },
      }),
    },
  },
  { name: "empty" },
];

const doc = buildOpenApi(services, {
  title: "执法公示 API",
  version: "1",
  description: "test",
  prefix: "/api",
  extraPaths: { "/health/live": { get: { summary: "Liveness" } } },
});
const paths = doc.paths as Record<string, Record<string, Json>>;

function op(path: string, method: string): Json {
  const found = paths[path]?.[method];
  if (!found) throw new Error(`no ${method.toUpperCase()} ${path}; have ${Object.keys(paths).join(", ")}`);
  return found;
}
function paramsOf(o: Json): Json[] {
  return o.parameters as Json[];
}
function bodySchemaOf(o: Json): Json {
  return (o.requestBody as { content: { "application/json": { schema: Json } } }).content["application/json"].schema;
}

describe("buildOpenApi", () => {
  it("describes an OpenAPI 3 document with the given info, bearer security and the Error schema", () => {
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info).toEqual({ title: "执法公示 API", version: "1", description: "test" });
    expect(doc.components).toMatchObject({
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
      schemas: { Error: { type: "object", required: ["name", "message", "code"] } },
    });
  });

  it("puts every route under the prefix, writes :params as {params} and sorts the paths", () => {
    expect(Object.keys(paths)).toEqual([
      "/api/auth/login",
      "/api/auth/me",
      "/api/auth/officers/{officerId}",
      "/api/auth/officers/{officerId}/status",
      "/api/bodies",
      "/api/inspections/{id}",
      "/api/powers/{id}",
      "/api/public/bodies",
      "/api/public/bodies/{id}",
      "/api/published",
      "/health/live",
    ]);
    for (const p of Object.keys(paths)) expect(p, p).not.toMatch(/\/\/|:|\/$/);
  });

  it("keeps the HTTP method of each route", () => {
    expect(Object.keys(paths["/api/bodies"]!)).toEqual(["post"]);
    expect(Object.keys(paths["/api/public/bodies/{id}"]!)).toEqual(["get"]);
    expect(Object.keys(paths["/api/powers/{id}"]!)).toEqual(["put"]);
    expect(Object.keys(paths["/api/inspections/{id}"]!)).toEqual(["delete"]);
    expect(Object.keys(paths["/api/auth/login"]!)).toEqual(["post"]);
    expect(Object.keys(paths["/api/auth/officers/{officerId}"]!)).toEqual(["patch"]);
  });

  it("omits actions that are not published and actions without a route", () => {
    const ids = Object.values(paths).flatMap((methods) => Object.values(methods).map((o) => o.operationId));
    expect(ids).not.toContain("duties.bodyExists");
    expect(ids).not.toContain("duties.secret");
    expect(ids).not.toContain("duties.noRoute");
    expect(ids).toContain("duties.published");
    expect(paths["/api/internal/exists"]).toBeUndefined();
    expect(paths["/api/secret"]).toBeUndefined();
  });

  it("names, summarises and tags each operation", () => {
    expect(op("/api/bodies", "post")).toMatchObject({
      operationId: "duties.createBody",
      summary: "Register an enforcement body (admin)",
      tags: ["duties"],
    });
    expect(op("/api/public/bodies/{id}", "get")).toMatchObject({ summary: "duties.getBody", tags: ["duties"] });
    expect(op("/api/auth/me", "get")).toMatchObject({ operationId: "accounts.me", tags: ["accounts"] });
    expect(op("/api/bodies", "post").responses).toMatchObject({
      "2XX": expect.anything(),
      "4XX": { content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
    });
  });

  it("makes path params required `in: path` parameters with the rule's schema", () => {
    expect(paramsOf(op("/api/public/bodies/{id}", "get"))).toEqual([
      { name: "id", in: "path", required: true, schema: { type: "string", pattern: ID_PATTERN } },
    ]);
    expect(paramsOf(op("/api/powers/{id}", "put"))).toEqual([
      { name: "id", in: "path", required: true, schema: { type: "string", pattern: ID_PATTERN } },
    ]);
    expect(paramsOf(op("/api/auth/officers/{officerId}/status", "post"))).toEqual([
      { name: "officerId", in: "path", required: true, schema: { type: "string", pattern: ID_PATTERN } },
    ]);
  });

  it("describes a path param without a rule as a string", () => {
    const d = buildOpenApi([{ name: "s", actions: { a: { name: "s.a", rest: "GET /x/:slug" } } }], {
      title: "t",
      version: "1",
      description: "",
      prefix: "/api",
    });
    const o = (d.paths as Record<string, Record<string, Json>>)["/api/x/{slug}"]!.get!;
    expect(o.parameters).toEqual([{ name: "slug", in: "path", required: true, schema: { type: "string" } }]);
  });

  it("writes a rest-of-the-path *param (path-to-regexp 8) as one path parameter", () => {
    const d = buildOpenApi(
      [{ name: "s", actions: { a: { name: "s.a", rest: "GET /tiles/*path", params: { path: "string" } } } }],
      { title: "t", version: "1", description: "", prefix: "/api" },
    );
    const o = (d.paths as Record<string, Record<string, Json>>)["/api/tiles/{path}"]!.get!;
    expect(o.parameters).toEqual([{ name: "path", in: "path", required: true, schema: { type: "string" } }]);
  });

  it("turns GET params into query parameters with the right `required`", () => {
    const o = op("/api/public/bodies", "get");
    expect(o.requestBody).toBeUndefined();
    const byName = Object.fromEntries(paramsOf(o).map((p) => [p.name, p]));
    expect(Object.keys(byName).sort()).toEqual(["cursor", "limit", "q", "region"]);
    expect(byName.q).toEqual({
      name: "q",
      in: "query",
      required: false,
      schema: { type: "string", minLength: 1, maxLength: 50 },
    });
    expect(byName.region).toMatchObject({ in: "query", required: true, schema: { type: "string", maxLength: 100 } });
    expect(byName.limit).toMatchObject({ in: "query", required: false, schema: { type: "integer", maximum: 100 } });
    expect(byName.cursor).toMatchObject({ in: "query", required: false, schema: { type: "string", maxLength: 200 } });
  });

  it("does not repeat path params as query parameters, nor the $$strict marker", () => {
    const names = paramsOf(op("/api/public/bodies/{id}", "get")).map((p) => p.name);
    expect(names).toEqual(["id"]);
  });

  it("turns DELETE params into query parameters (shorthand rules included)", () => {
    const o = op("/api/inspections/{id}", "delete");
    expect(o.requestBody).toBeUndefined();
    expect(paramsOf(o)[1]).toEqual({
      name: "reason",
      in: "query",
      required: false,
      schema: { type: "string", maxLength: 200 },
    });
  });

  it("gives POST a required JSON body with required fields, no extra properties and string limits", () => {
    const o = op("/api/bodies", "post");
    expect(o.parameters).toEqual([]);
    expect(o.requestBody).toMatchObject({ required: true });
    const schema = bodySchemaOf(o);
    expect(schema.type).toBe("object");
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(["name", "creditCode", "region"]);
    const props = schema.properties as Record<string, Json>;
    expect(Object.keys(props)).toEqual(["name", "creditCode", "region", "phone", "address"]);
    expect(props.name).toEqual({ type: "string", minLength: 1, maxLength: 200 });
    expect(props.creditCode).toEqual({ type: "string", minLength: 18, maxLength: 18 });
    expect(props.phone).toEqual({ type: "string", minLength: 1, maxLength: 30, pattern: PHONE_PATTERN });
  });

  it("accepts the object form of `rest`", () => {
    const schema = bodySchemaOf(op("/api/auth/login", "post"));
    expect(schema).toEqual({
      type: "object",
      properties: {
        username: { type: "string", minLength: 1, maxLength: 50 },
        password: { type: "string", minLength: 1, maxLength: 200 },
      },
      required: ["username", "password"],
      additionalProperties: false,
    });
  });

  it("registers an action with several routes under each", () => {
    const post = op("/api/auth/officers/{officerId}/status", "post");
    const patch = op("/api/auth/officers/{officerId}", "patch");
    // Not asserting operationId here: OpenAPI wants it unique, and both routes currently share one.
    expect(post.summary).toBe("accounts.officerStatus");
    expect(patch.summary).toBe("accounts.officerStatus");
    expect(bodySchemaOf(post)).toEqual(bodySchemaOf(patch));
    expect(bodySchemaOf(patch)).toEqual({
      type: "object",
      properties: { status: { enum: ["active", "revoked"] } },
      required: ["status"],
      additionalProperties: false,
    });
  });

  describe("PUT body of a power", () => {
    const schema = bodySchemaOf(op("/api/powers/{id}", "put"));
    const props = schema.properties as Record<string, Json>;

    it("leaves the path param out of the body", () => {
      expect(props.id).toBeUndefined();
      expect(schema.required).not.toContain("id");
    });

    it("requires exactly the non-optional fields, a multi-type rule being optional when an alternative is", () => {
      expect(schema.required).toEqual(["bodyId", "code", "name", "category", "basis"]);
      expect(schema.additionalProperties).toBe(false);
    });

    it("keeps patterns and enums", () => {
      expect(props.bodyId).toEqual({ type: "string", pattern: ID_PATTERN });
      expect(props.code).toEqual({ type: "string", minLength: 1, maxLength: 64, pattern: "^[0-9A-Za-z\\-_.]+$" });
      expect(props.category).toEqual({ enum: [...POWER_CATEGORIES] });
      expect(props.status).toEqual({ type: "string", enum: ["active", "revoked"] });
    });

    it("describes arrays of objects with their item schema and bounds", () => {
      expect(props.basis).toEqual({
        type: "array",
        minItems: 1,
        maxItems: 50,
        items: {
          type: "object",
          properties: {
            law: { type: "string", minLength: 1, maxLength: 200 },
            article: { type: "string", minLength: 1, maxLength: 100 },
            text: { type: "string", minLength: 1, maxLength: 5000 },
          },
          required: ["law", "article"],
          additionalProperties: false,
        },
      });
    });

    it("describes multi-type rules as oneOf, down to nested objects", () => {
      expect(props.standards).toEqual({
        oneOf: [
          { type: "string", minLength: 1, maxLength: 20_000 },
          {
            type: "array",
            maxItems: 200,
            items: {
              oneOf: [
                { type: "string", minLength: 1, maxLength: 2000 },
                {
                  type: "object",
                  properties: {
                    circumstance: { type: "string", minLength: 1, maxLength: 2000 },
                    measure: { type: "string", minLength: 1, maxLength: 2000 },
                  },
                  required: ["circumstance", "measure"],
                  additionalProperties: false,
                },
              ],
            },
          },
        ],
      });
      const remedyItem = ((props.remedies!.oneOf as Json[])[1]!.items as Json).oneOf as Json[];
      expect(remedyItem[1]).toMatchObject({
        properties: { kind: { enum: [...REMEDY_KINDS] } },
        required: ["kind"],
      });
    });

    it("describes bounded integers", () => {
      expect(props.timeLimitDays).toEqual({ type: "integer", minimum: 0, maximum: 3650 });
    });
  });

  it("adds bearer security and the roles to operations that need a role", () => {
    expect(op("/api/bodies", "post")).toMatchObject({ security: [{ bearer: [] }], description: "Roles: admin" });
    expect(op("/api/powers/{id}", "put")).toMatchObject({
      security: [{ bearer: [] }],
      description: "Roles: admin, officer",
    });
    expect(op("/api/auth/me", "get").security).toEqual([{ bearer: [] }]);
  });

  it("leaves public operations without security", () => {
    for (const [p, m] of [
      ["/api/public/bodies", "get"],
      ["/api/public/bodies/{id}", "get"],
      ["/api/auth/login", "post"],
    ]) {
      expect(op(p!, m!).security, `${m} ${p}`).toBeUndefined();
      expect(op(p!, m!).description).toBeUndefined();
    }
  });

  it("treats an empty roles list as public", () => {
    const d = buildOpenApi([{ name: "s", actions: { a: { name: "s.a", rest: "GET /x", roles: [] } } }], {
      title: "t",
      version: "1",
      description: "",
      prefix: "/api",
    });
    expect((d.paths as Record<string, Record<string, Json>>)["/api/x"]!.get!.security).toBeUndefined();
  });

  it("includes the extra paths as given", () => {
    expect(paths["/health/live"]).toEqual({ get: { summary: "Liveness" } });
  });
});

describe("ruleToSchema", () => {
  const sut = ruleToSchema;

  it("gives oneOf for a multi-type rule", () => {
    expect(sut([{ type: "string", max: 5 }, { type: "number", integer: true }, "boolean"])).toEqual({
      oneOf: [{ type: "string", maxLength: 5 }, { type: "integer" }, { type: "boolean" }],
    });
    expect(sut(["string", "number"])).toEqual({ oneOf: [{ type: "string" }, { type: "number" }] });
  });

  it("parses shorthand rules", () => {
    expect(sut("string|min:3|max:10")).toEqual({ type: "string", minLength: 3, maxLength: 10 });
    expect(sut("number|min:1")).toEqual({ type: "number", minimum: 1 });
  });

  it("maps string formats and fixed length", () => {
    expect(sut({ type: "email" })).toEqual({ type: "string", format: "email" });
    expect(sut({ type: "url" })).toEqual({ type: "string", format: "uri" });
    expect(sut({ type: "uuid" })).toEqual({ type: "string", format: "uuid" });
    expect(sut({ type: "string", length: 6 })).toEqual({ type: "string", minLength: 6, maxLength: 6 });
    expect(sut({ type: "date" })).toEqual({ type: "string", format: "date-time" });
  });

  it("maps arrays with uniqueness and item rules", () => {
    expect(sut({ type: "array", min: 1, max: 30, items: text(50), unique: true })).toEqual({
      type: "array",
      minItems: 1,
      maxItems: 30,
      uniqueItems: true,
      items: { type: "string", minLength: 1, maxLength: 50 },
    });
  });

  it("maps objects declared with `properties` as well as `props`", () => {
    expect(sut({ type: "object", properties: { a: "string" } })).toEqual({
      type: "object",
      properties: { a: { type: "string" } },
      required: ["a"],
      additionalProperties: false,
    });
  });

  it("omits `required` when every property is optional", () => {
    expect(objectSchema({ a: "string|optional", b: optionalText(3) })).toEqual({
      type: "object",
      properties: { a: { type: "string" }, b: { type: "string", minLength: 1, maxLength: 3 } },
      additionalProperties: false,
    });
  });

  it("keeps nullable and static defaults, not default functions", () => {
    expect(sut({ type: "string", nullable: true, default: "x" })).toEqual({
      type: "string",
      nullable: true,
      default: "x",
    });
    expect(sut({ type: "number", default: () => 1 })).toEqual({ type: "number" });
  });

  it("gives an empty schema for types it does not know", () => {
    expect(sut({ type: "any" })).toEqual({});
    expect(sut({ type: "custom", check: () => true })).toEqual({});
  });
});

describe("isOptional", () => {
  const sut = isOptional;

  it("reads object, shorthand and multi-type rules", () => {
    expect(sut({ type: "string", optional: true })).toBe(true);
    expect(sut({ type: "string" })).toBe(false);
    expect(sut("string|optional")).toBe(true);
    expect(sut("string")).toBe(false);
    expect(sut(["string", { type: "number", optional: true }])).toBe(true);
    expect(sut(["string", "number"])).toBe(false);
  });
});
