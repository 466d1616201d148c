import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { LATENCY_BUCKETS } from './latency-buckets';

/** How often the event-loop lag metrics take a sample. */
const EVENT_LOOP_SAMPLE_MS = 100;

/** A service's Prometheus registry with the metrics every service exposes. */
export interface ServiceMetrics {
  registry: Registry;
  httpRequests: Counter<'route' | 'status'>;
  httpDuration: Histogram<'route'>;
}

/**
 * One registry per service (not prom-client's global one), so the embedded mode can run
 * four services in one process without their metrics colliding.
 */
export function createMetrics(service: string): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  // The event-loop lag histogram samples on a loop timer: prom-client's default 10 ms woke
  // every service 100 times a second at rest; 100 ms still shows a stalled loop.
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS });
  return {
    registry,
    httpRequests: new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests served, by route and status code.',
      labelNames: ['route', 'status'],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by route.',
      labelNames: ['route'],
      buckets: [...LATENCY_BUCKETS],
      registers: [registry],
    }),
  };
}
