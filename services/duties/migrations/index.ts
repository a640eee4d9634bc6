import type { MigrationObject } from "@mikro-orm/postgresql";
import { Migration20261126000100_duties } from "./Migration20261126000100_duties.js";
import { Migration20261126000600_duties_outbox } from "./Migration20261126000600_duties_outbox.js";
import { Migration20261206000300_identifier_nfkc } from "./Migration20261206000300_identifier_nfkc.js";
import { Migration20261206001200_identifier_trim } from "./Migration20261206001200_identifier_trim.js";
import { Migration20261206002200_body_seals } from "./Migration20261206002200_body_seals.js";

/** Applied in order; a committed migration is never edited, only followed by a new one. */
export const migrations: MigrationObject[] = [
  { name: "Migration20261126000100_duties", class: Migration20261126000100_duties },
  { name: "Migration20261126000600_duties_outbox", class: Migration20261126000600_duties_outbox },
  { name: "Migration20261206000300_identifier_nfkc", class: Migration20261206000300_identifier_nfkc },
  { name: "Migration20261206001200_identifier_trim", class: Migration20261206001200_identifier_trim },
  { name: "Migration20261206002200_body_seals", class: Migration20261206002200_body_seals },
];
