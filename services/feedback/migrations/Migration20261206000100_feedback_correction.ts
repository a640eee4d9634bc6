import { Migration } from "@mikro-orm/migrations";

/**
 * A correction request's field-level proposal: which field of the notice is wrong, the value the
 * citizen proposes, and their evidence (a short text, a link). Staff only; never public.
 */
export class Migration20261206000100_feedback_correction extends Migration {
  override up(): void {
    this.addSql(
      `alter table "feedback"."feedback"
         add column "correction_field" text null,
         add column "correction_proposed" text null,
         add column "correction_evidence" text null,
         add column "correction_evidence_url" text null`,
    );
  }

  override down(): void {
    this.addSql(
      `alter table "feedback"."feedback"
         drop column "correction_field",
         drop column "correction_proposed",
         drop column "correction_evidence",
         drop column "correction_evidence_url"`,
    );
  }
}
