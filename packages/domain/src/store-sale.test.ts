import { returnOverruns, sameSaleLines, validateReturn, validateSale } from './store-sale';

describe('store sales and returns', () => {
  it('refuses malformed sales and returns with the field at fault', () => {
    expect(() => validateSale('', [{ sku: 'A', quantity: 1 }])).toThrow(
      expect.objectContaining({ code: 'INVALID_SALE_ID', field: 'saleId' }),
    );
    expect(() => validateReturn('r 1', 's-1', [{ sku: 'A', quantity: 1 }])).toThrow(
      expect.objectContaining({ code: 'INVALID_RETURN_ID', field: 'returnId' }),
    );
    expect(() => validateReturn('r-1', 's-1', [{ sku: 'A', quantity: 100_001 }])).toThrow(
      expect.objectContaining({ code: 'INVALID_QUANTITY', field: 'lines.0.quantity' }),
    );
  });

  it('compares lines in any order', () => {
    expect(
      sameSaleLines(
        [
          { sku: 'A', quantity: 1 },
          { sku: 'B', quantity: 2 },
        ],
        [
          { sku: 'B', quantity: 2 },
          { sku: 'A', quantity: 1 },
        ],
      ),
    ).toBe(true);
    expect(sameSaleLines([{ sku: 'A', quantity: 1 }], [{ sku: 'A', quantity: 2 }])).toBe(false);
  });

  it('lets back no more of a sku than was sold, counting earlier returns', () => {
    const sold = new Map([
      ['A', 3],
      ['B', 1],
    ]);
    const before = new Map([['A', 2]]);
    expect(
      returnOverruns(sold, before, [
        { sku: 'A', quantity: 1 },
        { sku: 'B', quantity: 1 },
      ]),
    ).toEqual([]);
    expect(
      returnOverruns(sold, before, [
        { sku: 'A', quantity: 2 },
        { sku: 'C', quantity: 1 },
      ]),
    ).toEqual([
      { index: 0, sku: 'A', returnable: 1 },
      { index: 1, sku: 'C', returnable: 0 },
    ]);
  });
});
