import type { MigrationObject } from "@mikro-orm/postgresql";
import { Migration20261126000000_users } from "./Migration20261126000000_users.js";
import { Migration20261126000300_user_officer } from "./Migration20261126000300_user_officer.js";
import { Migration20261127000000_sessions } from "./Migration20261127000000_sessions.js";
import { Migration20261206000000_token_version } from "./Migration20261206000000_token_version.js";
import { Migration20261206000100_username_case } from "./Migration20261206000100_username_case.js";
import { Migration20261206000200_sign_in_throttle } from "./Migration20261206000200_sign_in_throttle.js";
import { Migration20261206001000_token_version_floor } from "./Migration20261206001000_token_version_floor.js";
import { Migration20261206001100_session_token_version } from "./Migration20261206001100_session_token_version.js";
import { Migration20261206001300_sign_in_network } from "./Migration20261206001300_sign_in_network.js";
import { Migration20270201000100_api_keys } from "./Migration20270201000100_api_keys.js";

/** Applied in order; a committed migration is never edited, only followed by a new one. */
export const migrations: MigrationObject[] = [
  { name: "Migration20261126000000_users", class: Migration20261126000000_users },
  { name: "Migration20261126000300_user_officer", class: Migration20261126000300_user_officer },
  { name: "Migration20261127000000_sessions", class: Migration20261127000000_sessions },
  { name: "Migration20261206000000_token_version", class: Migration20261206000000_token_version },
  { name: "Migration20261206000100_username_case", class: Migration20261206000100_username_case },
  { name: "Migration20261206000200_sign_in_throttle", class: Migration20261206000200_sign_in_throttle },
  { name: "Migration20261206001000_token_version_floor", class: Migration20261206001000_token_version_floor },
  { name: "Migration20261206001100_session_token_version", class: Migration20261206001100_session_token_version },
  { name: "Migration20261206001300_sign_in_network", class: Migration20261206001300_sign_in_network },
  { name: "Migration20270201000100_api_keys", class: Migration20270201000100_api_keys },
];
