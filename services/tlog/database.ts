import type { DatabaseOptions } from "../../lib/database.js";
import { migrations } from "./migrations/index.js";

/**
 * The log is plain SQL on a pg pool (range reads of hashes and byte columns, appends under one
 * lock); MikroORM runs its migrations. Its rows are described in migrations/ and app/store.ts.
 */
export const DATABASE: DatabaseOptions = { schema: "tlog", entities: [], migrations };
