import { GraphQLClient } from '@stockgraph/runtime';

/** A `SALE` movement of the central ledger: one line of a shop's sale, recorded. */
export interface SaleMovement {
  sku: string;
  locationId: string;
  /** The till's sale id. */
  reference: string;
  onHandDelta: number;
}

type MovementPage = {
  stockMovements: {
    edges: Array<{ node: SaleMovement & { kind: string } }>;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
};

/**
 * Every `SALE` movement of the central ledger for `skus` (read from inventory, 100 a page,
 * at most 1,000 pages a sku), sku by sku and newest first: what the centre recorded of the
 * shops' sales, to compare with what their tills answered.
 */
export async function saleMovements(
  inventoryUrl: string,
  authorization: () => Promise<string>,
  skus: readonly string[],
): Promise<SaleMovement[]> {
  const inventory = new GraphQLClient('inventory', inventoryUrl, 30_000, { authorization });
  const sales: SaleMovement[] = [];
  for (const sku of skus) {
    let after: string | null = null;
    for (let page = 0; ; page += 1) {
      if (page === 1000) throw new Error(`${sku} has more than 100,000 movements`);
      const { stockMovements }: MovementPage = await inventory.request<MovementPage>(
        'query ($sku: ID!, $after: String) { stockMovements(sku: $sku, first: 100, after: $after) { edges { node { kind sku locationId reference onHandDelta } } pageInfo { hasNextPage endCursor } } }',
        { sku, after },
      );
      for (const { node } of stockMovements.edges) {
        const { kind, ...movement } = node;
        if (kind === 'SALE') sales.push(movement);
      }
      if (!stockMovements.pageInfo.hasNextPage) break;
      after = stockMovements.pageInfo.endCursor;
    }
  }
  return sales;
}
