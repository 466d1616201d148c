import { DomainError } from '@stockgraph/domain';
import { judgeDegraded, judgeStock, validateStockCheck } from './validate-stock';

describe('stock validation rules', () => {
  it('says each item is available only when all its units are', () => {
    const result = judgeStock(
      [
        { sku: 'A', quantity: 2 },
        { sku: 'B', quantity: 5 },
        { sku: 'C', quantity: 1 },
      ],
      new Map([
        ['A', 2],
        ['B', 4],
      ]),
    );
    expect(result).toEqual({
      ok: false,
      degraded: false,
      warning: null,
      items: [
        { sku: 'A', requested: 2, available: true, currentStock: 2 },
        { sku: 'B', requested: 5, available: false, currentStock: 4 },
        { sku: 'C', requested: 1, available: false, currentStock: 0 },
      ],
    });
  });

  it('in degraded mode judges on the projected view, allows or blocks, and says why', () => {
    const items = [{ sku: 'A', quantity: 1 }];
    const allowed = judgeDegraded(items, new Map([['A', 3]]), 'allow', 'inventory timed out');
    expect(allowed).toMatchObject({
      ok: true,
      degraded: true,
      items: [{ sku: 'A', available: true, currentStock: 3 }],
    });
    expect(allowed.warning).toContain('inventory timed out');
    expect(judgeDegraded(items, new Map([['A', 3]]), 'block', 'circuit open')).toMatchObject({
      ok: false,
      degraded: true,
    });
    expect(judgeDegraded(items, new Map(), 'allow', 'x').ok).toBe(false);
  });

  it.each([
    ['EMPTY_REQUEST', []],
    ['INVALID_QUANTITY', [{ sku: 'A', quantity: 0 }]],
    ['INVALID_QUANTITY', [{ sku: 'A', quantity: 1.5 }]],
    ['INVALID_SKU', [{ sku: '', quantity: 1 }]],
    [
      'DUPLICATE_ITEM',
      [
        { sku: 'A', quantity: 1 },
        { sku: 'A', quantity: 1 },
      ],
    ],
    ['TOO_MANY_ITEMS', Array.from({ length: 101 }, (_, i) => ({ sku: `S${i}`, quantity: 1 }))],
  ])('refuses with %s', (code, items) => {
    try {
      validateStockCheck(items);
      throw new Error('expected an error');
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe(code);
    }
  });
});
