import { randomUUID } from 'node:crypto';
import type { Database } from '@stockgraph/shared';
import { newerThanKept, type ReplicaProduct, type ReplicaStock } from '../domain/replica';
import type { ReplicaRepository } from '../infra/replica.repository';

/** When the replica last heard from the centre (an event batch or a snapshot page), epoch ms. */
const HEARD_AT = 'heardAt';
/** When a snapshot last completed, epoch ms. */
const BOOTSTRAPPED_AT = 'bootstrappedAt';
/** This replica's own name, made with its database: its Kafka positions belong to it. */
const REPLICA_ID = 'replicaId';

/** A sku as the till sees it: the product and the shop's own stock, true as of `asOf`. */
export interface StoreStockView {
  sku: string;
  product: ReplicaProduct | null;
  stock: ReplicaStock | null;
  /** When the replica last heard from the centre: the figures are at least this fresh. */
  asOf: number | null;
}

/**
 * The shop's replica of the catalog and of its own stock. Events and snapshot pages both
 * come through `apply`, which keeps per sku only what is newer than what it holds, so
 * they converge in any order and a replay changes nothing.
 */
export class ReplicaService {
  constructor(
    private readonly db: Database,
    private readonly replica: ReplicaRepository,
    private readonly clock: () => number = Date.now,
  ) {}

  async apply(products: readonly ReplicaProduct[], stock: readonly ReplicaStock[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      const productVersions = await this.replica.productVersions(tx, [...new Set(products.map((p) => p.sku))]);
      const stockVersions = await this.replica.stockVersions(tx, [...new Set(stock.map((s) => s.sku))]);
      this.replica.saveProducts(tx, newerThanKept(products, productVersions, (p) => p.updatedAt));
      const now = this.clock();
      this.replica.saveStock(tx, newerThanKept(stock, stockVersions, (s) => s.version), now);
      this.replica.setState(tx, HEARD_AT, String(now));
    });
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
      const heard = await this.replica.state(sql, HEARD_AT);
      return skus.map((sku) => ({ sku, product: products.get(sku) ?? null, stock: stock.get(sku) ?? null, asOf: heard === null ? null : Number(heard) }));
    });
  }

  /** Every stock row, for comparing replicas. */
  allStock(): Promise<ReplicaStock[]> {
    return this.db.read((sql) => this.replica.allStock(sql));
  }
}
