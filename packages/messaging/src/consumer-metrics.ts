import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { LATENCY_BUCKETS } from '@stockgraph/runtime';

/** The metrics every event consumer reports, on its service's registry. */
export interface ConsumerMetrics {
  /** Events by consumer and outcome: applied, unchanged, duplicate, stale, dead_lettered. */
  processed: Counter<'consumer' | 'result'>;
  /** Seconds from an event's time to its effect being committed, by consumer. */
  syncLatency: Histogram<'consumer'>;
  /** Messages behind the partition's end, by consumer, topic and partition. */
  lag: Gauge<'consumer' | 'topic' | 'partition'>;
  deadLetters: Counter<'topic' | 'reason'>;
}

const cache = new WeakMap<Registry, ConsumerMetrics>();

export function consumerMetrics(registry: Registry): ConsumerMetrics {
  const existing = cache.get(registry);
  if (existing) return existing;
  const registers = [registry];
  const metrics: ConsumerMetrics = {
    processed: new Counter({
      name: 'stock_events_processed_total',
      help: 'Events a consumer handled, by outcome.',
      labelNames: ['consumer', 'result'],
      registers,
    }),
    syncLatency: new Histogram({
      name: 'stock_sync_latency_seconds',
      help: 'From an event being published to its effect committing, by consumer.',
      labelNames: ['consumer'],
      buckets: [...LATENCY_BUCKETS],
      registers,
    }),
    lag: new Gauge({
      name: 'event_consumer_lag',
      help: 'Messages a consumer has yet to read, by topic and partition.',
      labelNames: ['consumer', 'topic', 'partition'],
      registers,
    }),
    deadLetters: new Counter({
      name: 'dead_letters_total',
      help: 'Messages sent to a dead-letter topic, by source topic and reason.',
      labelNames: ['topic', 'reason'],
      registers,
    }),
  };
  cache.set(registry, metrics);
  return metrics;
}
