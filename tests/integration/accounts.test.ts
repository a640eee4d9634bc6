/**
 * Accounts against a split deployment: bearer tokens end with what they stand for (a per-user
 * token version), sign-in throttling slows guessers without locking the owner out, and usernames
 * are unique whatever their case. Clients at different addresses are real connections from
 * different loopback addresses (127.0.0.x); only 127.0.0.1 is a trusted proxy (TRUST_PROXY), so
 * X-Forwarded-For from any other peer is the client's to write and must change nothing.
 */
// Response bodies are untyped JSON that tests inspect field by field.
/* eslint-disable @typescript-eslint/no-explicit-any */
import http from "node:http";
import { createHmac, randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../lib/database.js";
import { DATABASE } from "../../services/accounts/database.js";
import { creditCode } from "../support/fixtures.js";
import { ADMIN_PASSWORD, createDatabase, startPlatform, type Api, type Platform } from "../support/platform.js";

const PASSWORD = "pass-word-1";
/** Small counts and a long first wait, so every answer below is decided by counts, never by timing. */
const THROTTLE_ENV = {
  LOGIN_FREE_FAILURES: "3",
  LOGIN_ADDRESS_FREE_FAILURES: "10",
  LOGIN_USER_FREE_FAILURES: "6",
  LOGIN_FIRST_DELAY_SECONDS: "600",
  LOGIN_MAX_DELAY_SECONDS: "3600",
  TRUST_PROXY: "127.0.0.1/32",
};

let platform: Platform;
let api: Api;
let admin: string;
let bodyId: string;
let otherBodyId: string;

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: any;
}

/** One HTTP request over a fresh connection from the given local (loopback) address. */
function requestFrom(
  address: string,
  method: string,
  path: string,
  opts: { body?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const url = new URL(platform.baseUrl + path);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method,
        localAddress: address,
        agent: false,
        headers: opts.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          const json = (res.headers["content-type"] ?? "").includes("json") && text ? JSON.parse(text) : text;
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: json });
        });
      },
    );
    req.on("error", reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

function loginFrom(address: string, username: string, password: string, headers: Record<string, string> = {}) {
  return requestFrom(address, "POST", "/api/auth/login", {
    body: JSON.stringify({ username, password }),
    headers: { "content-type": "application/json", ...headers },
  });
}

/**
 * The console's sign-in form, posted with its double-submit token. A refusal is answered on the
 * sign-in page (POST-redirect-GET): followed there with its cookies, as a browser would.
 */
async function consoleSignInFrom(address: string, username: string, password: string): Promise<Answer> {
  const csrf = randomBytes(32).toString("base64url");
  const posted = await requestFrom(address, "POST", "/console/login", {
    body: new URLSearchParams({ _csrf: csrf, next: "/console", username, password }).toString(),
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      cookie: `zfgs_login=${csrf}`,
      origin: platform.baseUrl,
    },
  });
  const cookies = (posted.headers["set-cookie"] ?? []).map((c) => c.split(";")[0] as string);
  if (posted.status !== 303 || !cookies.some((c) => c.startsWith("zfgs_flash="))) return posted;
  expect(posted.headers.location).toBe("/console/login");
  return requestFrom(address, "GET", "/console/login", { headers: { cookie: cookies.join("; ") } });
}

async function createUser(username: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await api.post(
    "/api/users",
    { username, password: PASSWORD, displayName: username, role: "officer", bodyId, ...extra },
    admin,
  );
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
}

beforeAll(async () => {
  platform = await startPlatform(
    [
      "gateway",
      "accounts,duties,cases,results,notices,feed,feedback,requests,documents,tlog,reports,subscriptions,inspections,imports",
    ],
    THROTTLE_ENV,
  );
  api = platform.api;
  admin = await api.login("admin", ADMIN_PASSWORD);
  const bodies = await Promise.all(
    ["宁波市民政局", "温州市民政局"].map((name) =>
      api.post("/api/bodies", { name, creditCode: creditCode(), region: "浙江省" }, admin),
    ),
  );
  [bodyId, otherBodyId] = bodies.map((b) => b.body.id as string) as [string, string];
});

