import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { isSecure } from "../../web/console/session.js";

/** A request as the console sees it: the socket's peer and the headers it sent. */
function request(peer: string, proto?: string): IncomingMessage {
  const headers = proto === undefined ? {} : { "x-forwarded-proto": proto };
  return { socket: { remoteAddress: peer }, headers } as unknown as IncomingMessage;
}

describe("isSecure", () => {
  const sut = isSecure;
  const HTTP = "http://gs.example.gov.cn";
  const site = (trustProxy: boolean | string[], publicBaseUrl = HTTP) =>
    typeof trustProxy === "boolean"
      ? { publicBaseUrl, trustProxy }
      : { publicBaseUrl, trustProxy: true, trustedProxies: trustProxy };

  it("is secure whenever the public base URL is https, whatever the headers", () => {
    expect(sut(request("203.0.113.9"), site(false, "https://gs.example.gov.cn"))).toBe(true);
  });

  it("ignores X-Forwarded-Proto without a trusted proxy", () => {
    expect(sut(request("10.0.0.5", "https"), site(false))).toBe(false);
  });

  it("believes X-Forwarded-Proto from any peer when every peer is our proxy (TRUST_PROXY=true)", () => {
    expect(sut(request("10.0.0.5", "https"), site(true))).toBe(true);
    expect(sut(request("10.0.0.5", "http"), site(true))).toBe(false);
  });

  it("believes X-Forwarded-Proto only from a named proxy, not from a pod that reaches the gateway directly", () => {
    const proxies = ["10.0.0.0/24", "fd00::/8"];
    expect(sut(request("10.0.0.5", "https"), site(proxies))).toBe(true);
    expect(sut(request("::ffff:10.0.0.5", "HTTPS"), site(proxies))).toBe(true);
    expect(sut(request("fd00::7", "https"), site(proxies))).toBe(true);
    expect(sut(request("10.0.1.5", "https"), site(proxies))).toBe(false);
    expect(sut(request("203.0.113.9", "https"), site(proxies))).toBe(false);
    expect(sut(request("10.0.0.5"), site(proxies))).toBe(false);
  });
});
