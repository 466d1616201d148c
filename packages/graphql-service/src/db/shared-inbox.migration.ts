import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { column } from '@stockgraph/persistence';

/** Processed event ids per consumer, for consumers that must not apply an event twice. */
export class SharedInbox1767225600001 implements MigrationInterface {
  name = 'SharedInbox1767225600001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.createTable(
      new Table({
        name: 'inbox_events',
        columns: [
          { ...column.id('consumer'), isPrimary: true },
          { ...column.id('event_id', 200), isPrimary: true },
          column.time('processed_at'),
        ],
        indices: [{ name: 'idx_inbox_events_processed_at', columnNames: ['processed_at'] }],
      }),
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.dropTable('inbox_events');
  }
}