afterAll(async () => {
  await platform?.stop();
});

/** One statement against the platform's database, as an operator (or a racing request) would run it. */
async function sql(query: string, params: unknown[] = []): Promise<any[]> {
  const db = new pg.Client({ connectionString: platform.db.url });
  await db.connect();
  try {
    return (await db.query(query, params)).rows;
  } finally {
    await db.end();
  }
}

/** The console cookie of a fresh sign-in, and the console's front page fetched with it. */
async function consoleSession(address: string, username: string) {
  const signedIn = await consoleSignInFrom(address, username, PASSWORD);
  expect(signedIn.status).toBe(303);
  const cookie = String(signedIn.headers["set-cookie"]?.find((c) => c.startsWith("zfgs_console=")) ?? "").split(";")[0];
  return () => requestFrom(address, "GET", "/console", { headers: { cookie: cookie as string } });
}

describe("bearer tokens end with what they stand for", () => {
  /** A user with a working token, and a way to change the user as the administrator. */
  async function userWithToken(username: string) {
    const id = await createUser(username);
    const token = await api.login(username, PASSWORD);
    expect((await api.get("/api/auth/me", token)).status).toBe(200);
    return { id, token, change: (patch: Record<string, unknown>) => api.patch(`/api/users/${id}`, patch, admin) };
  }

  function expectRevoked(res: { status: number; body: any }) {
    expect(res.status, JSON.stringify(res.body)).toBe(401);
    expect(res.body.type).toBe("TOKEN_REVOKED");
  }

  it("a password reset ends every token issued before it; a new sign-in works", async () => {
    const u = await userWithToken("tok.password");
    const second = await api.login("tok.password", PASSWORD);
    expect((await u.change({ password: "new-pass-word-2" })).status).toBe(200);
    expectRevoked(await api.get("/api/auth/me", u.token));
    expectRevoked(await api.get("/api/auth/me", second));
    const fresh = await api.login("tok.password", "new-pass-word-2");
    expect((await api.get("/api/auth/me", fresh)).status).toBe(200);
  });

  it("a deactivated user's old token stays dead after reactivation", async () => {
    const u = await userWithToken("tok.active");
    expect((await u.change({ active: false })).status).toBe(200);
    const whileDisabled = await api.get("/api/auth/me", u.token);
    expect(whileDisabled.status).toBe(401);
    expect(whileDisabled.body.type).toBe("ACCOUNT_DISABLED");
    expect((await u.change({ active: true })).status).toBe(200);
    expectRevoked(await api.get("/api/auth/me", u.token));
    expect((await api.get("/api/auth/me", await api.login("tok.active", PASSWORD))).status).toBe(200);
  });

  it("a role change ends the user's tokens", async () => {
    const u = await userWithToken("tok.role");
    expect((await u.change({ role: "reviewer" })).status).toBe(200);
    expectRevoked(await api.get("/api/auth/me", u.token));
    const fresh = await api.login("tok.role", PASSWORD);
    expect((await api.get("/api/auth/me", fresh)).body.role).toBe("reviewer");
  });

  it("a body change ends the user's tokens", async () => {
    const u = await userWithToken("tok.body");
    expect((await u.change({ bodyId: otherBodyId })).status).toBe(200);
    expectRevoked(await api.get("/api/auth/me", u.token));
    const fresh = await api.login("tok.body", PASSWORD);
    expect((await api.get("/api/auth/me", fresh)).body.bodyId).toBe(otherBodyId);
  });

  it("a change of display name, or a role and body set to what they were, ends nothing", async () => {
    const u = await userWithToken("tok.name");
    expect((await u.change({ displayName: "新名字", role: "officer", bodyId })).status).toBe(200);
    expect((await api.get("/api/auth/me", u.token)).status).toBe(200);
  });

  it("refuses a token from before token versions (no `ver`), which counted as version 0", async () => {
    const u = await userWithToken("tok.unversioned");
    const [setting] = await sql(`select value from accounts.settings where key = 'token_secret'`);
    const iat = Math.floor(Date.now() / 1000);
    const payload = Buffer.from(JSON.stringify({ sub: u.id, iat, exp: iat + 3600 })).toString("base64url");
    const mac = createHmac("sha256", setting.value as string)
      .update(`v1.${payload}`)
      .digest("base64url");
    expectRevoked(await api.get("/api/auth/me", `v1.${payload}.${mac}`));
  });

  it("ends a console session opened under an older token version (a reset racing the sign-in)", async () => {
    await createUser("tok.race");
    const page = await consoleSession("127.0.0.1", "tok.race");
    expect((await page()).status).toBe(200);
    // What an administrator's reset does when its session delete ran before this sign-in's insert:
    // the version moves on and the session row stays.
    await sql(`update accounts.users set token_version = token_version + 1 where username = 'tok.race'`);
    expect(
      (
        await sql(
          `select 1 from accounts.sessions s join accounts.users u on u.id = s.user_id where u.username = 'tok.race'`,
        )
      ).length,
    ).toBe(1);
    const after = await page();
    expect(after.status).toBe(303);
    expect(String(after.headers.location)).toContain("/console/login");
  });

  it("opens no console session when the user is changed between the password check and the session insert", async () => {
    await createUser("tok.midway");
    // The sign-in deletes its failure record right after the password check and before the session
    // insert: a trigger there lands an administrator's reset (version bump, sessions ended) in between.
    await sql(`create function accounts.test_midway_reset() returns trigger language plpgsql as $$
      begin
        update accounts.users set token_version = token_version + 1 where username = 'tok.midway';
        delete from accounts.sessions s using accounts.users u where u.id = s.user_id and u.username = 'tok.midway';
        return old;
      end $$`);
    await sql(`create trigger test_midway_reset after delete on accounts.login_failures
      for each row when (old.username = 'tok.midway') execute function accounts.test_midway_reset()`);
    try {
      const signedIn = await consoleSignInFrom("127.0.0.1", "tok.midway", PASSWORD);
      expect(signedIn.status).toBe(401);
      expect(signedIn.headers["set-cookie"]?.some((c) => c.startsWith("zfgs_console="))).toBeFalsy();
      const rows = await sql(
        `select 1 from accounts.sessions s join accounts.users u on u.id = s.user_id where u.username = 'tok.midway'`,
      );
      expect(rows).toEqual([]);
    } finally {
      await sql(`drop trigger test_midway_reset on accounts.login_failures`);
      await sql(`drop function accounts.test_midway_reset()`);
    }
    expect((await consoleSignInFrom("127.0.0.1", "tok.midway", PASSWORD)).status).toBe(303);
  });

  it("also ends the console sessions on a role change", async () => {
    await createUser("tok.console");
    const signedIn = await consoleSignInFrom("127.0.0.1", "tok.console", PASSWORD);
    expect(signedIn.status).toBe(303);
    const cookie = String(signedIn.headers["set-cookie"]?.find((c) => c.startsWith("zfgs_console=")) ?? "").split(
      ";",
    )[0];
    const page = () => requestFrom("127.0.0.1", "GET", "/console", { headers: { cookie: cookie as string } });
    expect((await page()).status).toBe(200);
    const users = (await api.get("/api/users", admin)).body.items as { id: string; username: string }[];
    const id = users.find((x) => x.username === "tok.console")?.id;
    expect((await api.patch(`/api/users/${id}`, { role: "reviewer" }, admin)).status).toBe(200);
    const after = await page();
    expect(after.status).toBe(303);
    expect(String(after.headers.location)).toContain("/console/login");
  });
});

