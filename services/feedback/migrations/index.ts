import type { MigrationObject } from "@mikro-orm/postgresql";
import { Migration20261126000800_feedback } from "./Migration20261126000800_feedback.js";

/** Applied in order; a committed migration is never edited, only followed by a new one. */
export const migrations: MigrationObject[] = [
  { name: "Migration20261126000800_feedback", class: Migration20261126000800_feedback },
];
