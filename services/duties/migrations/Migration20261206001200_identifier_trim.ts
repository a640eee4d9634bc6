import { Migration } from "@mikro-orm/migrations";

/**
 * What JavaScript's String.prototype.trim removes, once NFKC has folded the other spaces to U+0020:
 * ASCII whitespace, U+1680, U+2028/2029 and U+FEFF (the rest are listed for completeness).
 */
const JS_WHITESPACE = String.raw`[\u0009-\u000D\u0020\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000\uFEFF]`;

/** SQL for shared/identifiers.ts normalizeCertificateNo: NFKC, then trimmed as JavaScript trims. */
export function normalizedCertificateNoSql(column: string): string {
  return `regexp_replace(normalize(${column}, NFKC), '^${JS_WHITESPACE}+|${JS_WHITESPACE}+$', '', 'g')`;
}

/**
 * 执法证号 are stored exactly as normalizeCertificateNo makes them: migration 20261206000300 applied
 * NFKC but did not trim, as the JavaScript side does, so a number stored with surrounding spaces
 * never equalled its typed twin. Numbers that become equal so stop the migration, named. Every
 * officer changed is recorded in `duties.identifier_changes` (officer, old and new value, the
 * migration) and raised as a notice to the server log, so the change can be traced and reversed;
 * each also goes to the outbox, so the public read model shows the stored form.
 */
export class Migration20261206001200_identifier_trim extends Migration {
  override up(): void {
    const normalized = normalizedCertificateNoSql(`"certificate_no"`);
    this.addSql(`do $$
      declare clashes text;
      begin
        select string_agg(numbers, '; ') into clashes from (
          select string_agg(quote_literal("certificate_no"), ', ' order by "certificate_no") as numbers
          from "duties"."officers" group by ${normalized} having count(*) > 1
        ) c;
        if clashes is not null then
          raise exception 'duties.officers: 执法证号 that are equal after NFKC normalisation and trimming must be corrected before this migration: %', clashes;
        end if;
      end $$`);
    this.addSql(`create table "duties"."identifier_changes" (
      "id" bigserial primary key,
      "officer_id" text not null,
      "field" text not null,
      "old_value" text not null,
      "new_value" text not null,
      "migration" text not null,
      "at" timestamptz not null default now()
    )`);
    this
      .addSql(`insert into "duties"."identifier_changes" ("officer_id", "field", "old_value", "new_value", "migration")
      select "id", 'certificate_no', "certificate_no", ${normalized}, 'Migration20261206001200_identifier_trim'
      from "duties"."officers" where "certificate_no" <> ${normalized} order by "id"`);
    this.addSql(`do $$
      declare c record;
      begin
        for c in select "officer_id", "old_value", "new_value" from "duties"."identifier_changes"
                 where "migration" = 'Migration20261206001200_identifier_trim' order by "id" loop
          raise notice 'duties.officers %: certificate_no % -> %', c."officer_id", quote_literal(c."old_value"), quote_literal(c."new_value");
        end loop;
      end $$`);
    this.addSql(`insert into "duties"."events" ("entity", "entity_id", "at")
      select 'officer', "id", now() from "duties"."officers"
      where "certificate_no" <> ${normalized} order by "id"`);
    this.addSql(`update "duties"."officers" set "certificate_no" = ${normalized}
      where "certificate_no" <> ${normalized}`);
  }

  override down(): void {
    this.addSql(`drop table "duties"."identifier_changes"`);
  }
}