describe("sign-in throttling", () => {
  it("slows the guesser's address and lets the owner in from another", async () => {
    await createUser("thr.owner");
    const attacker = "127.0.0.2";
    const answers: number[] = [];
    for (let i = 0; i < 4; i++) answers.push((await loginFrom(attacker, "thr.owner", `guess-${i}`)).status);
    // Three free failures and the fourth checked; then a long wait, even for the right password.
    expect(answers).toEqual([401, 401, 401, 401]);
    const refused = await loginFrom(attacker, "thr.owner", PASSWORD);
    expect(refused.status).toBe(429);
    expect(refused.body.type).toBe("LOGIN_THROTTLED");
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(500);
    expect(refused.body.data.retryAfter).toBe(Number(refused.headers["retry-after"]));
    // A change of case or width is the same username.
    expect((await loginFrom(attacker, "THR.OWNER", PASSWORD)).status).toBe(429);
    // The owner, elsewhere, is not held up at all.
    const owner = await loginFrom("127.0.0.3", "thr.owner", PASSWORD);
    expect(owner.status, JSON.stringify(owner.body)).toBe(200);
  });

  it("believes no X-Forwarded-For from a peer that is not a trusted proxy: inventing addresses changes nothing", async () => {
    await createUser("thr.spoof");
    const attacker = "127.0.0.4";
    const spoofed = (i: number) => ({ "x-forwarded-for": `198.51.100.${i}` });
    for (let i = 0; i < 4; i++) {
      expect((await loginFrom(attacker, "thr.spoof", `guess-${i}`, spoofed(i))).status).toBe(401);
    }
    const refused = await loginFrom(attacker, "thr.spoof", PASSWORD, spoofed(99));
    expect(refused.status).toBe(429);
  });

  it("behind the trusted proxy counts the address it names, and not what the client wrote before it", async () => {
    await createUser("thr.proxied");
    const proxy = "127.0.0.1";
    const via = (client: string, invented: string) => ({ "x-forwarded-for": `${invented}, ${client}` });
    for (let i = 0; i < 4; i++) {
      expect((await loginFrom(proxy, "thr.proxied", `guess-${i}`, via("203.0.113.5", `198.51.100.${i}`))).status).toBe(
        401,
      );
    }
    expect((await loginFrom(proxy, "thr.proxied", PASSWORD, via("203.0.113.5", "198.51.100.99"))).status).toBe(429);
    // The owner through the same proxy, from their own address.
    expect((await loginFrom(proxy, "thr.proxied", PASSWORD, via("203.0.113.6", "203.0.113.5"))).status).toBe(200);
  });

  it("counts the console's failed sign-ins with the API's, and answers the console's wait as a page", async () => {
    await createUser("thr.console");
    const address = "127.0.0.5";
    for (let i = 0; i < 4; i++) {
      const res = await consoleSignInFrom(address, "thr.console", `guess-${i}`);
      expect(res.status).toBe(401);
      expect(res.body).toContain("用户名或密码错误");
    }
    const page = await consoleSignInFrom(address, "thr.console", PASSWORD);
    expect(page.status).toBe(429);
    expect(Number(page.headers["retry-after"])).toBeGreaterThan(500);
    expect(page.body).toContain("登录失败次数过多");
    expect((await loginFrom(address, "thr.console", PASSWORD)).status).toBe(429);
    expect((await consoleSignInFrom("127.0.0.6", "thr.console", PASSWORD)).status).toBe(303);
  });

  it("lets parallel guesses reach the password check no more often than the counts allow", async () => {
    await createUser("thr.parallel");
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => loginFrom("127.0.0.7", "thr.parallel", `guess-${i}`)),
    );
    const statuses = answers.map((a) => a.status).sort();
    // Three free failures and one more: four reach the check, whatever the order they arrive in.
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429, 429, 429, 429, 429, 429, 429]);
    const db = new pg.Client({ connectionString: platform.db.url });
    await db.connect();
    const rows = await db.query(
      `select count(*)::int as n from accounts.login_failures where username = 'thr.parallel'`,
    );
    await db.end();
    expect(rows.rows[0].n).toBe(4);
  });

  it("slows a guess spread over many addresses at every address not known for the user, fresh ones too", async () => {
    await createUser("thr.spread");
    const known = "127.0.1.100";
    expect((await loginFrom(known, "thr.spread", PASSWORD)).status).toBe(200);
    const bots = Array.from({ length: 7 }, (_, i) => `127.0.1.${i + 1}`);
    for (const bot of bots) expect((await loginFrom(bot, "thr.spread", "guess")).status).toBe(401);
    // Seven failures across addresses, six free: an address that failed now waits, even with the right password …
    expect((await loginFrom(bots[0] as string, "thr.spread", PASSWORD)).status).toBe(429);
    // … and so does a fresh one: the next bot gets no free first guess.
    const fresh = await loginFrom("127.0.1.200", "thr.spread", "guess");
    expect(fresh.status).toBe(429);
    expect(fresh.body.type).toBe("LOGIN_THROTTLED");
    // The owner signs in from an address they signed in from before, even after a typo there.
    expect((await loginFrom(known, "thr.spread", "typo")).status).toBe(401);
    expect((await loginFrom(known, "thr.spread", PASSWORD)).status).toBe(200);
  });

  it("holds the owner's known address for seconds, not minutes, whoever fails there (a shared NAT)", async () => {
    await createUser("thr.known");
    const home = "127.0.1.150";
    expect((await loginFrom(home, "thr.known", PASSWORD)).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await loginFrom(home, "thr.known", `guess-${i}`)).status).toBe(401);
    const held = await loginFrom(home, "thr.known", PASSWORD);
    expect(held.status).toBe(429);
    // LOGIN_FIRST_DELAY_SECONDS is 600 here: at a known address the wait is capped at 30 s.
    expect(Number(held.headers["retry-after"])).toBeGreaterThan(0);
    expect(Number(held.headers["retry-after"])).toBeLessThanOrEqual(30);
    // Elsewhere the same four failures cost the full wait.
    await createUser("thr.unknown");
    for (let i = 0; i < 4; i++) expect((await loginFrom("127.0.1.151", "thr.unknown", `guess-${i}`)).status).toBe(401);
    const far = await loginFrom("127.0.1.151", "thr.unknown", PASSWORD);
    expect(Number(far.headers["retry-after"])).toBeGreaterThan(500);
  });

  it("slows an address that tries many usernames, but not the users who sign in from it (a shared NAT)", async () => {
    const nat = "127.0.2.1";
    await createUser("thr.staff");
    await createUser("thr.newcomer");
    expect((await loginFrom(nat, "thr.staff", PASSWORD)).status).toBe(200);
    for (let i = 0; i < 11; i++) expect((await loginFrom(nat, `nobody-${i}`, "guess")).status).toBe(401);
    const sprayed = await loginFrom(nat, "thr.newcomer", PASSWORD);
    expect(sprayed.status).toBe(429);
    expect((await loginFrom(nat, "thr.staff", PASSWORD)).status).toBe(200);
    expect((await loginFrom("127.0.2.2", "thr.newcomer", PASSWORD)).status).toBe(200);
  });
});

