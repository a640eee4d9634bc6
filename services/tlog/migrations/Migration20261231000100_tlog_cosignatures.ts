import { Migration } from "@mikro-orm/migrations";

/**
 * Witness cosignatures (C2SP tlog-witness, tlog-cosignature): the verified signature line each
 * witness returned for a checkpoint, served with it. Append-only like the rest of the log.
 */
export class Migration20261231000100_tlog_cosignatures extends Migration {
  override up(): void {
    this.addSql(`create table "tlog"."cosignatures" (
      "witness" text not null,
      "size" bigint not null references "tlog"."checkpoints" ("size"),
      "line" text not null,
      "cosigned_at" timestamptz not null,
      "received_at" timestamptz not null default now(),
      primary key ("witness", "size")
    )`);
    this.addSql(`create trigger "cosignatures_append_only" before update or delete on "tlog"."cosignatures"
      for each row execute function "tlog"."append_only"()`);
    this.addSql(`create trigger "cosignatures_no_truncate" before truncate on "tlog"."cosignatures"
      for each statement execute function "tlog"."append_only"()`);
  }

  override down(): void {
    this.addSql(`drop table if exists "tlog"."cosignatures"`);
  }
}
