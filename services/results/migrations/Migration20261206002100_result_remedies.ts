import { Migration } from "@mikro-orm/migrations";

/**
 * The power's remedies (救济渠道: 复议机关, court) as they stood when the decision was made, so
 * the notice's 救济途径 names them whenever it is published or corrected. Null for results decided
 * before, and for a power whose remedies are prose or not entered: their notice keeps the generic text.
 */
export class Migration20261206002100_result_remedies extends Migration {
  override up(): void {
    this.addSql(`alter table "results"."results" add column "remedies" jsonb null`);
  }

  override down(): void {
    this.addSql(`alter table "results"."results" drop column "remedies"`);
  }
}
