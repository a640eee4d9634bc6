/**
 * Prometheus text for GET /metrics on its own port (METRICS_PORT, never the public one): Moleculer's
 * Prometheus reporter renders the broker's metric registry, without the extra HTTP server it would
 * otherwise open.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { MetricReporters, type ServiceBroker } from "moleculer";

interface ReporterInternals {
  registry: unknown;
  broker: ServiceBroker;
  logger: unknown;
  defaultLabels: Record<string, string>;
  generatePrometheusResponse(): string;
}

/**
 * Moleculer's default process and OS metrics that say who and where the process runs: its
 * command line (paths under the home directory), the OS user (name, uid, gid, home directory),
 * the host name, the network addresses, the process ids, the kernel release and the CPU model.
 * None of them is left in the output. What is left still names the process: every series carries
 * `namespace` and `nodeID` (NODE_ID, by default Moleculer's hostname-pid), and
 * `process_versions_node` the Node.js version.
 */
export const IDENTIFYING_METRICS = [
  "process.arguments",
  "process.pid",
  "process.ppid",
  "os.user.**",
  "os.network.**",
  "os.hostname",
  "os.release",
  "os.cpu.info.**",
];

export class PrometheusText {
  private readonly reporter: ReporterInternals;

  constructor(broker: ServiceBroker) {
    const reporter = new MetricReporters.Prometheus({
      excludes: IDENTIFYING_METRICS,
    }) as unknown as ReporterInternals;
    // What BaseReporter.init does, minus PrometheusReporter.init's listening server.
    reporter.registry = broker.metrics;
    reporter.broker = broker;
    reporter.logger = broker.getLogger("metrics");
    reporter.defaultLabels = { namespace: broker.namespace, nodeID: broker.nodeID };
    this.reporter = reporter;
  }

  render(): string {
    return this.reporter.generatePrometheusResponse();
  }
}

/**
 * Serves GET /metrics on host:port, or — when that address cannot be listened on (the port is in
 * use, the host is not this machine's) — logs one warning and resolves undefined: the gateway runs
 * on without metrics rather than not at all.
 */
export async function serveMetricsOrWarn(
  metrics: PrometheusText,
  host: string,
  port: number,
  logger: { info(msg: string): void; warn(msg: string): void },
): Promise<http.Server | undefined> {
  try {
    const server = await serveMetrics(metrics, host, port);
    logger.info(`Metrics on http://${host}:${portOf(server)}/metrics`);
    return server;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    logger.warn(`Metrics not served: cannot listen on ${host}:${port} (${code}); check METRICS_HOST / METRICS_PORT`);
    return undefined;
  }
}

/** Serves GET /metrics (and nothing else) on host:port; resolves once it listens. */
export async function serveMetrics(metrics: PrometheusText, host: string, port: number): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? "").split("?")[0];
    if (path !== "/metrics" || (req.method !== "GET" && req.method !== "HEAD")) {
      res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" });
      res.end("Not found\n");
      return;
    }
    const body = metrics.render();
    res.writeHead(200, {
      "Content-Type": "text/plain; version=0.0.4; charset=utf-8",
      "Content-Length": Buffer.byteLength(body),
    });
    res.end(req.method === "HEAD" ? undefined : body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return server;
}

export function portOf(server: http.Server): number {
  return (server.address() as AddressInfo).port;
}
