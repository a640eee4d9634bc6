import { Migration } from "@mikro-orm/migrations";

/**
 * 双随机、一公开 in the read model: each published draw plan (its public view), and each entity a
 * drawn plan selected with its result, searchable by name and 统一社会信用代码 (the bigram index the
 * notices use).
 */
export class Migration20270301000300_feed_inspections extends Migration {
  override up(): void {
    this.addSql(`create table "feed"."inspection_plans" (
      "id" text primary key,
      "body_id" text not null,
      "status" text not null,
      "title" text not null,
      "published_at" timestamptz not null,
      "updated_at" timestamptz not null,
      "view" jsonb not null,
      "seq" bigint not null
    )`);
    this.addSql(
      `create index "feed_inspection_plans_updated_idx" on "feed"."inspection_plans" ("updated_at" desc, "id")`,
    );
    this.addSql(
      `create index "feed_inspection_plans_body_idx" on "feed"."inspection_plans" ("body_id", "updated_at" desc)`,
    );
    this.addSql(`create table "feed"."inspection_entities" (
      "plan_id" text not null,
      "rank" integer not null,
      "credit_code" text not null,
      "name" text not null,
      "body_id" text not null,
      "drawn_at" timestamptz not null,
      "outcome" text null,
      "inspected_on" date null,
      "search_text" text not null,
      primary key ("plan_id", "credit_code")
    )`);
    this.addSql(`create index "feed_inspection_entities_code_idx" on "feed"."inspection_entities" ("credit_code")`);
    this.addSql(
      `create index "feed_inspection_entities_drawn_idx" on "feed"."inspection_entities" ("drawn_at" desc, "plan_id", "rank")`,
    );
    this.addSql(`create index "feed_inspection_entities_search_idx" on "feed"."inspection_entities"
      using gin (feed.bigrams(search_text)) with (fastupdate = off)`);
  }

  override down(): void {
    this.addSql(`drop table if exists "feed"."inspection_entities"`);
    this.addSql(`drop table if exists "feed"."inspection_plans"`);
  }
}
