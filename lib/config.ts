/**
 * The one configuration module: every environment variable the platform reads is read and
 * validated here, and documented in README.md. Nothing else touches process.env.
 */
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { isAddressOrCidr } from "../shared/client-address.js";
import { boolean, ConfigError, existingPath, integer, rate, url, type Env } from "./config-values.js";
import { isRegistrationPrefix } from "../shared/documents/numbers.js";
import { parseCosignerKey } from "../shared/tlog/witness.js";
import { isUsername } from "../shared/usernames.js";

export const ALL_SERVICES = [
  "gateway",
  "accounts",
  "duties",
  "cases",
  "results",
  "notices",
  "feed",
  "feedback",
  "requests",
  "documents",
  "tlog",
  "reports",
  "subscriptions",
  "inspections",
  "imports",
] as const;
export type ServiceName = (typeof ALL_SERVICES)[number];

/** A C2SP tlog-witness the log pushes its checkpoints to (TLOG_WITNESSES). */
export interface TlogWitness {
  /** The witness's key name, as its verifier key and cosignature lines give it. */
  name: string;
  /** Its verifier key: `name+id+base64(0x04 || Ed25519 key)` (tlog-cosignature). */
  vkey: string;
  /** Its submission prefix: the log POSTs to `<url>/add-checkpoint`. */
  url: string;
}

export interface Config {
  port: number;
  host: string;
  /** Port of the Prometheus metrics (GET /metrics) of a process running the gateway; 0: none. */
  metricsPort: number;
  /** Address the metrics port listens on; loopback unless told otherwise. */
  metricsHost: string;
  services: ServiceName[];
  natsUrl?: string;
  namespace: string;
  nodeId?: string;
  databaseUrl?: string;
  /** Connections each service's pool may open (a process of n services: up to n times as many). */
  databasePoolMax: number;
  s3?: { endpoint: string; accessKey: string; secretKey: string; bucket: string; region: string };
  s3Bucket: string;
  dataDir: string;
  publicBaseUrl: string;
  adminUsername: string;
  adminPassword?: string;
  authSecret?: string;
  tokenTtlSeconds: number;
  bodyLimit: string;
  logLevel: string;
  requestTimeoutMs: number;
  shutdownTimeoutMs: number;
  shutdownDrainMs: number;
  /** Check every JSON answer against its documented schema (lib/replies.ts): for tests, it costs a copy. */
  checkReplies: boolean;
  signing: { p12File?: string; p12Dir?: string; p12Password?: string; signerName: string; location: string };
  /** Worker threads that render and sign notice PDFs in each notices process (0: its main thread). */
  noticeRenderThreads: number;
  expiryCheckSeconds: number;
  feedPollSeconds: number;
  /** The transparency log (services/tlog): its checkpoints' origin line and the Ed25519 key signing them. */
  tlog: { origin: string; signingKeyFile?: string; witnesses: TlogWitness[] };
  /** The officer console's cookie sessions. */
  console: {
    idleMinutes: number;
    sessionHours: number;
  };
  /** The throttle on failed sign-ins, API and console alike (shared/sign-in-throttle.ts). */
  signIn: {
    freeFailures: number;
    addressFreeFailures: number;
    userFreeFailures: number;
    firstDelaySeconds: number;
    maxDelaySeconds: number;
    failureWindowMinutes: number;
    knownAddressDays: number;
  };
  /** Public read answers the feed keeps in memory until the read model changes (0: no cache). */
  feedCacheEntries: number;
  /** The most memory those answers may take, in MiB (their JSON size, estimated). */
  feedCacheMb: number;
  /** Public answers and portal pages each gateway keeps, ready to send, until the read model changes (0: none). */
  edgeCacheEntries: number;
  /** The most memory those may take, in MiB. */
  edgeCacheMb: number;
  /** Take the client address (and scheme) from X-Forwarded-* headers: behind a trusted proxy or ingress. */
  trustProxy: boolean;
  /** The proxies whose X-Forwarded-For entries are believed: their addresses or CIDRs; undefined: any peer (one hop). */
  trustedProxies?: string[];
  feedback: {
    maxLength: number;
    rate: { limit: number; windowSeconds: number };
    dedupeHours: number;
    statsMinimum: number;
    defaultBodyId?: string;
  };
  /** Requests for government information (依申请公开) submitted online. */
  requests: {
    rate: { limit: number; windowSeconds: number };
    dedupeHours: number;
    statsMinimum: number;
  };
  /** 规范性文件 and 预公开 (services/documents). */
  documents: {
    /** The 登记号 prefix of this deployment's unified register (统一登记): ZJSP01-2026-0001. */
    registrationPrefix: string;
    /** Public comments on consultations, per client: at most `limit` in `windowSeconds`. */
    commentRate: { limit: number; windowSeconds: number };
    /** The same words on the same consultation within these hours are one comment. */
    dedupeHours: number;
  };
  /** Subscriptions (services/subscriptions): e-mail, webhooks and private Atom feeds. */
  subscriptions: {
    /** smtp:// or smtps:// URL of the mail relay; none: mails are written as .eml files under DATA_DIR/mail. */
    smtpUrl?: string;
    /** The From of every mail. */
    mailFrom: string;
    /** Callback hosts (names or addresses) allowed although they are loopback or private (WEBHOOK_ALLOW_HOSTS). */
    allowHosts: string[];
    /** How long a webhook endpoint has to answer, in seconds. */
    webhookTimeoutSeconds: number;
    /** How often due deliveries are sent, in seconds (0: only when asked, for tests with a fake clock). */
    deliverySeconds: number;
    /** New subscriptions per client: at most `limit` in `windowSeconds`. */
    rate: { limit: number; windowSeconds: number };
  };
  /** Bulk imports of historic 双公示 data (services/imports). */
  imports: {
    /** Largest file accepted, in bytes (IMPORT_MAX_MB). */
    maxBytes: number;
    /** Most data rows in one file. */
    maxRows: number;
    /** Imported notices rendered and signed at once, behind every live one (bounded so live publication keeps its pace). */
    noticeConcurrency: number;
    /** Seconds a runner holds a job without renewing it (every batch) before another replica takes it over. */
    leaseSeconds: number;
  };
  /** The site's identity (政府网站发展指引), shown in every page's footer; a number left unset is not shown. */
  site: SiteSettings;
}

