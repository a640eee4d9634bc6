import { Migration } from "@mikro-orm/migrations";

/** 规范性文件, 解读, files, consultations and comments, the 登记号 counters and the outbox. */
export class Migration20261220000100_documents extends Migration {
  override up(): void {
    this.addSql(`create schema if not exists "documents"`);
    this.addSql(`create table "documents"."documents" (
      "id" text primary key,
      "body_id" text not null,
      "title" text not null,
      "doc_number" text not null,
      "doc_number_key" text not null,
      "registration_no" text not null,
      "signed_on" date not null,
      "published_on" date null,
      "effective_from" date null,
      "valid_until" date null,
      "validity_basis" text null check ("validity_basis" in ('default', 'provisional', 'explicit')),
      "full_text" text not null,
      "legal_basis" text not null,
      "policy" boolean not null,
      "waiver_reason" text null,
      "consultation_id" text null,
      "stage" text not null check ("stage" in ('draft', 'published')),
      "published_at" timestamptz null,
      "basis_repealed" boolean not null default false,
      "lapse_announced" boolean not null default false,
      "created_by" text not null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null,
      constraint "documents_number_unique" unique ("body_id", "doc_number_key"),
      constraint "documents_registration_unique" unique ("registration_no")
    )`);
    this.addSql(`create index "documents_body_idx" on "documents"."documents" ("body_id", "id")`);
    this.addSql(
      `create index "documents_lapse_idx" on "documents"."documents" ("valid_until") where "stage" = 'published' and not "lapse_announced"`,
    );
    this.addSql(`create table "documents"."status_events" (
      "document_id" text not null references "documents"."documents" ("id"),
      "seq" integer not null,
      "kind" text not null check ("kind" in ('repealed', 'amended', 'reviewed')),
      "on" date not null,
      "reason" text null,
      "amended_by" text null,
      "actor_id" text not null,
      "at" timestamptz not null,
      primary key ("document_id", "seq")
    )`);
    this.addSql(`create table "documents"."registration_counters" (
      "prefix" text not null,
      "year" integer not null,
      "last" integer not null,
      primary key ("prefix", "year")
    )`);
    this.addSql(`create table "documents"."interpretations" (
      "id" text primary key,
      "document_id" text not null references "documents"."documents" ("id"),
      "timing" text not null check ("timing" in ('simultaneous', 'post_publication')),
      "text" text not null,
      "qa" jsonb not null,
      "graphics" jsonb not null,
      "drafting_unit" text not null,
      "interpreter" text not null,
      "published_at" timestamptz null,
      "published_on" date null,
      "created_by" text not null,
      "created_at" timestamptz not null
    )`);
    this.addSql(`create index "interpretations_document_idx" on "documents"."interpretations" ("document_id", "id")`);
    this.addSql(`create table "documents"."files" (
      "id" text primary key,
      "owner_type" text not null check ("owner_type" in ('document', 'consultation')),
      "owner_id" text not null,
      "purpose" text not null check ("purpose" in ('attachment', 'graphic')),
      "name" text not null,
      "media_type" text not null,
      "size" integer not null,
      "sha256" text not null,
      "key" text not null,
      "removed" jsonb not null,
      "created_at" timestamptz not null
    )`);
    this.addSql(`create index "files_owner_idx" on "documents"."files" ("owner_id", "id")`);
    this.addSql(`create table "documents"."consultations" (
      "id" text primary key,
      "body_id" text not null,
      "title" text not null,
      "kind" text not null check ("kind" in ('major_decision', 'rule', 'normative', 'market_normative')),
      "draft_text" text not null,
      "explanation" text not null,
      "basis" text not null,
      "opens_on" date not null,
      "closes_on" date not null,
      "minimum_closes_on" date not null,
      "short_reason" text null,
      "hearing" jsonb null,
      "adoption" jsonb null,
      "adoption_reported_at" timestamptz null,
      "adoption_reported_on" date null,
      "created_by" text not null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null
    )`);
    this.addSql(`create index "consultations_body_idx" on "documents"."consultations" ("body_id", "id")`);
    this.addSql(`create table "documents"."comments" (
      "id" text primary key,
      "consultation_id" text not null references "documents"."consultations" ("id"),
      "content" text not null,
      "contact" text null,
      "content_hash" text not null,
      "client_key" text not null,
      "idempotency_key" text null,
      "status" text not null check ("status" in ('received', 'published', 'rejected')),
      "moderated_by" text null,
      "moderated_at" timestamptz null,
      "created_at" timestamptz not null,
      constraint "comments_idempotency_unique" unique ("client_key", "idempotency_key")
    )`);
    this.addSql(`create index "comments_consultation_idx" on "documents"."comments" ("consultation_id", "id")`);
    this.addSql(`create index "comments_dedupe_idx" on "documents"."comments" ("content_hash", "created_at")`);
    this.addSql(`create table "documents"."rate_hits" (
      "id" text primary key,
      "client_key" text not null,
      "at" timestamptz not null
    )`);
    this.addSql(`create index "rate_hits_client_idx" on "documents"."rate_hits" ("client_key", "at")`);
    this.addSql(`create table "documents"."events" (
      "seq" bigserial primary key,
      "entity" text not null check ("entity" in ('document', 'consultation')),
      "entity_id" text not null,
      "at" timestamptz not null
    )`);
  }

  override down(): void {
    this.addSql(`drop schema if exists "documents" cascade`);
  }
}
