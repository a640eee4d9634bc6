/**
 * Accounts: users with roles (admin, officer, reviewer), password sign-in and bearer tokens.
 * Officers and reviewers belong to one enforcement body.
 */
import { createHash, randomBytes } from "node:crypto";
import { LockMode } from "@mikro-orm/postgresql";
import { Errors, type Context, type ServiceSchema, type ServiceSettingSchema } from "moleculer";
import { userOf, type Meta, type SessionUser } from "../../lib/auth.js";
import { DatabaseMixin, isUniqueViolation, type DatabaseMethods, type DatabaseVars } from "../../lib/database.js";
import { ConflictError, dependencyCall, invalid, NotFoundError, UnauthorizedError } from "../../lib/errors.js";
import type { Runtime } from "../../lib/runtime.js";
import { newId, ID_PATTERN } from "../../shared/ids.js";
import { generatePassword, hashPassword, verifyPassword } from "../../shared/passwords.js";
import { addressKey, networkKey } from "../../shared/client-address.js";
import { signInWait, type FailureCount } from "../../shared/sign-in-throttle.js";
import { usernameKey } from "../../shared/usernames.js";
import { FIRST_TOKEN_VERSION, issueToken, tokenVersionOf, verifyToken } from "../../shared/tokens.js";
import { USERNAME_MAX_LENGTH, USERNAME_MIN_LENGTH, USERNAME_PATTERN } from "../../shared/usernames.js";
import { strictParams, text } from "../../shared/validation.js";
import { DATABASE } from "./database.js";
import { Setting, User, userView } from "./user.entity.js";

interface Vars extends DatabaseVars {
  tokenSecret: string;
}
interface Methods extends DatabaseMethods {
  checkBodyForRole(ctx: Context, role: SessionUser["role"], bodyId?: string): Promise<void>;
  checkOfficerLink(ctx: Context, officerId: string | undefined, bodyId: string | undefined): Promise<void>;
  loadTokenSecret(): Promise<string>;
  bootstrapAdmin(): Promise<void>;
  signIn(ctx: Context<unknown, Meta & { clientIp?: string }>, username: string, password: string): Promise<User>;
  endSessions(userId: string): Promise<void>;
}

/** The cookie carries the session id; the database only its hash, so a leaked table opens nothing. */
function sessionHash(sessionId: string): string {
  return createHash("sha256").update(sessionId).digest("base64url");
}

/** What the API's login and the console's sign-in both take. */
const CREDENTIALS = strictParams({
  username: { type: "string", min: 1, max: 64 },
  password: { type: "string", min: 1, max: 256 },
});
interface Credentials {
  username: string;
  password: string;
}

const SESSION_ID = { type: "string", min: 20, max: 100, pattern: "^[A-Za-z0-9_-]+$" } as const;

const USERNAME = text(USERNAME_MAX_LENGTH, { min: USERNAME_MIN_LENGTH, pattern: USERNAME_PATTERN });
const PASSWORD = { type: "string", min: 8, max: 256 } as const;
const ROLE = { type: "enum", values: ["admin", "officer", "reviewer"] } as const;
const BODY_ID = { type: "string", pattern: ID_PATTERN } as const;

interface CreateUserParams {
  username: string;
  password: string;
  displayName: string;
  role: SessionUser["role"];
  bodyId?: string;
  officerId?: string;
}

/** Maps a unique violation on users to the 409 the client can act on; anything else passes through. */
function userConflict(err: unknown): unknown {
  if (isUniqueViolation(err, "users_officer_id_unique")) {
    return new ConflictError("This officer already has an account", "DUPLICATE_OFFICER_ACCOUNT", [
      { field: "officerId", message: "this officer already has an account" },
    ]);
  }
  if (isUniqueViolation(err)) {
    return new ConflictError("This username is taken", "DUPLICATE_USERNAME", [
      { field: "username", message: "this username is taken" },
    ]);
  }
  return err;
}

function sessionUser(u: User): SessionUser {
  return { id: u.id, username: u.username, role: u.role, bodyId: u.bodyId, officerId: u.officerId };
}

