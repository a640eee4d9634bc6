/**
 * The one entry point: runs the services named by SERVICES (all by default). With NATS_URL the
 * process joins the bus; otherwise the whole platform runs here. Unset DATABASE_URL / S3_ENDPOINT
 * start embedded servers under DATA_DIR.
 */
import { ServiceBroker } from "moleculer";
import { brokerOptions } from "../moleculer.config.js";
import { ConfigError, loadConfig } from "../lib/config.js";
import { resolveRuntime } from "../lib/runtime.js";
import { SERVICE_FACTORIES } from "./services.js";

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Configuration error: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  const broker = new ServiceBroker(brokerOptions(config));
  const log = broker.getLogger("main");
  const runtime = await resolveRuntime(config, log);
  await runtime.storage.ensureBucket();
  for (const name of config.services) broker.createService(SERVICE_FACTORIES[name](runtime));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: stopping`);
    try {
      // Readiness turns 503 at once and timers stop taking new work; after the drain time (for
      // load balancers to notice), the broker stops, waiting for requests in flight.
      broker.broadcastLocal("$shutdown.begin");
      if (config.shutdownDrainMs > 0) await new Promise((r) => setTimeout(r, config.shutdownDrainMs));
      await broker.stop();
      await runtime.stop();
    } finally {
      process.exit(0);
    }
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));

  await broker.start();
  log.info(
    `执法公示 running services [${config.services.join(", ")}]` +
      (config.services.includes("gateway") ? ` on http://${config.host}:${config.port}` : "") +
      (config.natsUrl ? ` via ${config.natsUrl}` : " in one process"),
  );
  // Last, apart from the log: the generated administrator password, framed.
  for (const text of runtime.announcements) process.stdout.write(text);
}

main().catch((err) => {
  // A setting that cannot work here (found while preparing the embedded servers): one line, no stack.
  if (err instanceof ConfigError) {
    console.error(`Configuration error: ${err.message}`);
    process.exit(2);
  }
  console.error("Failed to start:", err);
  process.exit(1);
});
