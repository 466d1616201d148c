import { column } from '@stockgraph/persistence';
import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

/** Returns at stores' tills, one per (location, return id), each of (some of) one recorded sale. */
export class StoreReturns1767225600108 implements MigrationInterface {
  name = 'StoreReturns1767225600108';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'store_returns',
        columns: [
          { ...column.id('location_id'), isPrimary: true },
          { ...column.id('return_id'), isPrimary: true },
          column.id('sale_id'),
          column.id('actor', 500),
          column.time('recorded_at'),
        ],
        indices: [{ name: 'idx_store_returns_sale', columnNames: ['location_id', 'sale_id'] }],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'store_return_lines',
        columns: [
          { ...column.id('location_id'), isPrimary: true },
          { ...column.id('return_id'), isPrimary: true },
          { ...column.id('sku'), isPrimary: true },
          column.int('quantity'),
        ],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('store_return_lines');
    await runner.dropTable('store_returns');
  }
}
