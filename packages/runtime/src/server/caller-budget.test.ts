import { CallerBudget, parseCallerLimits } from './caller-budget';

describe('CallerBudget', () => {
  const budgetAt = (limits: Record<string, number>) => {
    let now = 10_000;
    const budget = new CallerBudget(new Map(Object.entries(limits)), { now: () => now });
    return { budget, advance: (ms: number) => (now += ms) };
  };

  it('lets a caller make exactly its limit within a window, and refuses the next', () => {
    // Arrange
    const { budget } = budgetAt({ catalog: 3 });
    // Act
    const taken = Array.from({ length: 5 }, () => budget.take('catalog'));
    // Assert
    expect(taken).toEqual([true, true, true, false, false]);
    expect(budget.retryAfterMs('catalog')).toBe(1000);
  });

  it('slides: a call frees its slot exactly one window after it was made, not at a second boundary', () => {
    const { budget, advance } = budgetAt({ catalog: 2 });
    budget.take('catalog');
    advance(600);
    budget.take('catalog');
    advance(399);
    expect(budget.take('catalog')).toBe(false);
    expect(budget.retryAfterMs('catalog')).toBe(1);
    advance(1);
    expect(budget.take('catalog')).toBe(true);
    // The call made at 600 still holds its slot until 1600.
    expect(budget.take('catalog')).toBe(false);
  });

  it('never lets more than the limit through in any window, however the calls are spread', () => {
    const { budget, advance } = budgetAt({ catalog: 20 });
    const admitted: number[] = [];
    let t = 0;
    for (let i = 0; i < 2_000; i += 1) {
      // Bursts and pauses of irregular length, as a stalled event loop would deliver them.
      const step = (i * 7919) % 13 === 0 ? 137 : (i * 31) % 5;
      advance(step);
      t += step;
      if (budget.take('catalog')) admitted.push(t);
    }
    const most = Math.max(...admitted.map((start) => admitted.filter((at) => at >= start && at < start + 1000).length));
    expect(most).toBe(20);
  });

  it('keeps one count per caller, and does not limit callers it has no budget for', () => {
    const { budget } = budgetAt({ catalog: 1 });
    expect(budget.take('catalog')).toBe(true);
    expect(budget.take('catalog')).toBe(false);
    expect(Array.from({ length: 50 }, () => budget.take('order')).every(Boolean)).toBe(true);
    expect(budget.take(undefined)).toBe(true);
    expect(budget.retryAfterMs('order')).toBe(0);
  });

  it('puts unnamed and unlisted callers on the * budget together', () => {
    const { budget } = budgetAt({ catalog: 5, '*': 2 });
    expect(budget.take(undefined)).toBe(true);
    expect(budget.take('made-up')).toBe(true);
    expect(budget.take('another-made-up')).toBe(false);
    expect(budget.accountOf('another-made-up')).toBe('*');
    expect(budget.take('catalog')).toBe(true);
  });
});

describe('parseCallerLimits', () => {
  it('reads name:limit pairs, * for the rest, and none for no budgets', () => {
    expect(parseCallerLimits('catalog:100, order:50,*:5')).toEqual({
      limits: new Map([
        ['catalog', 100],
        ['order', 50],
        ['*', 5],
      ]),
      problems: [],
    });
    expect(parseCallerLimits('none')).toEqual({ limits: new Map(), problems: [] });
  });

  it('names every bad entry', () => {
    expect(parseCallerLimits('catalog,order:-1,a*:3').problems).toHaveLength(3);
  });
});
