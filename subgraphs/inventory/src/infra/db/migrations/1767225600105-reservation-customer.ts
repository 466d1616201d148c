import { column } from '@stockgraph/persistence';
import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

/**
 * The customer a hold was made for (by the order service, or operations), so that
 * customer may read it through their order. Null for holds made by store staff, and for
 * every hold older than this column: no customer can see those, only their locations,
 * operations and services. 128 characters, as the order service's customer ids.
 */
export class ReservationCustomer1767225600105 implements MigrationInterface {
  name = 'ReservationCustomer1767225600105';

  async up(runner: QueryRunner): Promise<void> {
    await runner.addColumn('reservations', new TableColumn({ ...column.id('customer_id', 128), isNullable: true }));
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropColumn('reservations', 'customer_id');
  }
}
