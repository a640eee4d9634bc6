/** `npm run migrate`: applies every service's committed migrations, then exits. */
import { MikroORM } from "@mikro-orm/postgresql";
import { loadConfig } from "../lib/config.js";
import { openDatabase } from "../lib/database.js";
import { resolveDatabase } from "../lib/runtime.js";
import { entities as dutiesEntities } from "../services/duties/entities.js";
import { migrations as dutiesMigrations } from "../services/duties/migrations/index.js";
import { SettingSchema, UserSchema } from "../services/accounts/user.entity.js";
import { migrations as accountsMigrations } from "../services/accounts/migrations/index.js";

const schemas = [
  { schema: "accounts", entities: [UserSchema, SettingSchema], migrations: accountsMigrations },
  { schema: "duties", entities: dutiesEntities, migrations: dutiesMigrations },
];

const database = await resolveDatabase(loadConfig(), console);
try {
  for (const opts of schemas) {
    const orm: MikroORM = await openDatabase(database.value, opts, console, { attempts: 10 });
    await orm.close();
  }
  console.log("Migrations are up to date.");
} finally {
  await database.stop();
}
