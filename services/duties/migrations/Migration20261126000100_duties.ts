import { Migration } from "@mikro-orm/migrations";

export class Migration20261126000100_duties extends Migration {
  override up(): void {
    this.addSql(`create schema if not exists "duties"`);
    this.addSql(`create table "duties"."bodies" (
      "id" text primary key,
      "name" text not null,
      "credit_code" char(18) not null,
      "region" text not null,
      "phone" text null,
      "address" text null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null,
      constraint "bodies_credit_code_unique" unique ("credit_code")
    )`);
    this.addSql(`create table "duties"."officers" (
      "id" text primary key,
      "body_id" text not null references "duties"."bodies" ("id"),
      "name" text not null,
      "certificate_no" text not null,
      "fields" jsonb not null default '[]',
      "region" text null,
      "status" text not null check ("status" in ('active', 'suspended', 'revoked')),
      "status_reason" text null,
      "status_changed_at" timestamptz not null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null,
      constraint "officers_certificate_no_unique" unique ("certificate_no")
    )`);
    this.addSql(`create index "officers_body_id_idx" on "duties"."officers" ("body_id", "id")`);
    this.addSql(`create table "duties"."powers" (
      "id" text primary key,
      "body_id" text not null references "duties"."bodies" ("id"),
      "code" text not null,
      "name" text not null,
      "category" text not null,
      "current_version" integer not null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null,
      constraint "powers_body_code_unique" unique ("body_id", "code")
    )`);
    this.addSql(`create index "powers_category_idx" on "duties"."powers" ("category", "id")`);
    this.addSql(`create table "duties"."power_versions" (
      "power_id" text not null references "duties"."powers" ("id"),
      "version" integer not null,
      "code" text not null,
      "name" text not null,
      "category" text not null,
      "basis" jsonb not null,
      "standards" jsonb null,
      "procedure" jsonb not null default '[]',
      "time_limit_days" integer null,
      "remedies" jsonb null,
      "supervision_phone" text null,
      "change_note" text null,
      "effective_from" timestamptz not null,
      "created_by" text not null,
      primary key ("power_id", "version")
    )`);
    this.addSql(`create table "duties"."inspection_items" (
      "id" text primary key,
      "body_id" text not null references "duties"."bodies" ("id"),
      "project" text not null,
      "sub_item" text null,
      "subject" text not null,
      "basis" text not null,
      "method" text not null,
      "content" text not null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null
    )`);
    this.addSql(`create index "inspection_items_body_id_idx" on "duties"."inspection_items" ("body_id", "id")`);
  }

  override down(): void {
    for (const t of ["inspection_items", "power_versions", "powers", "officers", "bodies"]) {
      this.addSql(`drop table if exists "duties"."${t}"`);
    }
  }
}
