import { type MigrationInterface, type QueryRunner, TableIndex } from 'typeorm';

/** Finds the holds on a sku quickly: expired-hold accounting and lazy expiry look them up by sku. */
export class ReservationLineSkuIndex1767225600101 implements MigrationInterface {
  name = 'ReservationLineSkuIndex1767225600101';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createIndex(
      'reservation_lines',
      new TableIndex({ name: 'idx_reservation_lines_sku', columnNames: ['sku', 'location_id', 'reservation_id'] }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropIndex('reservation_lines', 'idx_reservation_lines_sku');
  }
}