export interface SiteSettings {
  name: string;
  /** 主办单位. */
  organizer?: string;
  /** 网站标识码. */
  code?: string;
  /** ICP 备案号. */
  icp?: string;
  /** 公安机关备案号. */
  psb?: string;
  /** How to reach the site's operator (phone, e-mail, address). */
  contact?: string;
  /** A staging site: robots.txt disallows everything and every public page says noindex. */
  blockRobots: boolean;
}

export const DEFAULT_SITE_NAME = "行政执法公示平台";

export { ConfigError };

/** TRUST_PROXY: true, false, or the addresses / CIDRs of our proxies (comma-separated). */
function trustProxy(env: Env): { trustProxy: boolean; trustedProxies?: string[] } {
  const raw = env.TRUST_PROXY ?? "";
  if (/^(1|true|yes|0|false|no)?$/i.test(raw)) return { trustProxy: boolean(env, "TRUST_PROXY", false) };
  const entries = raw
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  const bad = entries.find((e) => !isAddressOrCidr(e));
  if (bad !== undefined || entries.length === 0) {
    throw new ConfigError(
      `TRUST_PROXY must be true, false or a comma-separated list of proxy addresses or CIDRs, got "${bad ?? raw}"`,
    );
  }
  return { trustProxy: true, trustedProxies: entries };
}

/**
 * ADMIN_USERNAME obeys the API's username rule: a full-width or non-ASCII name would be stored as
 * given and never match sign-in's case-folded lookup, leaving no administrator able to sign in.
 */
function adminUsername(env: Env): string {
  const name = env.ADMIN_USERNAME || "admin";
  if (!isUsername(name)) {
    throw new ConfigError(
      `ADMIN_USERNAME must be 3–64 ASCII letters, digits or _ . @ - (as every username), got "${name}"`,
    );
  }
  return name;
}

/** MAIL_FROM: an address, or a name and an address in angle brackets. */
function mailFrom(env: Env): string {
  const raw = env.MAIL_FROM || "行政执法公示平台 <noreply@localhost>";
  if (!/^([^<>\r\n]{1,100} )?<?[^\s<>@]+@[^\s<>@]+>?$/.test(raw)) {
    throw new ConfigError(`MAIL_FROM must be an e-mail address, or a name and <address>, got "${raw}"`);
  }
  return raw;
}

/** 2–16 capital letters or digits, beginning with a letter (shared/documents/numbers.ts). */
function registrationPrefix(env: Env): string {
  const raw = env.DOCUMENTS_REGISTRATION_PREFIX || "GFXWJ";
  if (!isRegistrationPrefix(raw)) {
    throw new ConfigError(
      `DOCUMENTS_REGISTRATION_PREFIX must be 2–16 capital letters or digits beginning with a letter, got "${raw}"`,
    );
  }
  return raw;
}

