import { Migration } from "@mikro-orm/migrations";

/** Published annual reports (the reports service's outbox): listed, in the sitemap and the Atom feed. */
export class Migration20261227000300_feed_reports extends Migration {
  override up(): void {
    this.addSql(`create table "feed"."reports" (
      "id" text primary key,
      "body_id" text not null,
      "kind" text not null,
      "year" integer not null,
      "title" text not null,
      "published_at" timestamptz not null,
      "view" jsonb not null,
      "seq" bigint not null
    )`);
    this.addSql(`create index "feed_reports_published_idx" on "feed"."reports" ("published_at" desc, "id")`);
  }

  override down(): void {
    this.addSql(`drop table if exists "feed"."reports"`);
  }
}
