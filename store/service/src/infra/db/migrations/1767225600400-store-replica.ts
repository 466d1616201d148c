import { column } from '@stockgraph/persistence';
import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

/**
 * The shop's replica: products (all of them, for the till to find by sku) and the stock
 * of the shop's own location, each with the central version it was taken at; and the
 * replica's own facts (when it was bootstrapped).
 */
export class StoreReplica1767225600400 implements MigrationInterface {
  name = 'StoreReplica1767225600400';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'replica_products',
        columns: [
          { ...column.id('sku'), isPrimary: true },
          column.id('name', 200),
          { ...column.id('category_id'), isNullable: true },
          { name: 'price_amount', type: 'bigint' },
          column.id('price_currency', 3),
          column.int('active'),
          column.time('updated_at'),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'replica_stock',
        columns: [
          { ...column.id('sku'), isPrimary: true },
          column.int('on_hand'),
          column.int('reserved'),
          column.int('safety_stock'),
          column.int('available'),
          column.int('version'),
          column.time('changed_at'),
          column.time('applied_at'),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'replica_state',
        columns: [{ ...column.id('name'), isPrimary: true }, column.text('value')],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('replica_state');
    await runner.dropTable('replica_stock');
    await runner.dropTable('replica_products');
  }
}
