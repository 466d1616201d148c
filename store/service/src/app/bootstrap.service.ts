import type { GraphQLClient, Logger } from '@stockgraph/runtime';
import type { ReplicaProduct, ReplicaStock } from '../domain/replica';
import type { ReplicaService } from './replica.service';

/** Products per snapshot page: the gateway's largest page. */
const PAGE = 100;

const SNAPSHOT = `query StoreSnapshot($after: String, $first: Int!, $at: [ID!]) {
  products(first: $first, after: $after) {
    edges {
      node {
        sku name active updatedAt
        price { amount currency }
        category { id }
        stockLevels(locationIds: $at) { onHand reserved safetyStock available version updatedAt }
        inventory { byLocation { location { id region } available version } }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface SnapshotNode {
  sku: string;
  name: string;
  active: boolean;
  updatedAt: string;
  price: { amount: number; currency: string };
  category: { id: string } | null;
  stockLevels: Array<{
    onHand: number;
    reserved: number;
    safetyStock: number;
    available: number;
    version: number;
    updatedAt: string;
  }>;
  inventory: { byLocation: Array<{ location: { id: string; region: string }; available: number; version: number }> };
}

interface SnapshotPage {
  products: { edges: Array<{ node: SnapshotNode }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

/**
 * Fills the replica from the centre, through the gateway as the store: every product and
 * the shop's own stock of each, page by page, applied by version like any event — so a
 * snapshot taken while events flow converges with them, whichever lands first.
 */
export class BootstrapService {
  constructor(
    private readonly central: GraphQLClient,
    private readonly replica: ReplicaService,
    private readonly locationId: string,
    private readonly log: Logger,
  ) {}

  /** Takes a snapshot if the replica never completed one; true when it took one. */
  async ensureBootstrapped(): Promise<boolean> {
    if ((await this.replica.bootstrappedAt()) !== null) return false;
    await this.snapshot();
    return true;
  }

  async snapshot(): Promise<{ products: number; stock: number }> {
    // The region first: from then on the feed keeps the region's events, so nothing newer than a page is lost.
    const { locations, categories } = await this.central.request<{
      locations: Array<{ id: string; region: string }>;
      categories: Array<{ id: string; name: string; updatedAt: string }>;
    }>('{ locations { id region } categories { id name updatedAt } }');
    const own = locations.find((location) => location.id === this.locationId);
    if (!own) throw new Error(`the centre has no location ${this.locationId}: check STORE_LOCATION_ID`);
    await this.replica.setRegion(own.region);
    await this.replica.apply({
      categories: categories.map((c) => ({ id: c.id, name: c.name, updatedAt: Date.parse(c.updatedAt) })),
    });
    let after: string | null = null;
    const counts = { products: 0, stock: 0 };
    for (;;) {
      const page: SnapshotPage = await this.central.request<SnapshotPage>(SNAPSHOT, {
        after,
        first: PAGE,
        at: [this.locationId],
      });
      const nodes = page.products.edges.map((edge) => edge.node);
      const products = nodes.map(toProduct);
      const stock = nodes.flatMap((node) => node.stockLevels.slice(0, 1).map((level) => toStock(node.sku, level)));
      const takenAt = Date.now();
      const nearby = nodes.flatMap((node) =>
        node.inventory.byLocation
          .filter((entry) => entry.location.region === own.region && entry.location.id !== this.locationId)
          .map((entry) => ({
            sku: node.sku,
            locationId: entry.location.id,
            available: entry.available,
            version: entry.version,
            changedAt: takenAt,
          })),
      );
      await this.replica.apply({ products, stock, nearby });
      counts.products += products.length;
      counts.stock += stock.length;
      if (!page.products.pageInfo.hasNextPage || page.products.pageInfo.endCursor === null) break;
      after = page.products.pageInfo.endCursor;
    }
    await this.replica.markBootstrapped();
    this.log.info(
      { ...counts, locationId: this.locationId },
      'replica bootstrapped from a snapshot through the gateway',
    );
    return counts;
  }
}

function toProduct(node: SnapshotNode): ReplicaProduct {
  return {
    sku: node.sku,
    name: node.name,
    categoryId: node.category?.id ?? null,
    priceAmount: node.price.amount,
    priceCurrency: node.price.currency,
    active: node.active,
    updatedAt: Date.parse(node.updatedAt),
  };
}

function toStock(sku: string, level: SnapshotNode['stockLevels'][number]): ReplicaStock {
  return {
    sku,
    onHand: level.onHand,
    reserved: level.reserved,
    safetyStock: level.safetyStock,
    available: level.available,
    version: level.version,
    changedAt: Date.parse(level.updatedAt),
  };
}
