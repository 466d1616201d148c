import { column } from '@stockgraph/persistence';
import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

/** Expected receipts from suppliers (DESIGN.md §12): what each line expects and has received. */
export class PurchaseOrders1767225600112 implements MigrationInterface {
  name = 'PurchaseOrders1767225600112';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'purchase_orders',
        columns: [
          { ...column.id('id', 36), isPrimary: true },
          column.id('location_id'),
          column.id('supplier_reference', 200),
          column.time('expected_at'),
          column.id('status', 16),
          { ...column.id('close_reason', 200), isNullable: true },
          column.id('created_by', 255),
          column.time('created_at'),
          column.time('updated_at'),
        ],
        indices: [{ name: 'idx_purchase_orders_location', columnNames: ['location_id', 'created_at'] }],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'purchase_order_lines',
        columns: [
          { ...column.id('purchase_order_id', 36), isPrimary: true },
          { ...column.id('sku'), isPrimary: true },
          column.int('expected'),
          column.int('received'),
        ],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('purchase_order_lines');
    await runner.dropTable('purchase_orders');
  }
}
