import { type MigrationInterface, type QueryRunner, TableIndex } from 'typeorm';

/**
 * A placeOrder idempotency key is its customer's own: the same key from two customers is
 * two orders, so one customer can neither spend another's key nor be refused by it.
 */
export class OrderKeyPerCustomer1767225600302 implements MigrationInterface {
  name = 'OrderKeyPerCustomer1767225600302';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createIndex(
      'orders',
      new TableIndex({
        name: 'uq_orders_customer_idempotency_key',
        columnNames: ['customer_id', 'idempotency_key'],
        isUnique: true,
      }),
    );
    await runner.dropIndex('orders', 'uq_orders_idempotency_key');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.createIndex(
      'orders',
      new TableIndex({ name: 'uq_orders_idempotency_key', columnNames: ['idempotency_key'], isUnique: true }),
    );
    await runner.dropIndex('orders', 'uq_orders_customer_idempotency_key');
  }
}
