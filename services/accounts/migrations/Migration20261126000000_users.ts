import { Migration } from "@mikro-orm/migrations";

export class Migration20261126000000_users extends Migration {
  override up(): void {
    this.addSql(`create schema if not exists "accounts"`);
    this.addSql(`create table "accounts"."users" (
      "id" text primary key,
      "username" text not null,
      "password_hash" text not null,
      "display_name" text not null,
      "role" text not null check ("role" in ('admin', 'officer', 'reviewer')),
      "body_id" text null,
      "active" boolean not null default true,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null,
      constraint "users_username_unique" unique ("username"),
      constraint "users_body_for_staff" check ("role" = 'admin' or "body_id" is not null)
    )`);
    this.addSql(`create index "users_body_id_idx" on "accounts"."users" ("body_id")`);
    this.addSql(`create table "accounts"."settings" ("key" text primary key, "value" text not null)`);
  }

  override down(): void {
    this.addSql(`drop table if exists "accounts"."settings"`);
    this.addSql(`drop table if exists "accounts"."users"`);
  }
}
