import type { MigrationObject } from "@mikro-orm/postgresql";
import { Migration20261126000400_results } from "./Migration20261126000400_results.js";
import { Migration20261206002100_result_remedies } from "./Migration20261206002100_result_remedies.js";
import { Migration20270201000100_result_imports } from "./Migration20270201000100_result_imports.js";
import { Migration20270201000200_intake_drafts } from "./Migration20270201000200_intake_drafts.js";

/** Applied in order; a committed migration is never edited, only followed by a new one. */
export const migrations: MigrationObject[] = [
  { name: "Migration20261126000400_results", class: Migration20261126000400_results },
  { name: "Migration20261206002100_result_remedies", class: Migration20261206002100_result_remedies },
  { name: "Migration20270201000100_result_imports", class: Migration20270201000100_result_imports },
  { name: "Migration20270201000200_intake_drafts", class: Migration20270201000200_intake_drafts },
];
