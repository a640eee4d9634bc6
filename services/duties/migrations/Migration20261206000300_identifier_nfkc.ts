import { Migration } from "@mikro-orm/migrations";

/**
 * 执法证号 are stored and compared after NFKC normalisation (a full-width number is its ASCII
 * twin). Numbers that become equal so cannot both stay: the migration stops and names them, so an
 * administrator corrects one first. Each officer whose number changes goes to the outbox, so the
 * public read model shows the stored form. Credit codes need nothing: only ASCII ones were accepted.
 */
export class Migration20261206000300_identifier_nfkc extends Migration {
  override up(): void {
    this.addSql(`do $$
      declare clashes text;
      begin
        select string_agg(numbers, '; ') into clashes from (
          select string_agg("certificate_no", ', ' order by "certificate_no") as numbers
          from "duties"."officers" group by normalize("certificate_no", NFKC) having count(*) > 1
        ) c;
        if clashes is not null then
          raise exception 'duties.officers: 执法证号 that are equal after NFKC normalisation must be corrected before this migration: %', clashes;
        end if;
      end $$`);
    this.addSql(`insert into "duties"."events" ("entity", "entity_id", "at")
      select 'officer', "id", now() from "duties"."officers"
      where "certificate_no" <> normalize("certificate_no", NFKC) order by "id"`);
    this.addSql(`update "duties"."officers" set "certificate_no" = normalize("certificate_no", NFKC)
      where "certificate_no" <> normalize("certificate_no", NFKC)`);
  }

  override down(): void {}
}
