import { Migration } from "@mikro-orm/migrations";

/**
 * Console sessions (the cookie holds a random id; only its SHA-256 is stored, with the session's
 * CSRF token and its idle and absolute deadlines) and failed sign-ins, counted per username and
 * per client address to throttle password guessing.
 */
export class Migration20261127000000_sessions extends Migration {
  override up(): void {
    this.addSql(`create table "accounts"."sessions" (
      "id_hash" text primary key,
      "user_id" text not null references "accounts"."users" ("id") on delete cascade,
      "csrf" text not null,
      "created_at" timestamptz not null,
      "last_seen_at" timestamptz not null,
      "expires_at" timestamptz not null
    )`);
    this.addSql(`create index "sessions_user_id_index" on "accounts"."sessions" ("user_id")`);
    this.addSql(`create table "accounts"."login_failures" (
      "id" bigserial primary key,
      "username" text not null,
      "client_ip" text not null,
      "at" timestamptz not null
    )`);
    this.addSql(`create index "login_failures_username_at_index" on "accounts"."login_failures" ("username", "at")`);
    this.addSql(`create index "login_failures_client_ip_at_index" on "accounts"."login_failures" ("client_ip", "at")`);
  }

  override down(): void {
    this.addSql(`drop table "accounts"."login_failures"`);
    this.addSql(`drop table "accounts"."sessions"`);
  }
}
