import type { MigrationObject } from "@mikro-orm/postgresql";
import { Migration20261126000500_notices } from "./Migration20261126000500_notices.js";
import { Migration20261206000700_letters } from "./Migration20261206000700_letters.js";
import { Migration20261227000200_report_letters } from "./Migration20261227000200_report_letters.js";

/** Applied in order; a committed migration is never edited, only followed by a new one. */
export const migrations: MigrationObject[] = [
  { name: "Migration20261126000500_notices", class: Migration20261126000500_notices },
  { name: "Migration20261206000700_letters", class: Migration20261206000700_letters },
  { name: "Migration20261227000200_report_letters", class: Migration20261227000200_report_letters },
];
