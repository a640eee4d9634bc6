/**
 * Real receivers for subscription tests: an HTTP endpoint on loopback that records what it is
 * sent and answers as the test scripts it, and an SMTP server (the smtp-server package) that keeps
 * every mail parsed.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

export interface Received {
  /** When it arrived (Date.now()). */
  at: number;
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Receiver {
  url: string;
  received: Received[];
  /**
   * The next answers, in order: a status, headers and body; when none is left, 200 — with a WebSub
   * verification's `hub.challenge` echoed, as a willing subscriber does.
   */
  script: { status: number; headers?: Record<string, string>; body?: string }[];
  /** How long each answer waits after the request has been recorded (a slow endpoint); 0 by default. */
  delayMs: number;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const script: Receiver["script"] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({
        at: Date.now(),
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      const challenge = new URL(req.url ?? "/", "http://x").searchParams.get("hub.challenge");
      const next = script.shift() ?? { status: 200, body: challenge ?? "ok" };
      const answer = () => {
        res.writeHead(next.status, next.headers ?? {});
        res.end(next.body ?? "ok");
      };
      if (receiver.delayMs > 0) setTimeout(answer, receiver.delayMs);
      else answer();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  const receiver: Receiver = {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    script,
    delayMs: 0,
    // Connections a killed sender left open would keep close() waiting.
    close: () =>
      new Promise((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
  return receiver;
}

export interface MailServer {
  url: string;
  mails: ParsedMail[];
  /** Waits for the mail count to reach n. */
  waitFor(n: number, timeoutMs?: number): Promise<ParsedMail[]>;
  close(): Promise<void>;
}

export async function startMailServer(): Promise<MailServer> {
  const mails: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          mails.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    async waitFor(n, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (mails.length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      return mails;
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}
