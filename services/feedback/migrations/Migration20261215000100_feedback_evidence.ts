import { Migration } from "@mikro-orm/migrations";

/**
 * A correction request's evidence files (key in object storage, name, type, size, SHA-256) and the
 * notice's value of the proposed field when the proposal came. Staff only; never public.
 */
export class Migration20261215000100_feedback_evidence extends Migration {
  override up(): void {
    this.addSql(
      `alter table "feedback"."feedback"
         add column "correction_current" text null,
         add column "evidence_files" jsonb not null default '[]'`,
    );
  }

  override down(): void {
    this.addSql(
      `alter table "feedback"."feedback"
         drop column "correction_current",
         drop column "evidence_files"`,
    );
  }
}
