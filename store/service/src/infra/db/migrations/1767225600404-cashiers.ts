import { column } from '@stockgraph/persistence';
import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

/** Cashiers of this shop (a PIN or password each, hashed) and the till sessions they sign in to. */
export class Cashiers1767225600404 implements MigrationInterface {
  name = 'Cashiers1767225600404';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'cashiers',
        columns: [
          { ...column.id('name', 64), isPrimary: true },
          column.id('pin_hash', 200),
          column.int('failures'),
          column.time('locked_until', { isNullable: true }),
          column.time('created_at'),
          column.time('updated_at'),
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'till_sessions',
        columns: [
          { ...column.id('token_hash', 64), isPrimary: true },
          column.id('cashier', 64),
          column.time('created_at'),
          column.time('expires_at'),
          column.time('ended_at', { isNullable: true }),
        ],
        indices: [{ name: 'idx_till_sessions_cashier', columnNames: ['cashier'] }],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('till_sessions');
    await runner.dropTable('cashiers');
  }
}
