import { ConfigError, envVar, loadConfig } from './load-config';

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
    expect(loadConfig({ LIMITS: envVar.callerLimits('catalog:100') }, {})).toEqual({
      LIMITS: new Map([['catalog', 100]]),
    });
    expect(loadConfig({ LIMITS: envVar.callerLimits('catalog:100') }, { LIMITS: 'catalog:20, *:5' })).toEqual({
      LIMITS: new Map([
        ['catalog', 20],
        ['*', 5],
      ]),
    });
    expect(loadConfig({ LIMITS: envVar.callerLimits('catalog:100') }, { LIMITS: 'none' })).toEqual({
      LIMITS: new Map(),
    });
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
