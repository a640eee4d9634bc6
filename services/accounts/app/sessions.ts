/**
 * The console's cookie sessions: opened at sign-in, kept alive by use, ended by sign-out, by
 * idling, by age, or when the user changes (the user's token version moves on).
 */
import { createHash, randomBytes } from "node:crypto";
import type { EntityManager } from "@mikro-orm/postgresql";
import type { Role } from "../../../lib/auth.js";
import { UnauthorizedError } from "../../../lib/errors.js";
import type { Credentials, OpenSessionReply, ResolvedSession, SessionParams } from "../contract.js";
import type { AccountsDeps } from "./deps.js";
import { sessionUser, signIn } from "./sign-in.js";

/** The cookie carries the session id; the database only its hash, so a leaked table opens nothing. */
function sessionHash(sessionId: string): string {
  return createHash("sha256").update(sessionId).digest("base64url");
}

/** Signs in and opens a session: an id for the cookie and a CSRF token for its forms. */
export async function openSession(
  deps: AccountsDeps,
  credentials: Credentials,
  clientIp: string | undefined,
): Promise<OpenSessionReply> {
  const user = await signIn(deps, credentials, clientIp);
  const sessionId = randomBytes(32).toString("base64url");
  const csrf = randomBytes(32).toString("base64url");
  const now = deps.now();
  const expires = new Date(now.getTime() + deps.config.console.sessionHours * 3600_000);
  // The session takes the token version read with the password hash; if an administrator
  // changed the user since, there is no row to copy it from and the sign-in fails.
  const opened = (await deps.em.getConnection().execute(
    `insert into "accounts"."sessions"
       ("id_hash", "user_id", "csrf", "created_at", "last_seen_at", "expires_at", "token_version")
     select ?, u."id", ?, ?, ?, ?, u."token_version" from "accounts"."users" u
     where u."id" = ? and u."active" and u."token_version" = ?
     returning "id_hash"`,
    [sessionHash(sessionId), csrf, now, now, expires, user.id, user.tokenVersion],
  )) as unknown[];
  if (opened.length === 0) throw new UnauthorizedError("Wrong username or password", "BAD_CREDENTIALS");
  return { sessionId, csrf, user: { ...sessionUser(user), displayName: user.displayName } };
}

/**
 * The session behind a console cookie, kept alive by this use: 401 once it sat idle longer
 * than CONSOLE_IDLE_MINUTES, outlived CONSOLE_SESSION_HOURS, was closed, or its user was
 * deactivated or changed since it opened (the user's token version moved on).
 */
export async function resolveSession(deps: AccountsDeps, { sessionId }: SessionParams): Promise<ResolvedSession> {
  const idle = `${deps.config.console.idleMinutes} minutes`;
  const rows = (await deps.em.getConnection().execute(
    `update "accounts"."sessions" s set "last_seen_at" = now()
     from "accounts"."users" u
     where s."id_hash" = ? and u."id" = s."user_id" and u."active" and u."token_version" = s."token_version"
       and s."last_seen_at" > now() - ?::interval and s."expires_at" > now()
     returning s."csrf", u."id", u."username", u."role", u."body_id", u."officer_id", u."display_name"`,
    [sessionHash(sessionId), idle],
  )) as {
    csrf: string;
    id: string;
    username: string;
    role: Role;
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
}

/** Sign-out: the session ends here, whatever the browser keeps (and expired ones go with it). */
export async function closeSession(em: EntityManager, { sessionId }: SessionParams): Promise<{ closed: true }> {
  await em
    .getConnection()
    .execute(`delete from "accounts"."sessions" where "id_hash" = ? or "expires_at" < now()`, [sessionHash(sessionId)]);
  return { closed: true };
}

/** Every console session of a user ends. */
export async function endSessions(em: EntityManager, userId: string): Promise<void> {
  await em.getConnection().execute(`delete from "accounts"."sessions" where "user_id" = ?`, [userId]);
}
