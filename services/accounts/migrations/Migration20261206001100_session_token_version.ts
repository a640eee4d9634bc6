import { Migration } from "@mikro-orm/migrations";

/**
 * A console session remembers the user's token version it was opened under and ends when the
 * version moves on, as bearer tokens do: a password reset landing between a sign-in's password
 * check and its session insert can no longer leave that session alive. Open sessions take the
 * user's current version (those that should have ended were deleted when the version was bumped).
 */
export class Migration20261206001100_session_token_version extends Migration {
  override up(): void {
    this.addSql(`alter table "accounts"."sessions" add column "token_version" integer`);
    this.addSql(`update "accounts"."sessions" s set "token_version" = u."token_version"
      from "accounts"."users" u where u."id" = s."user_id"`);
    this.addSql(`alter table "accounts"."sessions" alter column "token_version" set not null`);
  }

  override down(): void {
    this.addSql(`alter table "accounts"."sessions" drop column "token_version"`);
  }
}
