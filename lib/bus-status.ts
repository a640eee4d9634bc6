/**
 * Whether this process's NATS connection is up right now. Moleculer's NATS transporter notices a
 * closed connection, not one that is reconnecting; the NATS client's status stream tells both, so
 * the gateway can answer 503 at once instead of letting calls wait for their timeout.
 */
import type { ServiceBroker } from "moleculer";

interface NatsStatus {
  type: string;
}
interface NatsClient {
  status(): AsyncIterable<NatsStatus>;
}

const watched = new WeakMap<object, { up: boolean }>();

export function busIsUp(broker: ServiceBroker): boolean {
  const client = (broker.transit as unknown as { tx?: { client?: NatsClient } } | undefined)?.tx?.client;
  if (!client) return false;
  let state = watched.get(client);
  if (!state) {
    const s = { up: true };
    state = s;
    watched.set(client, s);
    void (async () => {
      for await (const status of client.status()) {
        if (status.type === "disconnect") s.up = false;
        else if (status.type === "reconnect") s.up = true;
      }
    })();
  }
  return state.up;
}
