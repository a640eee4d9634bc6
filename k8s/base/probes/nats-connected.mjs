// Readiness of a pod that has no HTTP port (every service but the gateway): is the process
// connected to NATS? Moleculer reaches a node only over NATS, so a pod without an ESTABLISHED TCP
// connection to NATS_URL's port serves nothing. Read from the pod's /proc/net/tcp and tcp6; exit 0
// when connected. It does not tell whether the services inside have finished starting.
import fs from "node:fs";

const port = Number(new URL(process.env.NATS_URL || "nats://nats:4222").port || 4222);
const hexPort = port.toString(16).toUpperCase().padStart(4, "0");

function established(table) {
  let text;
  try {
    text = fs.readFileSync(table, "utf8");
  } catch {
    return false;
  }
  return text
    .split("\n")
    .slice(1)
    .some((line) => {
      const [, , remote, state] = line.trim().split(/\s+/);
      return state === "01" && remote !== undefined && remote.endsWith(`:${hexPort}`);
    });
}

process.exit(established("/proc/net/tcp") || established("/proc/net/tcp6") ? 0 : 1);
