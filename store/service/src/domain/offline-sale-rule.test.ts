import { offlineSaleRefusals } from './offline-sale-rule';

describe('offlineSaleRefusals', () => {
  const granted = new Map([
    ['SG-0001', 10],
    ['SG-0002', 3],
  ]);
  const pending = new Map([['SG-0001', 8]]);

  it('sells what the allowance less unsynced sales still covers', () => {
    expect(offlineSaleRefusals([{ sku: 'SG-0001', quantity: 2 }], granted, pending, true)).toEqual([]);
  });

  it('refuses each line beyond it, offline and online alike, naming the line and what is left', () => {
    const lines = [
      { sku: 'SG-0001', quantity: 3 },
      { sku: 'SG-0002', quantity: 3 },
      { sku: 'SG-0003', quantity: 1 },
    ];
    const offline = offlineSaleRefusals(lines, granted, pending, true);
    expect(offline.map((e) => [e.code, e.field])).toEqual([
      ['OFFLINE_ALLOWANCE_EXCEEDED', 'lines.0.quantity'],
      ['OFFLINE_ALLOWANCE_EXCEEDED', 'lines.2.quantity'],
    ]);
    expect(offline[0]?.message).toBe(
      'SG-0001: 3 asked, but the centre cannot be reached and the shop may sell offline only 2 more',
    );
    expect(offlineSaleRefusals(lines, granted, pending, false).map((e) => e.code)).toEqual([
      'ALLOWANCE_EXCEEDED',
      'ALLOWANCE_EXCEEDED',
    ]);
  });
});
