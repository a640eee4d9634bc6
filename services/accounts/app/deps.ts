/** What the accounts use cases are given: the request's EntityManager, the broker port, settings, the clock. */
import type { EntityManager } from "@mikro-orm/postgresql";
import type { Config } from "../../../lib/config.js";
import type { Caller } from "../../../lib/contract.js";

export interface AccountsDeps {
  /** This request's EntityManager. */
  em: EntityManager;
  /** The broker, for the duties lookups that check a user's body and roster entry. */
  caller: Caller;
  config: Pick<Config, "signIn" | "tokenTtlSeconds" | "console">;
  /** The key bearer tokens are signed with (AUTH_SECRET, or the one kept in the database). */
  tokenSecret: string;
  now: () => Date;
}
