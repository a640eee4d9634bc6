import { Migration } from "@mikro-orm/migrations";

/**
 * A matched change's payload kept once, not once per subscriber: a change every "all notices"
 * webhook follows was a copy of its public view (kilobytes) per subscription and delivery.
 * Deliveries point at `changes` by the change's sequence number.
 */
export class Migration20270101000400_subscriptions_changes extends Migration {
  override up(): void {
    this.addSql(`create table "subscriptions"."changes" (
      "seq" bigint primary key,
      "payload" jsonb not null
    )`);
    this.addSql(`insert into "subscriptions"."changes" ("seq", "payload")
      select distinct on ("change_seq") "change_seq", "payload" from "subscriptions"."deliveries"
      order by "change_seq"`);
    this.addSql(`alter table "subscriptions"."deliveries" drop column "payload"`);
    this.addSql(`alter table "subscriptions"."deliveries" add constraint "deliveries_change_fk"
      foreign key ("change_seq") references "subscriptions"."changes" ("seq")`);
    // Pruning asks which changes no delivery points at.
    this.addSql(`create index "deliveries_change_idx" on "subscriptions"."deliveries" ("change_seq")`);
  }

  override down(): void {
    this.addSql(`drop index if exists "subscriptions"."deliveries_change_idx"`);
    this.addSql(`alter table "subscriptions"."deliveries" drop constraint "deliveries_change_fk"`);
    this.addSql(`alter table "subscriptions"."deliveries" add column "payload" jsonb null`);
    this.addSql(`update "subscriptions"."deliveries" d set "payload" = c."payload"
      from "subscriptions"."changes" c where c."seq" = d."change_seq"`);
    this.addSql(`drop table if exists "subscriptions"."changes"`);
  }
}
