import { Errors } from "moleculer";
import { describe, expect, it } from "vitest";
import { outageOf } from "../../services/gateway/outage.js";
import { statusOf } from "../../services/gateway/web.js";

const healthy = () => ({});
const failing = { services: { ok: false, error: "not running: feed" } };
const degraded = () => failing;
const answering = () => true;
const silent = () => false;

describe("outageOf", () => {
  it("turns a service that is not found or has no available node into 503, never 404", () => {
    for (const err of [
      new Errors.ServiceNotFoundError({ action: "feed.get" }),
      new Errors.ServiceNotAvailableError({ action: "feed.get" }),
    ]) {
      const sut = outageOf(err, healthy, answering);
      expect(sut?.code).toBe(503);
      expect(sut?.type).toBe("DEPENDENCY_UNAVAILABLE");
    }
  });

  it("turns a timeout into 503 when the node went silent or the platform is degraded, else keeps 504", () => {
    const timeout = new Errors.RequestTimeoutError({ action: "feed.get", nodeID: "n1" });
    expect(outageOf(timeout, healthy, silent)?.code).toBe(503);
    expect(outageOf(timeout, degraded, answering)?.code).toBe(503);
    expect(outageOf(timeout, healthy, answering)).toBeUndefined();
  });

  it("turns moleculer-web's unrouted 404 into 503 only while the platform is degraded", () => {
    const notRouted = new Errors.MoleculerClientError("Not found", 404, "NOT_FOUND");
    expect(outageOf(notRouted, degraded, answering)?.data).toEqual({ checks: failing });
    expect(outageOf(notRouted, healthy, answering)).toBeUndefined();
  });

  it("leaves business errors alone, also while degraded", () => {
    const notFound = new Errors.MoleculerClientError("notice not found", 404, "NOT_FOUND", { id: "x" });
    expect(outageOf(notFound, degraded, silent)).toBeUndefined();
    const conflict = new Errors.MoleculerClientError("dup", 409, "DUPLICATE");
    expect(outageOf(conflict, degraded, silent)).toBeUndefined();
  });
});

describe("statusOf (portal and console pages)", () => {
  it("answers 503 for a service away or silent", () => {
    expect(statusOf(new Errors.ServiceNotFoundError({ action: "feed.get" }))).toBe(503);
    expect(statusOf(new Errors.ServiceNotAvailableError({ action: "feed.get" }))).toBe(503);
    expect(statusOf(new Errors.RequestTimeoutError({ action: "feed.get", nodeID: "n1" }))).toBe(503);
    expect(statusOf(new Errors.MoleculerClientError("notice not found", 404, "NOT_FOUND"))).toBe(404);
  });
});
