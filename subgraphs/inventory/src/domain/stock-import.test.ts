import { ImportFileProblem, IMPORT_LIMITS, parseStockImport } from './stock-import';

describe('reading a stock import', () => {
  it('reads columns in any order, quoted cells, and each row to an adjustment', () => {
    const rows = parseStockImport(
      'reason,sku,locationId,set,delta,changeFrom,reference\r\n' +
        'cycle_count,SG-0001,madrid-dc,40,,38,"count, aisle 3"\n' +
        'RECEIVED,SG-0002,berlin-dc,,5,,"PO ""77"""\n\n',
    );
    expect(rows).toEqual([
      {
        line: 2,
        ok: true,
        request: {
          sku: 'SG-0001',
          locationId: 'madrid-dc',
          quantity: 'ON_HAND',
          set: 40,
          delta: null,
          changeFrom: 38,
          reason: 'cycle_count',
          reference: 'count, aisle 3',
        },
      },
      {
        line: 3,
        ok: true,
        request: expect.objectContaining({
          sku: 'SG-0002',
          delta: 5,
          set: null,
          reason: 'received',
          reference: 'PO "77"',
        }) as unknown,
      },
    ]);
  });

  it('tells what is wrong with each row, and reads the rest', () => {
    const rows = parseStockImport(
      'sku,locationId,delta,reason,quantity\n' +
        'SG-1,madrid-dc,1.5,received,\n' +
        'SG-1,madrid-dc,2,lost,\n' +
        'SG-1,madrid-dc,2,received,BROKEN\n' +
        'SG-1,,2,received,\n' +
        '"SG-1,madrid-dc,2,received,\n' +
        'SG-1,madrid-dc,2\n' +
        'SG-1,madrid-dc,2,received,SAFETY_STOCK\n',
    );
    expect(rows.map((row) => (row.ok ? 'ok' : row.message))).toEqual([
      'delta must be a whole number, got "1.5"',
      expect.stringContaining('reason must be one of received,'),
      'quantity must be ON_HAND or SAFETY_STOCK',
      'sku and locationId are required',
      'not valid CSV (a quote left open?)',
      '3 cells, the header has 5',
      'ok',
    ]);
  });

  it('refuses a file it cannot read at all, before reading rows', () => {
    const refused = (csv: string) => {
      try {
        parseStockImport(csv);
        return null;
      } catch (error) {
        expect(error).toBeInstanceOf(ImportFileProblem);
        return (error as Error).message;
      }
    };
    expect(refused('sku,locationId,reason\nSG-1,madrid-dc,received')).toBe('the header needs set or delta');
    expect(refused('sku,where,set,reason\n')).toContain('unknown column where');
    expect(refused('sku,locationId,set,reason')).toBe('the file has a header and no rows');
    expect(refused(`sku,locationId,set,reason\n${'SG-1,m,1,received\n'.repeat(IMPORT_LIMITS.maxRows + 1)}`)).toContain(
      'at most 1000 rows',
    );
    expect(refused('x'.repeat(IMPORT_LIMITS.maxChars + 1))).toContain('over 256 KiB');
  });
});
