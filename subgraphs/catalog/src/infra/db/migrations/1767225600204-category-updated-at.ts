import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/** When each category last changed, so readers of catalog.categories.v1 (store replicas) keep the newest. */
export class CategoryUpdatedAt1767225600204 implements MigrationInterface {
  name = 'CategoryUpdatedAt1767225600204';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn('categories', new TableColumn({ name: 'updated_at', type: 'bigint', default: 0 }));
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropColumn('categories', 'updated_at');
  }
}
