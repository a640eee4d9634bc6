/**
 * The accounts use cases (services/accounts/app/) against the service's own PostgreSQL schema, no
 * broker: duties is a small in-test Caller answering `bodyExists` and `getOfficer` from a list.
 * Users, sign-in under the throttle, bearer tokens and their versions, console sessions; each
 * refusal (4xx) writes nothing.
 */
import { Errors } from "moleculer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "../../lib/auth.js";
import type { Caller } from "../../lib/contract.js";
import type { AccountsDeps } from "../../services/accounts/app/deps.js";
import { closeSession, openSession, resolveSession } from "../../services/accounts/app/sessions.js";
import { bootstrapAdmin, loadTokenSecret } from "../../services/accounts/app/setup.js";
import { login, resolveToken } from "../../services/accounts/app/sign-in.js";
import { createUser, listUsers, me, updateUser } from "../../services/accounts/app/users.js";
import type { CreateUserParams } from "../../services/accounts/contract.js";
import { DATABASE } from "../../services/accounts/database.js";
import { User } from "../../services/accounts/user.entity.js";
import { newId } from "../../shared/ids.js";
import { openTestOrm, type TestOrm } from "../support/orm.js";

let db: TestOrm;
let tokenSecret: string;

const bodyA = newId();
const bodyB = newId();
const officerOfA = newId();
const logged: string[] = [];

/** Duties, as accounts sees it: two bodies and one officer of body A. */
const duties: Caller = {
  async call(name, params) {
    const { id } = params as { id: string };
    if (name === "duties.bodyExists") return id === bodyA || id === bodyB;
    if (name === "duties.getOfficer") {
      if (id === officerOfA) return { id, bodyId: bodyA };
      throw new Errors.MoleculerClientError("Officer not found", 404, "NOT_FOUND");
    }
    throw new Error(`accounts called ${name}`);
  },
};

const config: AccountsDeps["config"] = {
  tokenTtlSeconds: 3600,
  console: { idleMinutes: 30, sessionHours: 12 },
  signIn: {
    freeFailures: 1,
    addressFreeFailures: 100,
    userFreeFailures: 20,
    firstDelaySeconds: 60,
    maxDelaySeconds: 900,
    failureWindowMinutes: 60,
    knownAddressDays: 30,
  },
};

function deps(): AccountsDeps {
  return { em: db.em(), caller: duties, config, tokenSecret, now: () => new Date() };
}

/** Each test signs in from its own address, so the throttle of one does not reach another. */
let lastOctet = 0;
function freshIp(): string {
  lastOctet += 1;
  return `198.51.100.${lastOctet}`;
}

let admin: SessionUser;

async function sql(query: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  return (await db.em().getConnection().execute(query, params)) as Record<string, unknown>[];
}

async function counts() {
  const [row] = await sql(
    `select (select count(*) from "accounts"."users") as users,
            (select count(*) from "accounts"."sessions") as sessions`,
  );
  return row;
}

/** Runs a use case that must be refused: answers its error, and checks that no user or session was written. */
async function refused(work: () => Promise<unknown>): Promise<{ code: number; type: string; data?: unknown }> {
  const before = await counts();
  const err = (await work().then(
    () => expect.unreachable("the use case went through"),
    (e: unknown) => e,
  )) as { code: number; type: string };
  expect(await counts()).toEqual(before);
  return err;
}

function officerInput(extra: Partial<CreateUserParams> = {}): CreateUserParams {
  return {
    username: `officer-${newId().slice(-8)}`,
    password: "officer-pass-1",
    displayName: "张三",
    role: "officer",
    bodyId: bodyA,
    ...extra,
  };
}

beforeAll(async () => {
  db = await openTestOrm(DATABASE);
  tokenSecret = await loadTokenSecret(db.em(), undefined);
  const logger = { info: (m: string) => logged.push(m), warn: (m: string) => logged.push(m) };
  await bootstrapAdmin(db.em(), { adminUsername: "admin", adminPassword: "admin-pass-1" }, logger, new Date());
  const { user } = await login(deps(), { username: "admin", password: "admin-pass-1" }, freshIp());
  admin = user;
});

