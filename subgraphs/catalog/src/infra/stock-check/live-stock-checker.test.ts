import { DomainError } from '@stockgraph/domain';
import type { InventoryClient } from '../clients/inventory.client';
import { type InventoryUnavailable, LiveStockChecker } from './live-stock-checker';
import { NoStockAnswerCache } from './stock-answer-cache';

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
