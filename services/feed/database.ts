import type { DatabaseOptions } from "../../lib/database.js";
import { migrations } from "./migrations/index.js";

/** The feed's read model is plain SQL (upserts and search); MikroORM runs its migrations. */
export const DATABASE: DatabaseOptions = { schema: "feed", entities: [], migrations };
