/**
 * Accounts: users with roles (admin, officer, reviewer), password sign-in and bearer tokens.
 * Officers and reviewers belong to one enforcement body.
 */
import { createHash, randomBytes } from "node:crypto";
import { Errors, type Context, type ServiceSchema, type ServiceSettingSchema } from "moleculer";
import { userOf, type Meta, type SessionUser } from "../../lib/auth.js";
import { DatabaseMixin, isUniqueViolation, type DatabaseMethods, type DatabaseVars } from "../../lib/database.js";
import { ConflictError, dependencyCall, invalid, NotFoundError, UnauthorizedError } from "../../lib/errors.js";
import type { Runtime } from "../../lib/runtime.js";
import { newId, ID_PATTERN } from "../../shared/ids.js";
import { generatePassword, hashPassword, verifyPassword } from "../../shared/passwords.js";
import { issueToken, verifyToken } from "../../shared/tokens.js";
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

const USERNAME = text(64, { min: 3, pattern: "^[A-Za-z0-9_.@-]+$" });
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
          const token = issueToken(this.tokenSecret, user.id, rt.config.tokenTtlSeconds);
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
          const em = this.em();
          const user = await em.findOne(User, { id: ctx.params.id });
          if (!user) throw new NotFoundError("User", ctx.params.id);
          const p = ctx.params;
          const role = p.role ?? user.role;
          const bodyId = p.bodyId === undefined ? user.bodyId : p.bodyId;
          if (user.id === userOf(ctx).id && (role !== "admin" || p.active === false)) {
            throw invalid("role", "an administrator cannot demote or deactivate their own account", "SELF_LOCKOUT");
          }
          await this.checkBodyForRole(ctx, role, bodyId ?? undefined);
          // Moving to another body unlinks the roster entry unless a new one is named.
          const officerId = p.officerId !== undefined ? p.officerId : bodyId === user.bodyId ? user.officerId : null;
          if (officerId) await this.checkOfficerLink(ctx, officerId, bodyId ?? undefined);
          user.officerId = officerId;
          if (p.displayName !== undefined) user.displayName = p.displayName;
          if (p.password !== undefined) user.passwordHash = await hashPassword(p.password);
          if (p.active !== undefined) user.active = p.active;
          user.role = role;
          user.bodyId = role === "admin" ? null : (bodyId as string);
          user.updatedAt = new Date();
          try {
            await em.flush();
          } catch (err) {
            throw userConflict(err);
          }
          // A new password or a deactivation signs the user out of every console session.
          if (p.password !== undefined || p.active === false) await this.endSessions(user.id);
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
          await this.em()
            .getConnection()
            .execute(
              `insert into "accounts"."sessions" ("id_hash", "user_id", "csrf", "created_at", "last_seen_at", "expires_at")
               values (?, ?, ?, ?, ?, ?)`,
              [sessionHash(sessionId), user.id, csrf, now, now, expires],
            );
          return { sessionId, csrf, user: { ...sessionUser(user), displayName: user.displayName } };
        },
      },

      /**
       * The session behind a console cookie, kept alive by this use: 401 once it sat idle longer
       * than CONSOLE_IDLE_MINUTES, outlived CONSOLE_SESSION_HOURS, was closed, or its user was
       * deactivated.
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
               where s."id_hash" = ? and u."id" = s."user_id" and u."active"
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
          const user = await this.em().findOne(User, { id: checked.claims.sub });
          if (!user || !user.active) throw new UnauthorizedError("The account is disabled", "ACCOUNT_DISABLED");
          return sessionUser(user);
        },
      },
    },

    methods: {
      /**
       * Checks a username and password. Failures are counted per username and per client address
       * over LOGIN_FAILURE_WINDOW_MINUTES; past the limit every attempt, right or wrong, gets 429
       * with Retry-After until the oldest counted failure leaves the window.
       */
      async signIn(ctx: Context<unknown, Meta & { clientIp?: string }>, username: string, password: string) {
        const { maxFailures, maxFailuresPerAddress, failureWindowMinutes } = rt.config.console;
        const clientIp = ctx.meta.clientIp ?? "internal";
        const conn = this.em().getConnection();
        const window = `${failureWindowMinutes} minutes`;
        // The attempt is recorded before it is counted, so parallel guesses see each other: at most
        // the limit of them ever reach the password check. A right password clears the record.
        await conn.execute(
          `insert into "accounts"."login_failures" ("username", "client_ip", "at") values (?, ?, clock_timestamp())`,
          [username, clientIp],
        );
        const [counts] = (await conn.execute(
          `select
             count(*) filter (where "username" = ?) as by_user,
             min("at") filter (where "username" = ?) as first_user,
             count(*) filter (where "client_ip" = ?) as by_ip,
             min("at") filter (where "client_ip" = ?) as first_ip
           from "accounts"."login_failures"
           where ("username" = ? or "client_ip" = ?) and "at" > now() - ?::interval`,
          [username, username, clientIp, clientIp, username, clientIp, window],
        )) as { by_user: string; first_user: Date | null; by_ip: string; first_ip: Date | null }[];
        const blockedSince =
          Number(counts?.by_user) > maxFailures
            ? counts?.first_user
            : Number(counts?.by_ip) > maxFailuresPerAddress
              ? counts?.first_ip
              : null;
        if (blockedSince) {
          const retryAfter = Math.max(
            1,
            Math.ceil((new Date(blockedSince).getTime() + failureWindowMinutes * 60_000 - Date.now()) / 1000),
          );
          ctx.meta.$responseHeaders = { "Retry-After": String(retryAfter) };
          throw new Errors.MoleculerClientError(
            `Too many failed sign-ins; try again in ${retryAfter} seconds`,
            429,
            "LOGIN_THROTTLED",
            { retryAfter },
          );
        }
        const user = await this.em().findOne(User, { username });
        // Verify against a dummy hash when the user is unknown, so timing does not reveal it.
        const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
        if (!user || !ok || !user.active) throw new UnauthorizedError("Wrong username or password", "BAD_CREDENTIALS");
        await conn.execute(
          `delete from "accounts"."login_failures" where "username" = ? or "at" < now() - ?::interval`,
          [username, window],
        );
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