describe("sign-in throttling by IPv6 site", () => {
  it("counts an IPv6 client's failures by its /48 too: a site's fresh /64s do not start afresh", async () => {
    await createUser("thr.site");
    // Through the trusted proxy (127.0.0.1), each guess from another /64 of the same /48.
    const via = (client: string) => ({ "x-forwarded-for": client });
    for (let i = 0; i < 11; i++) {
      expect((await loginFrom("127.0.0.1", `site-nobody-${i}`, "guess", via(`2001:db8:48:${i + 1}::1`))).status).toBe(
        401,
      );
    }
    const sprayed = await loginFrom("127.0.0.1", "thr.site", PASSWORD, via("2001:db8:48:ffff::1"));
    expect(sprayed.status).toBe(429);
    // Another site is not held up.
    expect((await loginFrom("127.0.0.1", "thr.site", PASSWORD, via("2001:db8:49:1::1"))).status).toBe(200);
  });
});

describe("token version migrations", () => {
  it("raise every existing user to version 1 and give open sessions their user's version", async () => {
    const db = await createDatabase();
    const log = { info() {}, warn() {} };
    try {
      const before = {
        ...DATABASE,
        migrations: DATABASE.migrations.filter((m) => m.name < "Migration20261206001000"),
      };
      const orm = await openDatabase(db.url, before, log, { attempts: 1, delayMs: 0 });
      const now = new Date().toISOString();
      const conn = orm.em.getConnection();
      await conn.execute(
        `insert into accounts.users (id, username, password_hash, display_name, role, body_id, active, token_version, created_at, updated_at)
           values ('u0', 'old.user', 'x', 'x', 'admin', null, true, 0, ?, ?), ('u3', 'reset.user', 'x', 'x', 'admin', null, true, 3, ?, ?)`,
        [now, now, now, now],
      );
      await conn.execute(
        `insert into accounts.sessions (id_hash, user_id, csrf, created_at, last_seen_at, expires_at)
           values ('h0', 'u0', 'c', now(), now(), now() + interval '1 hour'), ('h3', 'u3', 'c', now(), now(), now() + interval '1 hour')`,
      );
      await orm.close();
      const migrated = await openDatabase(db.url, DATABASE, log, { attempts: 1, delayMs: 0 });
      const c = migrated.em.getConnection();
      expect(await c.execute(`select id, token_version from accounts.users order by id`)).toEqual([
        { id: "u0", token_version: 1 },
        { id: "u3", token_version: 3 },
      ]);
      expect(await c.execute(`select id_hash, token_version from accounts.sessions order by id_hash`)).toEqual([
        { id_hash: "h0", token_version: 1 },
        { id_hash: "h3", token_version: 3 },
      ]);
      await migrated.close();
    } finally {
      await db.drop();
    }
  });
});

