import { type MigrationInterface, type QueryRunner, TableIndex } from 'typeorm';

/**
 * For the `reservations` list: holds of one status newest first without sorting the whole
 * history (`id` is named so SQLite, whose indexes carry the rowid rather than the key, can
 * page by it too), and holds with a line at a location (store staff, the location filter).
 */
export class ReservationListingIndexes1767225600106 implements MigrationInterface {
  name = 'ReservationListingIndexes1767225600106';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createIndex(
      'reservations',
      new TableIndex({ name: 'idx_reservations_status_created', columnNames: ['status', 'created_at', 'id'] }),
    );
    await runner.createIndex(
      'reservation_lines',
      new TableIndex({ name: 'idx_reservation_lines_location', columnNames: ['location_id', 'reservation_id'] }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropIndex('reservation_lines', 'idx_reservation_lines_location');
    await runner.dropIndex('reservations', 'idx_reservations_status_created');
  }
}
