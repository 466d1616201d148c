import { column } from '@stockgraph/persistence';
import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

export class CatalogSchema1767225600200 implements MigrationInterface {
  name = 'CatalogSchema1767225600200';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'categories',
        columns: [{ ...column.id('id'), isPrimary: true }, column.id('name', 200)],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'products',
        columns: [
          { ...column.id('sku'), isPrimary: true },
          column.id('name', 200),
          column.text('description', { isNullable: true }),
          { ...column.id('category_id'), isNullable: true },
          { name: 'price_amount', type: 'bigint' },
          column.id('price_currency', 3),
          { name: 'active', type: 'boolean', default: true },
          column.text('search_text'),
          column.time('created_at'),
          column.time('updated_at'),
        ],
        indices: [
          { name: 'idx_products_category', columnNames: ['category_id', 'sku'] },
          { name: 'idx_products_active', columnNames: ['active', 'sku'] },
        ],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('products');
    await runner.dropTable('categories');
  }
}
