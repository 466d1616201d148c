import { column } from '@stockgraph/persistence';
import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

export class InventorySchema1767225600100 implements MigrationInterface {
  name = 'InventorySchema1767225600100';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'locations',
        columns: [
          { ...column.id('id'), isPrimary: true },
          column.id('name', 200),
          column.id('kind', 16),
          column.id('region', 64),
          column.int('priority', { default: 100 }),
          column.time('created_at'),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'stock_levels',
        columns: [
          { ...column.id('sku'), isPrimary: true },
          { ...column.id('location_id'), isPrimary: true },
          column.int('on_hand'),
          column.int('reserved'),
          column.int('safety_stock'),
          column.int('version'),
          column.time('updated_at'),
        ],
        indices: [{ name: 'idx_stock_levels_location', columnNames: ['location_id', 'sku'] }],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'reservations',
        columns: [
          { ...column.id('id', 36), isPrimary: true },
          column.id('status', 16),
          { ...column.id('reference', 500), isNullable: true },
          column.time('expires_at'),
          column.time('created_at'),
          column.time('updated_at'),
        ],
        indices: [{ name: 'idx_reservations_status_expires', columnNames: ['status', 'expires_at'] }],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'reservation_lines',
        columns: [
          { ...column.id('reservation_id', 36), isPrimary: true },
          { ...column.id('sku'), isPrimary: true },
          { ...column.id('location_id'), isPrimary: true },
          column.int('quantity'),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'stock_movements',
        columns: [
          column.serialId(runner),
          column.id('sku'),
          column.id('location_id'),
          column.id('kind', 16),
          column.int('on_hand_delta'),
          column.int('reserved_delta'),
          column.int('safety_stock_delta'),
          column.int('on_hand_after'),
          column.int('reserved_after'),
          column.int('safety_stock_after'),
          column.int('version_after'),
          { ...column.id('reason', 32), isNullable: true },
          { ...column.id('reference', 500), isNullable: true },
          column.id('actor', 128),
          { ...column.id('reservation_id', 36), isNullable: true },
          { ...column.id('idempotency_key', 200), isNullable: true },
          { ...column.id('source_event_id', 200), isNullable: true },
          column.time('created_at'),
        ],
        indices: [{ name: 'idx_stock_movements_sku', columnNames: ['sku', 'id'] }],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['stock_movements', 'reservation_lines', 'reservations', 'stock_levels', 'locations']) {
      await runner.dropTable(table);
    }
  }
}