afterAll(async () => {
  await db?.close();
});

describe("setting up", () => {
  it("keeps one token secret and creates the first administrator once", async () => {
    expect(await loadTokenSecret(db.em(), undefined)).toBe(tokenSecret);
    expect(await loadTokenSecret(db.em(), "from-the-environment")).toBe("from-the-environment");
    await bootstrapAdmin(db.em(), { adminUsername: "other" }, { info() {} }, new Date());
    expect(await db.em().count(User, { role: "admin" })).toBe(1);
    expect(logged).toEqual(['Created the administrator "admin" from ADMIN_PASSWORD']);
    expect(admin).toMatchObject({ username: "admin", role: "admin", bodyId: null });
  });
});

describe("users", () => {
  it("creates an officer of a body, linked to their roster entry, and lists them", async () => {
    const user = await createUser(deps(), officerInput({ officerId: officerOfA }));
    expect(user).toMatchObject({ role: "officer", bodyId: bodyA, officerId: officerOfA, active: true });
    expect(user).not.toHaveProperty("passwordHash");
    expect((await listUsers(db.em(), { bodyId: bodyA })).items.map((u) => u.id)).toContain(user.id);
    expect((await listUsers(db.em(), { bodyId: bodyB })).items.map((u) => u.id)).not.toContain(user.id);
    expect(await me(db.em(), { ...admin, id: user.id })).toEqual(user);
  });

  it("refuses a taken username (whatever its case), an unknown body, an admin's body, another body's officer", async () => {
    const user = await createUser(deps(), officerInput());
    const taken = await refused(() => createUser(deps(), officerInput({ username: user.username.toUpperCase() })));
    expect(taken).toMatchObject({ code: 409, type: "DUPLICATE_USERNAME" });
    const unknownBody = await refused(() => createUser(deps(), officerInput({ bodyId: newId() })));
    expect(unknownBody).toMatchObject({ code: 422 });
    const adminWithBody = await refused(() => createUser(deps(), officerInput({ role: "admin" })));
    expect(adminWithBody).toMatchObject({ code: 422 });
    const otherBody = await refused(() => createUser(deps(), officerInput({ bodyId: bodyB, officerId: officerOfA })));
    expect(otherBody).toMatchObject({ code: 422 });
    const noSuchOfficer = await refused(() => createUser(deps(), officerInput({ officerId: newId() })));
    expect(noSuchOfficer).toMatchObject({ code: 422 });
  });

  it("refuses an administrator demoting or deactivating themself, changing nothing", async () => {
    const lockout = await refused(() => updateUser(deps(), admin, { id: admin.id, active: false }));
    expect(lockout).toMatchObject({ code: 422, type: "SELF_LOCKOUT" });
    expect(await db.em().findOneOrFail(User, { id: admin.id })).toMatchObject({ active: true, role: "admin" });
  });
});

