import { Migration } from "@mikro-orm/migrations";

/** Links a user account to its entry in the officer roster, so a reviewer can be told apart from a case's officers. */
export class Migration20261126000300_user_officer extends Migration {
  override up(): void {
    this.addSql(`alter table "accounts"."users" add column "officer_id" text null`);
    this.addSql(
      `create unique index "users_officer_id_unique" on "accounts"."users" ("officer_id") where "officer_id" is not null`,
    );
  }

  override down(): void {
    this.addSql(`alter table "accounts"."users" drop column "officer_id"`);
  }
}
