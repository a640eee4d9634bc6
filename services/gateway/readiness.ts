/**
 * What /health/ready checks beyond the gateway's own database and storage pings: the bus, every
 * service (answering and routed), shutdown, and — as a detail that never fails readiness — how the
 * transparency log's witnesses stand.
 */
import type { ServiceBroker } from "moleculer";
import { busIsUp } from "../../lib/bus-status.js";
import { ALL_SERVICES } from "../../lib/config.js";
import { call } from "../../lib/contract.js";
import { errorSummary } from "../../lib/errors.js";
import { livenessOf } from "../../lib/liveness.js";
import { tlog } from "../tlog/contract.js";
import type { Check } from "./outage.js";

/** `what` answers within `ms`, or the check fails saying why. */
export async function timed(what: () => Promise<unknown>, ms = 2000): Promise<Check> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      what(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
      }),
    ]);
    return { ok: true };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}

/** The bus, the services and their routes: what the API needs beyond this process. */
export function platformChecks(p: {
  broker: ServiceBroker;
  /** moleculer-web's route table. */
  aliases: { action?: string }[];
  overNats: boolean;
  stopping: boolean;
}): Record<string, Check> {
  const checks: Record<string, Check> = {};
  if (p.overNats) {
    const transit = p.broker.transit;
    const up = transit?.connected && !transit.disconnecting && busIsUp(p.broker);
    checks.nats = up ? { ok: true } : { ok: false, error: "not connected" };
  }
  // A service counts while a node of it answers (pings and heartbeats, lib/liveness.ts): a
  // stopped or killed process stays in the registry for a while after it went silent.
  const liveness = livenessOf(p.broker);
  const listed = p.broker.registry.getServiceList({ onlyAvailable: true, skipInternal: true });
  const running = new Set(
    listed.filter((s) => !liveness || !s.nodeID || liveness.responsive(s.nodeID)).map((s) => s.name),
  );
  const silent = new Set(listed.map((s) => s.name).filter((name) => !running.has(name)));
  // ...and once its REST routes are in place (aliases regenerate shortly after a service joins).
  const routed = new Set(p.aliases.map((a) => String(a.action).split(".")[0]));
  const missing = ALL_SERVICES.filter((s) => !running.has(s) || (s !== "gateway" && !routed.has(s)));
  const named = missing.map((s) => (silent.has(s) ? `${s} (not answering)` : s));
  checks.services = missing.length ? { ok: false, error: `not running: ${named.join(", ")}` } : { ok: true };
  if (p.stopping) checks.shutdown = { ok: false, error: "shutting down" };
  return checks;
}

/** How the transparency log's witnesses stand (tlog-witness pushes): always ok, the state as detail. */
export async function witnessCheck(broker: ServiceBroker): Promise<Check> {
  try {
    const statuses = await call(broker, tlog.witnesses, {}, { timeout: 2000, retries: 0 });
    const detail = statuses
      .map((w) =>
        w.lastError
          ? `${w.name}: failing (${w.failures}×): ${w.lastError}`
          : w.cosignedSize === null
            ? `${w.name}: not cosigned yet`
            : `${w.name}: cosigned size ${w.cosignedSize} at ${w.cosignedAt}`,
      )
      .join("; ");
    return { ok: true, detail };
  } catch (err) {
    return { ok: true, detail: `unknown: the tlog service does not answer (${errorSummary(err)})` };
  }
}
