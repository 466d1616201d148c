import type { QueryRunner, TableColumnOptions } from 'typeorm';

/**
 * Column shapes shared by every service's migrations. Migrations use TypeORM's Table API
 * so one migration serves MariaDB and SQLite; only the few types that differ live here.
 */
export const column = {
  /** An auto-increment primary key: BIGINT on MariaDB, INTEGER (rowid alias) on SQLite. */
  serialId(runner: QueryRunner, name = 'id'): TableColumnOptions {
    return {
      name,
      type: runner.connection.driver.options.type === 'mysql' ? 'bigint' : 'integer',
      isPrimary: true,
      isGenerated: true,
      generationStrategy: 'increment',
    };
  },
  id(name: string, length = 64): TableColumnOptions {
    return { name, type: 'varchar', length: String(length) };
  },
  text(name: string, options: Partial<TableColumnOptions> = {}): TableColumnOptions {
    return { name, type: 'text', ...options };
  },
  int(name: string, options: Partial<TableColumnOptions> = {}): TableColumnOptions {
    return { name, type: 'int', default: 0, ...options };
  },
  /** Epoch milliseconds; see `epochMs`. */
  time(name: string, options: Partial<TableColumnOptions> = {}): TableColumnOptions {
    return { name, type: 'bigint', ...options };
  },
};
