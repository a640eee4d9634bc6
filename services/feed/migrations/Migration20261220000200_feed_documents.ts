import { Migration } from "@mikro-orm/migrations";

/**
 * 规范性文件 and consultations (the documents service's outbox). A document's status is computed on
 * the day of the read from its dates: repealed_on and amended_on are the first such events.
 */
export class Migration20261220000200_feed_documents extends Migration {
  override up(): void {
    this.addSql(`create table "feed"."documents" (
      "id" text primary key,
      "body_id" text not null,
      "title" text not null,
      "doc_number" text not null,
      "registration_no" text not null,
      "published_on" date not null,
      "published_at" timestamptz not null,
      "valid_until" date not null,
      "repealed_on" date null,
      "amended_on" date null,
      "updated_at" timestamptz not null,
      "search_text" text not null,
      "view" jsonb not null,
      "seq" bigint not null
    )`);
    this.addSql(`create index "feed_documents_body_idx" on "feed"."documents" ("body_id", "id")`);
    this.addSql(`create table "feed"."consultations" (
      "id" text primary key,
      "body_id" text not null,
      "title" text not null,
      "kind" text not null,
      "opens_on" date not null,
      "closes_on" date not null,
      "updated_at" timestamptz not null,
      "view" jsonb not null,
      "seq" bigint not null
    )`);
    this.addSql(`create index "feed_consultations_body_idx" on "feed"."consultations" ("body_id", "id")`);
  }

  override down(): void {
    this.addSql(`drop table if exists "feed"."consultations"`);
    this.addSql(`drop table if exists "feed"."documents"`);
  }
}
