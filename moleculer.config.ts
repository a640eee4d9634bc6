/**
 * Moleculer broker options. Every value comes from the validated configuration (lib/config.ts),
 * which reads the environment; nothing here is read from process.env directly.
 */
import { Validators, type BrokerOptions } from "moleculer";
import { RolesMiddleware } from "./lib/auth.js";
import type { Config } from "./lib/config.js";
import { DatabaseOutageMiddleware } from "./lib/database.js";
import { InternalErrorMiddleware } from "./lib/errors.js";
import { countsAgainstEndpoint, SilentNodesMiddleware } from "./lib/liveness.js";
import { replyCheckMiddleware } from "./lib/replies.js";
import { REPLIES } from "./src/contracts.js";

type Check = ReturnType<Validators.Fastest["compile"]>;

/**
 * Moleculer's fastest-validator, each action's rule compiled at its first call rather than when the
 * service is created: a process starts without compiling some hundreds of rules it may never use.
 * Moleculer's wrapper calls the check, then reads `check.async`, so both compile on demand.
 */
class LazyValidator extends Validators.Fastest {
  override compile(schema: Record<string, unknown>): Check {
    let compiled: Check | undefined;
    const get = (): Check => (compiled ??= super.compile(schema));
    const check: Check = (params, opts) => get()(params, opts);
    Object.defineProperty(check, "async", { get: () => get().async });
    return check;
  }
}

export function brokerOptions(config: Config): BrokerOptions {
  return {
    // Isolates deployments (and test runs) that share one NATS server.
    namespace: config.namespace,
    // Unique per process; Moleculer derives hostname-pid when unset.
    nodeID: config.nodeId,

    logger: { type: "Console", options: { level: config.logLevel, formatter: "short", colors: false } },

    // With NATS_URL the process joins the bus with the other processes (or pods); without it
    // every service runs in this one process and calls stay in memory.
    transporter: config.natsUrl
      ? {
          type: "NATS",
          options: {
            url: config.natsUrl,
            // Keep trying while NATS restarts; the API answers 503 meanwhile.
            maxReconnectAttempts: -1,
            reconnectTimeWait: 1000,
          },
        }
      : undefined,
    serializer: "JSON",

    requestTimeout: config.requestTimeoutMs,
    // No automatic retries: a retried write could apply twice, and a retried gateway request
    // replays a consumed body. Outages answer 503; clients retry (with an Idempotency-Key).
    retryPolicy: { enabled: false },
    maxCallLevel: 20,
    // A node that sends no heartbeat for 15 s is dropped from the registry. The gateway does not wait
    // for that: it pings the service nodes each second and treats one that missed two pings and sent
    // nothing for 4 s as away (readiness 503, calls to it 503 at once; lib/liveness.ts), so these
    // stay at their cheap defaults.
    heartbeatInterval: 5,
    heartbeatTimeout: 15,

    // Waits for in-flight requests before a service stops (graceful shutdown).
    tracking: { enabled: true, shutdownTimeout: config.shutdownTimeoutMs },

    // An unreachable remote node is skipped instead of failing every call to it. The gateway's own
    // 503 for a silent node is not the node's failure and is not counted (like gateway.ready's 503s).
    circuitBreaker: {
      enabled: true,
      threshold: 0.5,
      minRequestCount: 20,
      windowTime: 60,
      halfOpenTime: 10_000,
      check: countsAgainstEndpoint,
    },
    bulkhead: { enabled: false },

    registry: { strategy: "RoundRobin", preferLocal: true },
    transit: { maxQueueSize: 50_000, disableReconnect: false },

    // fastest-validator checks every action's params before its handler runs.
    validator: new LazyValidator(),
    errorHandler: undefined,

    // Metrics are collected here; a process running the gateway serves them at GET /metrics on METRICS_PORT.
    metrics: { enabled: true, reporter: [] },
    tracing: { enabled: false },

    // The entry point stops the broker itself on SIGTERM/SIGINT, then the embedded servers.
    skipProcessEventRegistration: true,

    // Listed innermost first: a database outage becomes 503 before an unexpected error becomes an
    // InternalError (a fixed message and an id; the details stay in this node's log). SilentNodes
    // acts only where the gateway tracks which nodes answer. With CHECK_REPLIES (tests), the innermost
    // checks each answer against its documented schema.
    middlewares: [
      ...(config.checkReplies ? [replyCheckMiddleware(REPLIES)] : []),
      RolesMiddleware,
      DatabaseOutageMiddleware,
      InternalErrorMiddleware,
      SilentNodesMiddleware,
    ],
  };
}
