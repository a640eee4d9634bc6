/**
 * A notice render worker (see render-pool.ts): renders and signs one notice per message with
 * shared/pdf, exactly as the notices service would in its own thread.
 */
import { X509Certificate } from "node:crypto";
import { parentPort } from "node:worker_threads";
import { renderAndSignNotice, type SigningIdentity } from "../../shared/pdf/index.js";
import type { IdentityParts, RenderReply, RenderRequest } from "./render-pool.js";

const port = parentPort;
if (!port) throw new Error("render-worker.ts runs as a worker thread (RenderPool)");

const identities = new Map<number, SigningIdentity>();

/** Structured cloning hands Buffers over as plain Uint8Arrays. */
function buffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function identityOf(parts: IdentityParts): SigningIdentity {
  const certificateDer = buffer(parts.certificateDer);
  return {
    privateKey: parts.privateKey,
    keyType: parts.keyType,
    certificateDer,
    chainDer: parts.chainDer.map(buffer),
    certificate: new X509Certificate(certificateDer),
    commonName: parts.commonName,
    issuerDer: buffer(parts.issuerDer),
    serialNumberDer: buffer(parts.serialNumberDer),
  };
}

port.on("message", (msg: RenderRequest) => {
  void (async () => {
    let reply: RenderReply;
    try {
      if (msg.identity.parts) identities.set(msg.identity.key, identityOf(msg.identity.parts));
      const identity = identities.get(msg.identity.key);
      if (!identity) throw new Error(`render worker: unknown signing identity ${msg.identity.key}`);
      const pdf = await renderAndSignNotice(msg.input, identity, msg.options);
      reply = { type: "done", id: msg.id, pdf };
    } catch (error) {
      reply = { type: "failed", id: msg.id, error };
    }
    try {
      port.postMessage(reply);
    } catch (error) {
      // Something that cannot be cloned (a thrown object with functions, say): send its text.
      const text = String(reply.type === "failed" ? reply.error : error);
      port.postMessage({ type: "failed", id: msg.id, error: new Error(text) } satisfies RenderReply);
    }
  })();
});

port.postMessage({ type: "ready" } satisfies RenderReply);
