import { Migration } from "@mikro-orm/migrations";

/**
 * The subscriptions' revision: one number a trigger moves on every change to what matching reads
 * (a subscription added, removed, or its status, filter, frequency, start or lease changed), so each replica
 * keeps its index of the subscriptions in memory and reads them again only when it moved.
 */
export class Migration20270101000500_subscriptions_revision extends Migration {
  override up(): void {
    this.addSql(`create table "subscriptions"."revision" ("one" boolean primary key default true check ("one"),
      "rev" bigint not null)`);
    this.addSql(`insert into "subscriptions"."revision" ("rev") values (1)`);
    this.addSql(`create function "subscriptions"."bump_revision"() returns trigger language plpgsql as $$
      begin
        update "subscriptions"."revision" set "rev" = "rev" + 1;
        return null;
      end $$`);
    this.addSql(`create trigger "subscriptions_revision" after insert or delete or update of
        "status", "filter", "frequency", "active_since", "expires_at" on "subscriptions"."subscriptions"
      for each statement execute function "subscriptions"."bump_revision"()`);
  }

  override down(): void {
    this.addSql(`drop trigger if exists "subscriptions_revision" on "subscriptions"."subscriptions"`);
    this.addSql(`drop function if exists "subscriptions"."bump_revision"()`);
    this.addSql(`drop table if exists "subscriptions"."revision"`);
  }
}
