/**
 * Object storage (MinIO or any S3 API) for notice PDFs. Only keys cross the bus, never bytes.
 */
import * as Minio from "minio";

export interface StorageConfig {
  endpoint: string;
  accessKey: string;
  secretKey: string;
  bucket: string;
  region: string;
}

export interface Storage {
  client: Minio.Client;
  bucket: string;
  /** Creates the bucket when missing. */
  ensureBucket(): Promise<void>;
  /** Resolves when the storage answers for the bucket; rejects otherwise. */
  ping(timeoutMs?: number): Promise<void>;
}

export function createStorage(cfg: StorageConfig): Storage {
  const url = new URL(cfg.endpoint);
  const useSSL = url.protocol === "https:";
  const client = new Minio.Client({
    endPoint: url.hostname,
    port: url.port ? Number(url.port) : useSSL ? 443 : 80,
    useSSL,
    accessKey: cfg.accessKey,
    secretKey: cfg.secretKey,
    region: cfg.region,
    pathStyle: true,
  });
  return {
    client,
    bucket: cfg.bucket,
    async ensureBucket() {
      if (!(await client.bucketExists(cfg.bucket))) await client.makeBucket(cfg.bucket, cfg.region);
    },
    async ping(timeoutMs = 2000) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        const exists = await Promise.race([client.bucketExists(cfg.bucket), timeout]);
        if (!exists) throw new Error(`bucket ${cfg.bucket} does not exist`);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