describe("usernames are unique whatever their case", () => {
  it("refuses OFFA beside offa with 409 and signs offa in as OFFA", async () => {
    await createUser("offa");
    for (const name of ["OFFA", "Offa"]) {
      const res = await api.post(
        "/api/users",
        { username: name, password: PASSWORD, displayName: name, role: "officer", bodyId },
        admin,
      );
      expect(res.status, JSON.stringify(res.body)).toBe(409);
      expect(res.body.type).toBe("DUPLICATE_USERNAME");
    }
    const signedIn = await api.post("/api/auth/login", { username: "OFFA", password: PASSWORD });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.user.username).toBe("offa");
  });

  it("stops the migration, naming them, when existing usernames differ only in case", async () => {
    const db = await createDatabase();
    const log = { info() {}, warn() {} };
    try {
      const before = { ...DATABASE, migrations: DATABASE.migrations.filter((m) => m.name < "Migration20261206") };
      const orm = await openDatabase(db.url, before, log, { attempts: 1, delayMs: 0 });
      const now = new Date().toISOString();
      for (const [id, name] of [
        ["u1", "Zhang.San"],
        ["u2", "zhang.san"],
      ]) {
        await orm.em.getConnection().execute(
          `insert into accounts.users (id, username, password_hash, display_name, role, body_id, active, created_at, updated_at)
             values (?, ?, 'x', 'x', 'admin', null, true, ?, ?)`,
          [id, name, now, now],
        );
      }
      await orm.close();
      const failed = await openDatabase(db.url, DATABASE, log, { attempts: 1, delayMs: 0 }).then(
        () => null,
        (err: { data?: { cause?: string } }) => err,
      );
      expect(failed?.data?.cause).toMatch(/differ only in case/);
      expect(failed?.data?.cause).toContain("Zhang.San");
      expect(failed?.data?.cause).toContain("zhang.san");
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      // Nothing of the failed run stayed: the earlier migration of the same run was rolled back too.
      const columns = await client.query(
        `select column_name from information_schema.columns where table_schema = 'accounts' and table_name = 'users'`,
      );
      expect(columns.rows.map((r) => r.column_name)).not.toContain("token_version");
      await client.query(`update accounts.users set username = 'zhang.san2' where id = 'u2'`);
      await client.end();
      const migrated = await openDatabase(db.url, DATABASE, log, { attempts: 1, delayMs: 0 });
      await migrated.close();
    } finally {
      await db.drop();
    }
  });
});
