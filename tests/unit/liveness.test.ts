import { ServiceBroker, type Middleware } from "moleculer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DependencyUnavailableError } from "../../lib/errors.js";
import { loadConfig } from "../../lib/config.js";
import { hostsNeededServices, NodeLiveness, SilentNodesMiddleware, silentNodeError } from "../../lib/liveness.js";
import { brokerOptions } from "../../moleculer.config.js";

/** Moleculer's in-process transporter: real PING/PONG/HEARTBEAT packets between brokers of this process. */
const namespace = `liveness-${process.pid}`;
const on = (nodeID: string, middlewares: Middleware[] = []) =>
  new ServiceBroker({ logger: false, nodeID, namespace, transporter: "Fake", middlewares });

/** Counts the PING packets a node receives; `answer: false` drops them (a node too busy to answer). */
function pings(answer = true): Middleware & { count: number } {
  const mw = {
    name: "CountPings",
    count: 0,
    transitMessageHandler(next: (cmd: string, packet: unknown) => Promise<void>) {
      return (cmd: string, packet: unknown) => {
        if (cmd !== "PING") return next(cmd, packet);
        mw.count += 1;
        return answer ? next(cmd, packet) : Promise.resolve();
      };
    },
  };
  return mw as unknown as Middleware & { count: number };
}

const gateway = on("gateway-1", [SilentNodesMiddleware]);
const otherGatewayPings = pings();
const otherGateway = on("gateway-2", [otherGatewayPings]);
const services = on("services-1");
const busyPings = pings(false);
const busy = on("busy-1", [busyPings]);
otherGateway.createService({ name: "gateway", actions: { ready: () => "ready" } });
services.createService({ name: "notices", actions: { get: () => "notice" } });
busy.createService({ name: "cases", actions: { get: () => "case" } });

const brokers = [gateway, otherGateway, services, busy];
beforeAll(async () => {
  await Promise.all(brokers.map((b) => b.start()));
  await gateway.waitForServices(["gateway", "notices", "cases"]);
});
afterAll(() => Promise.all(brokers.map((b) => b.stop())));

/** A remote node as the registry knows it after its INFO packet; it never answers. */
function remoteNode(id: string): { lastHeartbeatTime: number } {
  const registry = gateway.registry as unknown as {
    processNodeInfo(info: object): { lastHeartbeatTime: number };
  };
  return registry.processNodeInfo({
    sender: id,
    services: [{ name: "notices", actions: {}, events: {} }],
    ipList: [],
    hostname: id,
    client: {},
    seq: 1,
  });
}

const tick = () => new Promise((r) => setTimeout(r, 20));

describe("NodeLiveness", () => {
  const opts = { pingEveryMs: 1000, missedPings: 2, silentAfterMs: 4000 };

  it("a node is silent only after two missed pings in a row and nothing heard for silentAfterMs", () => {
    let now = 100_000;
    const sut = new NodeLiveness(gateway, opts, () => now);
    const node = remoteNode("services-9");
    node.lastHeartbeatTime = 0;
    sut.heard("services-9");
    expect(sut.responsive("gateway-1")).toBe(true);
    now += 3500;
    sut.pingRound(); // ping 1 out
    now += 600;
    // Over 4 s of silence, but no ping missed yet: a short busy spell is not refused.
    expect(sut.responsive("services-9")).toBe(true);
    now += 400;
    sut.pingRound(); // ping 1 missed, ping 2 out
    expect(sut.responsive("services-9")).toBe(true);
    now += 1000;
    sut.pingRound(); // ping 2 missed
    expect(sut.responsive("services-9")).toBe(false);
    // Any packet from it (a response, an event, a heartbeat) brings it back.
    sut.heard("services-9");
    expect(sut.responsive("services-9")).toBe(true);
    expect(sut.responsive("nobody")).toBe(false);
  });

  it("two missed pings are not enough while the node was heard from within silentAfterMs", () => {
    let now = 200_000;
    const sut = new NodeLiveness(gateway, opts, () => now);
    remoteNode("services-8").lastHeartbeatTime = 0;
    sut.heard("services-8");
    for (let i = 0; i < 3; i++) {
      now += 1000;
      sut.pingRound();
    }
    expect(sut.responsive("services-8")).toBe(true);
    now += 1001;
    expect(sut.responsive("services-8")).toBe(false);
  });

  it("pings only nodes hosting services the gateway needs, with one pong listener for all of them", async () => {
    const before = gateway.localBus.listenerCount("$node.pong");
    const sut = new NodeLiveness(gateway, opts);
    sut.start({ rounds: false });
    try {
      const seen = otherGatewayPings.count;
      for (let i = 0; i < 3; i++) sut.pingRound();
      await tick();
      expect(otherGatewayPings.count).toBe(seen);
      expect(busyPings.count).toBeGreaterThan(0);
      expect(gateway.localBus.listenerCount("$node.pong")).toBe(before + 1);
    } finally {
      sut.stop();
    }
    expect(gateway.localBus.listenerCount("$node.pong")).toBe(before);
    expect(hostsNeededServices({ services: [{ name: "$node" }, { name: "gateway" }] })).toBe(false);
    expect(hostsNeededServices({ services: [{ name: "$node" }, { name: "notices" }] })).toBe(true);
  });

  it("a pong, and any other packet from a node that does not answer pings, count as signs of life", async () => {
    let now = 300_000;
    const sut = new NodeLiveness(gateway, opts, () => now);
    sut.start({ rounds: false });
    try {
      for (let i = 0; i < 3; i++) {
        now += 1000;
        sut.pingRound();
      }
      now += 5000;
      expect(sut.responsive("busy-1")).toBe(false);
      await tick();
      // services-1 answered its pings (late, but they count); busy-1 drops them.
      expect(sut.responsive("services-1")).toBe(true);
      expect(sut.responsive("busy-1")).toBe(false);
      const transit = busy.transit as unknown as { sendHeartbeat(node: unknown): Promise<void> };
      await transit.sendHeartbeat(busy.registry.nodes.localNode);
      await tick();
      expect(sut.responsive("busy-1")).toBe(true);
    } finally {
      sut.stop();
    }
  });
});

describe("the circuit breaker", () => {
  const { circuitBreaker } = brokerOptions(loadConfig({}));
  const broker = new ServiceBroker({ logger: false, circuitBreaker });
  const check = broker.options.circuitBreaker?.check as (err: Error) => boolean;

  it("does not count the gateway's own 503 for a silent node against the endpoint", () => {
    expect(check(silentNodeError("notices", "services-1"))).toBe(false);
  });

  it("still counts the endpoint's own failures", () => {
    expect(check(new DependencyUnavailableError("PostgreSQL"))).toBe(true);
    expect(check(Object.assign(new Error("boom"), { code: 500 }))).toBe(true);
    expect(check(Object.assign(new Error("not found"), { code: 404 }))).toBe(false);
  });
});
