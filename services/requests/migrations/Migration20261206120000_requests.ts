import { Migration } from "@mikro-orm/migrations";

/** 依申请公开: requests, their append-only trail, later remedies, rate-limit hits, the outbox. */
export class Migration20261206120000_requests extends Migration {
  override up(): void {
    this.addSql(`create schema if not exists "requests"`);
    this.addSql(`create table "requests"."requests" (
      "id" text primary key,
      "tracking_code" text not null,
      "body_id" text not null,
      "body_name" text not null,
      "channel" text not null check ("channel" in ('in_person', 'post', 'letter', 'online', 'fax')),
      "applicant" jsonb not null,
      "applicant_kind" text not null,
      "applicant_key" text not null,
      "description" text not null,
      "form" text not null,
      "delivery" text not null,
      "correction_what" text null,
      "correction_text" text null,
      "fee" jsonb null,
      "answer_text" text null,
      "answer_items" jsonb not null default '[]',
      "state" text not null check ("state" in
        ('submitted', 'received', 'correction_requested', 'paused', 'extended', 'answered', 'closed', 'archived')),
      "received_on" date null,
      "due_by" date null,
      "applicant_due_on" date null,
      "outcome_type" text null,
      "outcome_on" date null,
      "working_days_used" integer null,
      "late" boolean not null default false,
      "content_hash" text null,
      "client_key" text null,
      "idempotency_key" text null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null,
      constraint "requests_tracking_code_unique" unique ("tracking_code")
    )`);
    this.addSql(`create index "requests_queue_idx" on "requests"."requests" ("body_id", "state", "due_by", "id")`);
    this.addSql(
      `create index "requests_lapse_idx" on "requests"."requests" ("applicant_due_on") where "applicant_due_on" is not null`,
    );
    this.addSql(`create index "requests_stats_received_idx" on "requests"."requests" ("body_id", "received_on")`);
    this.addSql(`create index "requests_stats_outcome_idx" on "requests"."requests" ("body_id", "outcome_on")`);
    this.addSql(`create index "requests_applicant_idx" on "requests"."requests" ("applicant_key", "received_on")`);
    this.addSql(`create index "requests_dedupe_idx" on "requests"."requests" ("content_hash", "created_at")`);
    this.addSql(
      `create unique index "requests_idempotency_unique" on "requests"."requests" ("client_key", "idempotency_key") where "idempotency_key" is not null`,
    );
    // The trail is append-only: the database refuses updates and deletes of recorded steps.
    this.addSql(`create table "requests"."steps" (
      "request_id" text not null references "requests"."requests" ("id"),
      "seq" integer not null,
      "kind" text not null,
      "event" jsonb null,
      "actor_id" text null,
      "actor_name" text not null,
      "actor_role" text null,
      "at" timestamptz not null,
      "note" text null,
      primary key ("request_id", "seq")
    )`);
    this.addSql(`create function "requests"."refuse_change"() returns trigger language plpgsql as $$
      begin raise exception 'the request trail is append-only'; end $$`);
    this.addSql(`create trigger "steps_append_only" before update or delete on "requests"."steps"
      for each row execute function "requests"."refuse_change"()`);
    this.addSql(`create table "requests"."remedies" (
      "id" text primary key,
      "request_id" text not null references "requests"."requests" ("id"),
      "kind" text not null check ("kind" in ('reconsideration', 'lawsuit', 'lawsuit_after_reconsideration')),
      "filed_on" date not null,
      "outcome" text not null check ("outcome" in ('upheld', 'corrected', 'other', 'pending')),
      "decided_on" date null,
      "note" text null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null
    )`);
    this.addSql(`create index "remedies_request_idx" on "requests"."remedies" ("request_id")`);
    this.addSql(`create table "requests"."rate_hits" (
      "id" text primary key,
      "client_key" text not null,
      "at" timestamptz not null
    )`);
    this.addSql(`create index "rate_hits_client_idx" on "requests"."rate_hits" ("client_key", "at")`);
    this.addSql(`create table "requests"."events" (
      "seq" bigserial primary key,
      "request_id" text not null references "requests"."requests" ("id"),
      "at" timestamptz not null
    )`);
  }

  override down(): void {
    this.addSql(`drop schema if exists "requests" cascade`);
  }
}
