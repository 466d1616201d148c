import { column } from '@stockgraph/persistence';
import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

/**
 * The till's sales and returns, the local outbox the sync agent drains in order (a sale or
 * a return per row), the store's offline allowance as the centre last granted it, and what
 * the centre refused for good (the store's dead letters, for operations to see and settle).
 */
export class StoreSales1767225600401 implements MigrationInterface {
  name = 'StoreSales1767225600401';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'sales',
        columns: [
          { ...column.id('sale_id'), isPrimary: true },
          column.id('status', 16),
          column.int('offline'),
          column.time('created_at'),
          { ...column.time('synced_at'), isNullable: true },
        ],
        indices: [{ name: 'idx_sales_created', columnNames: ['created_at', 'sale_id'] }],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'sale_lines',
        columns: [
          { ...column.id('sale_id'), isPrimary: true },
          { ...column.id('sku'), isPrimary: true },
          column.int('quantity'),
          { ...column.int('from_allowance'), isNullable: true, default: null },
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'returns',
        columns: [
          { ...column.id('return_id'), isPrimary: true },
          column.id('sale_id'),
          column.id('status', 16),
          column.time('created_at'),
          { ...column.time('synced_at'), isNullable: true },
        ],
        indices: [{ name: 'idx_returns_sale', columnNames: ['sale_id'] }],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'return_lines',
        columns: [
          { ...column.id('return_id'), isPrimary: true },
          { ...column.id('sku'), isPrimary: true },
          column.int('quantity'),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'sync_outbox',
        columns: [
          column.serialId(runner, 'seq'),
          column.id('kind', 16),
          column.id('ref_id'),
          column.time('created_at'),
          column.int('attempts'),
          column.time('next_attempt_at'),
          { ...column.text('last_error'), isNullable: true },
        ],
        uniques: [{ name: 'uq_sync_outbox_ref', columnNames: ['kind', 'ref_id'] }],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'allowances',
        columns: [{ ...column.id('sku'), isPrimary: true }, column.int('quantity'), column.time('updated_at')],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'sync_dead_letters',
        columns: [
          { ...column.id('kind', 16), isPrimary: true },
          { ...column.id('ref_id'), isPrimary: true },
          column.id('code', 64),
          column.text('reason'),
          column.time('created_at'),
        ],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of [
      'sync_dead_letters',
      'allowances',
      'sync_outbox',
      'return_lines',
      'returns',
      'sale_lines',
      'sales',
    ])
      await runner.dropTable(table);
  }
}
