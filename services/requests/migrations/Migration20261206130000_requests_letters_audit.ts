import { Migration } from "@mikro-orm/migrations";
import { auditTableSql } from "../../../lib/audit.js";

/**
 * The answer's fee and named remedy organs, the signed 答复告知书, linked requests (Art. 44) with
 * their disclosure tasks, and the audit log of steps and identity views.
 */
export class Migration20261206130000_requests_letters_audit extends Migration {
  override up(): void {
    this.addSql(`alter table "requests"."requests"
      add column "answer_fee_yuan" integer null check ("answer_fee_yuan" >= 0),
      add column "review_organ" text null,
      add column "court" text null,
      add column "letter_id" text null,
      add column "letter_verify_code" text null,
      add column "letter_sha256" text null,
      add column "letter_issued_at" timestamptz null,
      add column "same_as" text null`);
    this.addSql(`create index "requests_same_as_idx" on "requests"."requests" ("same_as") where "same_as" is not null`);
    this.addSql(`create table "requests"."disclosure_tasks" (
      "group_id" text primary key,
      "body_id" text not null,
      "raised_at" timestamptz not null,
      "done_at" timestamptz null,
      "done_by" text null,
      "note" text null
    )`);
    for (const sql of auditTableSql("requests")) this.addSql(sql);
  }

  override down(): void {
    this.addSql(`drop table if exists "requests"."audit_log"`);
    this.addSql(`drop function if exists "requests"."audit_log_append_only"()`);
    this.addSql(`drop table if exists "requests"."disclosure_tasks"`);
    this.addSql(`alter table "requests"."requests"
      drop column "answer_fee_yuan", drop column "review_organ", drop column "court", drop column "letter_id",
      drop column "letter_verify_code", drop column "letter_sha256", drop column "letter_issued_at",
      drop column "same_as"`);
  }
}
