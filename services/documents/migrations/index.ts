import type { MigrationObject } from "@mikro-orm/postgresql";
import { Migration20261220000100_documents } from "./Migration20261220000100_documents.js";
import { Migration20261221000100_documents_openness } from "./Migration20261221000100_documents_openness.js";

/** Applied in order; a committed migration is never edited, only followed by a new one. */
export const migrations: MigrationObject[] = [
  { name: "Migration20261220000100_documents", class: Migration20261220000100_documents },
  { name: "Migration20261221000100_documents_openness", class: Migration20261221000100_documents_openness },
];
