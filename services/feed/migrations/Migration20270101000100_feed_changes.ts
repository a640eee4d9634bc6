import { Migration } from "@mikro-orm/migrations";

/**
 * The feed's change stream (issue 20): one row per change the public may follow (a notice published,
 * withdrawn, corrected or expired; a document, consultation or annual report published), written in
 * the transaction that applies the outbox event, in commit order. Subscriptions are matched from it.
 * A rebuild of the read model writes none: the changes happened once.
 */
export class Migration20270101000100_feed_changes extends Migration {
  override up(): void {
    this.addSql(`create table "feed"."changes" (
      "seq" bigserial primary key,
      "at" timestamptz not null default now(),
      "type" text not null,
      "record_id" text not null,
      "body_id" text null,
      "kind" text null,
      "party_code" text null,
      "search_text" text not null default '',
      "data" jsonb not null
    )`);
  }

  override down(): void {
    this.addSql(`drop table if exists "feed"."changes"`);
  }
}
