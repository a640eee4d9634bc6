/**
 * Which identity signs a body's notices: the body's own P12 (SIGNING_P12_DIR/<统一社会信用代码>.p12),
 * else the platform's (SIGNING_P12_FILE), else — the embedded default — a self-signed platform
 * certificate generated once and kept under DATA_DIR/signing. Loaded once, reused for every signature.
 */
import fs from "node:fs";
import path from "node:path";
import type { Config } from "./config.js";
import {
  generateSigningIdentity,
  loadSigningIdentityFromP12,
  loadSigningIdentityFromPem,
  type SigningIdentity,
} from "../shared/pdf/certificate.js";

export interface Signers {
  forBody(creditCode: string): SigningIdentity;
}

export async function loadSigners(config: Config, log: { info(...a: unknown[]): void }): Promise<Signers> {
  const password = config.signing.p12Password ?? "";
  let platform: SigningIdentity;
  if (config.signing.p12File) {
    platform = loadSigningIdentityFromPem(
      loadSigningIdentityFromP12(fs.readFileSync(config.signing.p12File), password),
    );
    log.info(`Signing notices as "${platform.commonName}" (${config.signing.p12File})`);
  } else {
    const dir = path.join(config.dataDir, "signing");
    const certFile = path.join(dir, "platform-cert.pem");
    const keyFile = path.join(dir, "platform-key.pem");
    if (!fs.existsSync(certFile) || !fs.existsSync(keyFile)) {
      const pem = await generateSigningIdentity({
        commonName: config.signing.signerName,
        organization: config.signing.signerName,
        validYears: 10,
      });
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      fs.writeFileSync(keyFile, pem.privateKeyPem, { mode: 0o600, flag: "wx" });
      fs.writeFileSync(certFile, pem.certificatePem, { flag: "wx" });
      log.info(`Generated a self-signed signing certificate "${config.signing.signerName}" in ${dir}`);
    }
    platform = loadSigningIdentityFromPem({
      certificatePem: fs.readFileSync(certFile, "utf8"),
      privateKeyPem: fs.readFileSync(keyFile, "utf8"),
    });
  }
  const perBody = new Map<string, SigningIdentity>();
  return {
    forBody(creditCode: string): SigningIdentity {
      const dir = config.signing.p12Dir;
      if (!dir) return platform;
      let identity = perBody.get(creditCode);
      if (!identity) {
        const file = path.join(dir, `${creditCode}.p12`);
        identity = fs.existsSync(file)
          ? loadSigningIdentityFromPem(loadSigningIdentityFromP12(fs.readFileSync(file), password))
          : platform;
        perBody.set(creditCode, identity);
      }
      return identity;
    },
  };
}
