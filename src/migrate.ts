/** `npm run migrate`: applies every service's committed migrations, then exits. */
import { loadConfig } from "../lib/config.js";
import { openDatabase } from "../lib/database.js";
import { resolveDatabase } from "../lib/runtime.js";
import { DATABASES } from "./services.js";

const database = await resolveDatabase(loadConfig(), console);
try {
  for (const opts of DATABASES) {
    const orm = await openDatabase(database.value, opts, console, { attempts: 10 });
    await orm.close();
  }
  console.log("Migrations are up to date.");
} finally {
  await database.stop();
}
