import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { column } from '@stockgraph/persistence';

/** Who runs each singleton job, until when (see JobLease). */
export class SharedJobLeases1767225600003 implements MigrationInterface {
  name = 'SharedJobLeases1767225600003';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'job_leases',
        columns: [{ ...column.id('name'), isPrimary: true }, column.id('holder', 200), column.time('expires_at')],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('job_leases');
  }
}
