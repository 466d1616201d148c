import { column } from '@stockgraph/persistence';
import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

/**
 * Per-store API keys, exchanged at the gateway for short-lived store tokens. Only a hash
 * of each secret is kept. Rows are never deleted: a revoked key stays, with who revoked
 * it and when, as the record of who could act at a location.
 */
export class StoreApiKeys1767225600103 implements MigrationInterface {
  name = 'StoreApiKeys1767225600103';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'store_api_keys',
        columns: [
          { ...column.id('id', 36), isPrimary: true },
          // No foreign key, like every other location_id here: the service checks the location exists.
          column.id('location_id'),
          column.id('secret_hash', 64),
          { ...column.id('label', 200), isNullable: true },
          column.time('created_at'),
          column.id('created_by', 500),
          { ...column.time('revoked_at'), isNullable: true },
          { ...column.id('revoked_by', 500), isNullable: true },
        ],
        indices: [{ name: 'idx_store_api_keys_location', columnNames: ['location_id', 'created_at'] }],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('store_api_keys');
  }
}
