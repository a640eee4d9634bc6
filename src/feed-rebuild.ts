/**
 * `npm run feed:rebuild`: empties the public read model and replays the owning services' outboxes
 * into it. With NATS_URL it asks the running platform's feed to do it; without, it starts the feed
 * and the services it reads from in this process, against the configured (or embedded) database.
 */
import { ServiceBroker } from "moleculer";
import { brokerOptions } from "../moleculer.config.js";
import { loadConfig, type ServiceName } from "../lib/config.js";
import { resolveRuntime } from "../lib/runtime.js";
import { SERVICE_FACTORIES } from "./services.js";
import { call } from "../lib/contract.js";
import { feed } from "../services/feed/contract.js";

const config = loadConfig();
const broker = new ServiceBroker({ ...brokerOptions(config), nodeID: `feed-rebuild-${process.pid}` });
const runtime = await resolveRuntime(config, broker.getLogger("rebuild"));
const local: ServiceName[] = config.natsUrl ? [] : ["duties", "notices", "feedback", "feed"];
for (const name of local) broker.createService(SERVICE_FACTORIES[name](runtime));
try {
  await broker.start();
  await broker.waitForServices(["feed", "duties", "notices", "feedback"], 60_000);
  const result = await call(
    broker,
    feed.rebuild,
    {},
    { meta: { user: { id: "cli", username: "cli", role: "admin", bodyId: null, officerId: null } }, timeout: 600_000 },
  );
  console.log("Feed rebuilt:", JSON.stringify(result));
} finally {
  await broker.stop();
  await runtime.stop();
}
