import { Migration } from "@mikro-orm/migrations";

/**
 * WebSub (issue 20): a hub subscription is a subscription of the channel `websub` whose filter comes
 * from its topic (one of the public Atom feeds), with the topic as given and its lease's end; the
 * subscribe and unsubscribe requests wait in `websub_requests` until their intent is verified.
 */
export class Migration20270101000300_subscriptions_websub extends Migration {
  override up(): void {
    this.addSql(`alter table "subscriptions"."subscriptions" add column "topic" text null`);
    this.addSql(`alter table "subscriptions"."subscriptions" add column "expires_at" timestamptz null`);
    this.addSql(`create unique index "subscriptions_websub_idx" on "subscriptions"."subscriptions" ("target", "topic")
      where "channel" = 'websub'`);
    this.addSql(`create table "subscriptions"."websub_requests" (
      "id" bigserial primary key,
      "mode" text not null,
      "topic" text not null,
      "callback" text not null,
      "secret" text null,
      "lease_seconds" integer not null,
      "requested_at" timestamptz not null
    )`);
  }

  override down(): void {
    this.addSql(`drop table if exists "subscriptions"."websub_requests"`);
    this.addSql(`drop index if exists "subscriptions"."subscriptions_websub_idx"`);
    this.addSql(`alter table "subscriptions"."subscriptions" drop column "expires_at"`);
    this.addSql(`alter table "subscriptions"."subscriptions" drop column "topic"`);
  }
}
