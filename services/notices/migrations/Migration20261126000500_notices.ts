import { Migration } from "@mikro-orm/migrations";

export class Migration20261126000500_notices extends Migration {
  override up(): void {
    this.addSql(`create schema if not exists "notices"`);
    this.addSql(`create table "notices"."notices" (
      "id" text primary key,
      "result_id" text not null,
      "version" integer not null,
      "body_id" text not null,
      "body_name" text not null,
      "kind" text not null,
      "title" text not null,
      "decision_no" text not null,
      "decided_on" date not null,
      "party_name" text not null,
      "record" jsonb not null,
      "verify_code" text not null,
      "sha256" char(64) not null,
      "object_key" text not null,
      "size" integer not null,
      "status" text not null check ("status" in ('published', 'withdrawn', 'corrected', 'expired')),
      "published_at" timestamptz not null,
      "expires_on" date not null,
      "status_changed_at" timestamptz null,
      "reason" text null,
      "predecessor_id" text null references "notices"."notices" ("id"),
      "successor_id" text null references "notices"."notices" ("id"),
      constraint "notices_verify_code_unique" unique ("verify_code"),
      constraint "notices_result_version_unique" unique ("result_id", "version")
    )`);
    this.addSql(`create index "notices_sha256_idx" on "notices"."notices" ("sha256")`);
    this.addSql(`create index "notices_expiry_idx" on "notices"."notices" ("expires_on") where "status" = 'published'`);
    this.addSql(`create table "notices"."notice_events" (
      "seq" bigserial primary key,
      "type" text not null,
      "notice_id" text not null references "notices"."notices" ("id"),
      "at" timestamptz not null
    )`);
  }

  override down(): void {
    this.addSql(`drop table if exists "notices"."notice_events"`);
    this.addSql(`drop table if exists "notices"."notices"`);
  }
}
