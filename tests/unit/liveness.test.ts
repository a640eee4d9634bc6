import { ServiceBroker } from "moleculer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NodeLiveness } from "../../lib/liveness.js";

const broker = new ServiceBroker({ logger: false, nodeID: "gateway-1" });
beforeAll(() => broker.start());
afterAll(() => broker.stop());

/** A remote node as the registry knows it after its INFO packet. */
function remoteNode(id: string): { lastHeartbeatTime: number } {
  const registry = broker.registry as unknown as {
    processNodeInfo(info: object): { lastHeartbeatTime: number };
  };
  return registry.processNodeInfo({ sender: id, services: [], ipList: [], hostname: id, client: {}, seq: 1 });
}

describe("NodeLiveness", () => {
  const opts = { pingEveryMs: 1000, pingTimeoutMs: 1000, silentAfterMs: 3000 };

  it("counts this process and a node heard from lately as answering, one silent for silentAfterMs as away", () => {
    let now = 100_000;
    const sut = new NodeLiveness(broker, opts, () => now);
    const node = remoteNode("services-1");
    node.lastHeartbeatTime = 100;
    expect(sut.responsive("gateway-1")).toBe(true);
    expect(sut.responsive("services-1")).toBe(true);
    now += 3000;
    expect(sut.responsive("services-1")).toBe(true);
    now += 1;
    expect(sut.responsive("services-1")).toBe(false);
    expect(sut.responsive("nobody")).toBe(false);
  });

  it("a pong, even a late one, counts as an answer", () => {
    let now = 200_000;
    const sut = new NodeLiveness(broker, opts, () => now);
    const node = remoteNode("services-2");
    node.lastHeartbeatTime = 100;
    sut.start();
    try {
      expect(sut.responsive("services-2")).toBe(false);
      broker.localBus.emit("$node.pong", { nodeID: "services-2" });
      expect(sut.responsive("services-2")).toBe(true);
      now += 3001;
      expect(sut.responsive("services-2")).toBe(false);
    } finally {
      sut.stop();
    }
  });
});
