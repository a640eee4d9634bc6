/**
 * The HTTP gateway (moleculer-web): the REST API under /api, generated from the services'
 * `rest` declarations; health and the OpenAPI document at the root; Prometheus metrics on METRICS_PORT.
 */
import { errorMessageOf, problemMessageOf } from "../../shared/messages.js";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Context, ServiceBroker, ServiceSchema } from "moleculer";
import { Errors } from "moleculer";
import ApiGateway, { type ApiSettingsSchema } from "moleculer-web";
import pg from "pg";
import { checkRoles, type CallerRole, type Meta } from "../../lib/auth.js";
import {
  dependencyCall,
  DependencyUnavailableError,
  INTERNAL_MESSAGE,
  isExpectedError,
  toInternalError,
  UnauthorizedError,
} from "../../lib/errors.js";
import { busIsUp } from "../../lib/bus-status.js";
import { clientAddress, proxyTrust } from "../../shared/client-address.js";
import { livenessOf, NodeLiveness } from "../../lib/liveness.js";
import type { ReadCache } from "../../lib/read-cache.js";
import { edgeApi, edgeCacheOf, edgePages, keepAnswer, type EdgeReq } from "./edge.js";
import type { Runtime } from "../../lib/runtime.js";
import { buildOpenApi, type ServiceInfo } from "./openapi.js";
import { REPLIES } from "../../src/contracts.js";
import { PrometheusText, serveMetricsOrWarn } from "./metrics.js";
import { outageOf, RETRY_AFTER_SECONDS, type Check } from "./outage.js";
import { platformChecks, timed, witnessCheck } from "./readiness.js";
import { consoleAliases, consoleErrorPage } from "../../web/console/index.js";
import { errorPage } from "../../web/portal/errors.js";
import { checkInputText, checkPlainQuery, jsonBody } from "./input.js";
import { PORTAL_CSP, send, type Req } from "./web.js";
import { portalAliases } from "../../web/portal/routes.js";
import { gateway } from "./contract.js";
import { call } from "../../lib/contract.js";
import { accounts } from "../accounts/contract.js";
import { auditMachineCall, checkMachineScope, resolveMachine } from "./machine.js";

interface Vars {
  platformChecks(): Record<string, Check>;
  noteReadiness(failing: string): void;
  /** The readiness last logged: "" when ready, else what failed; undefined before the first probe. */
  readiness?: string;
  /** Whether readiness was ever reached: a failure after that is worth a warning, one at start is not. */
  wasReady: boolean;
  sendErrorJson(req: IncomingMessage, res: ServerResponse, err: Error): void;
  writeErrorJson(req: IncomingMessage, res: ServerResponse, err: Error): void;
  /** moleculer-web's route table. */
  aliases: { action?: string }[];
  db: pg.Pool;
  edgeCache: ReadCache;
  metricsText: PrometheusText;
  /** GET /metrics on METRICS_PORT, apart from the public port. */
  metricsServer?: Server;
  /** Which remote nodes answer (with NATS only). */
  liveness?: NodeLiveness;
  stopping: boolean;
}

type GatewayThis = Vars;

/** Method and path of a request (no query string: it may carry values), for the log. */
function requestLine(req: IncomingMessage & { originalUrl?: string }): string {
  return `${req.method} ${(req.originalUrl ?? req.url ?? "").split("?")[0]}`;
}

/** Errors from body parsing and the like carry an HTTP status but are not MoleculerErrors. */
/**
 * Field problems as the caller sees them: the message in Chinese from the one table (by the
 * problem's type), and without what the validator adds for its own use — the value sent
 * (`actual`), the server's pattern (`expected`), the node and the action.
 */
export function publicData(data: unknown): unknown {
  if (!Array.isArray(data)) return data;
  return data.map((p: unknown) => {
    if (typeof p !== "object" || p === null) return p;
    const problem = p as Record<string, unknown>;
    const { actual: _actual, expected: _expected, nodeID: _nodeID, action: _action, ...rest } = problem;
    const message = problemMessageOf(problem);
    return message === undefined ? rest : { ...rest, message };
  });
}

