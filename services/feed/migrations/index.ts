import type { MigrationObject } from "@mikro-orm/postgresql";
import { Migration20261126000700_feed } from "./Migration20261126000700_feed.js";
import { Migration20261126000900_feed_replies } from "./Migration20261126000900_feed_replies.js";
import { Migration20261206000100_feed_tombstones } from "./Migration20261206000100_feed_tombstones.js";
import { Migration20261206000200_feed_search_fields } from "./Migration20261206000200_feed_search_fields.js";
import { Migration20261220000200_feed_documents } from "./Migration20261220000200_feed_documents.js";
import { Migration20261220000300_feed_requests } from "./Migration20261220000300_feed_requests.js";
import { Migration20261221000200_feed_openness } from "./Migration20261221000200_feed_openness.js";
import { Migration20261227000300_feed_reports } from "./Migration20261227000300_feed_reports.js";
import { Migration20270101000100_feed_changes } from "./Migration20270101000100_feed_changes.js";

import { Migration20270301000300_feed_inspections } from "./Migration20270301000300_feed_inspections.js";
/** Applied in order; a committed migration is never edited, only followed by a new one. */
export const migrations: MigrationObject[] = [
  { name: "Migration20261126000700_feed", class: Migration20261126000700_feed },
  { name: "Migration20261126000900_feed_replies", class: Migration20261126000900_feed_replies },
  { name: "Migration20261206000100_feed_tombstones", class: Migration20261206000100_feed_tombstones },
  { name: "Migration20261206000200_feed_search_fields", class: Migration20261206000200_feed_search_fields },
  { name: "Migration20261220000200_feed_documents", class: Migration20261220000200_feed_documents },
  { name: "Migration20261220000300_feed_requests", class: Migration20261220000300_feed_requests },
  { name: "Migration20261221000200_feed_openness", class: Migration20261221000200_feed_openness },
  { name: "Migration20261227000300_feed_reports", class: Migration20261227000300_feed_reports },
  { name: "Migration20270101000100_feed_changes", class: Migration20270101000100_feed_changes },
  { name: "Migration20270301000300_feed_inspections", class: Migration20270301000300_feed_inspections },
];
