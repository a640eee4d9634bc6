import { Migration } from "@mikro-orm/migrations";

/** Import jobs and their rows (services/imports/entities.ts). */
export class Migration20270201000200_imports extends Migration {
  override up(): void {
    this.addSql(`create schema if not exists "imports"`);
    this.addSql(`create table "imports"."jobs" (
      "id" text primary key,
      "body_id" text not null,
      "body_name" text not null,
      "body_credit_code" text not null,
      "kind" text not null,
      "dry_run" boolean not null,
      "status" text not null,
      "format" text not null,
      "encoding" text not null,
      "filename" text null,
      "header" jsonb not null,
      "sha256" text not null,
      "total" integer not null,
      "done" integer not null default 0,
      "failed" integer not null default 0,
      "notices_due" integer not null default 0,
      "notices_done" integer not null default 0,
      "lease_until" timestamptz null,
      "created_by" text not null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null,
      "started_at" timestamptz null,
      "finished_at" timestamptz null
    )`);
    this.addSql(`create index "jobs_body_created" on "imports"."jobs" ("body_id", "created_at" desc)`);
    this.addSql(`create index "jobs_open" on "imports"."jobs" ("created_at") where "status" in ('queued', 'running')`);
    this.addSql(`create table "imports"."rows" (
      "job_id" text not null references "imports"."jobs" ("id") on delete cascade,
      "line" integer not null,
      "decision_no" text not null,
      "cells" jsonb not null,
      "outcome" text null,
      "problem_field" text null,
      "problem_type" text null,
      "problem_message" text null,
      "result_id" text null,
      "notice_state" text null,
      "notice_lease" timestamptz null,
      "public_until" date null,
      primary key ("job_id", "line")
    )`);
    this.addSql(`create index "rows_open" on "imports"."rows" ("job_id", "line") where "outcome" is null`);
    this.addSql(`create index "rows_notice_due" on "imports"."rows" ("job_id", "line") where "notice_state" = 'due'`);
  }

  override down(): void {
    this.addSql(`drop table "imports"."rows"`);
    this.addSql(`drop table "imports"."jobs"`);
  }
}
