import { testAuthEnv } from '@stockgraph/testing';
import { loadInventoryConfig as load } from './config';

const loadInventoryConfig = (env: Record<string, string>) => load({ ...testAuthEnv, ...env });

describe('inventory configuration', () => {
  it('allows warehouse counts five minutes ahead of the clock unless told otherwise', () => {
    expect(loadInventoryConfig({}).warehouse.clockSkewMs).toBe(300_000);
    expect(loadInventoryConfig({ WAREHOUSE_CLOCK_SKEW_MS: '1000' }).warehouse.clockSkewMs).toBe(1000);
  });

  it('refuses a clock-skew allowance below zero or above a day', () => {
    expect(() => loadInventoryConfig({ WAREHOUSE_CLOCK_SKEW_MS: '-1' })).toThrow('WAREHOUSE_CLOCK_SKEW_MS');
    expect(() => loadInventoryConfig({ WAREHOUSE_CLOCK_SKEW_MS: String(24 * 3600 * 1000 + 1) })).toThrow(
      'WAREHOUSE_CLOCK_SKEW_MS',
    );
  });
});
