import { Migration } from "@mikro-orm/migrations";
import { auditTableSql } from "../../../lib/audit.js";

/**
 * API keys of bodies' case-handling systems (办案系统): only the key's SHA-256 and a short public
 * prefix are kept. And the accounts service's audit log: keys created and revoked, every call made
 * with a key (refused ones too).
 */
export class Migration20270201000100_api_keys extends Migration {
  override up(): void {
    this.addSql(`create table "accounts"."api_keys" (
      "id" text primary key,
      "body_id" text not null,
      "name" text not null,
      "prefix" text not null,
      "key_hash" text not null,
      "created_by" text not null,
      "created_at" timestamptz not null,
      "last_used_at" timestamptz null,
      "revoked_at" timestamptz null,
      "revoked_by" text null,
      constraint "api_keys_key_hash_unique" unique ("key_hash")
    )`);
    this.addSql(`create index "api_keys_body_index" on "accounts"."api_keys" ("body_id", "created_at")`);
    for (const sql of auditTableSql("accounts")) this.addSql(sql);
  }

  override down(): void {
    this.addSql(`drop table "accounts"."audit_log"`);
    this.addSql(`drop function "accounts"."audit_log_append_only"()`);
    this.addSql(`drop table "accounts"."api_keys"`);
  }
}
