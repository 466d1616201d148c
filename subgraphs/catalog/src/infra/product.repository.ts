import { dialectSql, type Sql, type Tx } from '@stockgraph/persistence';
import type { Category, Product, ProductFilter } from '../domain/product';
import { searchTokens } from '../domain/stock-summary';
import { ProductEntity } from './db/entities/product.entity';

interface ProductRow {
  sku: string;
  name: string;
  description: string | null;
  category_id: string | null;
  price_amount: number;
  price_currency: string;
  active: number | boolean;
  created_at: number;
  updated_at: number;
}

const COLUMNS = 'sku, name, description, category_id, price_amount, price_currency, active, created_at, updated_at';

function toProduct(row: ProductRow): Product {
  return {
    sku: row.sku,
    name: row.name,
    description: row.description,
    categoryId: row.category_id,
    priceAmount: Number(row.price_amount),
    priceCurrency: row.price_currency,
    active: Boolean(Number(row.active)),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/**
 * `%` and `_` in user text match themselves, not patterns. `!` is the escape character
 * because a backslash is read differently by MariaDB and SQLite string literals.
 */
function likeLiteral(text: string): string {
  return text.replace(/[!%_]/g, (c) => `!${c}`);
}

export class ProductRepository {
  async findBySkus(sql: Sql, skus: readonly string[]): Promise<Product[]> {
    if (skus.length === 0) return [];
    const rows = await sql.select<ProductRow>(
      `SELECT ${COLUMNS} FROM products WHERE sku IN (${dialectSql.placeholders(skus.length)})`,
      skus,
    );
    return rows.map(toProduct);
  }

  /** Products in sku order after `afterSku`, at most `limit`. */
  async list(sql: Sql, filter: ProductFilter, afterSku: string | null, limit: number): Promise<Product[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.categoryId != null) {
      where.push('category_id = ?');
      params.push(filter.categoryId);
    }
    if (filter.active != null) {
      where.push('active = ?');
      params.push(filter.active ? 1 : 0);
    }
    // Every word must start a word of the name or description; the token index serves it.
    for (const word of searchTokens(filter.search ?? '')) {
      where.push("sku IN (SELECT sku FROM product_search_tokens WHERE token LIKE ? ESCAPE '!')");
      params.push(`${likeLiteral(word)}%`);
    }
    if (filter.inStock != null) {
      where.push(`sku ${filter.inStock ? '' : 'NOT '}IN (SELECT sku FROM stock_summary WHERE in_stock = 1)`);
    }
    if (filter.region != null) {
      where.push('sku IN (SELECT sku FROM stock_projection WHERE region = ? AND available > 0)');
      params.push(filter.region);
    }
    if (filter.skus != null) {
      if (filter.skus.length === 0) return [];
      where.push(`sku IN (${dialectSql.placeholders(filter.skus.length)})`);
      params.push(...filter.skus);
    }
    if (afterSku !== null) {
      where.push('sku > ?');
      params.push(afterSku);
    }
    const rows = await sql.select<ProductRow>(
      `SELECT ${COLUMNS} FROM products${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY sku LIMIT ?`,
      [...params, limit],
    );
    return rows.map(toProduct);
  }

  /** Inserts or replaces a product; returns whether it existed before. */
  async upsert(tx: Tx, product: Product): Promise<boolean> {
    const [existing] = await tx.select<{ sku: string }>(
      `SELECT sku FROM products WHERE sku = ?${dialectSql.forUpdate(tx)}`,
      [product.sku],
    );
    const values = {
      name: product.name,
      description: product.description,
      categoryId: product.categoryId,
      priceAmount: product.priceAmount,
      priceCurrency: product.priceCurrency,
      active: product.active,
      updatedAt: product.updatedAt,
    };
    this.saveTokens(tx, product);
    if (existing) {
      tx.defer(
        'UPDATE products SET name = ?, description = ?, category_id = ?, price_amount = ?, price_currency = ?, active = ?, updated_at = ? WHERE sku = ?',
        // Booleans as 1/0: SQLite binds no booleans.
        [
          values.name,
          values.description,
          values.categoryId,
          values.priceAmount,
          values.priceCurrency,
          values.active ? 1 : 0,
          values.updatedAt,
          product.sku,
        ],
      );
      return true;
    }
    tx.insert(ProductEntity, [{ sku: product.sku, ...values, createdAt: product.createdAt }]);
    return false;
  }

  /** Replaces a product's search tokens, with the transaction's commit. */
  saveTokens(tx: Tx, product: Pick<Product, 'sku' | 'name' | 'description'>): void {
    tx.defer('DELETE FROM product_search_tokens WHERE sku = ?', [product.sku]);
    const tokens = searchTokens(`${product.name} ${product.description ?? ''}`);
    if (tokens.length === 0) return;
    tx.defer(
      `INSERT INTO product_search_tokens (token, sku) VALUES ${tokens.map(() => '(?, ?)').join(', ')}`,
      tokens.flatMap((token) => [token, product.sku]),
    );
  }

  async categories(session: Sql): Promise<Category[]> {
    return toCategories(await session.select<CategoryRow>('SELECT id, name, updated_at FROM categories ORDER BY name'));
  }

  async categoriesByIds(sql: Sql, ids: readonly string[]): Promise<Category[]> {
    if (ids.length === 0) return [];
    return toCategories(
      await sql.select<CategoryRow>(
        `SELECT id, name, updated_at FROM categories WHERE id IN (${dialectSql.placeholders(ids.length)})`,
        ids,
      ),
    );
  }

  /** Writes the category as given; true when it existed before. */
  async upsertCategory(tx: Tx, category: Category): Promise<boolean> {
    const existed = (await this.categoriesByIds(tx, [category.id])).length > 0;
    await tx.execute(
      `INSERT INTO categories (id, name, updated_at) VALUES (?, ?, ?)${dialectSql.onConflictUpdate(tx, ['id'], ['name', 'updated_at'])}`,
      [category.id, category.name, category.updatedAt],
    );
    return existed;
  }
}

interface CategoryRow {
  id: string;
  name: string;
  updated_at: number | string;
}

function toCategories(rows: readonly CategoryRow[]): Category[] {
  return rows.map((row) => ({ id: row.id, name: row.name, updatedAt: Number(row.updated_at) }));
}
