/**
 * Builds the OpenAPI 3 document from the running services' action schemas (their `rest` routes
 * and fastest-validator `params`), so the API is described once, where it is validated.
 */
import type { ReplyDoc } from "../../lib/contract.js";
import type { Rule, RuleObject } from "../../shared/validation.js";

export interface ActionInfo {
  name: string;
  rest?: string | string[] | { method?: string; path?: string } | null;
  params?: Record<string, Rule>;
  roles?: string[];
  summary?: string;
  visibility?: string;
}

export interface ServiceInfo {
  name: string;
  settings?: { rest?: string };
  actions?: Record<string, ActionInfo>;
}

type JsonSchema = Record<string, unknown>;

function parseShorthand(rule: string): RuleObject {
  const [type, ...flags] = rule.split("|").map((part) => part.trim());
  const out: RuleObject = { type };
  for (const flag of flags) {
    const [k, v] = flag.split(":");
    out[k as string] =
      v === undefined || v === "true" ? true : v === "false" ? false : Number.isNaN(Number(v)) ? v : Number(v);
  }
  return out;
}

export function isOptional(rule: Rule): boolean {
  if (Array.isArray(rule)) return rule.some(isOptional);
  const r = typeof rule === "string" ? parseShorthand(rule) : rule;
  return r.optional === true || r.default !== undefined;
}

export function ruleToSchema(rule: Rule): JsonSchema {
  if (Array.isArray(rule)) return { oneOf: rule.map(ruleToSchema) };
  const r = typeof rule === "string" ? parseShorthand(rule) : rule;
  const s: JsonSchema = {};
  switch (r.type) {
    case "string":
    case "email":
    case "url":
    case "uuid":
      s.type = "string";
      if (r.type !== "string") s.format = r.type === "url" ? "uri" : r.type;
      if (typeof r.min === "number") s.minLength = r.min;
      if (typeof r.max === "number") s.maxLength = r.max;
      if (typeof r.length === "number") s.minLength = s.maxLength = r.length;
      if (typeof r.pattern === "string") s.pattern = r.pattern;
      if (Array.isArray(r.enum)) s.enum = r.enum;
      break;
    case "number":
      s.type = r.integer ? "integer" : "number";
      if (typeof r.min === "number") s.minimum = r.min;
      if (typeof r.max === "number") s.maximum = r.max;
      if (r.positive) {
        s.minimum = 0;
        s.exclusiveMinimum = true;
      }
      break;
    case "boolean":
      s.type = "boolean";
      break;
    case "date":
      s.type = "string";
      s.format = "date-time";
      break;
    case "enum":
      s.enum = r.values as unknown[];
      break;
    case "equal":
      s.enum = [r.value];
      break;
    case "multi":
      return { oneOf: ((r.rules as Rule[]) ?? []).map(ruleToSchema), ...(r.nullable ? { nullable: true } : {}) };
    case "array":
      s.type = "array";
      if (r.items !== undefined) s.items = ruleToSchema(r.items);
      if (typeof r.min === "number") s.minItems = r.min;
      if (typeof r.max === "number") s.maxItems = r.max;
      if (r.unique) s.uniqueItems = true;
      break;
    case "object": {
      const props = (r.props ?? r.properties) as Record<string, Rule> | undefined;
      // Without declared fields the object is free-form (a record, counts by kind).
      Object.assign(s, props ? objectSchema(props) : { type: "object" });
      break;
    }
    case "any":
      break;
    default:
      break;
  }
  if (r.nullable) {
    s.nullable = true;
    // OpenAPI 3.0: a nullable enum lists null among its values.
    if (Array.isArray(s.enum)) s.enum = [...(s.enum as unknown[]), null];
  }
  if (typeof r.default !== "undefined" && typeof r.default !== "function") s.default = r.default;
  return s;
}

export function objectSchema(props: Record<string, Rule>): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [key, rule] of Object.entries(props)) {
    if (key.startsWith("$$")) continue;
    properties[key] = ruleToSchema(rule);
    if (!isOptional(rule)) required.push(key);
  }
  return { type: "object", properties, ...(required.length ? { required } : {}), additionalProperties: false };
}

