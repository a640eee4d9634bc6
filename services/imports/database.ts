import type { DatabaseOptions } from "../../lib/database.js";
import { entities } from "./entities.js";
import { migrations } from "./migrations/index.js";

/** The Postgres schema this service owns, its entities and its committed migrations. */
export const DATABASE: DatabaseOptions = { schema: "imports", entities, migrations };
