import { column } from '@stockgraph/persistence';
import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

/** What other locations of the shop's region can sell of each sku ("available elsewhere"), read-only, by version. */
export class ReplicaNearby1767225600402 implements MigrationInterface {
  name = 'ReplicaNearby1767225600402';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'replica_nearby',
        columns: [
          { ...column.id('sku'), isPrimary: true },
          { ...column.id('location_id'), isPrimary: true },
          column.int('available'),
          column.int('version'),
          column.time('changed_at'),
        ],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('replica_nearby');
  }
}
