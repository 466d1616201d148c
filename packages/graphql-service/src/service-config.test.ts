import { type ConfigError, envVar } from '@stockgraph/runtime';
import { loadSubgraphConfig } from './service-config';

describe('loadSubgraphConfig', () => {
  // Every service refuses to start without a token key; these tests are about the rest.
  const devAuth = { AUTH_MODE: 'dev' };

  it('defaults to a SQLite file per service under DATA_DIR', () => {
    const config = loadSubgraphConfig('inventory', 4002, {}, { ...devAuth, DATA_DIR: '/tmp/sg' });
    expect(config.database).toEqual({ kind: 'sqlite', file: '/tmp/sg/inventory.sqlite' });
    expect(config.port).toBe(4002);
    expect(config.auth.keys).toEqual({ kind: 'dev', keyFile: '/tmp/sg/auth/dev-issuer-key.json' });
  });

  it('collects problems from the common and the service settings together', () => {
    const read = () =>
      loadSubgraphConfig(
        'catalog',
        4001,
        { INVENTORY_URL: envVar.httpUrl('http://x') },
        {
          ...devAuth,
          PORT: '-1',
          DATABASE_URL: 'postgres://db',
          INVENTORY_URL: 'ftp://nope',
        },
      );
    try {
      read();
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        'PORT="-1": must be a whole number from 0 to 65535',
        'INVENTORY_URL="ftp://nope": must be an http(s) URL such as http://127.0.0.1:4002/graphql',
      ]);
    }
  });

  it('reports a bad DATABASE_URL in words', () => {
    expect(() => loadSubgraphConfig('order', 4003, {}, { ...devAuth, DATABASE_URL: 'postgres://db' })).toThrow(
      'DATABASE_URL="postgres://db": unsupported scheme "postgres:"; use mysql://, mariadb:// or sqlite:',
    );
  });
});
