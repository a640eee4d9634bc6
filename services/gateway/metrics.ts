/**
 * Prometheus text for GET /metrics on the gateway's own port: Moleculer's Prometheus reporter
 * renders the broker's metric registry, without the extra HTTP server it would otherwise open.
 */
import { MetricReporters, type ServiceBroker } from "moleculer";

interface ReporterInternals {
  registry: unknown;
  broker: ServiceBroker;
  logger: unknown;
  defaultLabels: Record<string, string>;
  generatePrometheusResponse(): string;
}

export class PrometheusText {
  private readonly reporter: ReporterInternals;

  constructor(broker: ServiceBroker) {
    const reporter = new MetricReporters.Prometheus({}) as unknown as ReporterInternals;
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
