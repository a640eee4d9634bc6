import { Migration } from "@mikro-orm/migrations";

/**
 * Usernames are unique whatever their case (`OFFA` is `offa`), and sign-in looks them up so.
 * Accounts that already differ only in case cannot be merged silently: the migration stops and
 * names them, so an administrator renames one (`update accounts.users set username = …`) first.
 */
export class Migration20261206000100_username_case extends Migration {
  override up(): void {
    this.addSql(`do $$
      declare clashes text;
      begin
        select string_agg(names, '; ') into clashes from (
          select string_agg("username", ', ' order by "username") as names
          from "accounts"."users" group by lower("username") having count(*) > 1
        ) c;
        if clashes is not null then
          raise exception 'accounts.users: usernames that differ only in case must be renamed before this migration: %', clashes;
        end if;
      end $$`);
    this.addSql(`create unique index "users_username_lower_unique" on "accounts"."users" (lower("username"))`);
  }

  override down(): void {
    this.addSql(`drop index "accounts"."users_username_lower_unique"`);
  }
}
