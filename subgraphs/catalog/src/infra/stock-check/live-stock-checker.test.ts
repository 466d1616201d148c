import { DomainError } from '@stockgraph/domain';
import type { InventoryClient } from '../clients/inventory.client';
import { type InventoryUnavailable, LiveStockChecker } from './live-stock-checker';
import { InMemoryStockAnswerCache, NoStockAnswerCache } from './stock-answer-cache';

describe('LiveStockChecker when inventory refuses a call over budget', () => {
  it('answers rate-limited (a spent budget), and keeps the circuit closed: inventory is up', async () => {
    // Arrange: an inventory that refuses every call as its own budget's RATE_LIMITED.
    let calls = 0;
    const inventory = {
      sellable: async () => {
        calls += 1;
        throw new DomainError(
          'RATE_LIMITED',
          'catalog has spent its budget of 5 calls a second',
          undefined,
          'UNAVAILABLE',
        );
      },
    } as unknown as InventoryClient;
    const outcomes: string[] = [];
    const checker = new LiveStockChecker(
      inventory,
      new NoStockAnswerCache(),
      { acquire: async () => true },
      {
        batchWindowMs: 0,
        breakerResetMs: 60_000,
        onCall: (outcome) => outcomes.push(outcome),
      },
    );
    try {
      // Act: more refusals than the breaker needs to open on failures (3 calls, half failing).
      const errors: unknown[] = [];
      for (let i = 0; i < 6; i += 1) {
        await checker.sellable([`SKU-${i}`], Date.now() + 60_000).catch((error: unknown) => errors.push(error));
      }
      // Assert
      expect(errors.map((e) => (e as InventoryUnavailable).reason)).toEqual(Array(6).fill('rate-limited'));
      expect(outcomes).toEqual(Array(6).fill('refused'));
      expect(checker.circuit).toBe('closed');
      expect(calls).toBe(6);
    } finally {
      checker.shutdown();
    }
  });
});

describe('LiveStockChecker and its answer cache', () => {
  it('counts each sku looked up as a cache hit or a miss', async () => {
    // Arrange: inventory answers every sku; the cache keeps answers a minute.
    const inventory = {
      sellable: (skus: readonly string[]) => Promise.resolve(new Map(skus.map((sku) => [sku, 5]))),
    } as unknown as InventoryClient;
    const lookups: Array<[number, number]> = [];
    const checker = new LiveStockChecker(
      inventory,
      new InMemoryStockAnswerCache(60_000),
      { acquire: async () => true },
      { batchWindowMs: 0, breakerResetMs: 60_000, onCacheLookup: (hits, misses) => lookups.push([hits, misses]) },
    );
    try {
      // Act: two skus asked, then one of them again with a third.
      await checker.sellable(['SG-A', 'SG-B'], Date.now() + 60_000);
      await checker.sellable(['SG-A', 'SG-C'], Date.now() + 60_000);
      // Assert
      expect(lookups).toEqual([
        [0, 2],
        [1, 1],
      ]);
    } finally {
      checker.shutdown();
    }
  });
});
