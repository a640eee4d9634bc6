import type { DatabaseOptions } from "../../lib/database.js";
import { AUDIT, SettingSchema, UserSchema } from "./user.entity.js";
import { migrations } from "./migrations/index.js";

/** The Postgres schema this service owns, its entities and its committed migrations. */
export const DATABASE: DatabaseOptions = {
  schema: "accounts",
  entities: [UserSchema, SettingSchema, AUDIT.schema],
  migrations,
};