/** TLOG_ORIGIN, else the public host and path plus "/tlog" (C2SP: a schema-less URL naming the log). */
function tlogOrigin(env: Env, publicBaseUrl: string): string {
  const origin = env.TLOG_ORIGIN || `${publicBaseUrl.replace(/^https?:\/\//, "")}/tlog`;
  if (!/^[^\s+]+$/u.test(origin))
    throw new ConfigError(`TLOG_ORIGIN must be one word without spaces or "+": "${origin}"`);
  return origin;
}

/**
 * TLOG_WITNESSES: `<verifier key> <submission URL>` per witness, witnesses separated by commas or
 * newlines. The key must be an Ed25519 cosigner key (type 0x04); names must differ.
 */
function tlogWitnesses(env: Env): TlogWitness[] {
  const raw = env.TLOG_WITNESSES?.trim();
  if (!raw) return [];
  const witnesses = raw
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => {
      const [vkey, submission, ...rest] = item.split(/\s+/);
      if (!vkey || !submission || rest.length) {
        throw new ConfigError(`TLOG_WITNESSES: each witness is "<verifier key> <URL>", got "${item}"`);
      }
      let name: string;
      try {
        name = parseCosignerKey(vkey).name;
      } catch (err) {
        throw new ConfigError(`TLOG_WITNESSES: "${vkey}" is not a witness verifier key: ${(err as Error).message}`);
      }
      const url = witnessUrl(submission);
      return { name, vkey, url };
    });
  const names = witnesses.map((w) => w.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new ConfigError(`TLOG_WITNESSES names the witness ${twice} twice`);
  return witnesses;
}

function witnessUrl(raw: string): string {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`TLOG_WITNESSES: "${raw}" is not a URL`);
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new ConfigError(`TLOG_WITNESSES: a witness URL must use https: or http:, got "${raw}"`);
  }
  return raw.replace(/\/+$/, "");
}

function services(env: Env): ServiceName[] {
  const raw = env.SERVICES;
  if (raw === undefined || raw.trim() === "") return [...ALL_SERVICES];
  const names = raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const name of names) {
    if (!(ALL_SERVICES as readonly string[]).includes(name)) {
      throw new ConfigError(`SERVICES: unknown service "${name}"; available: ${ALL_SERVICES.join(",")}`);
    }
  }
  if (names.length === 0) throw new ConfigError(`SERVICES names no service; available: ${ALL_SERVICES.join(",")}`);
  return [...new Set(names)] as ServiceName[];
}

/** METRICS_HOST: an IP address or a host name; 127.0.0.1 by default (a plain start keeps metrics local). */
function metricsHost(env: Env): string {
  const raw = env.METRICS_HOST?.trim();
  if (!raw) return "127.0.0.1";
  if (
    !net.isIP(raw) &&
    !/^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/.test(
      raw,
    )
  ) {
    throw new ConfigError(`METRICS_HOST must be an IP address or a host name, got "${raw}"`);
  }
  return raw;
}

/** A line of text for the footer: printable, one line, at most `max` characters; undefined when unset. */
function siteText(env: Env, name: string, max: number): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  if (raw.length > max || /\p{Cc}/u.test(raw)) {
    throw new ConfigError(`${name} must be one line of at most ${max} characters, got "${raw}"`);
  }
  return raw;
}

/** A registration number must be the one issued, in its official form: a wrong one is worse than none. */
function registration(env: Env, name: string, pattern: RegExp, example: string): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  if (!pattern.test(raw)) throw new ConfigError(`${name} must look like ${example}, got "${raw}"`);
  return raw;
}

function site(env: Env): SiteSettings {
  return {
    name: siteText(env, "SITE_NAME", 50) ?? DEFAULT_SITE_NAME,
    organizer: siteText(env, "SITE_ORGANIZER", 100),
    code: registration(env, "SITE_CODE", /^[A-Za-z0-9]{10}$/, "3301000001 (10 letters or digits)"),
    icp: registration(env, "SITE_ICP", /^[\u4e00-\u9fff]ICP备\d{4,12}号(-\d{1,3})?$/, "浙ICP备12345678号-1"),
    psb: registration(env, "SITE_PSB", /^[\u4e00-\u9fff]公网安备 ?\d{14}号$/, "浙公网安备33010602000001号"),
    contact: siteText(env, "SITE_CONTACT", 200),
    blockRobots: boolean(env, "SITE_BLOCK_ROBOTS", false),
  };
}

