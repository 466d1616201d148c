import { describeDatabase, parseDatabaseUrl } from './database-config';

const options = { dataDir: '/data', poolSize: 7 };

describe('parseDatabaseUrl', () => {
  it('gives each service its own MariaDB database when the URL names none', () => {
    expect(parseDatabaseUrl('mysql://app:s%40cret@db.local:3307', 'order', options)).toEqual({
      kind: 'mysql',
      host: 'db.local',
      port: 3307,
      user: 'app',
      password: 's@cret',
      database: 'stockgraph_order',
      poolSize: 7,
    });
  });

  it('uses the named database and MySQL defaults', () => {
    expect(parseDatabaseUrl('mariadb://127.0.0.1/inv_1', 'inventory', options)).toMatchObject({
      port: 3306,
      user: 'root',
      database: 'inv_1',
    });
  });

  it('takes a Unix socket from ?socket= and insists on an absolute path', () => {
    const config = parseDatabaseUrl('mysql://root@localhost?socket=/run/mysqld/mysqld.sock', 'order', options);
    expect(config).toMatchObject({
      kind: 'mysql',
      socketPath: '/run/mysqld/mysqld.sock',
      database: 'stockgraph_order',
    });
    expect(describeDatabase(config)).toBe('mysql://root@localhost/stockgraph_order?socket=/run/mysqld/mysqld.sock');
    expect(() => parseDatabaseUrl('mysql://root@localhost?socket=run/x.sock', 'order', options)).toThrow(
      'absolute path',
    );
  });

  it('accepts sqlite files and memory', () => {
    expect(parseDatabaseUrl('sqlite::memory:', 'catalog', options)).toEqual({ kind: 'sqlite', file: ':memory:' });
    expect(parseDatabaseUrl(undefined, 'catalog', options)).toEqual({ kind: 'sqlite', file: '/data/catalog.sqlite' });
  });

  it.each([
    ['sqlite:', 'a sqlite URL needs a file'],
    ['mysql://h/bad-name', 'may only hold letters, digits and _'],
    ['not a url', 'must be mysql://user:password@host:port/database or sqlite:<file>'],
  ])('refuses %s', (url, message) => {
    expect(() => parseDatabaseUrl(url, 'catalog', options)).toThrow(message);
  });

  it('never shows the password when described', () => {
    const config = parseDatabaseUrl('mysql://app:secret@h:3306/x', 'catalog', options);
    expect(describeDatabase(config)).toBe('mysql://app@h:3306/x');
  });
});
