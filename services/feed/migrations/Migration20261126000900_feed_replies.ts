import { Migration } from "@mikro-orm/migrations";

/** Public replies to feedback, shown on the page of what the feedback was about. */
export class Migration20261126000900_feed_replies extends Migration {
  override up(): void {
    this.addSql(`create table "feed"."replies" (
      "id" text primary key,
      "target_type" text null,
      "target_id" text null,
      "body_id" text null,
      "view" jsonb not null,
      "replied_at" timestamptz not null,
      "seq" bigint not null
    )`);
    this.addSql(
      `create index "feed_replies_target_idx" on "feed"."replies" ("target_type", "target_id", "replied_at" desc)`,
    );
    this.addSql(`create index "feed_replies_body_idx" on "feed"."replies" ("body_id", "replied_at" desc)`);
  }

  override down(): void {
    this.addSql(`drop table if exists "feed"."replies"`);
  }
}
