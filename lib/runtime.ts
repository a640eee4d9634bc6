/**
 * What a process needs besides the broker: the database URL and the object storage, either
 * configured or embedded under DATA_DIR. Resolved once at start, before any service starts.
 */
import type { Config } from "./config.js";
import { EMBEDDED_S3_KEYS, startEmbeddedPostgres, startEmbeddedS3, type Embedded, type Logger } from "./embedded.js";
import { createStorage, type Storage } from "./storage.js";

export interface Runtime {
  config: Config;
  databaseUrl: string;
  storage: Storage;
  /** Keeps a block of text for the operator, printed once the process has started (main.ts). */
  announce(text: string): void;
  /** What `announce` kept, in order. */
  announcements: string[];
  /** Stops embedded servers this process started. */
  stop(): Promise<void>;
}

/** DATABASE_URL, or the embedded PostgreSQL under DATA_DIR. */
export async function resolveDatabase(config: Config, log: Logger): Promise<Embedded<string>> {
  if (config.databaseUrl) return { value: config.databaseUrl, stop: async () => {} };
  return startEmbeddedPostgres(config.dataDir, log);
}

export async function resolveRuntime(config: Config, log: Logger): Promise<Runtime> {
  const stops: (() => Promise<void>)[] = [];
  const database = await resolveDatabase(config, log);
  stops.push(database.stop);
  const databaseUrl = database.value;
  let s3 = config.s3;
  if (!s3) {
    const embedded = await startEmbeddedS3(config.dataDir, config.s3Bucket, log);
    stops.push(embedded.stop);
    s3 = { endpoint: embedded.value, ...EMBEDDED_S3_KEYS, bucket: config.s3Bucket, region: "us-east-1" };
  }
  const storage = createStorage(s3);
  const announcements: string[] = [];
  return {
    config,
    databaseUrl,
    storage,
    announcements,
    announce: (text) => void announcements.push(text),
    async stop() {
      for (const stop of stops.reverse()) await stop();
    },
  };
}
