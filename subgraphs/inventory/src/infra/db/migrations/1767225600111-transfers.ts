import { column } from '@stockgraph/persistence';
import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';

/** Transfers of stock between locations (DESIGN.md §12), with what each line shipped, received and wrote off. */
export class Transfers1767225600111 implements MigrationInterface {
  name = 'Transfers1767225600111';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'transfers',
        columns: [
          { ...column.id('id', 36), isPrimary: true },
          column.id('source_id'),
          column.id('destination_id'),
          column.id('status', 16),
          { ...column.id('reference', 500), isNullable: true },
          column.id('created_by', 255),
          column.time('created_at'),
          column.time('updated_at'),
        ],
        indices: [
          { name: 'idx_transfers_source', columnNames: ['source_id', 'created_at'] },
          { name: 'idx_transfers_destination', columnNames: ['destination_id', 'created_at'] },
        ],
      }),
    );
    await runner.createTable(
      new Table({
        name: 'transfer_lines',
        columns: [
          { ...column.id('transfer_id', 36), isPrimary: true },
          { ...column.id('sku'), isPrimary: true },
          column.int('quantity'),
          column.int('received'),
          column.int('written_off'),
        ],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('transfer_lines');
    await runner.dropTable('transfers');
  }
}
