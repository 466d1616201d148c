import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * MariaDB's TEXT holds 64 KB: too little for the stored answer of a bulk adjustment or a
 * large event. SQLite's TEXT has no such limit, so there is nothing to do there.
 */
export class SharedLongText1767225600002 implements MigrationInterface {
  name = 'SharedLongText1767225600002';

  async up(runner: QueryRunner): Promise<void> {
    if (runner.connection.driver.options.type !== 'mysql') return;
    await runner.query('ALTER TABLE idempotency_keys MODIFY response MEDIUMTEXT NULL');
    await runner.query('ALTER TABLE outbox_messages MODIFY payload MEDIUMTEXT NOT NULL');
  }

  async down(runner: QueryRunner): Promise<void> {
    if (runner.connection.driver.options.type !== 'mysql') return;
    await runner.query('ALTER TABLE outbox_messages MODIFY payload TEXT NOT NULL');
    await runner.query('ALTER TABLE idempotency_keys MODIFY response TEXT NULL');
  }
}
