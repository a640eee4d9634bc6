import type { MigrationObject } from "@mikro-orm/postgresql";
import { Migration20270101000200_subscriptions } from "./Migration20270101000200_subscriptions.js";
import { Migration20270101000300_subscriptions_websub } from "./Migration20270101000300_subscriptions_websub.js";
import { Migration20270101000400_subscriptions_changes } from "./Migration20270101000400_subscriptions_changes.js";
import { Migration20270101000500_subscriptions_revision } from "./Migration20270101000500_subscriptions_revision.js";

/** Applied in order; a committed migration is never edited, only followed by a new one. */
export const migrations: MigrationObject[] = [
  { name: "Migration20270101000200_subscriptions", class: Migration20270101000200_subscriptions },
  { name: "Migration20270101000300_subscriptions_websub", class: Migration20270101000300_subscriptions_websub },
  { name: "Migration20270101000400_subscriptions_changes", class: Migration20270101000400_subscriptions_changes },
  { name: "Migration20270101000500_subscriptions_revision", class: Migration20270101000500_subscriptions_revision },
];
