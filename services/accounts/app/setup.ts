/** What the accounts service does once at start: find its token-signing key, and create the first administrator. */
import { randomBytes } from "node:crypto";
import type { EntityManager } from "@mikro-orm/postgresql";
import type { Config } from "../../../lib/config.js";
import { isUniqueViolation } from "../../../lib/database.js";
import { newId } from "../../../shared/ids.js";
import { generatePassword, hashPassword } from "../../../shared/passwords.js";
import { FIRST_TOKEN_VERSION } from "../../../shared/tokens.js";
import { Setting, User } from "../user.entity.js";

/** AUTH_SECRET when configured; otherwise one generated once and kept in the database. */
export async function loadTokenSecret(em: EntityManager, authSecret: string | undefined): Promise<string> {
  if (authSecret) return authSecret;
  await em
    .getConnection()
    .execute(`insert into "accounts"."settings" ("key", "value") values ('token_secret', ?) on conflict do nothing`, [
      randomBytes(32).toString("base64url"),
    ]);
  const row = await em.findOneOrFail(Setting, { key: "token_secret" });
  return row.value;
}

/**
 * First start: create the admin from ADMIN_USERNAME / ADMIN_PASSWORD when no user exists. Answers
 * the generated password when it made one (the caller shows it once, framed), else undefined.
 */
export async function bootstrapAdmin(
  em: EntityManager,
  config: Pick<Config, "adminUsername" | "adminPassword">,
  logger: { info(message: string): void },
  now: Date,
): Promise<string | undefined> {
  if ((await em.count(User, {})) > 0) return undefined;
  const password = config.adminPassword ?? generatePassword();
  const admin = Object.assign(new User(), {
    id: newId(),
    username: config.adminUsername,
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
    if (isUniqueViolation(err)) return undefined; // another process bootstrapped it first
    throw err;
  }
  if (config.adminPassword) {
    logger.info(`Created the administrator "${admin.username}" from ADMIN_PASSWORD`);
    return undefined;
  }
  logger.info(`Created the administrator "${admin.username}" with a generated password (shown below)`);
  return password;
}

/**
 * `npm run admin:reset-password`: a new password for the administrator named `username` (the given
 * one or a generated one), active again, its token version bumped so every old session and token
 * ends. Answers the password set; throws when no administrator has that name.
 */
export async function resetAdminPassword(
  em: EntityManager,
  username: string,
  given: string | undefined,
  now: Date,
): Promise<string> {
  const admin = await em.findOne(User, { username, role: "admin" });
  if (!admin) throw new Error(`no administrator named "${username}" (ADMIN_USERNAME)`);
  const password = given ?? generatePassword();
  admin.passwordHash = await hashPassword(password);
  admin.active = true;
  admin.tokenVersion += 1;
  admin.updatedAt = now;
  await em.flush();
  return password;
}
