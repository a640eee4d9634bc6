import { Migration } from "@mikro-orm/migrations";

/**
 * 双随机、一公开: pools of entities under supervision (versioned, each version's canonical content
 * hashed), their upload jobs, officers' declared conflicts, draw plans with their commitments and
 * draws, and the outbox the transparency log and the feed pull: each row keeps the plan's public
 * view as it was then, so the published commitment is logged even when the draw follows at once.
 */
export class Migration20270301000100_inspections extends Migration {
  override up(): void {
    this.addSql(`create schema if not exists "inspections"`);
    this.addSql(`create table "inspections"."pools" (
      "id" text primary key,
      "body_id" text not null,
      "name" text not null,
      "latest_version" integer not null default 0,
      "created_by" text not null,
      "created_at" timestamptz not null,
      constraint "pools_body_name_unique" unique ("body_id", "name")
    )`);
    this.addSql(`create table "inspections"."pool_versions" (
      "pool_id" text not null references "inspections"."pools" ("id"),
      "version" integer not null check ("version" > 0),
      "sha256" text not null,
      "size" integer not null,
      "job_id" text not null,
      "created_by" text not null,
      "created_at" timestamptz not null,
      primary key ("pool_id", "version")
    )`);
    this.addSql(`create table "inspections"."pool_entities" (
      "pool_id" text not null,
      "version" integer not null,
      "credit_code" text not null,
      "name" text not null,
      "address" text not null,
      "category" text not null,
      "line" integer not null,
      primary key ("pool_id", "version", "credit_code"),
      foreign key ("pool_id", "version") references "inspections"."pool_versions" ("pool_id", "version")
    )`);
    this.addSql(`create table "inspections"."pool_jobs" (
      "id" text primary key,
      "pool_id" text not null references "inspections"."pools" ("id"),
      "body_id" text not null,
      "status" text not null check ("status" in ('queued', 'running', 'done', 'failed')),
      "file" bytea null,
      "file_sha256" text not null,
      "format" text not null,
      "encoding" text null,
      "total" integer not null default 0,
      "done" integer not null default 0,
      "failed" integer not null default 0,
      "problems" jsonb not null default '[]',
      "outcome" text null check ("outcome" in ('version', 'unchanged', 'refused')),
      "version" integer null,
      "error" text null,
      "created_by" text not null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null,
      "heartbeat_at" timestamptz null
    )`);
    this.addSql(`create index "pool_jobs_due_idx" on "inspections"."pool_jobs" ("created_at")
      where "status" in ('queued', 'running')`);
    this.addSql(`create index "pool_jobs_pool_idx" on "inspections"."pool_jobs" ("pool_id", "created_at")`);
    this.addSql(`create table "inspections"."conflicts" (
      "id" text primary key,
      "body_id" text not null,
      "officer_id" text not null,
      "credit_code" text not null,
      "reason" text not null,
      "declared_by" text not null,
      "declared_at" timestamptz not null,
      "withdrawn_at" timestamptz null
    )`);
    this
      .addSql(`create unique index "conflicts_current_unique" on "inspections"."conflicts" ("officer_id", "credit_code")
      where "withdrawn_at" is null`);
    this.addSql(`create table "inspections"."plans" (
      "id" text primary key,
      "body_id" text not null,
      "body_name" text not null,
      "title" text not null,
      "item" jsonb not null,
      "pool_id" text not null references "inspections"."pools" ("id"),
      "pool_name" text not null,
      "pool_version" integer not null,
      "pool_sha256" text not null,
      "pool_size" integer not null,
      "size" integer not null check ("size" > 0),
      "ratio" numeric null,
      "officers_per_entity" integer not null check ("officers_per_entity" >= 2),
      "officer_field" text not null,
      "officers" jsonb not null,
      "conflicts" jsonb not null,
      "algorithm" text not null,
      "commitment" text not null,
      "seed" text not null,
      "seed_revealed" boolean not null default false,
      "draw_at" timestamptz not null,
      "inspect_by" date not null,
      "status" text not null check ("status" in ('committed', 'drawn', 'superseded')),
      "drawn_at" timestamptz null,
      "selected" jsonb null,
      "corrects" text null references "inspections"."plans" ("id"),
      "correction_reason" text null,
      "superseded_by" text null references "inspections"."plans" ("id"),
      "created_by" text not null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null,
      foreign key ("pool_id", "pool_version") references "inspections"."pool_versions" ("pool_id", "version")
    )`);
    this.addSql(
      `create unique index "plans_corrects_unique" on "inspections"."plans" ("corrects") where "corrects" is not null`,
    );
    this.addSql(`create index "plans_body_idx" on "inspections"."plans" ("body_id", "created_at")`);
    this.addSql(`create index "plans_due_idx" on "inspections"."plans" ("draw_at") where "status" = 'committed'`);
    this.addSql(`create table "inspections"."events" (
      "seq" bigserial primary key,
      "plan_id" text not null references "inspections"."plans" ("id"),
      "at" timestamptz not null,
      "view" jsonb not null
    )`);
  }

  override down(): void {
    this.addSql(`drop schema if exists "inspections" cascade`);
  }
}
