import { Migration } from "@mikro-orm/migrations";

/**
 * The 政府信息公开 platform (issue 16 item 5b): a document's filing — part of the body's 公开制度,
 * or under a category of 条例 Art. 20 (null: as a 规范性文件, under (一)) — and each body's
 * 政府信息公开指南, every version kept; the outbox carries the guide too.
 */
export class Migration20261221000100_documents_openness extends Migration {
  override up(): void {
    this.addSql(`alter table "documents"."documents"
      add column "disclosure_rule" boolean null,
      add column "category" text null`);
    this.addSql(`create table "documents"."guides" (
      "body_id" text not null,
      "version" int not null check ("version" >= 1),
      "text" text not null,
      "edited_by" text not null,
      "created_at" timestamptz not null,
      primary key ("body_id", "version")
    )`);
    this.addSql(`alter table "documents"."events" drop constraint if exists "events_entity_check"`);
    this.addSql(`alter table "documents"."events"
      add constraint "events_entity_check" check ("entity" in ('document', 'consultation', 'guide'))`);
  }

  override down(): void {
    this.addSql(`delete from "documents"."events" where "entity" = 'guide'`);
    this.addSql(`alter table "documents"."events" drop constraint if exists "events_entity_check"`);
    this.addSql(`alter table "documents"."events"
      add constraint "events_entity_check" check ("entity" in ('document', 'consultation'))`);
    this.addSql(`drop table if exists "documents"."guides"`);
    this.addSql(`alter table "documents"."documents" drop column "category", drop column "disclosure_rule"`);
  }
}
