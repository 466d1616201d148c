import { dialectSql, type Sql, type Tx } from '@stockgraph/persistence';
import {
  type NearbyAvailability,
  type ReplicaCategory,
  type ReplicaProduct,
  type ReplicaStock,
  replicaKey,
} from '../domain/replica';

interface ProductRow {
  sku: string;
  name: string;
  category_id: string | null;
  price_amount: number | string;
  price_currency: string;
  active: number | string;
  updated_at: number | string;
}

interface StockRow {
  sku: string;
  on_hand: number | string;
  reserved: number | string;
  safety_stock: number | string;
  available: number | string;
  version: number | string;
  changed_at: number | string;
}

const PRODUCT_COLUMNS = ['sku', 'name', 'category_id', 'price_amount', 'price_currency', 'active', 'updated_at'];
const STOCK_COLUMNS = [
  'sku',
  'on_hand',
  'reserved',
  'safety_stock',
  'available',
  'version',
  'changed_at',
  'applied_at',
];

const toProduct = (row: ProductRow): ReplicaProduct => ({
  sku: row.sku,
  name: row.name,
  categoryId: row.category_id,
  priceAmount: Number(row.price_amount),
  priceCurrency: row.price_currency,
  active: Number(row.active) === 1,
  updatedAt: Number(row.updated_at),
});

const toStock = (row: StockRow): ReplicaStock => ({
  sku: row.sku,
  onHand: Number(row.on_hand),
  reserved: Number(row.reserved),
  safetyStock: Number(row.safety_stock),
  available: Number(row.available),
  version: Number(row.version),
  changedAt: Number(row.changed_at),
});

const values = (rows: number, columns: number) =>
  Array.from({ length: rows }, () => `(${dialectSql.placeholders(columns)})`).join(', ');

/** The shop's replica tables. Callers decide what is newer (domain/replica.ts); this writes what it is given. */
export class ReplicaRepository {
  async productVersions(sql: Sql, skus: readonly string[]): Promise<Map<string, number>> {
    if (skus.length === 0) return new Map();
    const rows = await sql.select<{ sku: string; updated_at: number | string }>(
      `SELECT sku, updated_at FROM replica_products WHERE sku IN (${dialectSql.placeholders(skus.length)})`,
      skus,
    );
    return new Map(rows.map((row) => [row.sku, Number(row.updated_at)]));
  }

  async stockVersions(sql: Sql, skus: readonly string[]): Promise<Map<string, number>> {
    if (skus.length === 0) return new Map();
    const rows = await sql.select<{ sku: string; version: number | string }>(
      `SELECT sku, version FROM replica_stock WHERE sku IN (${dialectSql.placeholders(skus.length)})`,
      skus,
    );
    return new Map(rows.map((row) => [row.sku, Number(row.version)]));
  }

  saveProducts(tx: Tx, products: readonly ReplicaProduct[]): void {
    if (products.length === 0) return;
    tx.defer(
      `INSERT INTO replica_products (${PRODUCT_COLUMNS.join(', ')}) VALUES ${values(products.length, PRODUCT_COLUMNS.length)}` +
        dialectSql.onConflictUpdate(tx, ['sku'], PRODUCT_COLUMNS.slice(1)),
      products.flatMap((p) => [
        p.sku,
        p.name,
        p.categoryId,
        p.priceAmount,
        p.priceCurrency,
        p.active ? 1 : 0,
        p.updatedAt,
      ]),
    );
  }

  saveStock(tx: Tx, stock: readonly ReplicaStock[], now: number): void {
    if (stock.length === 0) return;
    tx.defer(
      `INSERT INTO replica_stock (${STOCK_COLUMNS.join(', ')}) VALUES ${values(stock.length, STOCK_COLUMNS.length)}` +
        dialectSql.onConflictUpdate(tx, ['sku'], STOCK_COLUMNS.slice(1)),
      stock.flatMap((s) => [s.sku, s.onHand, s.reserved, s.safetyStock, s.available, s.version, s.changedAt, now]),
    );
  }

  async products(sql: Sql, skus: readonly string[]): Promise<ReplicaProduct[]> {
    if (skus.length === 0) return [];
    const rows = await sql.select<ProductRow>(
      `SELECT ${PRODUCT_COLUMNS.join(', ')} FROM replica_products WHERE sku IN (${dialectSql.placeholders(skus.length)})`,
      skus,
    );
    return rows.map(toProduct);
  }

