import type { MigrationObject } from "@mikro-orm/postgresql";
import { Migration20270301000100_inspections } from "./Migration20270301000100_inspections.js";

/** Applied in order; a committed migration is never edited, only followed by a new one. */
export const migrations: MigrationObject[] = [
  { name: "Migration20270301000100_inspections", class: Migration20270301000100_inspections },
];
