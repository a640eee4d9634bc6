/**
 * Accounts: users with roles (admin, officer, reviewer), password sign-in and bearer tokens.
 * Officers and reviewers belong to one enforcement body.
 * The wiring only: the use cases live in app/, the params and replies in contract.ts.
 */
import type { Context, ServiceSchema, ServiceSettingSchema } from "moleculer";
import { userOf, type Meta } from "../../lib/auth.js";
import type { ActionContext } from "../../lib/contract.js";
import { DatabaseMixin, type DatabaseMethods, type DatabaseVars } from "../../lib/database.js";
import { adminPasswordBanner } from "../../lib/admin-banner.js";
import type { Runtime } from "../../lib/runtime.js";
import type { AccountsDeps } from "./app/deps.js";
import { closeSession, openSession, resolveSession } from "./app/sessions.js";
import { bootstrapAdmin, loadTokenSecret } from "./app/setup.js";
import { LOGIN_THROTTLED, login, resolveToken } from "./app/sign-in.js";
import { auditKeyUse, createApiKey, keyAudit, listApiKeys, resolveApiKey, revokeApiKey } from "./app/api-keys.js";
import { createUser, displayNames, listUsers, me, updateUser } from "./app/users.js";
import { accounts } from "./contract.js";
import { DATABASE } from "./database.js";

interface Vars extends DatabaseVars {
  tokenSecret: string;
}
interface Methods extends DatabaseMethods {
  deps(ctx: Context): AccountsDeps;
}
/** A throttled sign-in answers 429 with Retry-After. */
async function withRetryAfter<T>(ctx: Context<unknown, Meta>, signIn: Promise<T>): Promise<T> {
  try {
    return await signIn;
  } catch (err) {
    const e = err as { type?: string; data?: { retryAfter?: number } };
    if (e.type === LOGIN_THROTTLED) ctx.meta.$responseHeaders = { "Retry-After": String(e.data?.retryAfter) };
    throw err;
  }
}

