import { Migration } from "@mikro-orm/migrations";

/**
 * The result of inspecting each drawn entity (检查结果), public within 20 working days of the
 * inspection; a plan keeps the day its results are due at the latest (20 working days after its
 * 检查截止 date, by the working-day calendar when it was published).
 */
export class Migration20270301000200_inspection_results extends Migration {
  override up(): void {
    this.addSql(`alter table "inspections"."plans" add column "results_due_on" date null`);
    this.addSql(`create table "inspections"."results" (
      "plan_id" text not null references "inspections"."plans" ("id"),
      "credit_code" text not null,
      "outcome" text not null,
      "inspected_on" date not null,
      "summary" text not null default '',
      "notice_id" text null,
      "due_on" date not null,
      "late" boolean not null,
      "recorded_by" text not null,
      "recorded_at" timestamptz not null,
      "updated_at" timestamptz not null,
      primary key ("plan_id", "credit_code")
    )`);
  }

  override down(): void {
    this.addSql(`drop table if exists "inspections"."results"`);
    this.addSql(`alter table "inspections"."plans" drop column if exists "results_due_on"`);
  }
}
