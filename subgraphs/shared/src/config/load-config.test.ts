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

  it('reads per-caller budgets and names each bad entry on its own line', () => {
    expect(loadConfig({ LIMITS: envVar.callerLimits('catalog:100') }, {})).toEqual({ LIMITS: new Map([['catalog', 100]]) });
    expect(loadConfig({ LIMITS: envVar.callerLimits('catalog:100') }, { LIMITS: 'catalog:20, *:5' })).toEqual({
      LIMITS: new Map([['catalog', 20], ['*', 5]]),
    });
    expect(loadConfig({ LIMITS: envVar.callerLimits('catalog:100') }, { LIMITS: 'none' })).toEqual({ LIMITS: new Map() });
    let problems: string[] = [];
    try {
      loadConfig({ LIMITS: envVar.callerLimits('catalog:100') }, { LIMITS: 'catalog:abc,order:0,catalog:3,catalog:4' });
    } catch (error) {
      problems = (error as ConfigError).problems;
    }
    expect(problems).toEqual([
      'LIMITS="catalog:abc,order:0,catalog:3,catalog:4": "catalog:abc" must be <caller>:<calls per second ≥ 1>, such as catalog:100 (or *:50 for every other caller)',
      'LIMITS="catalog:abc,order:0,catalog:3,catalog:4": "order:0" must be <caller>:<calls per second ≥ 1>, such as catalog:100 (or *:50 for every other caller)',
      'LIMITS="catalog:abc,order:0,catalog:3,catalog:4": "catalog:4": catalog has a budget already',
    ]);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: envVar.port(4000) }, { PORT: '' })).toEqual({ PORT: 4000 });
  });
});

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
      loadSubgraphConfig('catalog', 4001, { INVENTORY_URL: envVar.httpUrl('http://x') }, {
        ...devAuth,
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
    expect(() => loadSubgraphConfig('order', 4003, {}, { ...devAuth, DATABASE_URL: 'postgres://db' })).toThrow(
      'DATABASE_URL="postgres://db": unsupported scheme "postgres:"; use mysql://, mariadb:// or sqlite:',
    );
  });
});
