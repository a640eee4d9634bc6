/**
 * The log's Ed25519 signing key: TLOG_SIGNING_KEY_FILE (a PKCS#8 PEM), else one generated once and
 * kept under DATA_DIR/tlog, like the notices' signing certificate. Never the PDF signing key.
 */
import { createPrivateKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Config } from "../../../lib/config.js";

function ed25519(pem: string, where: string): KeyObject {
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== "ed25519") throw new Error(`${where}: the log's key must be an Ed25519 private key`);
  return key;
}

export function loadLogKey(config: Config, log: { info(...a: unknown[]): void }): KeyObject {
  const file = config.tlog.signingKeyFile;
  if (file) return ed25519(fs.readFileSync(file, "utf8"), file);
  const dir = path.join(config.dataDir, "tlog");
  const keyFile = path.join(dir, "tlog-key.pem");
  if (!fs.existsSync(keyFile)) {
    const { privateKey } = generateKeyPairSync("ed25519");
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    try {
      fs.writeFileSync(keyFile, privateKey.export({ format: "pem", type: "pkcs8" }), { mode: 0o600, flag: "wx" });
      log.info(`Generated the transparency log's Ed25519 key in ${keyFile}`);
    } catch (err) {
      // Another process of this DATA_DIR wrote it first: use theirs.
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
  }
  return ed25519(fs.readFileSync(keyFile, "utf8"), keyFile);
}
