import { column } from '@stockgraph/persistence';
import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

export class OrderSchema1767225600300 implements MigrationInterface {
  name = 'OrderSchema1767225600300';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'orders',
        columns: [
          { ...column.id('id', 36), isPrimary: true },
          column.id('customer_id', 128),
          column.id('status', 16),
          { ...column.id('reference', 500), isNullable: true },
          column.id('currency', 3),
          { ...column.id('reservation_id', 36), isNullable: true },
          { ...column.id('payment_reference', 200), isNullable: true },
          { ...column.id('failure_code', 64), isNullable: true },
          column.text('failure_message', { isNullable: true }),
          column.id('idempotency_key', 200),
          column.id('request_hash', 64),
          column.text('place_result', { isNullable: true }),
          column.time('created_at'),
          column.time('updated_at'),
        ],
        indices: [
          { name: 'uq_orders_idempotency_key', columnNames: ['idempotency_key'], isUnique: true },
          { name: 'idx_orders_customer', columnNames: ['customer_id', 'created_at', 'id'] },
          { name: 'idx_orders_status', columnNames: ['status', 'created_at', 'id'] },
          { name: 'idx_orders_created', columnNames: ['created_at', 'id'] },
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'order_lines',
        columns: [
          { ...column.id('order_id', 36), isPrimary: true },
          { ...column.int('line_no'), isPrimary: true },
          column.id('sku'),
          column.int('quantity'),
          { name: 'unit_price', type: 'bigint' },
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'order_events',
        columns: [
          column.serialId(runner),
          column.id('order_id', 36),
          { ...column.id('from_status', 16), isNullable: true },
          column.id('to_status', 16),
          column.text('cause'),
          column.time('at'),
        ],
        indices: [{ name: 'idx_order_events_order', columnNames: ['order_id', 'id'] }],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('order_events');
    await runner.dropTable('order_lines');
    await runner.dropTable('orders');
  }
}
