import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { LATENCY_BUCKETS } from '@stockgraph/runtime';
import type { GroupMetrics } from './sharing/selection-registry';

/** What the subscription pipeline reports, stage by stage (see README.md in this folder). */
export interface SubscriptionMetrics {
  /** Subscriptions open on subgraphs (shared ones count once). */
  upstreams: Gauge;
  /** Client subscriptions open now, WebSocket and event streams. */
  clients: Gauge;
  /** Refusals by a limit: rate_limited, connection_limit, subscription_limit. */
  refusals: Counter<'reason'>;
  /** From a result queued for a client to its bytes written to the socket. */
  written: Histogram;
  /** The sharing stage's figures, as the selection registry reports them. */
  groups: GroupMetrics;
}

/** Registers the pipeline's metrics on `registry`. */
export function subscriptionMetrics(registry: Registry): SubscriptionMetrics {
  const registers = [registry];
  const groupGauge = new Gauge({
    name: 'gateway_subscription_groups',
    help: 'Distinct selections subscribed to (clients differing only in filter values, such as skus, share one).',
    registers,
  });
  const delivered = new Counter({
    name: 'gateway_subscription_events_total',
    help: 'Event results queued for clients.',
    registers,
  });
  const completion = new Histogram({
    name: 'gateway_subscription_event_seconds',
    help: 'From an upstream event arriving to its result being queued for clients (entity fetches and shaping).',
    buckets: [...LATENCY_BUCKETS],
    registers,
  });
  const lost = new Counter({
    name: 'gateway_subscription_losses_total',
    help: 'Results a client did not get: coalesced into a newer one with the same identity or dropped (a slow client), or replaced by a newer one while the rate gate held it (rate_limited).',
    labelNames: ['kind'],
    registers,
  });
  return {
    upstreams: new Gauge({
      name: 'gateway_upstream_subscriptions',
      help: 'Subscriptions open on subgraphs (shared ones count once).',
      registers,
    }),
    clients: new Gauge({
      name: 'gateway_client_subscriptions',
      help: 'Client subscriptions open now (WebSocket and event streams).',
      registers,
    }),
    refusals: new Counter({
      name: 'gateway_websocket_refusals_total',
      help: 'WebSocket upgrades and subscribes refused by a limit: rate_limited, connection_limit, subscription_limit (this instance is full).',
      labelNames: ['reason'],
      registers,
    }),
    written: new Histogram({
      name: 'gateway_subscription_write_seconds',
      help: 'From a result being queued for a client to its bytes being written to the socket (time spent waiting in the client queue).',
      buckets: [...LATENCY_BUCKETS],
      registers,
    }),
    groups: {
      delivered: (count) => delivered.inc(count),
      completed: (seconds) => completion.observe(seconds),
      lost: (kind, count = 1) => lost.inc({ kind }, count),
      groups: (n) => groupGauge.set(n),
    },
  };
}
