import { LATENCY_BUCKETS } from '@stockgraph/runtime';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** What the live stock feed reports about itself when scraped. */
export interface LiveFeedCounts {
  readonly subscriberCount: number;
  readonly subscriptionsOpened: number;
}

/**
 * The live stock feed's metrics, registered on `registry`: the callbacks the feed is
 * told its losses and delays through, and gauges read from `feed()` at each scrape.
 */
export function liveStockMetrics(registry: Registry, feed: () => LiveFeedCounts) {
  const losses = new Counter({
    name: 'stock_subscription_losses_total',
    help: 'Stock changes a slow subscriber did not get: coalesced into a newer change of the same stock level, or dropped.',
    labelNames: ['kind'],
    registers: [registry],
  });
  const lag = new Histogram({
    name: 'stock_live_feed_lag_seconds',
    help: "From a stock change committing to it reaching this instance's live feed (outbox, bus, consumer).",
    buckets: [...LATENCY_BUCKETS],
    registers: [registry],
  });
  const queued = new Histogram({
    name: 'stock_live_queue_seconds',
    help: 'From the live feed handing a change to a subscription to that subscription running it.',
    buckets: [...LATENCY_BUCKETS],
    registers: [registry],
  });
  new Gauge({
    name: 'stock_live_subscribers',
    help: 'stockChanged subscriptions open on this instance.',
    registers: [registry],
    collect() {
      this.set(feed().subscriberCount);
    },
  });
  new Counter({
    name: 'stock_live_subscriptions_opened_total',
    help: 'stockChanged subscriptions opened on this instance since it started.',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(feed().subscriptionsOpened);
    },
  });
  return {
    onLoss: (kind: 'coalesced' | 'dropped') => losses.inc({ kind }),
    onLag: (seconds: number) => lag.observe(seconds),
    onQueued: (seconds: number) => queued.observe(seconds),
  };
}
