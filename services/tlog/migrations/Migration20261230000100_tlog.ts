import { Migration } from "@mikro-orm/migrations";

/**
 * The transparency log (issue 18): entries with their leaf hashes, the perfect subtree hashes at
 * every tile level (tree levels 8, 16, …), and the signed checkpoints, one per tree size. All three
 * are append-only: a trigger refuses UPDATE, DELETE and TRUNCATE. The cursors (how far each
 * outbox has been logged) are the one table that changes.
 */
export class Migration20261230000100_tlog extends Migration {
  override up(): void {
    this.addSql(`create table "tlog"."entries" (
      "idx" bigint primary key,
      "entry" bytea not null,
      "leaf_hash" bytea not null,
      "type" text not null,
      "item_id" text not null,
      "version" integer null,
      "sha256" text not null,
      "source" text not null,
      "source_seq" bigint not null,
      "logged_at" timestamptz not null default now(),
      unique ("source", "source_seq")
    )`);
    this.addSql(`create index "tlog_entries_item_idx" on "tlog"."entries" ("item_id", "idx")`);
    this.addSql(`create table "tlog"."hashes" (
      "level" integer not null,
      "idx" bigint not null,
      "hash" bytea not null,
      primary key ("level", "idx")
    )`);
    this.addSql(`create table "tlog"."checkpoints" (
      "size" bigint primary key,
      "root" bytea not null,
      "note" text not null,
      "signed_at" timestamptz not null default now()
    )`);
    this.addSql(`create table "tlog"."cursors" ("source" text primary key, "seq" bigint not null)`);
    this.addSql(`create function "tlog"."append_only"() returns trigger language plpgsql as $$
      begin
        raise exception 'the transparency log is append-only' using errcode = 'P0001';
      end
    $$`);
    for (const table of ["entries", "hashes", "checkpoints"]) {
      this.addSql(`create trigger "${table}_append_only" before update or delete on "tlog"."${table}"
        for each row execute function "tlog"."append_only"()`);
      this.addSql(`create trigger "${table}_no_truncate" before truncate on "tlog"."${table}"
        for each statement execute function "tlog"."append_only"()`);
    }
  }

  override down(): void {
    this.addSql(`drop table if exists "tlog"."entries", "tlog"."hashes", "tlog"."checkpoints", "tlog"."cursors"`);
    this.addSql(`drop function if exists "tlog"."append_only"()`);
  }
}
