import { Migration } from "@mikro-orm/migrations";

/**
 * Failed sign-ins also carry the client's network (an IPv6 /48; an IPv4 address itself), so the
 * per-address limit counts a site's 65 536 /64s as one as well. The rows kept so far have no
 * network and are dropped (they only ever lived for minutes).
 */
export class Migration20261206001300_sign_in_network extends Migration {
  override up(): void {
    this.addSql(`delete from "accounts"."login_failures"`);
    this.addSql(`alter table "accounts"."login_failures" add column "network" text not null`);
    this.addSql(`create index "login_failures_network_at_index" on "accounts"."login_failures" ("network", "at")`);
  }

  override down(): void {
    this.addSql(`alter table "accounts"."login_failures" drop column "network"`);
  }
}
