import type { GraphQLClient } from '@stockgraph/runtime';

export interface CatalogPrice {
  sku: string;
  active: boolean;
  amount: number;
  currency: string;
}

const PRICES = `query OrderPrices($skus: [ID!]!, $first: Int!) {
  products(filter: { skus: $skus }, first: $first) {
    edges { node { sku active price { amount currency } } }
  }
}`;

/** Reads current prices from the catalog subgraph, which owns them. */
export class CatalogClient {
  constructor(private readonly client: GraphQLClient) {}

  async prices(skus: readonly string[]): Promise<Map<string, CatalogPrice>> {
    const data = await this.client.request<{
      products: {
        edges: Array<{ node: { sku: string; active: boolean; price: { amount: number; currency: string } } }>;
      };
    }>(PRICES, { skus, first: Math.max(1, skus.length) });
    return new Map(
      data.products.edges.map(({ node }) => [
        node.sku,
        { sku: node.sku, active: node.active, amount: node.price.amount, currency: node.price.currency },
      ]),
    );
  }
}
