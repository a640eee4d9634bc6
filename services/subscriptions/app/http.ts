/**
 * Calling subscribers back without becoming a proxy into our network (SSRF): a callback host must
 * resolve to public addresses only, checked when the URL is given and again at every connection
 * (the address connected to is the one checked, so a name that re-resolves to 127.0.0.1 later is
 * still refused). Hosts an operator lists in WEBHOOK_ALLOW_HOSTS are exempt. No redirect is followed.
 */
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import net from "node:net";
import { isPublicAddress } from "../../../shared/subscriptions.js";

export class CallbackRefused extends Error {
  override name = "CallbackRefused";
}

export interface CallbackGuard {
  /** Resolves the URL's host now: why it may not be called, or undefined. */
  problem(url: URL): Promise<string | undefined>;
  /** A `lookup` for http.request that refuses what `problem` refuses, on the address actually used. */
  lookup(host: string): LookupFunction;
  /** Whether a literal address given as the host may be called. */
  allowsLiteral(host: string): boolean;
}

export function callbackGuard(allowHosts: readonly string[]): CallbackGuard {
  const allowed = (host: string) => allowHosts.includes(host.toLowerCase().replace(/^\[|\]$/g, ""));
  return {
    allowsLiteral: (host) => allowed(host) || isPublicAddress(host),
    async problem(url) {
      const host = url.hostname.replace(/^\[|\]$/g, "");
      if (allowed(host)) return undefined;
      let addresses: string[];
      if (net.isIP(host)) addresses = [host];
      else {
        try {
          addresses = (await dns.promises.lookup(host, { all: true })).map((a) => a.address);
        } catch {
          return "the callback host does not resolve";
        }
      }
      return addresses.every(isPublicAddress)
        ? undefined
        : "the callback host resolves to a loopback, private, link-local or reserved address";
    },
    lookup(host) {
      return (hostname, options, callback) => {
        dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
          if (err) return callback(err, "", 4);
          const list = addresses as dns.LookupAddress[];
          const ok = allowed(host) ? list : list.filter((a) => isPublicAddress(a.address));
          if (ok.length === 0) return callback(new CallbackRefused("address not allowed"), "", 4);
          if ((options as { all?: boolean }).all)
            return (callback as (e: null, a: dns.LookupAddress[]) => void)(null, ok);
          const first = ok[0] as dns.LookupAddress;
          callback(null, first.address, first.family);
        });
      };
    },
  };
}

export interface PostResult {
  status: number;
  retryAfter: string | null;
  /** The first 64 KiB of the answer, as text (the WebSub challenge; the rest is not read). */
  text: string;
}

/** POSTs (or GETs) once, within the timeout; the answer's status, never a redirect's target. */
export function request(
  guard: CallbackGuard,
  method: "POST" | "GET",
  target: URL,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<PostResult> {
  const host = target.hostname.replace(/^\[|\]$/g, "");
  const send = target.protocol === "https:" ? https.request : http.request;
  return new Promise((resolve, reject) => {
    // A literal address skips the lookup: it is checked here instead.
    if (net.isIP(host) && !guard.allowsLiteral(host)) {
      reject(new CallbackRefused("address not allowed"));
      return;
    }
    const req = send(
      target,
      {
        method,
        headers: { ...headers, ...(body ? { "Content-Length": String(Buffer.byteLength(body)) } : {}) },
        lookup: guard.lookup(host),
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          if (size < 65_536) chunks.push(c);
          size += c.length;
        });
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: (res.headers["retry-after"] as string | undefined) ?? null,
            text: Buffer.concat(chunks).toString("utf8").slice(0, 65_536),
          }),
        );
        res.on("error", reject);
      },
    );
    const timer = setTimeout(() => req.destroy(new NoAnswer(`no answer within ${timeoutMs} ms`)), timeoutMs);
    req.on("timeout", () => req.destroy(new NoAnswer(`no answer within ${timeoutMs} ms`)));
    req.on("error", reject);
    req.on("close", () => clearTimeout(timer));
    req.end(body || undefined);
  });
}

export class NoAnswer extends Error {
  override name = "NoAnswer";
}

/** What the delivery log says of an attempt that got no answer: our words or the socket's code, nothing the peer sent. */
export function attemptError(err: unknown): string {
  if (err instanceof CallbackRefused) return "the callback address is not allowed";
  if (err instanceof NoAnswer) return err.message;
  const code = (err as { code?: unknown }).code;
  return typeof code === "string" && /^[A-Z_]{2,40}$/.test(code) ? `connection failed (${code})` : "connection failed";
}
