import type { MigrationObject } from "@mikro-orm/postgresql";
import { Migration20261126000800_feedback } from "./Migration20261126000800_feedback.js";
import { Migration20261126001000_feedback_idempotency } from "./Migration20261126001000_feedback_idempotency.js";
import { Migration20261206000100_feedback_correction } from "./Migration20261206000100_feedback_correction.js";
import { Migration20261215000100_feedback_evidence } from "./Migration20261215000100_feedback_evidence.js";

/** Applied in order; a committed migration is never edited, only followed by a new one. */
export const migrations: MigrationObject[] = [
  { name: "Migration20261126000800_feedback", class: Migration20261126000800_feedback },
  { name: "Migration20261126001000_feedback_idempotency", class: Migration20261126001000_feedback_idempotency },
  { name: "Migration20261206000100_feedback_correction", class: Migration20261206000100_feedback_correction },
  { name: "Migration20261215000100_feedback_evidence", class: Migration20261215000100_feedback_evidence },
];
