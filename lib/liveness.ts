/**
 * Which remote nodes answer right now. Moleculer drops a node only after `heartbeatTimeout` without
 * a heartbeat; until then a stopped (SIGSTOP) or killed process keeps its services in the registry
 * and every call to it waits for its whole timeout. The gateway pings each node that hosts a service
 * it needs every second (one PING packet; one listener for all the pongs) and notes every packet it
 * receives from a node. A node is silent once both hold: it has missed `missedPings` pings in a row
 * (unanswered when the next round starts), and nothing at all (pong, heartbeat, response, event)
 * has come from it for `silentAfterMs`. A node busy for a second or two is not refused calls; one
 * stopped is silent after `silentAfterMs` (under the 5 s the readiness promise allows): readiness
 * fails, and calls to it go to another node of the same service or fail at once with 503.
 */
import type { ActionEndpoint, Context, Middleware, ServiceBroker } from "moleculer";
import { DependencyUnavailableError } from "./errors.js";

export interface LivenessOptions {
  pingEveryMs: number;
  /** Consecutive pings left unanswered (each until the next round) before a node can be silent. */
  missedPings: number;
  /** How long nothing may have come from a node before it can be silent. */
  silentAfterMs: number;
}

/** A stopped node is silent 4 s after its last packet: under 5 s, and longer than a short busy spell. */
export const LIVENESS: LivenessOptions = { pingEveryMs: 1000, missedPings: 2, silentAfterMs: 4000 };

/** The registry's view of a node (moleculer's Node; its typings leave it `any`). */
interface RegistryNode {
  id: string;
  local: boolean;
  available: boolean;
  /** Seconds of this process's uptime, rounded. */
  lastHeartbeatTime: number;
  services?: { name?: string }[];
}

interface Transit {
  connected?: boolean;
  sendPing(nodeID: string): Promise<unknown>;
}

const trackers = new WeakMap<ServiceBroker, NodeLiveness>();

/** The tracker the gateway runs in this process, if any. */
export function livenessOf(broker: ServiceBroker): NodeLiveness | undefined {
  return trackers.get(broker);
}

/** Services the gateway calls: every one but Moleculer's own (`$node`) and the gateway itself. */
export function hostsNeededServices(node: { services?: { name?: string }[] }): boolean {
  return (node.services ?? []).some((s) => !!s.name && !s.name.startsWith("$") && s.name !== "gateway");
}

export class NodeLiveness {
  /** When each node last sent anything (a pong or any other packet), on the `now()` clock. */
  private readonly heardAt = new Map<string, number>();
  /** Nodes with a ping out, unanswered so far. */
  private readonly pending = new Set<string>();
  /** Pings in a row each node has left unanswered. */
  private readonly missed = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  /** When the last round of pings went out; after a stall of this process, pongs are still queued. */
  private lastRoundAt = 0;
  private graceUntil = 0;
  private readonly onPong = ({ nodeID }: { nodeID: string }) => this.heard(nodeID);

  constructor(
    private readonly broker: ServiceBroker,
    private readonly opts: LivenessOptions = LIVENESS,
    /** Milliseconds of process uptime: the clock of the registry's heartbeat times. */
    private readonly now: () => number = () => process.uptime() * 1000,
  ) {}

