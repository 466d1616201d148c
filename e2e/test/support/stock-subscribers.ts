import { waitFor } from '@stockgraph/testing';
import { readMetric } from '../../src';

/** Stock subscriptions inventory serves now, and has opened since it started (upstreams the gateway shares count once). */
export async function stockSubscriptions(inventoryMetricsUrl: string): Promise<{ open: number; opened: number }> {
  const [open, opened] = await Promise.all([
    readMetric(inventoryMetricsUrl, 'stock_live_subscribers'),
    readMetric(inventoryMetricsUrl, 'stock_live_subscriptions_opened_total'),
  ]);
  return { open, opened };
}

/**
 * Waits until inventory serves exactly `count` stock subscriptions, at least one of them
 * opened after `openedBefore` when given (so a page that subscribed again is not mistaken
 * for its old subscription). A page's subscription sees every later change once it is
 * counted; tests wait for that rather than hoping it was fast enough.
 */
export async function stockSubscribersReach(
  inventoryMetricsUrl: string,
  count: number,
  openedBefore?: number,
): Promise<void> {
  await waitFor(
    async () => {
      const { open, opened } = await stockSubscriptions(inventoryMetricsUrl);
      return open === count && (openedBefore === undefined || opened > openedBefore);
    },
    { what: `inventory to serve ${count} stock subscription(s)`, timeoutMs: 30_000, intervalMs: 50 },
  );
}
