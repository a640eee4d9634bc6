import { Migration } from "@mikro-orm/migrations";

/**
 * Sign-in throttling by (username, address), by address and by username (shared/sign-in-throttle.ts):
 * failures are now keyed by the case-folded username and the address's key (an IPv6 client by its
 * /64), so the rows kept under the old keys are dropped (they only ever lived for minutes); the
 * addresses a user has signed in from are remembered, so a guesser elsewhere does not slow them.
 */
export class Migration20261206000200_sign_in_throttle extends Migration {
  override up(): void {
    this.addSql(`delete from "accounts"."login_failures"`);
    this.addSql(
      `create index "login_failures_username_client_ip_at_index" on "accounts"."login_failures" ("username", "client_ip", "at")`,
    );
    this.addSql(`create table "accounts"."login_successes" (
      "username" text not null,
      "client_ip" text not null,
      "at" timestamptz not null,
      primary key ("username", "client_ip")
    )`);
    this.addSql(`create index "login_successes_at_index" on "accounts"."login_successes" ("at")`);
  }

  override down(): void {
    this.addSql(`drop table "accounts"."login_successes"`);
    this.addSql(`drop index "accounts"."login_failures_username_client_ip_at_index"`);
  }
}
