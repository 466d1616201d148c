import { GraphQLClient } from '@stockgraph/shared';

const STOCK_LEVELS = /* GraphQL */ `
  query CatalogStockCheck($skus: [ID!]!) {
    stockLevels(skus: $skus) {
      sku
      available
    }
  }
`;

/** Asks the inventory subgraph, the source of truth, what can be sold right now. */
export class InventoryClient {
  constructor(private readonly client: GraphQLClient) {}

  /** Sellable units per sku, summed over locations; skus inventory does not stock are absent. */
  async sellable(skus: readonly string[]): Promise<Map<string, number>> {
    const data = await this.client.request<{ stockLevels: Array<{ sku: string; available: number }> }>(STOCK_LEVELS, {
      skus,
    });
    const totals = new Map<string, number>();
    for (const level of data.stockLevels) totals.set(level.sku, (totals.get(level.sku) ?? 0) + level.available);
    return totals;
  }
}
