import { generateKeyPairSync } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ALL_SERVICES, ConfigError, loadConfig } from "../../lib/config.js";
import { cosignerVerifierKey, verifierKey } from "../../shared/tlog.js";

const SECRET = "x".repeat(32);

describe("loadConfig", () => {
  const sut = loadConfig;

  describe("defaults", () => {
    const config = sut({});

    it("listens on 0.0.0.0:3000", () => {
      expect(config.port).toBe(3000);
      expect(config.host).toBe("0.0.0.0");
    });

    it("runs every built service", () => {
      expect(config.services).toEqual([
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
      ]);
      expect(config.services).toEqual([...ALL_SERVICES]);
      expect(config.services).not.toBe(ALL_SERVICES);
    });

    it("keeps data in an absolute ./.data", () => {
      expect(path.isAbsolute(config.dataDir)).toBe(true);
      expect(config.dataDir).toBe(path.resolve(process.cwd(), ".data"));
    });

    it("has no NATS, database, S3, admin password or auth secret", () => {
      expect(config.natsUrl).toBeUndefined();
      expect(config.databaseUrl).toBeUndefined();
      expect(config.s3).toBeUndefined();
      expect(config.adminPassword).toBeUndefined();
      expect(config.authSecret).toBeUndefined();
      expect(config.nodeId).toBeUndefined();
    });

    it("fills in the remaining defaults", () => {
      expect(config).toMatchObject({
        namespace: "zfgs",
        s3Bucket: "notices",
        publicBaseUrl: "http://localhost:3000",
        adminUsername: "admin",
        tokenTtlSeconds: 8 * 3600,
        bodyLimit: "1mb",
        logLevel: "info",
        requestTimeoutMs: 10_000,
        shutdownTimeoutMs: 10_000,
      });
    });

    it("treats empty variables as unset", () => {
      expect(
        sut({ PORT: "", SERVICES: "  ", NATS_URL: "", AUTH_SECRET: "", DATA_DIR: "", PUBLIC_BASE_URL: "" }),
      ).toEqual(config);
    });
  });

  describe("SERVICES", () => {
    it("trims names and drops empty entries", () => {
      expect(sut({ SERVICES: " duties , gateway ,," }).services).toEqual(["duties", "gateway"]);
    });

    it("removes duplicates, keeping the first order", () => {
      expect(sut({ SERVICES: "accounts,gateway,accounts, gateway" }).services).toEqual(["accounts", "gateway"]);
    });

    it("accepts a single service", () => {
      expect(sut({ SERVICES: "accounts" }).services).toEqual(["accounts"]);
    });

    it("rejects an unknown service name", () => {
      expect(() => sut({ SERVICES: "gateway,billing" })).toThrow(ConfigError);
      expect(() => sut({ SERVICES: "gateway,billing" })).toThrow(/unknown service "billing"/);
    });

    it("is case-sensitive", () => {
      expect(() => sut({ SERVICES: "Gateway" })).toThrow(ConfigError);
    });

    it("accepts every service API.md names", () => {
      const all =
        "gateway,accounts,duties,cases,results,notices,feed,feedback,requests,documents,tlog,reports,subscriptions,inspections,imports";
      expect(sut({ SERVICES: all }).services).toEqual(all.split(","));
    });
  });

  describe("PORT", () => {
    it("reads an integer port", () => {
      expect(sut({ PORT: "8080" }).port).toBe(8080);
      expect(sut({ PORT: "0" }).port).toBe(0);
      expect(sut({ PORT: "65535" }).port).toBe(65535);
    });

    it.each(["abc", "-1", "65536", "80.5", "NaN", "Infinity"])("rejects %j", (PORT) => {
      expect(() => sut({ PORT })).toThrow(ConfigError);
      expect(() => sut({ PORT })).toThrow(/PORT must be an integer/);
    });

    it("derives the default public URL from the port", () => {
      expect(sut({ PORT: "8080" }).publicBaseUrl).toBe("http://localhost:8080");
      expect(sut({ PORT: "0" }).publicBaseUrl).toBe("http://localhost:3000");
    });
  });

  describe("METRICS_PORT", () => {
    it("defaults to 9464, apart from the public port; 0 turns the metrics port off", () => {
      expect(sut({}).metricsPort).toBe(9464);
      expect(sut({ METRICS_PORT: "9100" }).metricsPort).toBe(9100);
      expect(sut({ METRICS_PORT: "0" }).metricsPort).toBe(0);
      expect(sut({ PORT: "0", METRICS_PORT: "0" }).metricsPort).toBe(0);
    });

    it("refuses the public port or a port that is not one", () => {
      expect(() => sut({ PORT: "9100", METRICS_PORT: "9100" })).toThrow(/METRICS_PORT must differ from PORT/);
      expect(() => sut({ METRICS_PORT: "70000" })).toThrow(/METRICS_PORT must be an integer/);
    });
  });

  describe("METRICS_HOST", () => {
    it("defaults to loopback, so a plain start does not offer metrics to the network", () => {
      expect(sut({}).metricsHost).toBe("127.0.0.1");
      expect(sut({ HOST: "0.0.0.0" }).metricsHost).toBe("127.0.0.1");
      expect(sut({ METRICS_HOST: "0.0.0.0" }).metricsHost).toBe("0.0.0.0");
      expect(sut({ METRICS_HOST: "::1" }).metricsHost).toBe("::1");
      expect(sut({ METRICS_HOST: "metrics.local" }).metricsHost).toBe("metrics.local");
    });

    it("refuses what is neither an address nor a host name", () => {
      expect(() => sut({ METRICS_HOST: "http://0.0.0.0" })).toThrow(
        /METRICS_HOST must be an IP address or a host name/,
      );
      expect(() => sut({ METRICS_HOST: "a b" })).toThrow(/METRICS_HOST/);
    });
  });

  describe("S3", () => {
    const endpoint = "http://127.0.0.1:9000";

    it("requires both keys with an endpoint", () => {
      expect(() => sut({ S3_ENDPOINT: endpoint })).toThrow(ConfigError);
      expect(() => sut({ S3_ENDPOINT: endpoint, S3_ACCESS_KEY: "a" })).toThrow(/S3_SECRET_KEY/);
      expect(() => sut({ S3_ENDPOINT: endpoint, S3_SECRET_KEY: "b" })).toThrow(ConfigError);
    });

    it("builds the S3 settings with endpoint and keys", () => {
      expect(sut({ S3_ENDPOINT: endpoint, S3_ACCESS_KEY: "a", S3_SECRET_KEY: "b", S3_BUCKET: "my-bucket" }).s3).toEqual(
        { endpoint, accessKey: "a", secretKey: "b", bucket: "my-bucket", region: "us-east-1" },
      );
    });

    it("rejects a non-http endpoint and an invalid bucket name", () => {
      expect(() => sut({ S3_ENDPOINT: "ftp://x", S3_ACCESS_KEY: "a", S3_SECRET_KEY: "b" })).toThrow(ConfigError);
      expect(() => sut({ S3_BUCKET: "Bad_Bucket" })).toThrow(ConfigError);
    });
  });

  describe("URLs", () => {
    it("accepts NATS URLs", () => {
      expect(sut({ NATS_URL: "nats://nats:4222" }).natsUrl).toBe("nats://nats:4222");
      expect(sut({ NATS_URL: "tls://nats:4222" }).natsUrl).toBe("tls://nats:4222");
    });

    it("rejects a NATS_URL with http:", () => {
      expect(() => sut({ NATS_URL: "http://nats:4222" })).toThrow(ConfigError);
      expect(() => sut({ NATS_URL: "http://nats:4222" })).toThrow(/NATS_URL must use/);
    });

    it("rejects a NATS_URL that is not a URL", () => {
      expect(() => sut({ NATS_URL: "localhost 4222" })).toThrow(ConfigError);
    });

    it("rejects a DATABASE_URL that is not postgres", () => {
      expect(sut({ DATABASE_URL: "postgres://u:p@db/x" }).databaseUrl).toBe("postgres://u:p@db/x");
      expect(() => sut({ DATABASE_URL: "mysql://u:p@db/x" })).toThrow(ConfigError);
    });

    it("strips trailing slashes from PUBLIC_BASE_URL", () => {
      expect(sut({ PUBLIC_BASE_URL: "https://gs.example.gov.cn/" }).publicBaseUrl).toBe("https://gs.example.gov.cn");
      expect(sut({ PUBLIC_BASE_URL: "https://example.org/zfgs//" }).publicBaseUrl).toBe("https://example.org/zfgs");
      expect(sut({ PUBLIC_BASE_URL: "https://example.org/zfgs" }).publicBaseUrl).toBe("https://example.org/zfgs");
    });

    it("names the transparency log after the public host and path unless TLOG_ORIGIN says otherwise", () => {
      expect(sut({ PUBLIC_BASE_URL: "https://example.org/zfgs/" }).tlog.origin).toBe("example.org/zfgs/tlog");
      expect(sut({ TLOG_ORIGIN: "gs.example.cn/log" }).tlog.origin).toBe("gs.example.cn/log");
      expect(() => sut({ TLOG_ORIGIN: "a b" })).toThrow(ConfigError);
      expect(() => sut({ TLOG_SIGNING_KEY_FILE: "/no/such/key.pem" })).toThrow(ConfigError);
    });

    it("reads TLOG_WITNESSES: a cosigner verifier key and a URL per witness, by commas or lines", () => {
      const vkey = (name: string) => cosignerVerifierKey(name, generateKeyPairSync("ed25519").publicKey);
      const [w1, w2] = [vkey("w1.example.org/witness"), vkey("w2.example.org/witness")];
      expect(sut({}).tlog.witnesses).toEqual([]);
      expect(
        sut({ TLOG_WITNESSES: `${w1} https://w1.example.org/, \n${w2} http://10.0.0.2:8080/w` }).tlog.witnesses,
      ).toEqual([
        { name: "w1.example.org/witness", vkey: w1, url: "https://w1.example.org" },
        { name: "w2.example.org/witness", vkey: w2, url: "http://10.0.0.2:8080/w" },
      ]);
      const logKey = verifierKey("w1.example.org/witness", generateKeyPairSync("ed25519").publicKey);
      for (const bad of [
        w1,
        `${w1} ftp://w1.example.org`,
        `${w1} not-a-url`,
        `${logKey} https://w1.example.org`,
        `${w1} https://a.example.org, ${w1} https://b.example.org`,
        `${w1} https://a.example.org extra`,
      ]) {
        expect(() => sut({ TLOG_WITNESSES: bad }), bad).toThrow(ConfigError);
      }
    });

    it("rejects a PUBLIC_BASE_URL that is not http(s)", () => {
      expect(() => sut({ PUBLIC_BASE_URL: "javascript:alert(1)" })).toThrow(ConfigError);
    });
  });

  describe("secrets", () => {
    it("rejects an AUTH_SECRET shorter than 32 characters", () => {
      expect(() => sut({ AUTH_SECRET: "x".repeat(31) })).toThrow(ConfigError);
      expect(() => sut({ AUTH_SECRET: "short" })).toThrow(/AUTH_SECRET/);
    });

    it("accepts an AUTH_SECRET of 32 characters or more", () => {
      expect(sut({ AUTH_SECRET: SECRET }).authSecret).toBe(SECRET);
      expect(sut({ AUTH_SECRET: `${SECRET}more` }).authSecret).toBe(`${SECRET}more`);
    });

    it("rejects an ADMIN_PASSWORD shorter than 8 characters", () => {
      expect(() => sut({ ADMIN_PASSWORD: "1234567" })).toThrow(ConfigError);
      expect(sut({ ADMIN_PASSWORD: "12345678" }).adminPassword).toBe("12345678");
    });
  });

  describe("other settings", () => {
    it("resolves DATA_DIR to an absolute path", () => {
      expect(sut({ DATA_DIR: "var/data" }).dataDir).toBe(path.resolve("var/data"));
      expect(sut({ DATA_DIR: "/srv/zfgs" }).dataDir).toBe("/srv/zfgs");
    });

    it("bounds TOKEN_TTL_SECONDS and the timeouts", () => {
      expect(sut({ TOKEN_TTL_SECONDS: "60" }).tokenTtlSeconds).toBe(60);
      expect(() => sut({ TOKEN_TTL_SECONDS: "59" })).toThrow(ConfigError);
      expect(() => sut({ TOKEN_TTL_SECONDS: String(30 * 24 * 3600 + 1) })).toThrow(ConfigError);
      expect(() => sut({ REQUEST_TIMEOUT_MS: "99" })).toThrow(ConfigError);
      expect(sut({ SHUTDOWN_TIMEOUT_MS: "0" }).shutdownTimeoutMs).toBe(0);
    });

    it("renders notices on min(2, cores) worker threads unless NOTICE_RENDER_THREADS says otherwise", () => {
      expect(sut({}).noticeRenderThreads).toBe(Math.min(2, os.availableParallelism()));
      expect(sut({ NOTICE_RENDER_THREADS: "0" }).noticeRenderThreads).toBe(0);
      expect(sut({ NOTICE_RENDER_THREADS: "4" }).noticeRenderThreads).toBe(4);
      expect(() => sut({ NOTICE_RENDER_THREADS: "-1" })).toThrow(/NOTICE_RENDER_THREADS must be an integer/);
      expect(() => sut({ NOTICE_RENDER_THREADS: "65" })).toThrow(ConfigError);
    });

    it("accepts the known LOG_LEVELs and rejects others", () => {
      for (const level of ["fatal", "error", "warn", "info", "debug", "trace"]) {
        expect(sut({ LOG_LEVEL: level }).logLevel).toBe(level);
      }
      expect(() => sut({ LOG_LEVEL: "verbose" })).toThrow(ConfigError);
      expect(() => sut({ LOG_LEVEL: "INFO" })).toThrow(/LOG_LEVEL/);
    });

    it("reads the sign-in throttle with its defaults and bounds", () => {
      expect(sut({}).signIn).toEqual({
        freeFailures: 5,
        addressFreeFailures: 100,
        userFreeFailures: 20,
        firstDelaySeconds: 1,
        maxDelaySeconds: 900,
        failureWindowMinutes: 60,
        knownAddressDays: 30,
      });
      expect(
        sut({
          LOGIN_FREE_FAILURES: "3",
          LOGIN_ADDRESS_FREE_FAILURES: "500",
          LOGIN_USER_FREE_FAILURES: "50",
          LOGIN_FIRST_DELAY_SECONDS: "10",
          LOGIN_MAX_DELAY_SECONDS: "60",
          LOGIN_FAILURE_WINDOW_MINUTES: "15",
          LOGIN_KNOWN_ADDRESS_DAYS: "0",
        }).signIn,
      ).toEqual({
        freeFailures: 3,
        addressFreeFailures: 500,
        userFreeFailures: 50,
        firstDelaySeconds: 10,
        maxDelaySeconds: 60,
        failureWindowMinutes: 15,
        knownAddressDays: 0,
      });
      expect(() => sut({ LOGIN_FREE_FAILURES: "0" })).toThrow(/LOGIN_FREE_FAILURES/);
      expect(() => sut({ LOGIN_MAX_DELAY_SECONDS: "0" })).toThrow(/LOGIN_MAX_DELAY_SECONDS/);
      expect(() => sut({ LOGIN_FAILURE_WINDOW_MINUTES: "x" })).toThrow(ConfigError);
    });

    it("reads TRUST_PROXY as true, false, or the addresses and CIDRs of the proxies", () => {
      expect(sut({}).trustProxy).toBe(false);
      expect(sut({}).trustedProxies).toBeUndefined();
      expect(sut({ TRUST_PROXY: "true" }).trustProxy).toBe(true);
      expect(sut({ TRUST_PROXY: "true" }).trustedProxies).toBeUndefined();
      expect(sut({ TRUST_PROXY: "10.0.0.0/8, 192.0.2.10,fd00::/8" })).toMatchObject({
        trustProxy: true,
        trustedProxies: ["10.0.0.0/8", "192.0.2.10", "fd00::/8"],
      });
      expect(() => sut({ TRUST_PROXY: "ingress-nginx" })).toThrow(/TRUST_PROXY/);
      expect(() => sut({ TRUST_PROXY: "10.0.0.0/40" })).toThrow(/TRUST_PROXY.*10\.0\.0\.0\/40/);
      expect(() => sut({ TRUST_PROXY: "," })).toThrow(/TRUST_PROXY/);
    });

    it("validates BODY_LIMIT", () => {
      expect(sut({ BODY_LIMIT: "512kb" }).bodyLimit).toBe("512kb");
      expect(() => sut({ BODY_LIMIT: "lots" })).toThrow(ConfigError);
    });

    it("reads the naming settings", () => {
      expect(sut({ NAMESPACE: "test", NODE_ID: "n1", ADMIN_USERNAME: "root", LOG_LEVEL: "debug" })).toMatchObject({
        namespace: "test",
        nodeId: "n1",
        adminUsername: "root",
        logLevel: "debug",
      });
    });

    it("takes an ADMIN_USERNAME only when the API would take it as a username, naming the variable otherwise", () => {
      expect(sut({ ADMIN_USERNAME: "Ops.Admin@zj" }).adminUsername).toBe("Ops.Admin@zj");
      // Full-width, non-ASCII capitals, Chinese, spaces, too short: sign-in's lookup would never find them.
      for (const name of ["ＡＤＭＩＮ", "ÀDMIN", "管理员", "ad min", "ad"]) {
        expect(() => sut({ ADMIN_USERNAME: name }), name).toThrow(ConfigError);
        expect(() => sut({ ADMIN_USERNAME: name }), name).toThrow(/ADMIN_USERNAME/);
      }
    });
  });

  describe("site identity (SITE_*)", () => {
    it("names the site by default and shows no registration number it was not given", () => {
      expect(sut({}).site).toEqual({
        name: "行政执法公示平台",
        organizer: undefined,
        code: undefined,
        icp: undefined,
        psb: undefined,
        contact: undefined,
        blockRobots: false,
      });
    });

    it("takes each setting, trimmed", () => {
      const site = sut({
        SITE_NAME: " 杭州市行政执法公示平台 ",
        SITE_ORGANIZER: "杭州市司法局",
        SITE_CODE: "3301000001",
        SITE_ICP: "浙ICP备12345678号-1",
        SITE_PSB: "浙公网安备 33010602000001号",
        SITE_CONTACT: "0571-12345678",
        SITE_BLOCK_ROBOTS: "true",
      }).site;
      expect(site).toEqual({
        name: "杭州市行政执法公示平台",
        organizer: "杭州市司法局",
        code: "3301000001",
        icp: "浙ICP备12345678号-1",
        psb: "浙公网安备 33010602000001号",
        contact: "0571-12345678",
        blockRobots: true,
      });
      expect(sut({ SITE_ICP: "京ICP备05001234号" }).site.icp).toBe("京ICP备05001234号");
    });

    it.each([
      ["SITE_CODE", "330100000"],
      ["SITE_CODE", "3301-00001"],
      ["SITE_ICP", "ICP备12345678号"],
      ["SITE_ICP", "浙ICP备12345678"],
      ["SITE_ICP", "浙ICP证12345678号"],
      ["SITE_PSB", "浙公网安备3301060200000号"],
      ["SITE_PSB", "33010602000001"],
      ["SITE_NAME", "名".repeat(51)],
      ["SITE_NAME", "两行\n名字"],
      ["SITE_ORGANIZER", "单".repeat(101)],
      ["SITE_CONTACT", "电话\u0000"],
      ["SITE_BLOCK_ROBOTS", "maybe"],
    ])("refuses %s=%j", (name, value) => {
      expect(() => sut({ [name]: value })).toThrow(ConfigError);
      expect(() => sut({ [name]: value })).toThrow(new RegExp(name));
    });
  });

  it("throws errors named ConfigError", () => {
    try {
      sut({ PORT: "x" });
      expect.fail("loadConfig should have thrown");
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).name).toBe("ConfigError");
    }
  });
});
