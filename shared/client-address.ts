/**
 * Who is calling, for per-client limits (sign-in throttling, the feedback rate limit). Without a
 * trusted proxy the socket's peer is the caller and X-Forwarded-For is ignored: any client can
 * write that header. Behind proxies we trust, each appends the peer it saw, so the header is read
 * from the right: the first entry that is not one of our proxies is the client; entries left of
 * it are the client's to invent. With TRUST_PROXY=true (any peer is our proxy, one hop) that is
 * the last entry. An entry that is not an IP address is never believed.
 */
import { BlockList, isIP } from "node:net";

export interface ProxyTrust {
  /** Whether this peer is one of our own proxies, whose X-Forwarded-For entries are believed. */
  trusts(address: string): boolean;
  /** Our proxies are named, so a chain of them is read from the right; otherwise any peer is our one proxy. */
  named: boolean;
}

/**
 * `false`: no proxy; `true`: the socket's peer, whoever it is, is our one proxy; a list of
 * addresses or CIDRs: those peers only (and a chain of them, read from the right).
 */
export function proxyTrust(setting: boolean | readonly string[]): ProxyTrust {
  if (typeof setting === "boolean") return { trusts: () => setting, named: false };
  const list = new BlockList();
  for (const entry of setting) {
    const [address = "", prefix] = entry.split("/");
    const type = isIP(address) === 6 ? "ipv6" : "ipv4";
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return {
    trusts(address) {
      const plain = plainAddress(address);
      return plain !== "" && list.check(plain, isIP(plain) === 6 ? "ipv6" : "ipv4");
    },
    named: true,
  };
}

/** Whether `entry` is an IP address, or an IPv4 / IPv6 CIDR (`10.0.0.0/8`, `fd00::/8`). */
export function isAddressOrCidr(entry: string): boolean {
  const [address = "", prefix, extra] = entry.split("/");
  const version = isIP(address);
  if (!version || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

export function clientAddress(
  remoteAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trust: ProxyTrust,
): string {
  const peer = plainAddress(remoteAddress ?? "") || "unknown";
  if (forwardedFor === undefined || !trust.trusts(peer)) return peer;
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor;
  const hops = header.split(",").map((h) => h.trim());
  let client = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = plainAddress(hops[i] as string);
    if (!hop) break;
    client = hop;
    // Unnamed proxies: only the last entry, the one our proxy added, is taken.
    if (!trust.named || !trust.trusts(hop)) break;
  }
  return client;
}

/** An IP address without an IPv6 zone, IPv4-mapped IPv6 as plain IPv4; "" when it is not one. */
function plainAddress(raw: string): string {
  const address = raw.replace(/%.*$/, "");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped && isIP(mapped[1] as string) === 4) return mapped[1] as string;
  return isIP(address) ? address.toLowerCase() : "";
}

/**
 * The key per-address limits count under: an IPv4 address as it is; an IPv6 address by its /64,
 * the prefix one subscriber gets, so a client cannot start afresh by taking the next address.
 */
export function addressKey(address: string): string {
  const plain = plainAddress(address);
  if (!plain) return address;
  if (isIP(plain) === 4) return plain;
  return `${ipv6Groups(plain).slice(0, 4).join(":")}::/64`;
}

/**
 * The wider key the per-address limit also counts under: an IPv6 address by its /48, the prefix
 * one site is usually given, so 65 536 /64s of one site are one key too; an IPv4 address as it is.
 */
export function networkKey(address: string): string {
  const plain = plainAddress(address);
  if (!plain) return address;
  if (isIP(plain) === 4) return plain;
  return `${ipv6Groups(plain).slice(0, 3).join(":")}::/48`;
}

/** The eight 16-bit groups of a valid IPv6 address, in lower-case hex without leading zeros. */
function ipv6Groups(address: string): string[] {
  const toGroups = (part: string): string[] => {
    if (!part) return [];
    return part.split(":").flatMap((g) => {
      if (!g.includes(".")) return [g];
      const [a, b, c, d] = g.split(".").map(Number) as [number, number, number, number];
      return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
    });
  };
  const [head = "", tail] = address.split("::");
  const left = toGroups(head);
  const right = tail === undefined ? [] : toGroups(tail);
  const zeros = Array.from({ length: 8 - left.length - right.length }, () => "0");
  return [...left, ...zeros, ...right].map((g) => parseInt(g, 16).toString(16));
}