export function accountsService(rt: Runtime): ServiceSchema {
  const schema: ServiceSchema<ServiceSettingSchema & { rest: string }, Methods, Vars> = {
    name: "accounts",
    mixins: [DatabaseMixin(rt.databaseUrl, DATABASE)],
    settings: { rest: "/" },

    actions: {
      login: {
        rest: "POST /auth/login",
        summary: "Sign in with username and password; returns a bearer token",
        params: CREDENTIALS,
        async handler(ctx: Context<Credentials, Meta>) {
          const user = await this.signIn(ctx, ctx.params.username, ctx.params.password);
          const token = issueToken(this.tokenSecret, user.id, rt.config.tokenTtlSeconds, Date.now(), user.tokenVersion);
          return { token, expiresIn: rt.config.tokenTtlSeconds, user: sessionUser(user) };
        },
      },

      me: {
        rest: "GET /auth/me",
        summary: "The signed-in user",
        roles: ["admin", "officer", "reviewer"],
        params: strictParams({}),
        async handler(ctx: Context<unknown, Meta>) {
          const user = await this.em().findOne(User, { id: userOf(ctx).id });
          if (!user) throw new NotFoundError("User");
          return userView(user);
        },
      },

      createUser: {
        rest: "POST /users",
        summary: "Create a user (admin)",
        roles: ["admin"],
        params: strictParams({
          username: USERNAME,
          password: PASSWORD,
          displayName: text(100),
          role: ROLE,
          bodyId: { ...BODY_ID, optional: true },
          officerId: { ...BODY_ID, optional: true },
        }),
        async handler(ctx: Context<CreateUserParams, Meta>) {
          const p = ctx.params;
          await this.checkBodyForRole(ctx, p.role, p.bodyId);
          await this.checkOfficerLink(ctx, p.officerId, p.bodyId);
          const now = new Date();
          const user = Object.assign(new User(), {
            id: newId(),
            username: p.username,
            passwordHash: await hashPassword(p.password),
            displayName: p.displayName,
            role: p.role,
            bodyId: p.role === "admin" ? null : (p.bodyId as string),
            officerId: p.officerId ?? null,
            active: true,
            tokenVersion: FIRST_TOKEN_VERSION,
            createdAt: now,
            updatedAt: now,
          });
          try {
            await this.em().persistAndFlush(user);
          } catch (err) {
            throw userConflict(err);
          }
          ctx.meta.$statusCode = 201;
          return userView(user);
        },
      },

      listUsers: {
        rest: "GET /users",
        summary: "List users (admin), optionally of one body",
        roles: ["admin"],
        params: strictParams({ bodyId: { ...BODY_ID, optional: true } }),
        async handler(ctx: Context<{ bodyId?: string }>) {
          const where = ctx.params.bodyId ? { bodyId: ctx.params.bodyId } : {};
          const users = await this.em().find(User, where, { orderBy: { id: "asc" }, limit: 1000 });
          return { items: users.map(userView) };
        },
      },

      updateUser: {
        rest: "PATCH /users/:id",
        summary: "Change a user's name, role, body, password or active flag (admin)",
        roles: ["admin"],
        params: strictParams({
          id: { type: "string", pattern: ID_PATTERN },
          displayName: text(100, { optional: true }),
          role: { ...ROLE, optional: true },
          bodyId: { ...BODY_ID, optional: true, nullable: true },
          officerId: { ...BODY_ID, optional: true, nullable: true },
          password: { ...PASSWORD, optional: true },
          active: { type: "boolean", optional: true },
        }),
        async handler(
          ctx: Context<
            {
              id: string;
              displayName?: string;
              role?: SessionUser["role"];
              bodyId?: string | null;
              officerId?: string | null;
              password?: string;
              active?: boolean;
            },
            Meta
          >,
        ) {
          const p = ctx.params;
          if (p.id === userOf(ctx).id && ((p.role !== undefined && p.role !== "admin") || p.active === false)) {
            throw invalid("role", "an administrator cannot demote or deactivate their own account", "SELF_LOCKOUT");
          }
          const before = await this.em().findOne(User, { id: p.id });
          if (!before) throw new NotFoundError("User", p.id);
          const role = p.role ?? before.role;
          const bodyId = p.bodyId === undefined ? before.bodyId : p.bodyId;
          await this.checkBodyForRole(ctx, role, bodyId ?? undefined);
          // Moving to another body unlinks the roster entry unless a new one is named.
          const officerId =
            p.officerId !== undefined ? p.officerId : bodyId === before.bodyId ? before.officerId : null;
          if (officerId) await this.checkOfficerLink(ctx, officerId, bodyId ?? undefined);
          const passwordHash = p.password !== undefined ? await hashPassword(p.password) : undefined;
          let user: User;
          let revoked = false;
          try {
            // Under a row lock, so the change and its token-version bump are one step.
            user = await this.em().transactional(async (tx) => {
              const u = await tx.findOneOrFail(User, { id: p.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
              const newBodyId = role === "admin" ? null : (bodyId as string);
              // What the tokens of this user stood for ends here: every token issued before stops working.
              revoked =
                passwordHash !== undefined ||
                (p.active !== undefined && p.active !== u.active) ||
                role !== u.role ||
                newBodyId !== u.bodyId;
              u.officerId = officerId;
              if (p.displayName !== undefined) u.displayName = p.displayName;
              if (passwordHash !== undefined) u.passwordHash = passwordHash;
              if (p.active !== undefined) u.active = p.active;
              u.role = role;
              u.bodyId = newBodyId;
              if (revoked) u.tokenVersion += 1;
              u.updatedAt = new Date();
              return u;
            });
          } catch (err) {
            throw userConflict(err);
          }
          // A new password, a deactivation, a role or body change signs the user out of every console session.
          if (revoked) await this.endSessions(user.id);
          return userView(user);
        },
      },

      /** The console's sign-in: a new cookie session (id for the cookie, CSRF token for its forms). */
      openSession: {
        visibility: "public",
        params: CREDENTIALS,
        async handler(ctx: Context<Credentials, Meta>) {
          const user = await this.signIn(ctx, ctx.params.username, ctx.params.password);
          const sessionId = randomBytes(32).toString("base64url");
          const csrf = randomBytes(32).toString("base64url");
          const now = new Date();
          const expires = new Date(now.getTime() + rt.config.console.sessionHours * 3600_000);
          // The session takes the token version read with the password hash; if an administrator
          // changed the user since, there is no row to copy it from and the sign-in fails.
          const opened = (await this.em()
            .getConnection()
            .execute(
              `insert into "accounts"."sessions"
                 ("id_hash", "user_id", "csrf", "created_at", "last_seen_at", "expires_at", "token_version")
               select ?, u."id", ?, ?, ?, ?, u."token_version" from "accounts"."users" u
               where u."id" = ? and u."active" and u."token_version" = ?
               returning "id_hash"`,
              [sessionHash(sessionId), csrf, now, now, expires, user.id, user.tokenVersion],
            )) as unknown[];
          if (opened.length === 0) throw new UnauthorizedError("Wrong username or password", "BAD_CREDENTIALS");
          return { sessionId, csrf, user: { ...sessionUser(user), displayName: user.displayName } };
        },
      },

      /**
       * The session behind a console cookie, kept alive by this use: 401 once it sat idle longer
       * than CONSOLE_IDLE_MINUTES, outlived CONSOLE_SESSION_HOURS, was closed, or its user was
       * deactivated or changed since it opened (the user's token version moved on).
       */
      resolveSession: {
        visibility: "public",
        params: strictParams({ sessionId: SESSION_ID }),
        async handler(ctx: Context<{ sessionId: string }>) {
          const idle = `${rt.config.console.idleMinutes} minutes`;
          const rows = (await this.em()
            .getConnection()
            .execute(
              `update "accounts"."sessions" s set "last_seen_at" = now()
               from "accounts"."users" u
               where s."id_hash" = ? and u."id" = s."user_id" and u."active" and u."token_version" = s."token_version"
                 and s."last_seen_at" > now() - ?::interval and s."expires_at" > now()
               returning s."csrf", u."id", u."username", u."role", u."body_id", u."officer_id", u."display_name"`,
              [sessionHash(ctx.params.sessionId), idle],
            )) as {
            csrf: string;
            id: string;
            username: string;
            role: SessionUser["role"];
            body_id: string | null;
            officer_id: string | null;
            display_name: string;
          }[];
          const row = rows[0];
          if (!row) throw new UnauthorizedError("The session has ended: sign in again", "SESSION_EXPIRED");
          return {
            csrf: row.csrf,
            user: {
              id: row.id,
              username: row.username,
              role: row.role,
              bodyId: row.body_id,
              officerId: row.officer_id,
              displayName: row.display_name,
            },
          };
        },
      },

      /** Sign-out: the session ends here, whatever the browser keeps. */
      closeSession: {
        visibility: "public",
        params: strictParams({ sessionId: SESSION_ID }),
        async handler(ctx: Context<{ sessionId: string }>) {
          await this.em()
            .getConnection()
            .execute(`delete from "accounts"."sessions" where "id_hash" = ? or "expires_at" < now()`, [
              sessionHash(ctx.params.sessionId),
            ]);
          return { closed: true };
        },
      },

      /** Used by the gateway on every authenticated request; not exposed over HTTP. */
      resolveToken: {
        visibility: "public",
        params: strictParams({ token: { type: "string", min: 1, max: 2048 } }),
        async handler(ctx: Context<{ token: string }>): Promise<SessionUser> {
          const checked = verifyToken(this.tokenSecret, ctx.params.token);
          if ("problem" in checked) {
            const message = checked.problem === "expired" ? "The token has expired: sign in again" : "Invalid token";
            throw new UnauthorizedError(message, checked.problem === "expired" ? "TOKEN_EXPIRED" : "INVALID_TOKEN");
          }
          // The one read per request: the user row carries the token version as well.
          const user = await this.em().findOne(User, { id: checked.claims.sub });
          if (!user || !user.active) throw new UnauthorizedError("The account is disabled", "ACCOUNT_DISABLED");
          if (tokenVersionOf(checked.claims) !== user.tokenVersion) {
            throw new UnauthorizedError(
              "令牌已失效：账号的密码、状态、角色或所属机关已变更，请重新登录",
              "TOKEN_REVOKED",
            );
          }
          return sessionUser(user);
        },
      },
    },

    methods: {
      /**
       * Checks a username and password under the sign-in throttle (shared/sign-in-throttle.ts):
       * an attempt inside a wait gets 429 with Retry-After and no password check. The attempt is
       * recorded as a failure before the check, under locks on its address and its username, so
       * parallel guesses see each other and no more of them reach the check than the waits allow;
       * a right password removes it and that pair's earlier failures, and remembers the address.
       */
      async signIn(ctx: Context<unknown, Meta & { clientIp?: string }>, username: string, password: string) {
        const policy = rt.config.signIn;
        const name = usernameKey(username);
        const address = addressKey(ctx.meta.clientIp ?? "internal");
        const network = networkKey(ctx.meta.clientIp ?? "internal");
        const window = `${policy.failureWindowMinutes} minutes`;
        const known = `${policy.knownAddressDays} days`;
        const em = this.em();
        const attemptId = await em.transactional(async (tx) => {
          const conn = tx.getConnection();
          const trx = tx.getTransactionContext();
          // Always the network, the address, then the username: two sign-ins never wait on each other in a circle.
          await conn.execute("select pg_advisory_xact_lock(hashtext(?))", [`sign-in:network:${network}`], "all", trx);
          await conn.execute("select pg_advisory_xact_lock(hashtext(?))", [`sign-in:address:${address}`], "all", trx);
          await conn.execute("select pg_advisory_xact_lock(hashtext(?))", [`sign-in:user:${name}`], "all", trx);
          const [row] = (await conn.execute(
            `select
               count(*) filter (where "username" = ? and "client_ip" = ?) as pair,
               max("at") filter (where "username" = ? and "client_ip" = ?) as pair_last,
               count(*) filter (where "client_ip" = ?) as address,
               max("at") filter (where "client_ip" = ?) as address_last,
               count(*) filter (where "network" = ?) as network,
               max("at") filter (where "network" = ?) as network_last,
               count(*) filter (where "username" = ?) as by_user,
               max("at") filter (where "username" = ?) as user_last,
               exists (select 1 from "accounts"."login_successes"
                       where "username" = ? and "client_ip" = ? and "at" > now() - ?::interval) as known,
               clock_timestamp() as now
             from "accounts"."login_failures"
             where ("username" = ? or "network" = ?) and "at" > clock_timestamp() - ?::interval`,
            [
              ...[name, address, name, address, address, address, network, network, name, name],
              ...[name, address, known, name, network, window],
            ],
            "all",
            trx,
          )) as {
            pair: string;
            pair_last: Date | null;
            address: string;
            address_last: Date | null;
            network: string;
            network_last: Date | null;
            by_user: string;
            user_last: Date | null;
            known: boolean;
            now: Date;
          }[];
          if (!row) throw new Error("the failure count returned no row");
          const count = (n: string, last: Date | null): FailureCount => ({
            count: Number(n),
            last: last ? new Date(last) : null,
          });
          const verdict = signInWait(
            policy,
            {
              pair: count(row.pair, row.pair_last),
              address: count(row.address, row.address_last),
              network: count(row.network, row.network_last),
              user: count(row.by_user, row.user_last),
              knownAddress: row.known,
            },
            new Date(row.now),
          );
          if (verdict.waitSeconds > 0) {
            const retryAfter = verdict.waitSeconds;
            ctx.meta.$responseHeaders = { "Retry-After": String(retryAfter) };
            throw new Errors.MoleculerClientError(
              `登录失败次数过多，请 ${retryAfter} 秒后再试`,
              429,
              "LOGIN_THROTTLED",
              { retryAfter },
            );
          }
          const [inserted] = (await conn.execute(
            `insert into "accounts"."login_failures" ("username", "client_ip", "network", "at")
             values (?, ?, ?, clock_timestamp()) returning "id"`,
            [name, address, network],
            "all",
            trx,
          )) as { id: string }[];
          return (inserted as { id: string }).id;
        });
        const [found] = (await em
          .getConnection()
          .execute(`select "id" from "accounts"."users" where lower("username") = ?`, [name])) as { id: string }[];
        const user = found ? await em.findOne(User, { id: found.id }) : null;
        // Verify against a dummy hash when the user is unknown, so timing does not reveal it.
        const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
        if (!user || !ok || !user.active) throw new UnauthorizedError("Wrong username or password", "BAD_CREDENTIALS");
        const conn = em.getConnection();
        await conn.execute(
          `delete from "accounts"."login_failures"
           where "id" = ? or ("username" = ? and "client_ip" = ?) or "at" < now() - ?::interval`,
          [attemptId, name, address, window],
        );
        if (policy.knownAddressDays > 0) {
          await conn.execute(
            `insert into "accounts"."login_successes" ("username", "client_ip", "at") values (?, ?, now())
             on conflict ("username", "client_ip") do update set "at" = excluded."at"`,
            [name, address],
          );
          await conn.execute(`delete from "accounts"."login_successes" where "at" < now() - ?::interval`, [known]);
        }
        return user;
      },

      async endSessions(userId: string) {
        await this.em().getConnection().execute(`delete from "accounts"."sessions" where "user_id" = ?`, [userId]);
      },

      /** A linked roster entry must be an officer of the user's own body. */
      async checkOfficerLink(ctx: Context, officerId: string | undefined, bodyId: string | undefined) {
        if (!officerId) return;
        const officer = await dependencyCall("duties", () =>
          ctx.call<{ bodyId: string } | null, { id: string }>("duties.getOfficer", { id: officerId }).catch((err) => {
            if ((err as { code?: number }).code === 404) return null;
            throw err;
          }),
        );
        if (!officer || officer.bodyId !== bodyId) {
          throw invalid("officerId", "no officer with this id in the user's body");
        }
      },

      /** Officers and reviewers need an existing body; admins have none. */
      async checkBodyForRole(ctx: Context, role: SessionUser["role"], bodyId?: string) {
        if (role === "admin") {
          if (bodyId) throw invalid("bodyId", "an administrator does not belong to a body");
          return;
        }
        if (!bodyId) throw invalid("bodyId", `a user with role ${role} must belong to a body`);
        const exists = await dependencyCall("duties", () =>
          ctx.call<boolean, { id: string }>("duties.bodyExists", { id: bodyId }),
        );
        if (!exists) throw invalid("bodyId", "no enforcement body has this id");
      },

      /** AUTH_SECRET when configured; otherwise one generated once and kept in the database. */
      async loadTokenSecret(): Promise<string> {
        if (rt.config.authSecret) return rt.config.authSecret;
        const em = this.em();
        await em
          .getConnection()
          .execute(
            `insert into "accounts"."settings" ("key", "value") values ('token_secret', ?) on conflict do nothing`,
            [randomBytes(32).toString("base64url")],
          );
        const row = await em.findOneOrFail(Setting, { key: "token_secret" });
        return row.value;
      },

      /** First start: create the admin from ADMIN_USERNAME / ADMIN_PASSWORD when no user exists. */
      async bootstrapAdmin() {
        const em = this.em();
        if ((await em.count(User, {})) > 0) return;
        const password = rt.config.adminPassword ?? generatePassword();
        const now = new Date();
        const admin = Object.assign(new User(), {
          id: newId(),
          username: rt.config.adminUsername,
          passwordHash: await hashPassword(password),
          displayName: "系统管理员",
          role: "admin" as const,
          bodyId: null,
          officerId: null,
          active: true,
          tokenVersion: FIRST_TOKEN_VERSION,
          createdAt: now,
          updatedAt: now,
        });
        try {
          await em.persistAndFlush(admin);
        } catch (err) {
          if (isUniqueViolation(err)) return; // another process bootstrapped it first
          throw err;
        }
        if (rt.config.adminPassword) {
          this.logger.info(`Created the administrator "${admin.username}" from ADMIN_PASSWORD`);
        } else {
          this.logger.warn(
            `Created the administrator "${admin.username}" with the generated password: ${password}  (shown once; change it or set ADMIN_PASSWORD)`,
          );
        }
      },
    },

    async started() {
      this.tokenSecret = await this.loadTokenSecret();
      await this.bootstrapAdmin();
    },
  };
  return schema as ServiceSchema;
}

const DUMMY_HASH = "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
