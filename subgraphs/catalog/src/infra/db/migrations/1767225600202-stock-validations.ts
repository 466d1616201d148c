import { column } from '@stockgraph/persistence';
import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

/** Every validated checkout line, for troubleshooting; kept a week (AUDIT_RETENTION_DAYS). */
export class StockValidations1767225600202 implements MigrationInterface {
  name = 'StockValidations1767225600202';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'stock_validations',
        columns: [
          column.serialId(runner),
          column.time('validated_at'),
          column.id('sku'),
          column.int('requested'),
          column.int('available'),
          column.int('current_stock'),
          { ...column.id('user_id', 128), isNullable: true },
          column.int('degraded'),
        ],
        indices: [{ name: 'idx_stock_validations_at', columnNames: ['validated_at'] }],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('stock_validations');
  }
}
