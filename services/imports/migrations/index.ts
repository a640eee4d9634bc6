import type { MigrationObject } from "@mikro-orm/postgresql";
import { Migration20270201000200_imports } from "./Migration20270201000200_imports.js";
import { Migration20270201000300_import_files } from "./Migration20270201000300_import_files.js";

/** Applied in order; a committed migration is never edited, only followed by a new one. */
export const migrations: MigrationObject[] = [
  { name: "Migration20270201000200_imports", class: Migration20270201000200_imports },
  { name: "Migration20270201000300_import_files", class: Migration20270201000300_import_files },
];
