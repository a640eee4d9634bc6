import type { MigrationObject } from "@mikro-orm/postgresql";
import { Migration20261230000100_tlog } from "./Migration20261230000100_tlog.js";

/** Applied in order; a committed migration is never edited, only followed by a new one. */
export const migrations: MigrationObject[] = [
  { name: "Migration20261230000100_tlog", class: Migration20261230000100_tlog },
];
