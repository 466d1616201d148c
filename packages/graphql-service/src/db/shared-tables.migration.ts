import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { column } from '@stockgraph/persistence';

/** The outbox and the idempotency store: every service that changes state has both. */
export class SharedTables1767225600000 implements MigrationInterface {
  name = 'SharedTables1767225600000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'outbox_messages',
        columns: [
          column.serialId(runner),
          column.id('topic', 200),
          column.id('message_key', 200),
          column.text('payload'),
          column.text('headers', { isNullable: true }),
          column.time('created_at'),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'outbox_relay_lease',
        columns: [{ ...column.id('name'), isPrimary: true }, column.time('taken_at', { default: 0 })],
      }),
    );
    await runner.query(`INSERT INTO outbox_relay_lease (name, taken_at) VALUES ('relay', 0)`);
    await runner.createTable(
      new Table({
        name: 'idempotency_keys',
        columns: [
          { ...column.id('scope'), isPrimary: true },
          { ...column.id('idem_key', 200), isPrimary: true },
          column.id('request_hash'),
          column.text('response', { isNullable: true }),
          column.time('created_at'),
          column.time('expires_at'),
        ],
        indices: [{ name: 'idx_idempotency_keys_expires_at', columnNames: ['expires_at'] }],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('idempotency_keys');
    await runner.dropTable('outbox_relay_lease');
    await runner.dropTable('outbox_messages');
  }
}