function toMoleculerError(err: Error): InstanceType<typeof Errors.MoleculerError> {
  const e = err as Error & { code?: unknown; status?: unknown; type?: unknown; data?: unknown };
  const status = typeof e.status === "number" ? e.status : typeof e.code === "number" ? e.code : 500;
  const converted = new Errors.MoleculerError(e.message, status, typeof e.type === "string" ? e.type : "ERROR", e.data);
  converted.name = e.name;
  return converted;
}

export function gatewayService(rt: Runtime): ServiceSchema {
  const { config } = rt;
  const proxies = proxyTrust(config.trustedProxies ?? config.trustProxy);
  /** The caller's address, for per-client limits: the socket's, or the proxy's X-Forwarded-For when trusted. */
  function rememberClient(
    ctx: Context<unknown, Meta & { clientIp?: string; idempotencyKey?: string }>,
    _route: unknown,
    req: IncomingMessage,
  ) {
    ctx.meta.clientIp = clientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], proxies);
    // A client's retry of the same request carries the same Idempotency-Key.
    const key = req.headers["idempotency-key"];
    if (typeof key === "string" && key.length > 0) ctx.meta.idempotencyKey = key;
    // A stream alias's action reads the body itself: raw bytes, or multipart/form-data by this type.
    const type = req.headers["content-type"];
    if (typeof type === "string" && type.length <= 300) ctx.meta.uploadType = type;
  }

  /** Without the bus, nothing beyond this process answers: say so at once instead of timing out. */
  function requireBus(this: { broker: ServiceBroker }) {
    if (config.natsUrl && !busIsUp(this.broker)) throw new DependencyUnavailableError("The message bus (NATS)");
  }

  const schema: ServiceSchema<ApiSettingsSchema, Record<string, never>, Vars> = {
    name: "gateway",
    mixins: [ApiGateway],
    settings: {
      port: config.port,
      ip: config.host,
      log4XXResponses: false,
      // The route table (some 200 lines, printed again whenever a service joins) is for debugging.
      logRouteRegistration: "debug",
      onError(
        this: GatewayThis,
        req: IncomingMessage & { $ctx?: Context<unknown, Meta> },
        res: ServerResponse,
        err: Error,
      ) {
        this.sendErrorJson(req, res, err);
      },
      // moleculer-web's request lines carry the whole URL (search words, verification and tracking
      // codes): not logged; traffic is counted in the metrics, errors by their id.
      logRequest: null,
      logResponse: null,
      logRequestParams: null,
      logResponseData: null,
      // The JSON shape of every error is moleculer-web's: { name, message, code, type, data }.
      routes: [
        {
          name: "api",
          path: "/api",
          autoAliases: true,
          mappingPolicy: "restrict",
          authentication: true,
          authorization: true,
          // JSON only (strict, depth-capped, undecodable → 400, unknown encoding → 415): see input.ts.
          bodyParsers: false,
          // Only actions that declare a REST route are aliased; the gateway's own stay off /api.
          whitelist: [/^(?!gateway\.)/],
          use: [
            jsonBody({ limit: config.bodyLimit }),
            function edgeApiAnswer(this: GatewayThis, req: EdgeReq, res: ServerResponse, next: () => void) {
              edgeApi(this.edgeCache, req, res, next);
            },
          ],
          async onAfterCall(
            this: GatewayThis & { logger: never },
            ctx: Context<unknown, Meta>,
            _route: unknown,
            req: EdgeReq,
            _res: ServerResponse,
            data: unknown,
          ) {
            await auditMachineCall(ctx, req, { status: ctx.meta.$statusCode ?? 200 }, this.logger);
            keepAnswer(this.edgeCache, req, ctx.meta.$statusCode, Boolean(ctx.meta.$responseType), data);
            return data;
          },
          onBeforeCall(
            this: GatewayThis & { broker: never },
            ctx: Context<unknown, Meta>,
            route: unknown,
            req: IncomingMessage,
          ) {
            requireBus.call(this);
            checkInputText((req as { $params?: unknown }).$params, req);
            rememberClient(ctx, route, req);
          },
          callOptions: { timeout: config.requestTimeoutMs },
        },
        {
          // Operations and the public portal (HTML); no body parsing: the verify form streams its upload.
          name: "site",
          path: "/",
          mappingPolicy: "restrict",
          bodyParsers: false,
          use: [
            function edgePage(this: GatewayThis, req: EdgeReq, res: ServerResponse, next: () => void) {
              edgePages(this.edgeCache, req, res, next);
            },
          ],
          onBeforeCall(
            ctx: Context<unknown, Meta & { clientIp?: string }>,
            route: unknown,
            req: IncomingMessage & { $params?: unknown },
          ) {
            // Query and path parameters; the pages check their form bodies as they read them.
            checkPlainQuery((req as { query?: unknown }).query);
            checkInputText(req.$params, req);
            rememberClient(ctx, route, req);
          },
          aliases: {
            "GET /health/live": "gateway.live",
            "GET /health/ready": "gateway.ready",
            "GET /api/openapi.json": "gateway.openapi",
            ...portalAliases(config.publicBaseUrl, config.site),
            ...consoleAliases({ config }),
          },
        },
      ],
    },

    actions: {
      live: {
        params: {},
        handler() {
          return { status: "ok" };
        },
      },

      ready: {
        params: {},
        // Its 503s say "not ready", not "this node is broken": the circuit breaker must never
        // trip on them and answer for it (Service not available) once the platform is back.
        circuitBreaker: { enabled: false },
        async handler() {
          const checks: Record<string, Check> = {
            database: await timed(() => this.db.query("select 1")),
            storage: await timed(() => rt.storage.ping()),
          };
          Object.assign(checks, this.platformChecks());
          // Reported, never failing: a witness down does not stop the platform publishing.
          if (config.tlog.witnesses.length) checks.witnesses = await witnessCheck(this.broker);
          const ok = Object.values(checks).every((c) => c.ok);
          this.noteReadiness(
            Object.entries(checks)
              .filter(([, c]) => !c.ok)
              .map(([name, c]) => `${name}: ${c.error ?? "failing"}`)
              .join("; "),
          );
          if (!ok) throw new Errors.MoleculerError("Not ready", 503, "NOT_READY", { checks });
          return { status: "ready", checks };
        },
      },

      /** The read model changed (the feed calls this on every gateway): empty the edge cache. */
      forget: {
        visibility: "public",
        params: gateway.forget.params,
        handler() {
          this.edgeCache.invalidate();
          return { forgotten: true };
        },
      },

      openapi: {
        params: {},
        handler() {
          const services = this.broker.registry.getServiceList({
            withActions: true,
            onlyAvailable: false,
            skipInternal: true,
          }) as unknown as ServiceInfo[];
          const seen = new Set<string>();
          // The gateway's own actions (moleculer-web's GET /list-aliases among them) are kept off /api
          // by the route's whitelist: listing them would document routes that answer 404.
          const unique = services.filter((s) => s.name !== "gateway" && !seen.has(s.name) && seen.add(s.name));
          return buildOpenApi(unique, {
            title: "执法公示 API",
            version: "1",
            description:
              "Open law-enforcement publicity platform: 事前公开, 事中记录, 事后公开, public verification and feedback.",
            prefix: "/api",
            replies: REPLIES,
            extraPaths: {
              "/health/live": {
                get: { summary: "Liveness", responses: { "200": { description: "The process runs" } } },
              },
              "/health/ready": {
                get: {
                  summary: "Readiness: database, NATS, object storage and every service answer",
                  responses: { "200": { description: "Ready" }, "503": { description: "Not ready" } },
                },
              },
            },
          });
        },
      },
    },

    events: {
      /** SIGTERM: answer 503 on readiness from now on, while requests in flight finish. */
      "$shutdown.begin"() {
        this.stopping = true;
      },
    },

    methods: {
      /**
       * moleculer-web logs every 5xx with its message, stack and `data` before answering: a driver
       * error's SQL with its values. The answer logs a bug once, by its error id (sendErrorJson).
       */
      errorHandler(req: IncomingMessage, res: ServerResponse, err: Error) {
        (this as unknown as { sendError(q: IncomingMessage, s: ServerResponse, e: Error): void }).sendError(
          req,
          res,
          err,
        );
      },

      /**
       * moleculer-web's error answer ({ name, message, code, type, data }, with the headers the call
       * set, such as Retry-After), with one change: while the bus or a service is away, whatever
       * needs it gets 503 with Retry-After (outage.ts), not 404 or a late 504.
       */
      sendErrorJson(req: IncomingMessage & { $ctx?: Context<unknown, Meta> }, res: ServerResponse, err: Error) {
        // A call made with an API key is recorded, refused ones too, before it is answered.
        if (req.$ctx?.meta.user?.role === "intake") {
          const e = err as { code?: unknown; type?: unknown };
          const status = typeof e.code === "number" && e.code >= 400 && e.code < 600 ? e.code : 500;
          const type = typeof e.type === "string" ? e.type : undefined;
          void auditMachineCall(req.$ctx, req, { status, ...(type ? { type } : {}) }, this.logger).finally(() =>
            this.writeErrorJson(req, res, err),
          );
          return;
        }
        this.writeErrorJson(req, res, err);
      },

      writeErrorJson(req: IncomingMessage & { $ctx?: Context<unknown, Meta> }, res: ServerResponse, err: Error) {
        let error = err instanceof Errors.MoleculerError ? err : toMoleculerError(err);
        // moleculer-web's own "no such route" (our services name what was not found).
        const notRouted = error.code === 404 && error.type === "NOT_FOUND" && error.message === "Not found";
        const failing = () => Object.fromEntries(Object.entries(this.platformChecks()).filter(([, c]) => !c.ok));
        const liveness = livenessOf(this.broker);
        error = outageOf(error, failing, (id) => liveness?.responsive(id) ?? true) ?? error;
        // A bug, not the caller's fault: a fixed message and an error id; the log (where the error
        // arose, or here) holds the details, never the request's values.
        const status = Number.isInteger(error.code) ? error.code : 500;
        if (status >= 500 && !isExpectedError(error)) error = toInternalError(err, this.logger, requestLine(req));
        if (res.headersSent) return;
        for (const [key, value] of Object.entries(req.$ctx?.meta.$responseHeaders ?? {})) res.setHeader(key, value);
        if (error.code === 503 && !res.hasHeader("Retry-After")) res.setHeader("Retry-After", RETRY_AFTER_SECONDS);
        const code = Number.isInteger(error.code) && error.code >= 400 && error.code < 600 ? error.code : 500;
        // A page address no route serves (or whose service is away) is answered as a page: the
        // console's or the portal's; the API and operations paths keep the JSON error.
        const path = (req as { originalUrl?: string }).originalUrl ?? req.url ?? "";
        const pageError =
          notRouted ||
          code === 503 ||
          code === 500 ||
          code === 415 ||
          error.type === "UNSAFE_TEXT" ||
          error.type === "QUERY_NOT_TEXT";
        if (pageError && !/^\/(api|health|metrics)(\/|$|\?)/.test(path)) {
          const errorId = (error.data as { errorId?: string } | undefined)?.errorId;
          const message = errorId
            ? `${INTERNAL_MESSAGE}（错误编号：${errorId}）`
            : error.type === "UNSAFE_TEXT"
              ? "请求含有无法处理的字符（空字符或不成对的代理项）。"
              : error.type === "QUERY_NOT_TEXT"
                ? "同一查询参数只能出现一次，且须为文本。"
                : "";
          const page = /^\/console(\/|$|\?)/.test(path)
            ? consoleErrorPage(code, message)
            : errorPage({ status: code, message, baseUrl: config.publicBaseUrl });
          send(req as Req, res, code, page, { csp: PORTAL_CSP, private: true });
          return;
        }
        res.setHeader("Content-Type", "application/json; charset=utf-8");
        res.setHeader("X-Content-Type-Options", "nosniff");
        res.writeHead(code);
        res.end(
          JSON.stringify({
            name: error.name,
            message: errorMessageOf(error.type, error.data) ?? error.message,
            code,
            type: error.type,
            data: publicData(error.data),
          }),
        );
      },

      /**
       * Logs readiness when it changes, in one line without a stack (probes come every few seconds):
       * a warning when a ready platform loses something, information while starting or stopping.
       */
      noteReadiness(failing: string) {
        if (failing === this.readiness) return;
        this.readiness = failing;
        if (!failing) {
          this.wasReady = true;
          this.logger.info("Ready: database, storage and every service answer");
        } else if (this.wasReady && !this.stopping) this.logger.warn(`Not ready: ${failing}`);
        else this.logger.info(`Not ready: ${failing}`);
      },

      /** The bus, the services and their routes (readiness.ts). */
      platformChecks(): Record<string, Check> {
        const overNats = Boolean(config.natsUrl);
        return platformChecks({ broker: this.broker, aliases: this.aliases, overNats, stopping: this.stopping });
      },

      /**
       * Role check before the call leaves the gateway, so an unauthenticated or unauthorized
       * request gets 401/403 whatever its body holds. Services check again (RolesMiddleware).
       */
      authorize(
        ctx: Context<unknown, Meta>,
        _route: unknown,
        req: IncomingMessage & { $action?: { roles?: readonly CallerRole[] } },
      ) {
        const roles = req.$action?.roles;
        checkMachineScope(ctx.meta.user, roles);
        if (roles) checkRoles(ctx.meta.user, roles);
      },

      /** Bearer token (or API key) → ctx.meta.user. No header: anonymous (public actions only). */
      async authenticate(ctx: Context<unknown, Meta>, _route: unknown, req: IncomingMessage) {
        const header = req.headers.authorization;
        if (!header) return null;
        const match = /^Bearer\s+(\S+)$/i.exec(header);
        if (!match) throw new UnauthorizedError("The Authorization header must be: Bearer <token>", "INVALID_TOKEN");
        // A body's case system (办案系统) sends its API key the same way: Bearer zfgs_…
        const machine = resolveMachine(ctx, match[1] as string, req);
        if (machine) return machine;
        return dependencyCall("accounts", () => call(ctx, accounts.resolveToken, { token: match[1] as string }));
      },
    },

    created() {
      this.stopping = false;
      this.wasReady = false;
      this.metricsText = new PrometheusText(this.broker);
      this.edgeCache = edgeCacheOf(config);
      this.db = new pg.Pool({ connectionString: rt.databaseUrl, max: 2, connectionTimeoutMillis: 2000 });
      this.db.on("error", (err) => this.logger.warn("readiness pool:", err.message));
    },

    async started() {
      if (config.natsUrl) {
        this.liveness = new NodeLiveness(this.broker);
        this.liveness.start();
      }
      if (config.metricsPort > 0) {
        this.metricsServer = await serveMetricsOrWarn(
          this.metricsText,
          config.metricsHost,
          config.metricsPort,
          this.logger,
        );
      }
    },

    async stopped() {
      this.stopping = true;
      this.liveness?.stop();
      const metricsServer = this.metricsServer;
      if (metricsServer) {
        await new Promise((resolve) => {
          metricsServer.close(resolve);
          metricsServer.closeAllConnections();
        });
      }
      await this.db.end();
    },
  };
  return schema as unknown as ServiceSchema;
}