describe("sign-in and tokens", () => {
  it("signs in with the right password and resolves the token to the user", async () => {
    const user = await createUser(deps(), officerInput());
    const reply = await login(deps(), { username: user.username, password: "officer-pass-1" }, freshIp());
    expect(reply).toMatchObject({ expiresIn: 3600, user: { id: user.id, role: "officer", bodyId: bodyA } });
    expect(await resolveToken(deps(), { token: reply.token })).toEqual(reply.user);
  });

  it("refuses a wrong password or an unknown user alike, then throttles the address with a wait", async () => {
    const user = await createUser(deps(), officerInput());
    const ip = freshIp();
    const wrong = await refused(() => login(deps(), { username: user.username, password: "wrong-pass" }, ip));
    expect(wrong).toMatchObject({ code: 401, type: "BAD_CREDENTIALS" });
    const unknown = await refused(() => login(deps(), { username: "nobody", password: "officer-pass-1" }, ip));
    expect(unknown).toMatchObject({ code: 401, type: "BAD_CREDENTIALS" });
    await refused(() => login(deps(), { username: user.username, password: "wrong-pass" }, ip));
    const throttled = await refused(() => login(deps(), { username: user.username, password: "officer-pass-1" }, ip));
    expect(throttled).toMatchObject({ code: 429, type: "LOGIN_THROTTLED", data: { retryAfter: expect.any(Number) } });
    // The owner, from an address of their own, is not kept out.
    const owner = await login(deps(), { username: user.username, password: "officer-pass-1" }, "203.0.113.9");
    expect(owner.user.id).toBe(user.id);
  });

  it("ends every token issued before a password change; a new sign-in works", async () => {
    const user = await createUser(deps(), officerInput());
    const { token } = await login(deps(), { username: user.username, password: "officer-pass-1" }, freshIp());
    const renamed = await updateUser(deps(), admin, { id: user.id, displayName: "李四" });
    expect(renamed.displayName).toBe("李四");
    expect(await resolveToken(deps(), { token })).toMatchObject({ id: user.id });

    await updateUser(deps(), admin, { id: user.id, password: "new-pass-123" });
    await expect(resolveToken(deps(), { token })).rejects.toMatchObject({ code: 401, type: "TOKEN_REVOKED" });
    const again = await login(deps(), { username: user.username, password: "new-pass-123" }, freshIp());
    expect(await resolveToken(deps(), { token: again.token })).toMatchObject({ id: user.id });
  });

  it("refuses a deactivated user's token, and a token signed with another key", async () => {
    const user = await createUser(deps(), officerInput());
    const { token } = await login(deps(), { username: user.username, password: "officer-pass-1" }, freshIp());
    await updateUser(deps(), admin, { id: user.id, active: false });
    await expect(resolveToken(deps(), { token })).rejects.toMatchObject({ code: 401, type: "ACCOUNT_DISABLED" });
    await expect(resolveToken({ ...deps(), tokenSecret: "another-key" }, { token })).rejects.toMatchObject({
      code: 401,
      type: "INVALID_TOKEN",
    });
  });
});

describe("console sessions", () => {
  it("opens a session, resolves it, and closes it", async () => {
    const user = await createUser(deps(), officerInput());
    const opened = await openSession(deps(), { username: user.username, password: "officer-pass-1" }, freshIp());
    expect(opened.user).toMatchObject({ id: user.id, displayName: "张三" });
    const [stored] = await sql(`select "id_hash" from "accounts"."sessions" where "user_id" = ?`, [user.id]);
    expect(stored?.id_hash).not.toBe(opened.sessionId);

    expect(await resolveSession(deps(), { sessionId: opened.sessionId })).toEqual({
      csrf: opened.csrf,
      user: opened.user,
    });
    expect(await closeSession(db.em(), { sessionId: opened.sessionId })).toEqual({ closed: true });
    await expect(resolveSession(deps(), { sessionId: opened.sessionId })).rejects.toMatchObject({
      code: 401,
      type: "SESSION_EXPIRED",
    });
  });

  it("ends the user's sessions when the role changes, and opens none on a wrong password", async () => {
    const user = await createUser(deps(), officerInput());
    const opened = await openSession(deps(), { username: user.username, password: "officer-pass-1" }, freshIp());
    await updateUser(deps(), admin, { id: user.id, role: "reviewer" });
    await expect(resolveSession(deps(), { sessionId: opened.sessionId })).rejects.toMatchObject({ code: 401 });
    expect(await sql(`select 1 from "accounts"."sessions" where "user_id" = ?`, [user.id])).toEqual([]);
    const wrong = await refused(() =>
      openSession(deps(), { username: user.username, password: "wrong-pass" }, freshIp()),
    );
    expect(wrong).toMatchObject({ code: 401, type: "BAD_CREDENTIALS" });
  });
});
