import { column } from '@stockgraph/persistence';
import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

/**
 * The catalog's projected view of stock (from inventory.stock.v1), a per-sku summary for
 * fast filtering, and word tokens for product search that an index can serve.
 */
export class StockProjection1767225600201 implements MigrationInterface {
  name = 'StockProjection1767225600201';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'stock_projection',
        columns: [
          { ...column.id('sku'), isPrimary: true },
          { ...column.id('location_id'), isPrimary: true },
          column.id('region'),
          column.int('on_hand'),
          column.int('reserved'),
          column.int('available'),
          column.int('version'),
          column.time('changed_at'),
          column.time('applied_at'),
        ],
        indices: [{ name: 'idx_stock_projection_region', columnNames: ['region', 'available', 'sku'] }],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'stock_summary',
        columns: [
          { ...column.id('sku'), isPrimary: true },
          column.int('available'),
          column.int('in_stock'),
          column.time('as_of'),
        ],
        indices: [{ name: 'idx_stock_summary_in_stock', columnNames: ['in_stock', 'sku'] }],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'product_search_tokens',
        columns: [
          { ...column.id('token'), isPrimary: true },
          { ...column.id('sku'), isPrimary: true },
        ],
        indices: [{ name: 'idx_product_search_tokens_sku', columnNames: ['sku'] }],
      }),
    );
    // Products written before this migration get their tokens now.
    const products = (await runner.query('SELECT sku, name, description FROM products')) as Array<{
      sku: string;
      name: string;
      description: string | null;
    }>;
    for (const product of products) {
      const tokens = [
        ...new Set(
          `${product.name} ${product.description ?? ''}`
            .toLowerCase()
            .split(/[^\p{L}\p{N}]+/u)
            .filter((w) => w && w.length <= 64),
        ),
      ];
      if (tokens.length === 0) continue;
      await runner.query(
        `INSERT INTO product_search_tokens (token, sku) VALUES ${tokens.map(() => '(?, ?)').join(', ')}`,
        tokens.flatMap((token) => [token, product.sku]),
      );
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('product_search_tokens');
    await runner.dropTable('stock_summary');
    await runner.dropTable('stock_projection');
  }
}
