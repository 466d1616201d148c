import { randomUUID } from 'node:crypto';
import { GraphQLClient } from '@stockgraph/runtime';
import { DEMO, originOf, startDistributedStack, startStoreProcess, tokenFrom } from '../src';
import { BENCH_KAFKA_BROKERS, ensureKafka, freshBenchDatabases } from './support/bench-infra';
import { formatMs, type LatencySummary, summarize } from './support/stats';

export interface StoreBenchResult {
  changes: number;
  /** A central adjustment at the shop's location (its answer) → the shop's replica showing its version. */
  adjustmentToReplica: LatencySummary;
  /** A sale at the till (its answer) → central stock showing it. */
  saleToCentre: LatencySummary;
  /** The same sale → the other shop's "available elsewhere" showing the shop's new figure. */
  saleToOtherShop: LatencySummary;
}

/** How often the bench looks; the figures are at most this much late. */
const POLL_MS = 5;

/**
 * Two shops beside the distributed stack on MariaDB and Kafka (issue 13): how long a
 * central change takes to reach a shop's replica, and a sale at a till to reach the centre
 * and the other shop's "available elsewhere". Sequential, one change at a time, so each
 * figure is the path's own latency, not a queue's.
 */
export async function runStoreBench(options: { changes: number }): Promise<StoreBenchResult> {
  await ensureKafka();
  const stack = await startDistributedStack({
    basePort: 14600,
    databases: await freshBenchDatabases('stores'),
    env: { KAFKA_BROKERS: BENCH_KAFKA_BROKERS, LOG_LEVEL: 'warn' },
  });
  const stores: Array<{ stop(): Promise<void> }> = [];
  try {
    const origin = originOf(stack.gatewayUrl);
    const opsToken = await tokenFrom(origin, { user: DEMO.ops });
    const ops = new GraphQLClient('gateway', stack.gatewayUrl, 30_000, {
      authorization: () => Promise.resolve(`Bearer ${opsToken}`),
    });
    await ops.request(
      'mutation { upsertLocation(input: { id: "porto-store", name: "Porto store", kind: STORE, region: "eu-south", priority: 4 }) { id } }',
    );
    const sku = 'SG-0005';
    const adjust = (locationId: string, set: number) =>
      ops.request<{ adjustStock: { stockLevel: { version: number } } }>(
        'mutation ($key: String!, $input: AdjustStockInput!) { adjustStock(idempotencyKey: $key, input: $input) { stockLevel { version } } }',
        { key: randomUUID(), input: { sku, locationId, set, reason: 'RECEIVED' } },
      );
    await adjust('porto-store', 500);
    await adjust('lisbon-store', 500);
    const shop = async (locationId: string) => {
      const { createStoreApiKey } = await ops.request<{ createStoreApiKey: { secret: string } }>(
        'mutation ($at: ID!) { createStoreApiKey(locationId: $at) { secret } }',
        { at: locationId },
      );
      const store = await startStoreProcess(stack, {
        locationId,
        apiKey: createStoreApiKey.secret,
        env: { KAFKA_BROKERS: BENCH_KAFKA_BROKERS, ALLOWANCE_CAP: String(options.changes * 2) },
      });
      stores.push(store);
      const token = await tokenFrom(origin, { apiKey: createStoreApiKey.secret });
      return new GraphQLClient(locationId, store.url, 30_000, {
        authorization: () => Promise.resolve(`Bearer ${token}`),
      });
    };
    const lisbon = await shop('lisbon-store');
    const porto = await shop('porto-store');
    type View = {
      storeStock: { version: number; allowanceLeft: number; elsewhere: Array<{ locationId: string; version: number }> };
    };
    const view = async (till: GraphQLClient) =>
      (
        await till.request<View>(
          'query ($sku: ID!) { storeStock(sku: $sku) { version allowanceLeft elsewhere { locationId version } } }',
          { sku },
        )
      ).storeStock;
    const until = async <T>(check: () => Promise<T | undefined>, what: string): Promise<T> => {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const value = await check();
        if (value !== undefined) return value;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    };
    await until(
      async () => ((await view(lisbon)).allowanceLeft >= options.changes ? true : undefined),
      "lisbon's allowance",
    );

    const toReplica: number[] = [];
    for (let i = 0; i < options.changes; i += 1) {
      const { adjustStock } = await adjust('lisbon-store', 600 + i);
      const answered = performance.now();
      await until(
        async () => ((await view(lisbon)).version >= adjustStock.stockLevel.version ? true : undefined),
        'the replica',
      );
      toReplica.push(performance.now() - answered);
    }
    const central = async () =>
      (
        await ops.request<{ stockLevels: Array<{ onHand: number; version: number }> }>(
          'query ($sku: ID!) { stockLevels(skus: [$sku], locationIds: ["lisbon-store"]) { onHand version } }',
          { sku },
        )
      ).stockLevels[0];
    const toCentre: number[] = [];
    const toOther: number[] = [];
    for (let i = 0; i < options.changes; i += 1) {
      const before = (await central())?.onHand ?? 0;
      await lisbon.request(
        'mutation ($id: ID!, $sku: ID!) { sell(saleId: $id, lines: [{ sku: $sku, quantity: 1 }]) { userErrors { code } } }',
        { id: `bench-${randomUUID()}`, sku },
      );
      const answered = performance.now();
      const level = await until(async () => {
        const now = await central();
        return now && now.onHand === before - 1 ? now : undefined;
      }, 'the sale centrally');
      toCentre.push(performance.now() - answered);
      await until(
        async () =>
          ((await view(porto)).elsewhere.find((row) => row.locationId === 'lisbon-store')?.version ?? 0) >=
          level.version
            ? true
            : undefined,
        "porto's elsewhere",
      );
      toOther.push(performance.now() - answered);
    }
    return {
      changes: options.changes,
      adjustmentToReplica: summarize(toReplica),
      saleToCentre: summarize(toCentre),
      saleToOtherShop: summarize(toOther),
    };
  } finally {
    for (const store of stores) await store.stop();
    await stack.stop();
  }
}

export function printStoreBench(r: StoreBenchResult): void {
  const line = (label: string, l: LatencySummary) =>
    `  ${label}p50 ${formatMs(l.p50)}  p90 ${formatMs(l.p90)}  p99 ${formatMs(l.p99)}  max ${formatMs(l.max)}`;
  process.stdout.write(
    [
      `two shops beside the distributed stack (MariaDB, Kafka), ${r.changes} changes each, polled every ${POLL_MS} ms`,
      line('central adjustment → shop replica   ', r.adjustmentToReplica),
      line('till sale → central stock           ', r.saleToCentre),
      line("till sale → other shop's elsewhere  ", r.saleToOtherShop),
    ].join('\n') + '\n',
  );
}
