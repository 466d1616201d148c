import { column } from '@stockgraph/persistence';
import { type MigrationInterface, type QueryRunner, TableColumn, TableIndex } from 'typeorm';

/**
 * What recovery and the reservation-outcome consumer look orders up by: the hold's expiry
 * (a RESERVED order past it is checked against inventory), the reservation id (inventory's
 * events name the reservation) and how long an order has sat in its status.
 */
export class OrderRecovery1767225600301 implements MigrationInterface {
  name = 'OrderRecovery1767225600301';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn('orders', new TableColumn(column.time('hold_expires_at', { isNullable: true })));
    await runner.createIndex(
      'orders',
      new TableIndex({ name: 'idx_orders_reservation', columnNames: ['reservation_id'] }),
    );
    await runner.createIndex(
      'orders',
      new TableIndex({ name: 'idx_orders_status_updated', columnNames: ['status', 'updated_at'] }),
    );
    await runner.createIndex(
      'orders',
      new TableIndex({ name: 'idx_orders_status_hold', columnNames: ['status', 'hold_expires_at'] }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropIndex('orders', 'idx_orders_status_hold');
    await runner.dropIndex('orders', 'idx_orders_status_updated');
    await runner.dropIndex('orders', 'idx_orders_reservation');
    await runner.dropColumn('orders', 'hold_expires_at');
  }
}
