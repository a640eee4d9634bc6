import { Migration } from "@mikro-orm/migrations";

/** Annual reports are signed as letters too (their PDF is public; the reports service serves it). */
export class Migration20261227000200_report_letters extends Migration {
  override up(): void {
    this.addSql(`alter table "notices"."letters" drop constraint "letters_source_type_check"`);
    this.addSql(
      `alter table "notices"."letters" add constraint "letters_source_type_check" check ("source_type" in ('request', 'report'))`,
    );
  }

  override down(): void {
    this.addSql(`alter table "notices"."letters" drop constraint "letters_source_type_check"`);
    this.addSql(
      `alter table "notices"."letters" add constraint "letters_source_type_check" check ("source_type" in ('request'))`,
    );
  }
}
