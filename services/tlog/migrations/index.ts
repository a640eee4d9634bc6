import type { MigrationObject } from "@mikro-orm/postgresql";
import { Migration20261230000100_tlog } from "./Migration20261230000100_tlog.js";
import { Migration20261231000100_tlog_cosignatures } from "./Migration20261231000100_tlog_cosignatures.js";

/** Applied in order; a committed migration is never edited, only followed by a new one. */
export const migrations: MigrationObject[] = [
  { name: "Migration20261230000100_tlog", class: Migration20261230000100_tlog },
  { name: "Migration20261231000100_tlog_cosignatures", class: Migration20261231000100_tlog_cosignatures },
];
