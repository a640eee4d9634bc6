import { Migration } from "@mikro-orm/migrations";

/**
 * Subscriptions (issue 20): who follows what and through which channel, the feed's change stream
 * matched into deliveries (one per subscription and change: matching twice writes nothing), and
 * every attempt at a delivery. A subscriber is known by their e-mail address or callback URL only.
 * The manage token is kept (every mail carries the manage link), the e-mail confirmation token as
 * its SHA-256 hash, the webhook secret whole (deliveries are signed with it).
 */
export class Migration20270101000200_subscriptions extends Migration {
  override up(): void {
    this.addSql(`create table "subscriptions"."subscriptions" (
      "id" text primary key,
      "channel" text not null,
      "target" text null,
      "contact" text null,
      "filter" jsonb not null,
      "frequency" text null,
      "status" text not null,
      "secret" text null,
      "manage_token" text not null unique,
      "confirm_token_hash" text null unique,
      "feed_token" text null unique,
      "created_at" timestamptz not null,
      "active_since" timestamptz null,
      "status_changed_at" timestamptz not null,
      "status_reason" text null,
      "failing_since" timestamptz null
    )`);
    this.addSql(`create index "subscriptions_active_idx" on "subscriptions"."subscriptions" ("status")`);
    this.addSql(`create table "subscriptions"."cursors" ("name" text primary key, "seq" bigint not null)`);
    this.addSql(`create table "subscriptions"."deliveries" (
      "id" text primary key,
      "subscription_id" text not null references "subscriptions"."subscriptions" ("id") on delete cascade,
      "change_seq" bigint not null,
      "type" text not null,
      "record_id" text not null,
      "changed_at" timestamptz not null,
      "payload" jsonb not null,
      "status" text not null,
      "attempts" integer not null default 0,
      "next_attempt_at" timestamptz null,
      "last_attempt_at" timestamptz null,
      "last_status" integer null,
      "last_error" text null,
      "delivered_at" timestamptz null,
      "created_at" timestamptz not null,
      unique ("subscription_id", "change_seq")
    )`);
    this.addSql(`create index "deliveries_due_idx" on "subscriptions"."deliveries" ("next_attempt_at")
      where "status" = 'pending'`);
    this.addSql(
      `create index "deliveries_log_idx" on "subscriptions"."deliveries" ("subscription_id", "change_seq" desc)`,
    );
    this.addSql(`create table "subscriptions"."attempts" (
      "id" bigserial primary key,
      "delivery_id" text not null references "subscriptions"."deliveries" ("id") on delete cascade,
      "at" timestamptz not null,
      "status" integer null,
      "error" text null,
      "ms" integer not null
    )`);
    this.addSql(`create index "attempts_delivery_idx" on "subscriptions"."attempts" ("delivery_id", "id")`);
    this.addSql(`create table "subscriptions"."rate_hits" ("client_key" text not null, "at" timestamptz not null)`);
    this.addSql(`create index "rate_hits_client_idx" on "subscriptions"."rate_hits" ("client_key", "at")`);
  }

  override down(): void {
    this.addSql(`drop table if exists "subscriptions"."rate_hits"`);
    this.addSql(`drop table if exists "subscriptions"."attempts"`);
    this.addSql(`drop table if exists "subscriptions"."deliveries"`);
    this.addSql(`drop table if exists "subscriptions"."cursors"`);
    this.addSql(`drop table if exists "subscriptions"."subscriptions"`);
  }
}