  /** `rounds: false` leaves the rounds to the caller (tests). */
  start({ rounds = true } = {}): void {
    trackers.set(this.broker, this);
    // Any pong counts, also one that arrives after its round: one listener for every node.
    this.broker.localBus.on("$node.pong", this.onPong);
    if (!rounds) return;
    this.timer = setInterval(() => this.pingRound(), this.opts.pingEveryMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.broker.localBus.off("$node.pong", this.onPong);
    if (trackers.get(this.broker) === this) trackers.delete(this.broker);
  }

  /** A packet (of any kind) came from this node. */
  heard(nodeID: string): void {
    this.heardAt.set(nodeID, this.now());
    this.pending.delete(nodeID);
    this.missed.set(nodeID, 0);
  }

  private nodes(): RegistryNode[] {
    return this.broker.registry.nodes.toArray() as RegistryNode[];
  }

  /** One round: a ping still unanswered from the last round is missed; every needed node gets a new one. */
  pingRound(): void {
    const now = this.now();
    // This process itself was stalled (a long GC, a blocked event loop): the answers are waiting
    // to be read, so nobody is judged silent before this round's pongs could arrive.
    if (this.lastRoundAt && now - this.lastRoundAt > this.opts.pingEveryMs * 2) {
      this.graceUntil = now + this.opts.pingEveryMs;
      this.pending.clear();
    }
    this.lastRoundAt = now;
    const transit = this.broker.transit as unknown as Transit | undefined;
    const known = new Set<string>();
    for (const node of this.nodes()) {
      known.add(node.id);
      if (node.local || !node.available || !hostsNeededServices(node)) continue;
      if (this.pending.has(node.id)) this.missed.set(node.id, (this.missed.get(node.id) ?? 0) + 1);
      if (!transit?.connected) continue;
      this.pending.add(node.id);
      void transit.sendPing(node.id).catch(() => null);
    }
    for (const map of [this.heardAt, this.missed]) for (const id of map.keys()) if (!known.has(id)) map.delete(id);
    for (const id of this.pending) if (!known.has(id)) this.pending.delete(id);
  }

  /** This process, or a registered node that answered a ping or sent anything lately. */
  responsive(nodeID: string): boolean {
    const node = this.broker.registry.nodes.get(nodeID) as RegistryNode | undefined;
    if (!node || !node.available) return false;
    if (node.local || this.now() < this.graceUntil) return true;
    if ((this.missed.get(nodeID) ?? 0) < this.opts.missedPings) return true;
    // Heartbeat times are rounded to the second: the heartbeat came no more than 0.5 s before that
    // time, so counting from 0.5 s before it never judges a node silent later than silentAfterMs.
    const last = Math.max(this.heardAt.get(nodeID) ?? 0, node.lastHeartbeatTime * 1000 - 500);
    return this.now() - last <= this.opts.silentAfterMs;
  }

  /** An available endpoint of the action on a node that answers, if any. */
  answeringEndpoint(actionName: string): ActionEndpoint | undefined {
    const list = this.broker.registry.getActionEndpoints(actionName);
    const endpoints = (list?.endpoints ?? []) as ActionEndpoint[];
    return endpoints.find((ep) => ep.isAvailable && this.responsive(ep.id));
  }
}

const REFUSED_FOR_SILENCE = Symbol("refused for a silent node");

/**
 * The circuit breaker's test of an error (its default: code ≥ 500), minus the 503 this process
 * answers for a silent node: that refusal is the gateway's own, not a failure of the endpoint, and
 * counting it would keep the breaker open (refusing calls) for `halfOpenTime` after the node is back.
 */
export function countsAgainstEndpoint(err: unknown): boolean {
  const e = err as { code?: unknown; [REFUSED_FOR_SILENCE]?: boolean } | null | undefined;
  return !!e && typeof e.code === "number" && e.code >= 500 && !e[REFUSED_FOR_SILENCE];
}

/** The 503 for a call to a silent node, marked so the circuit breaker does not count it. */
export function silentNodeError(service: string, nodeID: string): DependencyUnavailableError {
  const error = new DependencyUnavailableError(
    `The ${service} service`,
    new Error(`node ${nodeID} has not answered for ${LIVENESS.silentAfterMs} ms`),
  );
  Object.defineProperty(error, REFUSED_FOR_SILENCE, { value: true });
  return error;
}

type PacketHandler = (cmd: string, packet: { payload?: { sender?: unknown } }) => Promise<unknown>;

/** Wraps the transit's handler of incoming packets (`this`: the transit). */
function noteSenders(this: { broker: ServiceBroker }, next: PacketHandler): PacketHandler {
  const broker = this.broker;
  return (cmd, packet) => {
    const sender = packet?.payload?.sender;
    if (typeof sender === "string" && sender !== broker.nodeID) livenessOf(broker)?.heard(sender);
    return next(cmd, packet);
  };
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
      return Promise.reject(silentNodeError(String(action.name).split(".")[0], ctx.nodeID));
    };
  },
  // Every packet a node sends shows it is alive: a node busy answering a long request still
  // sends responses and events while a ping waits in its queue.
  transitMessageHandler: noteSenders as unknown as Middleware["transitMessageHandler"],
};
