import { allowanceTarget, retryDelayMs } from './allowance-policy';
import { allowanceLeft } from './sale';

describe('allowance policy', () => {
  it('asks for a share of on hand, capped, never below zero', () => {
    expect(allowanceTarget(100, { share: 0.5, cap: 20 })).toBe(20);
    expect(allowanceTarget(9, { share: 0.5, cap: 20 })).toBe(4);
    expect(allowanceTarget(-3, { share: 0.5, cap: 20 })).toBe(0);
  });

  it('leaves what was granted less what is sold and not yet synced', () => {
    expect(allowanceLeft(10, 4)).toBe(6);
    expect(allowanceLeft(3, 5)).toBe(0);
  });

  it('backs off exponentially with jitter, within the cap', () => {
    expect(retryDelayMs(0, 500, 30_000, () => 0)).toBe(250);
    expect(retryDelayMs(0, 500, 30_000, () => 1)).toBe(500);
    expect(retryDelayMs(3, 500, 30_000, () => 1)).toBe(4000);
    expect(retryDelayMs(20, 500, 30_000, () => 1)).toBe(30_000);
    expect(retryDelayMs(20, 500, 30_000, () => 0)).toBe(15_000);
  });
});
