import type { GraphQLClient } from '@stockgraph/runtime';
import type { ProjectedStock } from '../../domain/stock-summary';

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
  async sellable(skus: readonly string[], timeoutMs?: number): Promise<Map<string, number>> {
    const data = await this.client.request<{ stockLevels: Array<{ sku: string; available: number }> }>(
      STOCK_LEVELS,
      { skus },
      timeoutMs === undefined ? {} : { timeoutMs },
    );
    const totals = new Map<string, number>();
    for (const level of data.stockLevels) totals.set(level.sku, (totals.get(level.sku) ?? 0) + level.available);
    return totals;
  }

  /** Inventory's stock levels of `skus` (at most 1,000), in the projection's terms. */
  async levels(skus: readonly string[]): Promise<ProjectedStock[]> {
    const data = await this.client.request<{
      stockLevels: Array<{
        sku: string;
        location: { id: string; region: string };
        onHand: number;
        reserved: number;
        available: number;
        version: number;
        updatedAt: string;
      }>;
    }>(LEVELS, { skus });
    return data.stockLevels.map((l) => ({
      sku: l.sku,
      locationId: l.location.id,
      region: l.location.region,
      onHand: l.onHand,
      reserved: l.reserved,
      available: l.available,
      version: l.version,
      changedAt: Date.parse(l.updatedAt),
    }));
  }
}

const LEVELS = /* GraphQL */ `
  query CatalogReconcile($skus: [ID!]!) {
    stockLevels(skus: $skus) {
      sku
      location {
        id
        region
      }
      onHand
      reserved
      available
      version
      updatedAt
    }
  }
`;