export function accountsService(rt: Runtime): ServiceSchema {
  const schema: ServiceSchema<ServiceSettingSchema & { rest: string }, Methods, Vars> = {
    name: "accounts",
    mixins: [DatabaseMixin(rt, DATABASE)],
    settings: { rest: "/" },

    actions: {
      login: {
        rest: "POST /auth/login",
        summary: "Sign in with username and password; returns a bearer token",
        params: accounts.login.params,
        handler(ctx: ActionContext<typeof accounts.login, Meta & { clientIp?: string }>) {
          return withRetryAfter(ctx, login(this.deps(ctx), ctx.params, ctx.meta.clientIp));
        },
      },

      me: {
        rest: "GET /auth/me",
        summary: "The signed-in user",
        roles: ["admin", "officer", "reviewer"],
        params: accounts.me.params,
        handler(ctx: ActionContext<typeof accounts.me, Meta & { clientIp?: string }>) {
          return me(this.em(), userOf(ctx));
        },
      },

      createUser: {
        rest: "POST /users",
        summary: "Create a user (admin)",
        roles: ["admin"],
        params: accounts.createUser.params,
        async handler(ctx: ActionContext<typeof accounts.createUser, Meta & { clientIp?: string }>) {
          const user = await createUser(this.deps(ctx), ctx.params);
          ctx.meta.$statusCode = 201;
          return user;
        },
      },

      listUsers: {
        rest: "GET /users",
        summary: "List users (admin), optionally of one body",
        roles: ["admin"],
        params: accounts.listUsers.params,
        handler(ctx: ActionContext<typeof accounts.listUsers, Meta & { clientIp?: string }>) {
          return listUsers(this.em(), ctx.params);
        },
      },

      displayNames: {
        // Staff see who acted on their records; a name is all it tells.
        roles: ["admin", "officer", "reviewer"],
        params: accounts.displayNames.params,
        handler(ctx: ActionContext<typeof accounts.displayNames>) {
          return displayNames(this.em(), ctx.params);
        },
      },

      updateUser: {
        rest: "PATCH /users/:id",
        summary: "Change a user's name, role, body, password or active flag (admin)",
        roles: ["admin"],
        params: accounts.updateUser.params,
        handler(ctx: ActionContext<typeof accounts.updateUser, Meta & { clientIp?: string }>) {
          return updateUser(this.deps(ctx), userOf(ctx), ctx.params);
        },
      },

      /** The console's sign-in: a new cookie session (id for the cookie, CSRF token for its forms). */
      openSession: {
        visibility: "public",
        params: accounts.openSession.params,
        handler(ctx: ActionContext<typeof accounts.openSession, Meta & { clientIp?: string }>) {
          return withRetryAfter(ctx, openSession(this.deps(ctx), ctx.params, ctx.meta.clientIp));
        },
      },

      /** The session behind a console cookie, kept alive by this use (app/sessions.ts). */
      resolveSession: {
        visibility: "public",
        params: accounts.resolveSession.params,
        handler(ctx: ActionContext<typeof accounts.resolveSession, Meta & { clientIp?: string }>) {
          return resolveSession(this.deps(ctx), ctx.params);
        },
      },

      /** Sign-out: the session ends here, whatever the browser keeps. */
      closeSession: {
        visibility: "public",
        params: accounts.closeSession.params,
        handler(ctx: ActionContext<typeof accounts.closeSession, Meta & { clientIp?: string }>) {
          return closeSession(this.em(), ctx.params);
        },
      },

      /** Used by the gateway on every authenticated request; not exposed over HTTP. */
      resolveToken: {
        visibility: "public",
        params: accounts.resolveToken.params,
        handler(ctx: ActionContext<typeof accounts.resolveToken, Meta & { clientIp?: string }>) {
          return resolveToken(this.deps(ctx), ctx.params);
        },
      },

      createApiKey: {
        rest: "POST /api-keys",
        summary: "Create an API key for a body's case-handling system (admin); the key is shown only in this answer",
        roles: ["admin"],
        params: accounts.createApiKey.params,
        async handler(ctx: ActionContext<typeof accounts.createApiKey>) {
          const key = await createApiKey(this.deps(ctx), userOf(ctx), ctx.params);
          ctx.meta.$statusCode = 201;
          ctx.meta.$responseHeaders = { "Cache-Control": "no-store" };
          return key;
        },
      },

      listApiKeys: {
        rest: "GET /api-keys",
        summary: "API keys (admin), optionally of one body: prefix, name, use and revocation, never the key",
        roles: ["admin"],
        params: accounts.listApiKeys.params,
        handler(ctx: ActionContext<typeof accounts.listApiKeys>) {
          return listApiKeys(this.em(), ctx.params);
        },
      },

      revokeApiKey: {
        rest: "DELETE /api-keys/:id",
        summary: "Revoke an API key (admin): refused from the next call on",
        roles: ["admin"],
        params: accounts.revokeApiKey.params,
        handler(ctx: ActionContext<typeof accounts.revokeApiKey>) {
          return revokeApiKey(this.deps(ctx), userOf(ctx), ctx.params.id);
        },
      },

      keyAudit: {
        rest: "GET /api-keys/audit",
        summary: "The audit log of API keys (admin): keys created and revoked, every call made with one",
        roles: ["admin"],
        params: accounts.keyAudit.params,
        handler(ctx: ActionContext<typeof accounts.keyAudit>) {
          return keyAudit(this.em(), ctx.params);
        },
      },

      /** Used by the gateway on every call made with an API key; not exposed over HTTP. */
      resolveApiKey: {
        visibility: "public",
        params: accounts.resolveApiKey.params,
        handler(ctx: ActionContext<typeof accounts.resolveApiKey>) {
          return resolveApiKey(this.deps(ctx), ctx.params);
        },
      },

      /** The gateway's record of a call made with an API key. */
      auditKeyUse: {
        visibility: "public",
        params: accounts.auditKeyUse.params,
        handler(ctx: ActionContext<typeof accounts.auditKeyUse>) {
          return auditKeyUse(this.deps(ctx), ctx.params);
        },
      },
    },

    methods: {
      /** A use case's dependencies: this request's EntityManager, the context as the broker port, settings, clock. */
      deps(ctx: Context): AccountsDeps {
        return { em: this.em(), caller: ctx, config: rt.config, tokenSecret: this.tokenSecret, now: () => new Date() };
      },
    },

    async started() {
      this.tokenSecret = await loadTokenSecret(this.em(), rt.config.authSecret);
      const generated = await bootstrapAdmin(this.em(), rt.config, this.logger, new Date());
      if (generated) {
        rt.announce(
          adminPasswordBanner({
            title: "执法公示: the first administrator was created",
            url: `${rt.config.publicBaseUrl}/console`,
            username: rt.config.adminUsername,
            password: generated,
          }),
        );
      }
    },
  };
  return schema as ServiceSchema;
}