export function loadConfig(env: Env = process.env): Config {
  const port = integer(env, "PORT", 3000, 0, 65535);
  const metricsPort = integer(env, "METRICS_PORT", 9464, 0, 65535);
  if (metricsPort !== 0 && metricsPort === port) {
    throw new ConfigError(`METRICS_PORT must differ from PORT (${port}): metrics stay off the public port`);
  }
  const dataDir = path.resolve(env.DATA_DIR || "./.data");
  const publicBaseUrl = (
    url(env, "PUBLIC_BASE_URL", ["http:", "https:"]) ?? `http://localhost:${port || 3000}`
  ).replace(/\/+$/, "");
  const s3Endpoint = url(env, "S3_ENDPOINT", ["http:", "https:"]);
  const s3Bucket = env.S3_BUCKET || "notices";
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(s3Bucket)) {
    throw new ConfigError(`S3_BUCKET is not a valid bucket name: "${s3Bucket}"`);
  }
  if (s3Endpoint && (!env.S3_ACCESS_KEY || !env.S3_SECRET_KEY)) {
    throw new ConfigError("S3_ENDPOINT is set: S3_ACCESS_KEY and S3_SECRET_KEY are required too");
  }
  const authSecret = env.AUTH_SECRET || undefined;
  if (authSecret !== undefined && authSecret.length < 32) {
    throw new ConfigError("AUTH_SECRET must be at least 32 characters");
  }
  const adminPassword = env.ADMIN_PASSWORD || undefined;
  if (adminPassword !== undefined && adminPassword.length < 8) {
    throw new ConfigError("ADMIN_PASSWORD must be at least 8 characters");
  }
  const bodyLimit = env.BODY_LIMIT || "1mb";
  if (!/^\d+(b|kb|mb)$/i.test(bodyLimit)) {
    throw new ConfigError(`BODY_LIMIT must look like 512kb or 1mb, got "${bodyLimit}"`);
  }
  const logLevel = env.LOG_LEVEL || "info";
  if (!["fatal", "error", "warn", "info", "debug", "trace"].includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be fatal, error, warn, info, debug or trace, got "${logLevel}"`);
  }
  return {
    port,
    host: env.HOST || "0.0.0.0",
    metricsPort,
    metricsHost: metricsHost(env),
    services: services(env),
    natsUrl: url(env, "NATS_URL", ["nats:", "tls:", "ws:", "wss:"]),
    namespace: env.NAMESPACE || "zfgs",
    nodeId: env.NODE_ID || undefined,
    databaseUrl: url(env, "DATABASE_URL", ["postgres:", "postgresql:"]),
    databasePoolMax: integer(env, "DATABASE_POOL_MAX", 10, 1, 100),
    s3: s3Endpoint
      ? {
          endpoint: s3Endpoint,
          accessKey: env.S3_ACCESS_KEY as string,
          secretKey: env.S3_SECRET_KEY as string,
          bucket: s3Bucket,
          region: env.S3_REGION || "us-east-1",
        }
      : undefined,
    s3Bucket,
    dataDir,
    publicBaseUrl,
    adminUsername: adminUsername(env),
    adminPassword,
    authSecret,
    tokenTtlSeconds: integer(env, "TOKEN_TTL_SECONDS", 8 * 3600, 60, 30 * 24 * 3600),
    bodyLimit,
    logLevel,
    requestTimeoutMs: integer(env, "REQUEST_TIMEOUT_MS", 10_000, 100, 600_000),
    shutdownTimeoutMs: integer(env, "SHUTDOWN_TIMEOUT_MS", 10_000, 0, 600_000),
    shutdownDrainMs: integer(env, "SHUTDOWN_DRAIN_MS", 0, 0, 120_000),
    checkReplies: boolean(env, "CHECK_REPLIES", false),
    signing: {
      p12File: existingPath(env, "SIGNING_P12_FILE", "file"),
      p12Dir: existingPath(env, "SIGNING_P12_DIR", "directory"),
      p12Password: env.SIGNING_P12_PASSWORD || undefined,
      signerName: env.SIGNER_NAME || DEFAULT_SITE_NAME,
      location: env.SIGNING_LOCATION || "中国",
    },
    noticeRenderThreads: integer(env, "NOTICE_RENDER_THREADS", Math.min(2, os.availableParallelism()), 0, 64),
    expiryCheckSeconds: integer(env, "EXPIRY_CHECK_SECONDS", 300, 1, 86_400),
    feedPollSeconds: integer(env, "FEED_POLL_SECONDS", 5, 1, 3600),
    tlog: {
      origin: tlogOrigin(env, publicBaseUrl),
      signingKeyFile: existingPath(env, "TLOG_SIGNING_KEY_FILE", "file"),
      witnesses: tlogWitnesses(env),
    },
    console: {
      idleMinutes: integer(env, "CONSOLE_IDLE_MINUTES", 30, 1, 24 * 60),
      sessionHours: integer(env, "CONSOLE_SESSION_HOURS", 12, 1, 7 * 24),
    },
    signIn: {
      freeFailures: integer(env, "LOGIN_FREE_FAILURES", 5, 1, 1000),
      addressFreeFailures: integer(env, "LOGIN_ADDRESS_FREE_FAILURES", 100, 1, 1_000_000),
      userFreeFailures: integer(env, "LOGIN_USER_FREE_FAILURES", 20, 1, 1_000_000),
      firstDelaySeconds: integer(env, "LOGIN_FIRST_DELAY_SECONDS", 1, 1, 3600),
      maxDelaySeconds: integer(env, "LOGIN_MAX_DELAY_SECONDS", 900, 1, 24 * 3600),
      failureWindowMinutes: integer(env, "LOGIN_FAILURE_WINDOW_MINUTES", 60, 1, 7 * 24 * 60),
      knownAddressDays: integer(env, "LOGIN_KNOWN_ADDRESS_DAYS", 30, 0, 3650),
    },
    feedCacheEntries: integer(env, "FEED_CACHE_ENTRIES", 10_000, 0, 1_000_000),
    feedCacheMb: integer(env, "FEED_CACHE_MB", 64, 1, 64 * 1024),
    edgeCacheEntries: integer(env, "EDGE_CACHE_ENTRIES", 10_000, 0, 1_000_000),
    edgeCacheMb: integer(env, "EDGE_CACHE_MB", 64, 1, 64 * 1024),
    ...trustProxy(env),
    feedback: {
      maxLength: integer(env, "FEEDBACK_MAX_LENGTH", 2000, 50, 20_000),
      rate: rate(env, "FEEDBACK_RATE_LIMIT", "5/600"),
      dedupeHours: integer(env, "FEEDBACK_DEDUPE_HOURS", 24, 0, 24 * 30),
      statsMinimum: integer(env, "FEEDBACK_STATS_MIN", 5, 1, 10_000),
      defaultBodyId: env.FEEDBACK_DEFAULT_BODY_ID || undefined,
    },
    requests: {
      rate: rate(env, "REQUESTS_RATE_LIMIT", "5/600"),
      dedupeHours: integer(env, "REQUESTS_DEDUPE_HOURS", 24, 0, 24 * 30),
      statsMinimum: integer(env, "REQUESTS_STATS_MIN", 5, 1, 10_000),
    },
    documents: {
      registrationPrefix: registrationPrefix(env),
      commentRate: rate(env, "COMMENT_RATE_LIMIT", "5/600"),
      dedupeHours: integer(env, "COMMENT_DEDUPE_HOURS", 24, 0, 24 * 30),
    },
    subscriptions: {
      smtpUrl: url(env, "SMTP_URL", ["smtp:", "smtps:"]),
      mailFrom: mailFrom(env),
      allowHosts: (env.WEBHOOK_ALLOW_HOSTS ?? "")
        .split(",")
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean),
      webhookTimeoutSeconds: integer(env, "WEBHOOK_TIMEOUT_SECONDS", 10, 1, 60),
      deliverySeconds: integer(env, "SUBSCRIPTIONS_DELIVERY_SECONDS", 2, 0, 3600),
      rate: rate(env, "SUBSCRIPTIONS_RATE_LIMIT", "10/3600"),
    },
    imports: {
      maxBytes: integer(env, "IMPORT_MAX_MB", 100, 1, 1024) * 1024 * 1024,
      maxRows: integer(env, "IMPORT_MAX_ROWS", 200_000, 1, 1_000_000),
      noticeConcurrency: integer(env, "IMPORT_NOTICE_CONCURRENCY", 1, 1, 16),
      leaseSeconds: integer(env, "IMPORT_LEASE_SECONDS", 30, 2, 3600),
    },
    site: site(env),
  };
}
