import { ConfigError, envVar, loadConfig } from './load-config';
import { loadSubgraphConfig } from './service-config';

describe('loadConfig', () => {
  it('reads values and applies defaults', () => {
    const config = loadConfig({ PORT: envVar.port(4000), DEBUG: envVar.bool(false) }, { PORT: '4100' });
    expect(config).toEqual({ PORT: 4100, DEBUG: false });
  });

  it('reports every bad variable with its value and what is allowed', () => {
    const read = () =>
      loadConfig(
        { PORT: envVar.port(4000), MODE: envVar.oneOf(['a', 'b'] as const, 'a'), FLAG: envVar.bool(true) },
        { PORT: 'eighty', MODE: 'c', FLAG: 'maybe' },
      );
    expect(read).toThrow(ConfigError);
    try {
      read();
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        'PORT="eighty": must be a whole number from 0 to 65535',
        'MODE="c": must be one of a, b',
        'FLAG="maybe": must be true or false',
      ]);
    }
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: envVar.port(4000) }, { PORT: '' })).toEqual({ PORT: 4000 });
  });
});

describe('loadSubgraphConfig', () => {
  it('defaults to a SQLite file per service under DATA_DIR', () => {
    const config = loadSubgraphConfig('inventory', 4002, {}, { DATA_DIR: '/tmp/sg' });
    expect(config.database).toEqual({ kind: 'sqlite', file: '/tmp/sg/inventory.sqlite' });
    expect(config.port).toBe(4002);
  });

  it('collects problems from the common and the service settings together', () => {
    const read = () =>
      loadSubgraphConfig('catalog', 4001, { INVENTORY_URL: envVar.httpUrl('http://x') }, {
        PORT: '-1',
        DATABASE_URL: 'postgres://db',
        INVENTORY_URL: 'ftp://nope',
      });
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
    expect(() => loadSubgraphConfig('order', 4003, {}, { DATABASE_URL: 'postgres://db' })).toThrow(
      'DATABASE_URL="postgres://db": unsupported scheme "postgres:"; use mysql://, mariadb:// or sqlite:',
    );
  });
});
