import { Migration } from "@mikro-orm/migrations";

/**
 * A body's seal (电子印章) as the PNG its administrator uploaded, drawn over the notice's 落款.
 * A table of its own so that reading a body never reads the image; no row, no seal.
 */
export class Migration20261206002200_body_seals extends Migration {
  override up(): void {
    this.addSql(`create table "duties"."body_seals" (
      "body_id" text primary key references "duties"."bodies" ("id"),
      "png" bytea not null,
      "sha256" text not null,
      "uploaded_at" timestamptz not null
    )`);
  }

  override down(): void {
    this.addSql(`drop table "duties"."body_seals"`);
  }
}
