import { column } from '@stockgraph/persistence';
import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

/**
 * What stores keep aside to sell offline (their units also count in `stock_levels.reserved`),
 * and the sales their tills recorded centrally: one row per (location, sale id), so a sale
 * sent again — after a lost answer, or a store crash — is answered, never counted twice,
 * however long after the first time.
 */
export class StoreAllowancesAndSales1767225600107 implements MigrationInterface {
  name = 'StoreAllowancesAndSales1767225600107';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'store_allowances',
        columns: [
          { ...column.id('location_id'), isPrimary: true },
          { ...column.id('sku'), isPrimary: true },
          column.int('quantity'),
          column.int('version'),
          column.time('updated_at'),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'store_sales',
        columns: [
          { ...column.id('location_id'), isPrimary: true },
          { ...column.id('sale_id'), isPrimary: true },
          column.id('actor', 500),
          column.time('recorded_at'),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'store_sale_lines',
        columns: [
          { ...column.id('location_id'), isPrimary: true },
          { ...column.id('sale_id'), isPrimary: true },
          { ...column.id('sku'), isPrimary: true },
          column.int('quantity'),
          column.int('from_allowance'),
        ],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('store_sale_lines');
    await runner.dropTable('store_sales');
    await runner.dropTable('store_allowances');
  }
}
