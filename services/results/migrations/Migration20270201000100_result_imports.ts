import { Migration } from "@mikro-orm/migrations";

/**
 * Results imported from historic 双公示 files (services/imports): they have no case on this
 * platform (case_id null), and say where they came from (`source` import, the import job's id).
 */
export class Migration20270201000100_result_imports extends Migration {
  override up(): void {
    this.addSql(`alter table "results"."results" alter column "case_id" drop not null`);
    this.addSql(`alter table "results"."results" add column "source" text not null default 'live'`);
    this.addSql(`alter table "results"."results" add column "import_id" text null`);
  }

  override down(): void {
    this.addSql(`alter table "results"."results" drop column "import_id"`);
    this.addSql(`alter table "results"."results" drop column "source"`);
    this.addSql(`delete from "results"."results" where "case_id" is null`);
    this.addSql(`alter table "results"."results" alter column "case_id" set not null`);
  }
}
