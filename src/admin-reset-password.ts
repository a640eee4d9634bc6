/**
 * `npm run admin:reset-password`: sets a new password for the administrator ADMIN_USERNAME (default
 * "admin") — ADMIN_PASSWORD when set, else a generated one printed once, framed — and ends every
 * session and token that administrator had. Runs against DATABASE_URL (or the embedded database
 * under DATA_DIR, with the platform stopped).
 */
import { adminPasswordBanner } from "../lib/admin-banner.js";
import { ConfigError, loadConfig } from "../lib/config.js";
import { openDatabase } from "../lib/database.js";
import { resolveDatabase } from "../lib/runtime.js";
import { resetAdminPassword } from "../services/accounts/app/setup.js";
import { DATABASE } from "../services/accounts/database.js";

let config;
try {
  config = loadConfig();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(`Configuration error: ${err.message}`);
  process.exit(2);
}
const database = await resolveDatabase(config, console);
try {
  const orm = await openDatabase(database.value, DATABASE, console, { attempts: 10 });
  try {
    const password = await resetAdminPassword(orm.em.fork(), config.adminUsername, config.adminPassword, new Date());
    process.stdout.write(
      adminPasswordBanner({
        title: "执法公示: the administrator's password was reset (earlier sessions are signed out)",
        url: `${config.publicBaseUrl}/console`,
        username: config.adminUsername,
        password: config.adminPassword ? undefined : password,
      }),
    );
  } catch (err) {
    console.error(`Reset failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  } finally {
    await orm.close();
  }
} finally {
  await database.stop();
}
