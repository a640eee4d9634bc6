import { Migration } from "@mikro-orm/migrations";

/**
 * A per-user token version, written into every bearer token at issue and compared on each
 * request: bumping it (password reset, deactivation, reactivation, role or body change) ends
 * every token issued before. Tokens from before this column carry no version and count as 0.
 */
export class Migration20261206000000_token_version extends Migration {
  override up(): void {
    this.addSql(`alter table "accounts"."users" add column "token_version" integer not null default 0`);
  }

  override down(): void {
    this.addSql(`alter table "accounts"."users" drop column "token_version"`);
  }
}
