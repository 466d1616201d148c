import { randomUUID } from 'node:crypto';
import type { Database } from '@stockgraph/persistence';
import {
  type NearbyAvailability,
  newerThanKept,
  type ReplicaCategory,
  type ReplicaProduct,
  type ReplicaStock,
  replicaKey,
} from '../domain/replica';
import type { ReplicaRepository } from '../infra/replica.repository';

/** When the replica last heard from the centre (an event batch or a snapshot page), epoch ms. */
const HEARD_AT = 'heardAt';
/** When a snapshot last completed, epoch ms. */
const BOOTSTRAPPED_AT = 'bootstrappedAt';
/** This replica's own name, made with its database: its Kafka positions belong to it. */
const REPLICA_ID = 'replicaId';
/** The region of the shop's location, learned from the centre: "elsewhere" is within it. */
const REGION = 'region';

/** What came from the centre in one batch (events) or page (snapshot). */
export interface ReplicaChanges {
  products?: readonly ReplicaProduct[];
  categories?: readonly ReplicaCategory[];
  stock?: readonly ReplicaStock[];
  nearby?: readonly NearbyAvailability[];
}

/** A sku as the till sees it: the product and the shop's own stock, true as of `asOf`. */
export interface StoreStockView {
  sku: string;
  product: ReplicaProduct | null;
  category: ReplicaCategory | null;
  stock: ReplicaStock | null;
  /** What other locations of the region can sell, as last heard. */
  elsewhere: NearbyAvailability[];
  /** When the replica last heard from the centre: the figures are at least this fresh. */
  asOf: number | null;
}

/**
 * The shop's replica of the catalog and of its own stock. Events and snapshot pages both
 * come through `apply`, which keeps per sku only what is newer than what it holds, so
 * they converge in any order and a replay changes nothing.
 */
export class ReplicaService {
  private knownRegion: string | null = null;

  constructor(
    private readonly db: Database,
    private readonly replica: ReplicaRepository,
    private readonly clock: () => number = Date.now,
  ) {}

  async apply(changes: ReplicaChanges): Promise<void> {
    const { products = [], categories = [], stock = [], nearby = [] } = changes;
    const skus = (rows: ReadonlyArray<{ sku: string }>) => [...new Set(rows.map((row) => row.sku))];
    await this.db.transaction(async (tx) => {
      const productVersions = await this.replica.productVersions(tx, skus(products));
      const categoryVersions = await this.replica.categoryVersions(tx, [...new Set(categories.map((c) => c.id))]);
      const stockVersions = await this.replica.stockVersions(tx, skus(stock));
      const nearbyVersions = await this.replica.nearbyVersions(tx, skus(nearby));
      this.replica.saveProducts(
        tx,
        newerThanKept(
          products,
          productVersions,
          (p) => p.sku,
          (p) => p.updatedAt,
        ),
      );
      this.replica.saveCategories(
        tx,
        newerThanKept(
          categories,
          categoryVersions,
          (c) => c.id,
          (c) => c.updatedAt,
        ),
      );
      const now = this.clock();
      this.replica.saveStock(
        tx,
        newerThanKept(
          stock,
          stockVersions,
          (s) => s.sku,
          (s) => s.version,
        ),
        now,
      );
      this.replica.saveNearby(
        tx,
        newerThanKept(nearby, nearbyVersions, replicaKey, (n) => n.version),
      );
      this.replica.setState(tx, HEARD_AT, String(now));
    });
  }

  /** The shop's region, once learned (null before): stock events of its other locations are kept as "elsewhere". */
  get region(): string | null {
    return this.knownRegion;
  }

  async loadRegion(): Promise<void> {
    this.knownRegion = await this.db.read((sql) => this.replica.state(sql, REGION));
  }

  async setRegion(region: string): Promise<void> {
    await this.db.transaction((tx) => {
      this.replica.setState(tx, REGION, region);
      return Promise.resolve();
    });
    this.knownRegion = region;
  }

  /**
   * The replica's id, made on first use. A replica rebuilt on a fresh database gets a new
   * one, so it reads Kafka from the start rather than from where its predecessor stopped.
   */
  async id(): Promise<string> {
    return this.db.transaction(async (tx) => {
      const kept = await this.replica.state(tx, REPLICA_ID);
      if (kept !== null) return kept;
      const made = randomUUID().slice(0, 8);
      this.replica.setState(tx, REPLICA_ID, made);
      return made;
    });
  }

  async markBootstrapped(): Promise<void> {
    await this.db.transaction((tx) => {
      this.replica.setState(tx, BOOTSTRAPPED_AT, String(this.clock()));
      return Promise.resolve();
    });
  }

  async bootstrappedAt(): Promise<number | null> {
    const value = await this.db.read((sql) => this.replica.state(sql, BOOTSTRAPPED_AT));
    return value === null ? null : Number(value);
  }

  async view(skus: readonly string[]): Promise<StoreStockView[]> {
    return this.db.read(async (sql) => {
      const products = new Map((await this.replica.products(sql, skus)).map((p) => [p.sku, p]));
      const stock = new Map((await this.replica.stock(sql, skus)).map((s) => [s.sku, s]));
      const nearby = await this.replica.nearby(sql, skus);
      const categoryIds = [...new Set([...products.values()].flatMap((p) => (p.categoryId ? [p.categoryId] : [])))];
      const categories = new Map((await this.replica.categories(sql, categoryIds)).map((c) => [c.id, c]));
      const heard = await this.replica.state(sql, HEARD_AT);
      return skus.map((sku) => ({
        sku,
        product: products.get(sku) ?? null,
        category: categories.get(products.get(sku)?.categoryId ?? '') ?? null,
        stock: stock.get(sku) ?? null,
        elsewhere: nearby.filter((row) => row.sku === sku),
        asOf: heard === null ? null : Number(heard),
      }));
    });
  }

  /** Every stock row, for comparing replicas. */
  allStock(): Promise<ReplicaStock[]> {
    return this.db.read((sql) => this.replica.allStock(sql));
  }
}
