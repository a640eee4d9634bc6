/**
 * Who is calling, for per-client limits (sign-in throttling, the feedback rate limit). Without a
 * trusted proxy the socket's peer is the caller and X-Forwarded-For is ignored: any client can
 * write that header. Behind our own proxy (TRUST_PROXY) the last entry is the one the proxy added
 * for the peer it saw; earlier entries are the client's to invent, and a last entry that is not an
 * IP address (a proxy that passes the header through unchanged) is not believed either.
 */
import { isIP } from "node:net";

export function clientAddress(
  remoteAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustProxy: boolean,
): string {
  const peer = plainAddress(remoteAddress ?? "") || "unknown";
  if (!trustProxy || forwardedFor === undefined) return peer;
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor;
  const last = plainAddress(header.split(",").at(-1)?.trim() ?? "");
  return last || peer;
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
