import { column } from '@stockgraph/persistence';
import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

/** The catalog's categories, as the shop's replica keeps them (from catalog.categories.v1, by updatedAt). */
export class ReplicaCategories1767225600403 implements MigrationInterface {
  name = 'ReplicaCategories1767225600403';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'replica_categories',
        columns: [{ ...column.id('id'), isPrimary: true }, column.id('name', 200), column.time('updated_at')],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('replica_categories');
  }
}
