import fs from 'node:fs';
import path from 'node:path';
import { createConnection } from 'mysql2/promise';
import { DataSource, type MixedList } from 'typeorm';
import { type DatabaseConfig, describeDatabase } from '@stockgraph/persistence';
import type { Logger } from '@stockgraph/runtime';
import { Database } from '@stockgraph/persistence';
import type { FrameworkClass } from '../framework-class';
import { QueryCounter } from '@stockgraph/persistence';
import { SnakeNamingStrategy } from './snake-naming-strategy';

type ClassList = MixedList<FrameworkClass>;

export interface OpenDatabaseOptions {
  config: DatabaseConfig;
  entities: ClassList;
  migrations: ClassList;
  log: Logger;
}

/**
 * Opens a service's database and brings its schema up to date with the service's
 * migrations (never `synchronize`). On MariaDB the database is created when missing and
 * migrations run under a named lock, so several instances may start at once.
 */
export async function openDatabase({ config, entities, migrations, log }: OpenDatabaseOptions): Promise<Database> {
  const counter = new QueryCounter(log);
  const common = {
    entities,
    migrations,
    migrationsRun: false,
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    logger: counter,
    maxQueryExecutionTime: 1000,
  };
  let dataSource: DataSource;
  if (config.kind === 'mysql') {
    await ensureMysqlDatabase(config);
    dataSource = new DataSource({
      ...common,
      type: 'mysql',
      connectorPackage: 'mysql2',
      host: config.host,
      port: config.port,
      ...(config.socketPath ? { socketPath: config.socketPath } : {}),
      username: config.user,
      password: config.password,
      database: config.database,
      charset: 'utf8mb4_bin',
      timezone: 'Z',
      poolSize: config.poolSize,
      supportBigNumbers: true,
      bigNumberStrings: false,
      // Transactions send several statements per round trip (see Database); every value
      // still goes through placeholders, never into the SQL text.
      multipleStatements: true,
      extra: { decimalNumbers: true },
    });
  } else {
    if (config.file !== ':memory:') fs.mkdirSync(path.dirname(config.file), { recursive: true });
    dataSource = new DataSource({
      ...common,
      type: 'better-sqlite3',
      database: config.file,
      enableWAL: true,
      prepareDatabase: (db: { pragma(sql: string): unknown }) => {
        db.pragma('synchronous = NORMAL');
        db.pragma('busy_timeout = 5000');
      },
    });
  }
  await dataSource.initialize();
  const database = new Database(dataSource, config.kind, counter, log);
  await migrate(database);
  log.info({ database: describeDatabase(config) }, 'database ready');
  return database;
}

async function migrate(database: Database): Promise<void> {
  const { dataSource } = database;
  if (database.dialect === 'sqlite') {
    await dataSource.runMigrations({ transaction: 'each' });
    return;
  }
  // GET_LOCK is held by one connection, so the lock lives on a runner of its own.
  const runner = dataSource.createQueryRunner();
  const lockName = `stockgraph_migrate_${dataSource.driver.database ?? ''}`;
  try {
    const [row] = (await runner.query('SELECT GET_LOCK(?, 120) AS locked', [lockName])) as Array<{ locked: number }>;
    if (row?.locked !== 1) throw new Error(`could not take the migration lock ${lockName} within 120 s`);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query('SELECT RELEASE_LOCK(?)', [lockName]).catch(() => undefined);
    await runner.release();
  }
}

async function ensureMysqlDatabase(config: Extract<DatabaseConfig, { kind: 'mysql' }>): Promise<void> {
  const connection = await createConnection({
    host: config.host,
    port: config.port,
    ...(config.socketPath ? { socketPath: config.socketPath } : {}),
    user: config.user,
    password: config.password,
  });
  try {
    // The name is validated against [A-Za-z0-9_] when the URL is parsed.
    await connection.query(
      `CREATE DATABASE IF NOT EXISTS \`${config.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`,
    );
  } finally {
    await connection.end();
  }
}
