/**
 * Which remote nodes answer right now. Moleculer drops a node only after `heartbeatTimeout` without
 * a heartbeat; until then a stopped (SIGSTOP) or killed process keeps its services in the registry
 * and every call to it waits for its whole timeout. The gateway pings every remote node each second
 * (a short `broker.ping`); a node that has answered neither a ping nor with a heartbeat for
 * `silentAfterMs` is silent: readiness fails, and calls to it go to another node of the same service
 * or fail at once with 503 instead of waiting.
 */
import type { ActionEndpoint, Context, Middleware, ServiceBroker } from "moleculer";
import { DependencyUnavailableError } from "./errors.js";

export interface LivenessOptions {
  pingEveryMs: number;
  pingTimeoutMs: number;
  silentAfterMs: number;
}

/** Detection within `silentAfterMs` (+ ≤ 0.5 s: heartbeat times are rounded to the second). */
export const LIVENESS: LivenessOptions = { pingEveryMs: 1000, pingTimeoutMs: 1000, silentAfterMs: 3000 };

/** The registry's view of a node (moleculer's Node; its typings leave it `any`). */
interface RegistryNode {
  id: string;
  local: boolean;
  available: boolean;
  /** Seconds of this process's uptime, rounded. */
  lastHeartbeatTime: number;
}

const trackers = new WeakMap<ServiceBroker, NodeLiveness>();

/** The tracker the gateway runs in this process, if any. */
export function livenessOf(broker: ServiceBroker): NodeLiveness | undefined {
  return trackers.get(broker);
}

export class NodeLiveness {
  /** When each node last answered a ping, on the `now()` clock. */
  private readonly answeredAt = new Map<string, number>();
  private readonly pinging = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  /** When the last round of pings went out; after a stall of this process, pongs are still queued. */
  private lastRoundAt = 0;
  private graceUntil = 0;
  private readonly onPong = ({ nodeID }: { nodeID: string }) => this.answeredAt.set(nodeID, this.now());

  constructor(
    private readonly broker: ServiceBroker,
    private readonly opts: LivenessOptions = LIVENESS,
    /** Milliseconds of process uptime: the clock of the registry's heartbeat times. */
    private readonly now: () => number = () => process.uptime() * 1000,
  ) {}

  start(): void {
    trackers.set(this.broker, this);
    // Any pong counts, also one that arrives after its ping's timeout.
    this.broker.localBus.on("$node.pong", this.onPong);
    this.timer = setInterval(() => this.pingAll(), this.opts.pingEveryMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.broker.localBus.off("$node.pong", this.onPong);
    if (trackers.get(this.broker) === this) trackers.delete(this.broker);
  }

  private nodes(): RegistryNode[] {
    return this.broker.registry.nodes.toArray() as RegistryNode[];
  }

  private pingAll(): void {
    const now = this.now();
    // This process itself was stalled (a long GC, a blocked event loop): the answers are waiting
    // to be read, so nobody is judged silent before this round's pongs could arrive.
    if (this.lastRoundAt && now - this.lastRoundAt > this.opts.pingEveryMs * 2) {
      this.graceUntil = now + this.opts.pingTimeoutMs;
    }
    this.lastRoundAt = now;
    const known = new Set<string>();
    for (const node of this.nodes()) {
      known.add(node.id);
      if (node.local || !node.available || this.pinging.has(node.id)) continue;
      this.pinging.add(node.id);
      void this.broker
        .ping(node.id, this.opts.pingTimeoutMs)
        .catch(() => null)
        .finally(() => this.pinging.delete(node.id));
    }
    for (const id of this.answeredAt.keys()) if (!known.has(id)) this.answeredAt.delete(id);
  }

  /** This process, or a registered node that answered a ping or sent a heartbeat lately. */
  responsive(nodeID: string): boolean {
    const node = this.broker.registry.nodes.get(nodeID) as RegistryNode | undefined;
    if (!node || !node.available) return false;
    if (node.local || this.now() < this.graceUntil) return true;
    const last = Math.max(this.answeredAt.get(nodeID) ?? 0, node.lastHeartbeatTime * 1000);
    return this.now() - last <= this.opts.silentAfterMs;
  }

  /** An available endpoint of the action on a node that answers, if any. */
  answeringEndpoint(actionName: string): ActionEndpoint | undefined {
    const list = this.broker.registry.getActionEndpoints(actionName);
    const endpoints = (list?.endpoints ?? []) as ActionEndpoint[];
    return endpoints.find((ep) => ep.isAvailable && this.responsive(ep.id));
  }
}

/**
 * A call to a remote node that has gone silent goes to another node of the same service that
 * answers, or fails at once with 503 rather than waiting for REQUEST_TIMEOUT_MS. Only in a
 * process whose gateway tracks liveness; elsewhere calls pass untouched.
 */
export const SilentNodesMiddleware: Middleware = {
  name: "SilentNodes",
  remoteAction(next, action) {
    const trackerOf = () => livenessOf(this);
    return function callAnsweringNode(this: unknown, ctx: Context) {
      const liveness = trackerOf();
      if (!liveness || !ctx.nodeID || liveness.responsive(ctx.nodeID)) return next.call(this as never, ctx);
      const other = ctx.options?.nodeID ? undefined : liveness.answeringEndpoint(String(action.name));
      if (other) {
        ctx.setEndpoint(other);
        return next.call(this as never, ctx);
      }
      const service = String(action.name).split(".")[0];
      return Promise.reject(
        new DependencyUnavailableError(
          `The ${service} service`,
          new Error(`node ${ctx.nodeID} has not answered for ${LIVENESS.silentAfterMs} ms`),
        ),
      );
    };
  },
};
