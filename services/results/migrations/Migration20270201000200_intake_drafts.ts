import { Migration } from "@mikro-orm/migrations";

/**
 * Decision drafts pushed by bodies' case-handling systems (办案系统): one per body and 文书号 (the
 * unique constraint makes two concurrent pushes of one 文书号 one draft), and the pushes' hits for
 * the per-key rate limit.
 */
export class Migration20270201000200_intake_drafts extends Migration {
  override up(): void {
    this.addSql(`create table "results"."intake_drafts" (
      "id" text primary key,
      "body_id" text not null,
      "decision_no" text not null,
      "content" jsonb not null,
      "status" text not null,
      "result_id" text null,
      "key_id" text not null,
      "pushes" integer not null,
      "created_at" timestamptz not null,
      "updated_at" timestamptz not null,
      "submitted_by" text null,
      "submitted_at" timestamptz null,
      constraint "intake_drafts_body_decision_no_unique" unique ("body_id", "decision_no")
    )`);
    this.addSql(
      `create index "intake_drafts_body_status_index" on "results"."intake_drafts" ("body_id", "status", "id")`,
    );
    this.addSql(`create table "results"."rate_hits" (
      "id" text primary key,
      "client_key" text not null,
      "at" timestamptz not null
    )`);
    this.addSql(`create index "rate_hits_client_key_at_index" on "results"."rate_hits" ("client_key", "at")`);
  }

  override down(): void {
    this.addSql(`drop table "results"."rate_hits"`);
    this.addSql(`drop table "results"."intake_drafts"`);
  }
}
