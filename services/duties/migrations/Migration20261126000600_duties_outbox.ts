import { Migration } from "@mikro-orm/migrations";

/** The outbox the feed pulls, seeded with every record that exists, so a feed built later sees them all. */
export class Migration20261126000600_duties_outbox extends Migration {
  override up(): void {
    this.addSql(`create table "duties"."events" (
      "seq" bigserial primary key,
      "entity" text not null check ("entity" in ('body', 'officer', 'power', 'inspection')),
      "entity_id" text not null,
      "at" timestamptz not null
    )`);
    this.addSql(`insert into "duties"."events" ("entity", "entity_id", "at")
      select 'body', "id", "created_at" from "duties"."bodies"
      union all select 'officer', "id", "created_at" from "duties"."officers"
      union all select 'power', "id", "created_at" from "duties"."powers"
      union all select 'inspection', "id", "created_at" from "duties"."inspection_items"
      order by 3`);
  }

  override down(): void {
    this.addSql(`drop table if exists "duties"."events"`);
  }
}
