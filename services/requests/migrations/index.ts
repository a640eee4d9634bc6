import type { MigrationObject } from "@mikro-orm/postgresql";
import { Migration20261206120000_requests } from "./Migration20261206120000_requests.js";
import { Migration20261206130000_requests_letters_audit } from "./Migration20261206130000_requests_letters_audit.js";
import { Migration20261210120000_requests_attachments } from "./Migration20261210120000_requests_attachments.js";

/** Applied in order; a committed migration is never edited, only followed by a new one. */
export const migrations: MigrationObject[] = [
  { name: "Migration20261206120000_requests", class: Migration20261206120000_requests },
  { name: "Migration20261206130000_requests_letters_audit", class: Migration20261206130000_requests_letters_audit },
  { name: "Migration20261210120000_requests_attachments", class: Migration20261210120000_requests_attachments },
];
