import { Migration } from "@mikro-orm/migrations";

/** Signed letters to one person (告知书): verifiable, never published. */
export class Migration20261206000700_letters extends Migration {
  override up(): void {
    this.addSql(`create table "notices"."letters" (
      "id" text primary key,
      "source_type" text not null check ("source_type" in ('request')),
      "source_id" text not null,
      "body_id" text not null,
      "body_name" text not null,
      "title" text not null,
      "document_number" text not null,
      "verify_code" text not null,
      "sha256" text not null,
      "object_key" text not null,
      "size" integer not null,
      "issued_at" timestamptz not null,
      constraint "letters_source_unique" unique ("source_type", "source_id"),
      constraint "letters_verify_code_unique" unique ("verify_code")
    )`);
    this.addSql(`create index "letters_sha256_idx" on "notices"."letters" ("sha256")`);
  }

  override down(): void {
    this.addSql(`drop table if exists "notices"."letters"`);
  }
}
