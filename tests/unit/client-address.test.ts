import { describe, expect, it } from "vitest";
import { addressKey, clientAddress } from "../../shared/client-address.js";

describe("clientAddress", () => {
  const sut = clientAddress;

  it("takes the socket's peer and ignores X-Forwarded-For without a trusted proxy", () => {
    expect(sut("203.0.113.7", "198.51.100.1", false)).toBe("203.0.113.7");
    expect(sut("203.0.113.7", ["198.51.100.1", "198.51.100.2"], false)).toBe("203.0.113.7");
  });

  it("behind a trusted proxy takes the last entry, the one the proxy added", () => {
    expect(sut("10.0.0.5", "198.51.100.1, 203.0.113.9", true)).toBe("203.0.113.9");
    expect(sut("10.0.0.5", ["1.1.1.1", "203.0.113.9"], true)).toBe("203.0.113.9");
  });

  it("falls back to the peer when the proxy sent no entry or one that is not an address", () => {
    expect(sut("10.0.0.5", undefined, true)).toBe("10.0.0.5");
    expect(sut("10.0.0.5", "", true)).toBe("10.0.0.5");
    expect(sut("10.0.0.5", "1.2.3.4, attacker-chosen", true)).toBe("10.0.0.5");
  });

  it("writes IPv4-mapped IPv6 as IPv4 and drops an IPv6 zone", () => {
    expect(sut("::ffff:203.0.113.7", undefined, false)).toBe("203.0.113.7");
    expect(sut("fe80::1%eth0", undefined, false)).toBe("fe80::1");
    expect(sut(undefined, undefined, false)).toBe("unknown");
  });
});

describe("addressKey", () => {
  const sut = addressKey;

  it("keeps an IPv4 address", () => {
    expect(sut("203.0.113.7")).toBe("203.0.113.7");
    expect(sut("::ffff:203.0.113.7")).toBe("203.0.113.7");
  });

  it("counts an IPv6 address by its /64, whatever its spelling", () => {
    expect(sut("2001:db8:1:2::1")).toBe("2001:db8:1:2::/64");
    expect(sut("2001:0DB8:0001:0002:ffff:1:2:3")).toBe("2001:db8:1:2::/64");
    expect(sut("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(sut("::1")).toBe("0:0:0:0::/64");
    expect(sut("64:ff9b::192.0.2.33")).toBe("64:ff9b:0:0::/64");
  });

  it("keeps what is not an address as it is", () => {
    expect(sut("internal")).toBe("internal");
  });
});
