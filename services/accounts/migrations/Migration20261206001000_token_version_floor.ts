import { Migration } from "@mikro-orm/migrations";

/**
 * Tokens issued before token versions carry no `ver` and count as version 0. Every user starts
 * at version 1 from here, so those tokens (some of which a password reset or deactivation should
 * already have ended) are refused with TOKEN_REVOKED; a new sign-in gives a token with a version.
 */
export class Migration20261206001000_token_version_floor extends Migration {
  override up(): void {
    this.addSql(`update "accounts"."users" set "token_version" = 1 where "token_version" < 1`);
    this.addSql(`alter table "accounts"."users" alter column "token_version" set default 1`);
  }

  override down(): void {
    this.addSql(`alter table "accounts"."users" alter column "token_version" set default 0`);
  }
}