  async stock(sql: Sql, skus: readonly string[]): Promise<ReplicaStock[]> {
    if (skus.length === 0) return [];
    const rows = await sql.select<StockRow>(
      `SELECT ${STOCK_COLUMNS.slice(0, -1).join(', ')} FROM replica_stock WHERE sku IN (${dialectSql.placeholders(skus.length)})`,
      skus,
    );
    return rows.map(toStock);
  }

  /** Every stock row, in sku order: for comparing one replica with another. */
  async allStock(sql: Sql): Promise<ReplicaStock[]> {
    return (
      await sql.select<StockRow>(`SELECT ${STOCK_COLUMNS.slice(0, -1).join(', ')} FROM replica_stock ORDER BY sku`)
    ).map(toStock);
  }

  async state(sql: Sql, name: string): Promise<string | null> {
    const [row] = await sql.select<{ value: string }>('SELECT value FROM replica_state WHERE name = ?', [name]);
    return row?.value ?? null;
  }

  setState(tx: Tx, name: string, value: string): void {
    tx.defer(
      `INSERT INTO replica_state (name, value) VALUES (?, ?)${dialectSql.onConflictUpdate(tx, ['name'], ['value'])}`,
      [name, value],
    );
  }

  /** Versions of other locations' rows, keyed as `replicaKey`. */
  async nearbyVersions(sql: Sql, skus: readonly string[]): Promise<Map<string, number>> {
    if (skus.length === 0) return new Map();
    const rows = await sql.select<{ sku: string; location_id: string; version: number | string }>(
      `SELECT sku, location_id, version FROM replica_nearby WHERE sku IN (${dialectSql.placeholders(skus.length)})`,
      skus,
    );
    return new Map(rows.map((row) => [replicaKey({ sku: row.sku, locationId: row.location_id }), Number(row.version)]));
  }

  saveNearby(tx: Tx, rows: readonly NearbyAvailability[]): void {
    if (rows.length === 0) return;
    tx.defer(
      `INSERT INTO replica_nearby (sku, location_id, available, version, changed_at) VALUES ${values(rows.length, 5)}` +
        dialectSql.onConflictUpdate(tx, ['sku', 'location_id'], ['available', 'version', 'changed_at']),
      rows.flatMap((r) => [r.sku, r.locationId, r.available, r.version, r.changedAt]),
    );
  }

  async nearby(sql: Sql, skus: readonly string[]): Promise<NearbyAvailability[]> {
    if (skus.length === 0) return [];
    const rows = await sql.select<{
      sku: string;
      location_id: string;
      available: number | string;
      version: number | string;
      changed_at: number | string;
    }>(
      `SELECT sku, location_id, available, version, changed_at FROM replica_nearby WHERE sku IN (${dialectSql.placeholders(skus.length)}) ORDER BY sku, location_id`,
      skus,
    );
    return rows.map((row) => ({
      sku: row.sku,
      locationId: row.location_id,
      available: Number(row.available),
      version: Number(row.version),
      changedAt: Number(row.changed_at),
    }));
  }

  /** Versions (updatedAt) of the categories, by id as `replicaKey` reads a sku. */
  async categoryVersions(sql: Sql, ids: readonly string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows = await sql.select<{ id: string; updated_at: number | string }>(
      `SELECT id, updated_at FROM replica_categories WHERE id IN (${dialectSql.placeholders(ids.length)})`,
      ids,
    );
    return new Map(rows.map((row) => [row.id, Number(row.updated_at)]));
  }

  saveCategories(tx: Tx, categories: readonly ReplicaCategory[]): void {
    if (categories.length === 0) return;
    tx.defer(
      `INSERT INTO replica_categories (id, name, updated_at) VALUES ${values(categories.length, 3)}` +
        dialectSql.onConflictUpdate(tx, ['id'], ['name', 'updated_at']),
      categories.flatMap((c) => [c.id, c.name, c.updatedAt]),
    );
  }

  async categories(sql: Sql, ids: readonly string[]): Promise<ReplicaCategory[]> {
    if (ids.length === 0) return [];
    const rows = await sql.select<{ id: string; name: string; updated_at: number | string }>(
      `SELECT id, name, updated_at FROM replica_categories WHERE id IN (${dialectSql.placeholders(ids.length)})`,
      ids,
    );
    return rows.map((row) => ({ id: row.id, name: row.name, updatedAt: Number(row.updated_at) }));
  }
}
