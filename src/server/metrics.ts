// Prometheus metrics (GET /metrics). Requests are counted from the audit stream — one event per request that
// already names the service, the action and the error code — so the count and the audit log cannot disagree.
import { AggregatorRegistry, Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { PrometheusContentType } from 'prom-client';
import type { AuditEvent, AuditSink } from '../api/audit.js';

/** A /metrics answer: the Prometheus exposition text and its content type. */
export interface MetricsText {
  readonly contentType: string;
  readonly text: string;
}

/** Label sets of castellan_requests_total: every action and outcome, with room to spare. */
const MAX_SERIES = 4096;

export class ServerMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'castellan_requests_total',
    help: 'API requests by service, action and outcome (ok or the AWS error code).',
    labelNames: ['service', 'action', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly duration = new Histogram({
    name: 'castellan_request_duration_seconds',
    help: 'Time from a request read to its response, for API requests.',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'castellan_' });
  }

  /** Wraps the audit sink (or none) so that every audit event is also counted. */
  counting(sink: AuditSink | undefined): AuditSink {
    const requests = this.requests;
    // One child per label set, found by a plain string: prom-client hashes a label object on every inc().
    const children = new Map<string, { inc(): void }>();
    return {
      write(event: AuditEvent): void {
        const outcome = event.errorCode ?? 'ok';
        const key = `${event.eventSource}\n${event.eventName}\n${outcome}`;
        let child = children.get(key);
        if (child === undefined) {
          const service = event.eventSource.slice(0, event.eventSource.indexOf('.'));
          // A caller chooses the Action it sends: past a bound, new names share one series instead of growing memory.
          const action = children.size < MAX_SERIES ? event.eventName : '(other)';
          child = requests.labels({ service, action, outcome });
          if (children.size < MAX_SERIES) children.set(key, child);
        }
        child.inc();
        sink?.write(event);
      },
      close: () => sink?.close() ?? Promise.resolve(),
    };
  }
}

/**
 * The primary of `serve --workers`: every worker's metrics, aggregated by prom-client (counters summed, histograms
 * merged, process metrics by their own rule). Rejects when a worker does not answer within prom-client's 5 s.
 */
export function clusterMetricsAggregator(): () => Promise<MetricsText> {
  const aggregator = new AggregatorRegistry<PrometheusContentType>();
  return async () => ({ contentType: aggregator.contentType, text: await aggregator.clusterMetrics() });
}

// Held only for its constructor: the IPC listener it installs, once per process.
let clusterListener: AggregatorRegistry<PrometheusContentType> | undefined;

/**
 * A worker of `serve --workers`: the primary's aggregator reads these registries. prom-client answers from the
 * global registry unless told otherwise, and only once an AggregatorRegistry exists in the process (its
 * constructor installs the IPC listener). Call it early with none, so a starting worker answers empty instead
 * of letting the primary's request time out, then again with the app's registry.
 */
export function answerClusterMetricsRequests(registries: readonly Registry[]): void {
  AggregatorRegistry.setRegistries([...registries]);
  clusterListener ??= new AggregatorRegistry<PrometheusContentType>();
}
