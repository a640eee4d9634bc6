import { Migration } from "@mikro-orm/migrations";

/** Annual reports (政府信息公开工作年度报告, 行政执法年度数据) and the outbox of their publications. */
export class Migration20261227000100_reports extends Migration {
  override up(): void {
    this.addSql(`create schema if not exists "reports"`);
    this.addSql(`create table "reports"."reports" (
      "id" text primary key,
      "body_id" text not null,
      "body_name" text not null,
      "kind" text not null check ("kind" in ('gov-info', 'enforcement')),
      "year" integer not null check ("year" between 2000 and 2100),
      "status" text not null check ("status" in ('draft', 'published')),
      "narrative" jsonb not null,
      "overrides" jsonb not null,
      "counted" jsonb not null,
      "counted_at" timestamptz not null,
      "published_at" timestamptz null,
      "published_on" date null,
      "letter_id" text null,
      "verify_code" text null,
      "sha256" text null,
      "created_by" text not null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null,
      constraint "reports_body_kind_year_unique" unique ("body_id", "kind", "year")
    )`);
    this.addSql(`create index "reports_year_idx" on "reports"."reports" ("year", "kind", "status")`);
    this.addSql(`create table "reports"."events" (
      "seq" bigserial primary key,
      "report_id" text not null references "reports"."reports" ("id"),
      "at" timestamptz not null
    )`);
  }

  override down(): void {
    this.addSql(`drop schema if exists "reports" cascade`);
  }
}
