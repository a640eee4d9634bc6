import { Migration } from "@mikro-orm/migrations";

/**
 * The answer's attachments: each file as kept in object storage after shared/file-clean.ts took
 * its hidden metadata out (what was taken out is kept too), numbered from 1 within its request.
 */
export class Migration20261210120000_requests_attachments extends Migration {
  override up(): void {
    this.addSql(`create table "requests"."attachments" (
      "request_id" text not null references "requests"."requests" ("id"),
      "n" integer not null check ("n" >= 1),
      "name" text not null,
      "type" text not null,
      "size" integer not null check ("size" > 0),
      "sha256" text not null,
      "removed" jsonb not null,
      "object_key" text not null unique,
      "uploaded_by" text null,
      "uploaded_at" timestamptz not null,
      primary key ("request_id", "n")
    )`);
  }

  override down(): void {
    this.addSql(`drop table if exists "requests"."attachments"`);
  }
}
