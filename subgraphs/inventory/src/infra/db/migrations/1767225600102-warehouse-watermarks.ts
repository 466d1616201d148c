import { column } from '@stockgraph/persistence';
import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

/** The newest warehouse count applied per (sku, location), so older counts arriving late are ignored. */
export class WarehouseWatermarks1767225600102 implements MigrationInterface {
  name = 'WarehouseWatermarks1767225600102';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'warehouse_watermarks',
        columns: [
          { ...column.id('sku'), isPrimary: true },
          { ...column.id('location_id'), isPrimary: true },
          { name: 'sequence', type: 'bigint', isNullable: true },
          column.time('observed_at'),
          column.id('event_id', 200),
          column.time('applied_at'),
        ],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('warehouse_watermarks');
  }
}
