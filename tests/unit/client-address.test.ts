import { describe, expect, it } from "vitest";
import { addressKey, clientAddress, isAddressOrCidr, networkKey, proxyTrust } from "../../shared/client-address.js";

const NO_PROXY = proxyTrust(false);
const ANY_PEER = proxyTrust(true);
const OUR_PROXIES = proxyTrust(["10.0.0.0/8", "192.0.2.10", "fd00::/8"]);

describe("clientAddress", () => {
  const sut = clientAddress;

  it("takes the socket's peer and ignores X-Forwarded-For without a trusted proxy", () => {
    expect(sut("203.0.113.7", "198.51.100.1", NO_PROXY)).toBe("203.0.113.7");
    expect(sut("203.0.113.7", ["198.51.100.1", "198.51.100.2"], NO_PROXY)).toBe("203.0.113.7");
  });

  it("with TRUST_PROXY=true takes the last entry, the one the proxy added, and nothing left of it", () => {
    expect(sut("10.0.0.5", "198.51.100.1, 203.0.113.9", ANY_PEER)).toBe("203.0.113.9");
    expect(sut("10.0.0.5", ["1.1.1.1", "203.0.113.9"], ANY_PEER)).toBe("203.0.113.9");
    expect(sut("10.0.0.5", "198.51.100.1, 10.0.0.7", ANY_PEER)).toBe("10.0.0.7");
  });

  it("falls back to the peer when the proxy sent no entry or one that is not an address", () => {
    expect(sut("10.0.0.5", undefined, ANY_PEER)).toBe("10.0.0.5");
    expect(sut("10.0.0.5", "", ANY_PEER)).toBe("10.0.0.5");
    expect(sut("10.0.0.5", "1.2.3.4, attacker-chosen", ANY_PEER)).toBe("10.0.0.5");
  });

  it("with named proxies believes the header only from them, reading a chain of them from the right", () => {
    // A client that reaches the gateway directly writes what it likes: not believed.
    expect(sut("203.0.113.50", "198.51.100.1", OUR_PROXIES)).toBe("203.0.113.50");
    // Through the ingress (10.x) behind a CDN edge (192.0.2.10): the first untrusted entry from the right.
    expect(sut("10.1.2.3", "6.6.6.6, 198.51.100.77, 192.0.2.10", OUR_PROXIES)).toBe("198.51.100.77");
    expect(sut("10.1.2.3", "198.51.100.77", OUR_PROXIES)).toBe("198.51.100.77");
    expect(sut("fd00::1", "2001:db8::9", OUR_PROXIES)).toBe("2001:db8::9");
    // A chain that is all ours ends at its leftmost proxy; garbage stops the walk at the last good hop.
    expect(sut("10.1.2.3", "10.9.9.9", OUR_PROXIES)).toBe("10.9.9.9");
    expect(sut("10.1.2.3", "junk, 198.51.100.77", OUR_PROXIES)).toBe("198.51.100.77");
  });

  it("writes IPv4-mapped IPv6 as IPv4 and drops an IPv6 zone", () => {
    expect(sut("::ffff:203.0.113.7", undefined, NO_PROXY)).toBe("203.0.113.7");
    expect(sut("fe80::1%eth0", undefined, NO_PROXY)).toBe("fe80::1");
    expect(sut(undefined, undefined, NO_PROXY)).toBe("unknown");
    expect(sut("::ffff:10.0.0.1", "198.51.100.1", OUR_PROXIES)).toBe("198.51.100.1");
  });
});

describe("isAddressOrCidr", () => {
  it("accepts addresses and CIDRs with a prefix in range", () => {
    expect(["10.0.0.1", "10.0.0.0/8", "fd00::/8", "::1", "0.0.0.0/0"].every(isAddressOrCidr)).toBe(true);
  });

  it("refuses names, bad prefixes and junk", () => {
    expect(
      ["ingress", "10.0.0.0/33", "fd00::/129", "10.0.0.0/", "10.0.0.0/8/1", "10.0.0.0/x"].some(isAddressOrCidr),
    ).toBe(false);
  });
});

describe("networkKey", () => {
  const sut = networkKey;

  it("keeps an IPv4 address and counts an IPv6 address by its /48", () => {
    expect(sut("203.0.113.7")).toBe("203.0.113.7");
    expect(sut("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(sut("2001:db8:1:2::1")).toBe("2001:db8:1::/48");
    expect(sut("2001:0DB8:0001:ffff:1:2:3:4")).toBe("2001:db8:1::/48");
    expect(sut("2001:db8::1")).toBe("2001:db8:0::/48");
  });

  it("leaves what is not an address as it is", () => {
    expect(sut("internal")).toBe("internal");
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
