import { Migration } from "@mikro-orm/migrations";

export class Migration20261126000200_cases extends Migration {
  override up(): void {
    this.addSql(`create schema if not exists "cases"`);
    this.addSql(`create table "cases"."cases" (
      "id" text primary key,
      "body_id" text not null,
      "power_id" text not null,
      "power_code" text not null,
      "power_name" text not null,
      "category" text not null,
      "title" text not null,
      "officer_ids" jsonb not null,
      "facts" text not null,
      "party" jsonb not null,
      "other_names" jsonb not null default '[]',
      "major" boolean not null default false,
      "secret" boolean not null default false,
      "status" text not null,
      "result_id" text null,
      "created_by" text not null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null
    )`);
    this.addSql(`create index "cases_body_status_idx" on "cases"."cases" ("body_id", "status", "id")`);
    // The trail is append-only: the database refuses updates and deletes of recorded steps.
    this.addSql(`create table "cases"."case_steps" (
      "case_id" text not null references "cases"."cases" ("id"),
      "seq" integer not null,
      "kind" text not null,
      "from_status" text null,
      "to_status" text not null,
      "actor_id" text not null,
      "actor_name" text not null,
      "actor_role" text not null,
      "at" timestamptz not null,
      "note" text null,
      "documents" jsonb not null default '[]',
      primary key ("case_id", "seq")
    )`);
    this.addSql(`create function "cases"."refuse_change"() returns trigger language plpgsql as $$
      begin raise exception 'the case trail is append-only'; end $$`);
    this.addSql(`create trigger "case_steps_append_only" before update or delete on "cases"."case_steps"
      for each row execute function "cases"."refuse_change"()`);
    this.addSql(`create table "cases"."reviews" (
      "id" text primary key,
      "case_id" text not null references "cases"."cases" ("id"),
      "reviewer_id" text not null,
      "reviewer_name" text not null,
      "approve" boolean not null,
      "opinion" text not null,
      "at" timestamptz not null
    )`);
    this.addSql(`create index "reviews_case_idx" on "cases"."reviews" ("case_id", "at")`);
  }

  override down(): void {
    this.addSql(`drop table if exists "cases"."reviews"`);
    this.addSql(`drop table if exists "cases"."case_steps"`);
    this.addSql(`drop function if exists "cases"."refuse_change"()`);
    this.addSql(`drop table if exists "cases"."cases"`);
  }
}
