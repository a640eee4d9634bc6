import { Migration } from "@mikro-orm/migrations";
import { SEARCH_SQL } from "./search-sql.js";

/** The public read model: built only from the owning services' outboxes, never from their tables. */
export class Migration20261126000700_feed extends Migration {
  override up(): void {
    this.addSql(`create schema if not exists "feed"`);
    this.addSql(`create table "feed"."checkpoints" ("source" text primary key, "seq" bigint not null default 0)`);
    this.addSql(`create table "feed"."bodies" (
      "id" text primary key,
      "name" text not null,
      "credit_code" text not null,
      "region" text not null,
      "view" jsonb not null,
      "seq" bigint not null
    )`);
    this.addSql(`create table "feed"."officers" (
      "id" text primary key,
      "body_id" text not null,
      "name" text not null,
      "certificate_no" text not null,
      "status" text not null,
      "view" jsonb not null,
      "seq" bigint not null
    )`);
    this.addSql(`create index "feed_officers_body_idx" on "feed"."officers" ("body_id", "id")`);
    this.addSql(`create table "feed"."powers" (
      "id" text primary key,
      "body_id" text not null,
      "code" text not null,
      "name" text not null,
      "category" text not null,
      "view" jsonb not null,
      "seq" bigint not null
    )`);
    this.addSql(`create index "feed_powers_body_idx" on "feed"."powers" ("body_id", "id")`);
    this.addSql(`create table "feed"."inspections" (
      "id" text primary key,
      "body_id" text not null,
      "project" text not null,
      "sub_item" text null,
      "content" text not null,
      "view" jsonb not null,
      "seq" bigint not null
    )`);
    this.addSql(`create index "feed_inspections_body_idx" on "feed"."inspections" ("body_id", "id")`);
    this.addSql(`create table "feed"."notices" (
      "id" text primary key,
      "result_id" text not null,
      "version" int not null,
      "body_id" text not null,
      "body_name" text not null,
      "kind" text not null,
      "status" text not null,
      "title" text not null,
      "decision_no" text not null,
      "decided_on" date not null,
      "published_at" timestamptz not null,
      "published_on" date not null,
      "expires_on" date not null,
      "status_changed_at" timestamptz null,
      "reason" text null,
      "predecessor_id" text null,
      "successor_id" text null,
      "party_name" text not null,
      "verify_code" text not null,
      "sha256" text not null,
      "record" jsonb not null,
      "search_text" text not null,
      "seq" bigint not null
    )`);
    for (const sql of SEARCH_SQL) this.addSql(sql);
  }

  override down(): void {
    this.addSql(`drop schema if exists "feed" cascade`);
  }
}
