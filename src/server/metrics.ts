// Prometheus metrics (GET /metrics). Requests are counted from the audit stream — one event per request that
// already names the service, the action and the error code — so the count and the audit log cannot disagree.
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AuditEvent, AuditSink } from '../api/audit.js';

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
