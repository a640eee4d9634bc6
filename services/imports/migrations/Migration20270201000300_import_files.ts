import { Migration } from "@mikro-orm/migrations";

/**
 * The file of an accepted import, kept until the job's runner has stored its rows (so a large file
 * is answered 202 once checked, its rows written in the background), then emptied.
 */
export class Migration20270201000300_import_files extends Migration {
  override up(): void {
    this.addSql(`alter table "imports"."jobs" add column "file" bytea null`);
  }

  override down(): void {
    this.addSql(`alter table "imports"."jobs" drop column "file"`);
  }
}
