import { Migration } from "@mikro-orm/migrations";

export class Migration20261126000800_feedback extends Migration {
  override up(): void {
    this.addSql(`create schema if not exists "feedback"`);
    this.addSql(`create table "feedback"."feedback" (
      "id" text primary key,
      "tracking_code" text not null,
      "category" text not null check ("category" in ('suggestion', 'complaint', 'correction', 'inquiry')),
      "target_type" text null check ("target_type" in ('notice', 'power', 'officer', 'body')),
      "target_id" text null,
      "target_title" text null,
      "body_id" text null,
      "result_id" text null,
      "content" text not null,
      "contact" text null,
      "content_hash" text not null,
      "client_key" text not null,
      "status" text not null check ("status" in ('received', 'accepted', 'replied', 'closed', 'spam')),
      "due_by" date not null,
      "due_by_provisional" boolean not null default false,
      "reply" text null,
      "reply_public" boolean not null default false,
      "replied_at" timestamptz null,
      "reply_working_days" integer null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null,
      constraint "feedback_tracking_code_unique" unique ("tracking_code")
    )`);
    this.addSql(`create index "feedback_body_status_idx" on "feedback"."feedback" ("body_id", "status", "due_by")`);
    this.addSql(`create index "feedback_dedupe_idx" on "feedback"."feedback" ("content_hash", "created_at")`);
    this.addSql(`create table "feedback"."steps" (
      "feedback_id" text not null references "feedback"."feedback" ("id"),
      "seq" integer not null,
      "action" text not null,
      "actor_id" text null,
      "actor_name" text not null,
      "at" timestamptz not null,
      "note" text null,
      primary key ("feedback_id", "seq")
    )`);
    this.addSql(`create table "feedback"."rate_hits" (
      "id" text primary key,
      "client_key" text not null,
      "at" timestamptz not null
    )`);
    this.addSql(`create index "rate_hits_client_idx" on "feedback"."rate_hits" ("client_key", "at")`);
    this.addSql(`create table "feedback"."events" (
      "seq" bigserial primary key,
      "feedback_id" text not null references "feedback"."feedback" ("id"),
      "at" timestamptz not null
    )`);
  }

  override down(): void {
    this.addSql(`drop schema if exists "feedback" cascade`);
  }
}
