import { type MigrationInterface, type QueryRunner, TableIndex } from 'typeorm';

/** Finds a level's movements by time: `stockLevelAt` and the ledger export read them so. */
export class LedgerTimeIndex1767225600109 implements MigrationInterface {
  name = 'LedgerTimeIndex1767225600109';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createIndex(
      'stock_movements',
      new TableIndex({ name: 'idx_stock_movements_time', columnNames: ['sku', 'location_id', 'created_at'] }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropIndex('stock_movements', 'idx_stock_movements_time');
  }
}