function restOf(action: ActionInfo): { method: string; path: string }[] {
  const rests = Array.isArray(action.rest) ? action.rest : action.rest ? [action.rest] : [];
  return rests.map((r) => {
    if (typeof r === "string") {
      const [method, path] = r.includes(" ") ? r.split(/\s+/) : ["*", r];
      return { method: (method as string).toLowerCase(), path: path as string };
    }
    return { method: (r.method ?? "*").toLowerCase(), path: r.path ?? "/" };
  });
}

function joinPath(...parts: (string | undefined)[]): string {
  const joined = parts
    .filter((p): p is string => !!p)
    .join("/")
    .replace(/\/+/g, "/");
  const trimmed = joined.length > 1 ? joined.replace(/\/$/, "") : joined;
  return trimmed.startsWith("/") ? trimmed : `/${trimmed}`;
}

const ERROR_RESPONSE = {
  description: "Error",
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
};

export interface OpenApiOptions {
  title: string;
  version: string;
  description: string;
  /** Route prefix the actions are served under, e.g. "/api". */
  prefix: string;
  /** Extra operations not generated from actions (health, metrics). */
  extraPaths?: Record<string, unknown>;
  /** What each action answers, by action name (the contracts' `reply`). */
  replies?: ReadonlyMap<string, ReplyDoc>;
}

/** The success response of an action: its documented body, or only a description. */
function successResponse(reply: ReplyDoc | undefined): Record<string, unknown> {
  if (!reply) return { description: "Success" };
  if ("media" in reply) {
    const schema = reply.media.startsWith("application/pdf")
      ? { type: "string", format: "binary" }
      : { type: "string" };
    return { description: reply.description, content: { [reply.media]: { schema } } };
  }
  return { description: "Success", content: { "application/json": { schema: ruleToSchema(reply.json) } } };
}

export function buildOpenApi(services: ServiceInfo[], opts: OpenApiOptions): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const svc of services) {
    for (const action of Object.values(svc.actions ?? {})) {
      if (action.visibility && action.visibility !== "published") continue;
      const rests = restOf(action);
      for (const [i, { method, path }] of rests.entries()) {
        const full = joinPath(opts.prefix, svc.settings?.rest, path);
        // `:name` is one segment, `*name` the rest of the path (path-to-regexp 8).
        const pathParams = [...full.matchAll(/[:*](\w+)/g)].map((m) => m[1] as string);
        const oaPath = full.replace(/[:*](\w+)/g, "{$1}");
        const params = { ...(action.params ?? {}) };
        const parameters: unknown[] = pathParams.map((name) => ({
          name,
          in: "path",
          required: true,
          schema: params[name] ? ruleToSchema(params[name] as Rule) : { type: "string" },
        }));
        for (const name of pathParams) delete params[name];
        const op: Record<string, unknown> = {
          // Unique per operation: a second route of the same method (an alias) is numbered.
          operationId:
            rests.length === 1
              ? action.name
              : rests.slice(0, i).some((r) => r.method === method)
                ? `${action.name}.${method}${i}`
                : `${action.name}.${method}`,
          summary: action.summary ?? action.name,
          tags: [svc.name],
          parameters,
          responses: {
            "2XX": successResponse(opts.replies?.get(action.name)),
            "4XX": ERROR_RESPONSE,
            "503": ERROR_RESPONSE,
          },
        };
        if (method === "get" || method === "delete") {
          for (const [name, rule] of Object.entries(params)) {
            if (name.startsWith("$$")) continue;
            parameters.push({ name, in: "query", required: !isOptional(rule), schema: ruleToSchema(rule) });
          }
        } else {
          op.requestBody = {
            required: true,
            content: { "application/json": { schema: objectSchema(params) } },
          };
        }
        if (action.roles?.length) {
          op.security = [{ bearer: [] }];
          op.description = `Roles: ${action.roles.join(", ")}`;
        }
        const methods = method === "*" ? ["get", "post"] : [method];
        for (const m of methods) (paths[oaPath] ??= {})[m] = op;
      }
    }
  }
  const sorted = Object.fromEntries(
    Object.entries({ ...paths, ...(opts.extraPaths ?? {}) }).sort(([a], [b]) => a.localeCompare(b)),
  );
  return {
    openapi: "3.0.3",
    info: { title: opts.title, version: opts.version, description: opts.description },
    paths: sorted,
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
      schemas: {
        Error: {
          type: "object",
          required: ["name", "message", "code"],
          properties: {
            name: { type: "string" },
            message: { type: "string" },
            code: { type: "integer" },
            type: { type: "string" },
            data: {},
          },
        },
      },
    },
  };
}
