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

/** First start: create the admin from ADMIN_USERNAME / ADMIN_PASSWORD when no user exists. */
export async function bootstrapAdmin(
  em: EntityManager,
  config: Pick<Config, "adminUsername" | "adminPassword">,
  logger: { info(message: string): void; warn(message: string): void },
  now: Date,
): Promise<void> {
  if ((await em.count(User, {})) > 0) return;
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
    if (isUniqueViolation(err)) return; // another process bootstrapped it first
    throw err;
  }
  if (config.adminPassword) {
    logger.info(`Created the administrator "${admin.username}" from ADMIN_PASSWORD`);
  } else {
    logger.warn(
      `Created the administrator "${admin.username}" with the generated password: ${password}  (shown once; change it or set ADMIN_PASSWORD)`,
    );
  }
}
