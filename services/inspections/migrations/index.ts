import type { MigrationObject } from "@mikro-orm/postgresql";
import { Migration20270301000100_inspections } from "./Migration20270301000100_inspections.js";
import { Migration20270301000200_inspection_results } from "./Migration20270301000200_inspection_results.js";

/** Applied in order; a committed migration is never edited, only followed by a new one. */
export const migrations: MigrationObject[] = [
  { name: "Migration20270301000100_inspections", class: Migration20270301000100_inspections },
  { name: "Migration20270301000200_inspection_results", class: Migration20270301000200_inspection_results },
];
