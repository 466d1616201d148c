import path from 'node:path';

/** Where a service keeps its tables: MariaDB/MySQL in distributed mode, a SQLite file when embedded. */
export type DatabaseConfig =
  | {
      kind: 'mysql';
      host: string;
      port: number;
      user: string;
      password: string;
      database: string;
      /** Connections per service instance. */
      poolSize: number;
      /** A Unix socket to use instead of TCP (`?socket=/run/mysqld/mysqld.sock`): much cheaper on the same host. */
      socketPath?: string;
    }
  | { kind: 'sqlite'; file: string };

const DATABASE_NAME = /^[A-Za-z0-9_]{1,64}$/;

/**
 * Parses `DATABASE_URL`. Unset means the embedded default: `<dataDir>/<service>.sqlite`.
 * A MySQL URL without a database name gets `stockgraph_<service>`, so one URL serves
 * every service while each keeps its own database. Throws a message meant for a person.
 */
export function parseDatabaseUrl(
  raw: string | undefined,
  service: string,
  options: { dataDir: string; poolSize: number },
): DatabaseConfig {
  if (raw === undefined || raw === '') {
    return { kind: 'sqlite', file: path.resolve(options.dataDir, `${service}.sqlite`) };
  }
  if (raw.startsWith('sqlite:')) {
    const file = raw.slice('sqlite:'.length);
    if (file === '') throw new Error('a sqlite URL needs a file, as in sqlite:.data/inventory.sqlite');
    return { kind: 'sqlite', file: file === ':memory:' ? file : path.resolve(file) };
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('must be mysql://user:password@host:port/database or sqlite:<file>');
  }
  if (url.protocol !== 'mysql:' && url.protocol !== 'mariadb:') {
    throw new Error(`unsupported scheme "${url.protocol}"; use mysql://, mariadb:// or sqlite:`);
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || `stockgraph_${service}`;
  if (!DATABASE_NAME.test(database)) {
    throw new Error(`database name "${database}" may only hold letters, digits and _ (at most 64)`);
  }
  const socketPath = url.searchParams.get('socket');
  if (socketPath !== null && !path.isAbsolute(socketPath)) {
    throw new Error(`socket must be an absolute path such as /run/mysqld/mysqld.sock, got "${socketPath}"`);
  }
  return {
    kind: 'mysql',
    ...(socketPath ? { socketPath } : {}),
    host: url.hostname || '127.0.0.1',
    port: url.port ? Number(url.port) : 3306,
    user: decodeURIComponent(url.username) || 'root',
    password: decodeURIComponent(url.password),
    database,
    poolSize: options.poolSize,
  };
}

/** The URL form of a config with the password hidden, for logs. */
export function describeDatabase(config: DatabaseConfig): string {
  if (config.kind === 'sqlite') return `sqlite:${config.file}`;
  const where = config.socketPath
    ? `localhost/${config.database}?socket=${config.socketPath}`
    : `${config.host}:${config.port}/${config.database}`;
  return `mysql://${config.user}@${where}`;
}
