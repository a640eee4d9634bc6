import { Migration } from "@mikro-orm/migrations";

/**
 * The 政府信息公开 platform's read side: a document's filing (公开制度, category of 条例 Art. 20)
 * beside its row, and each body's current 政府信息公开指南. Rows written before carry no filing:
 * they stay 规范性文件 under (一), as the defaults say, until their document changes.
 */
export class Migration20261221000200_feed_openness extends Migration {
  override up(): void {
    this.addSql(`alter table "feed"."documents"
      add column "disclosure_rule" boolean not null default false,
      add column "category" text null`);
    this.addSql(`create table "feed"."guides" (
      "body_id" text primary key,
      "version" int not null,
      "text" text not null,
      "updated_at" timestamptz not null,
      "view" jsonb not null,
      "seq" bigint not null
    )`);
    this.addSql(`create index "feed_notices_body_kind_idx" on "feed"."notices" ("body_id", "kind", "status")`);
  }

  override down(): void {
    this.addSql(`drop index if exists "feed"."feed_notices_body_kind_idx"`);
    this.addSql(`drop table if exists "feed"."guides"`);
    this.addSql(`alter table "feed"."documents" drop column "category", drop column "disclosure_rule"`);
  }
}
