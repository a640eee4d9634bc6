import type { MigrationObject } from "@mikro-orm/postgresql";
import { Migration20261227000100_reports } from "./Migration20261227000100_reports.js";

/** Applied in order; a committed migration is never edited, only followed by a new one. */
export const migrations: MigrationObject[] = [
  { name: "Migration20261227000100_reports", class: Migration20261227000100_reports },
];
