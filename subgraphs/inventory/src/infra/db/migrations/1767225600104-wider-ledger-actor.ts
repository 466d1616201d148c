import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ledger names its actor from the token (`store:<subject> via <service>`): subjects
 * of up to 100 characters on both sides need more than the 128 the first schema gave.
 * SQLite does not enforce VARCHAR lengths, so only MariaDB changes.
 */
export class WiderLedgerActor1767225600104 implements MigrationInterface {
  name = 'WiderLedgerActor1767225600104';

  async up(runner: QueryRunner): Promise<void> {
    if (runner.connection.driver.options.type !== 'mysql') return;
    await runner.query('ALTER TABLE stock_movements MODIFY actor VARCHAR(255) NOT NULL');
  }

  async down(runner: QueryRunner): Promise<void> {
    if (runner.connection.driver.options.type !== 'mysql') return;
    await runner.query('ALTER TABLE stock_movements MODIFY actor VARCHAR(128) NOT NULL');
  }
}
