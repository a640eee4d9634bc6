import { Migration } from "@mikro-orm/migrations";

export class Migration20261126000400_results extends Migration {
  override up(): void {
    this.addSql(`create schema if not exists "results"`);
    this.addSql(`create table "results"."results" (
      "id" text primary key,
      "case_id" text not null,
      "body_id" text not null,
      "body_name" text not null,
      "body_credit_code" text not null,
      "power_code" text not null,
      "power_name" text not null,
      "title" text not null,
      "decision_no" text not null,
      "decided_on" date not null,
      "kind" text not null,
      "conclusion" text not null,
      "basis" text not null,
      "facts" text not null,
      "party" jsonb not null,
      "mask_names" jsonb not null default '[]',
      "penalty" jsonb null,
      "licence" jsonb null,
      "secret" boolean not null default false,
      "status" text not null check ("status" in ('draft', 'published', 'withdrawn', 'expired')),
      "version" integer not null default 1,
      "due_by" date not null,
      "due_by_provisional" boolean not null default false,
      "notice_id" text null,
      "verify_code" text null,
      "sha256" text null,
      "published_at" timestamptz null,
      "expires_on" date null,
      "withdrawn_at" timestamptz null,
      "withdraw_reason" text null,
      "redactions" jsonb not null default '[]',
      "created_by" text not null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null,
      constraint "results_body_decision_no_unique" unique ("body_id", "decision_no"),
      constraint "results_case_unique" unique ("case_id")
    )`);
    this.addSql(`create index "results_body_status_idx" on "results"."results" ("body_id", "status", "due_by")`);
    this.addSql(`create table "results"."result_revisions" (
      "result_id" text not null references "results"."results" ("id"),
      "version" integer not null,
      "content" jsonb not null,
      "reason" text null,
      "notice_id" text null,
      "revised_by" text not null,
      "revised_at" timestamptz not null,
      primary key ("result_id", "version")
    )`);
    this.addSql(`create table "results"."calendar_years" (
      "year" integer primary key,
      "holidays" jsonb not null,
      "workdays" jsonb not null,
      "loaded_by" text not null,
      "loaded_at" timestamptz not null
    )`);
    this.addSql(`create table "results"."rule_tables" (
      "id" integer primary key check ("id" = 1),
      "rules" jsonb not null,
      "updated_by" text not null,
      "updated_at" timestamptz not null
    )`);
  }

  override down(): void {
    for (const t of ["rule_tables", "calendar_years", "result_revisions", "results"]) {
      this.addSql(`drop table if exists "results"."${t}"`);
    }
  }
}
