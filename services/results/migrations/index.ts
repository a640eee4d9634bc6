import type { MigrationObject } from "@mikro-orm/postgresql";
import { Migration20261126000400_results } from "./Migration20261126000400_results.js";

/** Applied in order; a committed migration is never edited, only followed by a new one. */
export const migrations: MigrationObject[] = [
  { name: "Migration20261126000400_results", class: Migration20261126000400_results },
];
