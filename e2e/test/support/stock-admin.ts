import { randomUUID } from 'node:crypto';
import { graphqlData } from '@stockgraph/testing';

/** One stock level as tests read it. */
export interface TestStockLevel {
  location: { id: string };
  onHand: number;
  reserved: number;
  safetyStock: number;
  damaged: number;
  available: number;
}

/**
 * Stock changes a test makes "from another client": through the gateway's API as
 * operations staff, each failing the test on a user error.
 */
export function stockAdmin(graphqlUrl: string, ops: Record<string, string>) {
  const levels = async (sku: string): Promise<TestStockLevel[]> =>
    (
      await graphqlData<{ stockLevels: TestStockLevel[] }>(
        graphqlUrl,
        'query ($skus: [ID!]!) { stockLevels(skus: $skus) { location { id } onHand reserved safetyStock damaged available } }',
        { skus: [sku] },
        ops,
      )
    ).stockLevels;

  const setOnHand = async (sku: string, locationId: string, set: number): Promise<void> => {
    const data = await graphqlData<{ adjustStock: { userErrors: Array<{ code: string }> } }>(
      graphqlUrl,
      'mutation ($key: String!, $input: AdjustStockInput!) { adjustStock(idempotencyKey: $key, input: $input) { userErrors { code } } }',
      { key: randomUUID(), input: { sku, locationId, set, reason: 'CORRECTION' } },
      ops,
    );
    if (data.adjustStock.userErrors.length > 0)
      throw new Error(`adjustStock ${sku}@${locationId} = ${set}: ${JSON.stringify(data.adjustStock.userErrors)}`);
  };

  return {
    levels,
    setOnHand,
    /** Sets on-hand so that exactly `available` units can be sold over all locations, all at the first one. */
    async setAvailable(sku: string, available: number): Promise<TestStockLevel[]> {
      const [first, ...others] = await levels(sku);
      if (!first) throw new Error(`${sku} has no stock levels`);
      for (const level of others) await setOnHand(sku, level.location.id, level.reserved + level.safetyStock);
      await setOnHand(sku, first.location.id, first.reserved + first.safetyStock + available);
      return levels(sku);
    },
    /** Units held over all locations. */
    async reserved(sku: string): Promise<number> {
      return (await levels(sku)).reduce((sum, level) => sum + level.reserved, 0);
    },
    /** Holds `quantity` units of the sku (as another shopper's cart would); fails the test if it cannot. */
    async reserve(sku: string, quantity: number): Promise<string> {
      const data = await graphqlData<{
        reserveStock: { reservation: { id: string } | null; userErrors: Array<{ code: string }> };
      }>(
        graphqlUrl,
        'mutation ($key: String!, $input: ReserveStockInput!) { reserveStock(idempotencyKey: $key, input: $input) { reservation { id } userErrors { code } } }',
        { key: randomUUID(), input: { lines: [{ sku, quantity }], reference: 'another-client' } },
        ops,
      );
      if (!data.reserveStock.reservation)
        throw new Error(`reserveStock ${sku} × ${quantity}: ${JSON.stringify(data.reserveStock.userErrors)}`);
      return data.reserveStock.reservation.id;
    },
  };
}
