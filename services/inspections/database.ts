import type { DatabaseOptions } from "../../lib/database.js";
import { migrations } from "./migrations/index.js";

/** Plain SQL on a pg pool (upload jobs leased with SKIP LOCKED); MikroORM runs the migrations. */
export const DATABASE: DatabaseOptions = { schema: "inspections", entities: [], migrations };
