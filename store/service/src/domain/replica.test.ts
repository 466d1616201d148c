import { newerThanKept, replicaKey } from './replica';

describe('newerThanKept', () => {
  const version = (item: { version: number }) => item.version;

  it('keeps the newest per sku, and only when newer than what the replica holds', () => {
    const incoming = [
      { sku: 'A', version: 3 },
      { sku: 'A', version: 5 },
      { sku: 'A', version: 4 },
      { sku: 'B', version: 2 },
      { sku: 'C', version: 1 },
    ];
    const kept = new Map([
      ['B', 2],
      ['C', 0],
    ]);
    expect(newerThanKept(incoming, kept, (item) => item.sku, version)).toEqual([
      { sku: 'A', version: 5 },
      { sku: 'C', version: 1 },
    ]);
  });

  it('takes a first version 0 of a sku the replica has never seen', () => {
    expect(newerThanKept([{ sku: 'N', version: 0 }], new Map(), (item) => item.sku, version)).toEqual([
      { sku: 'N', version: 0 },
    ]);
  });

  it('keys rows of other locations by sku and location', () => {
    const incoming = [
      { sku: 'A', locationId: 'x', version: 2 },
      { sku: 'A', locationId: 'y', version: 1 },
    ];
    expect(newerThanKept(incoming, new Map([['A@x', 2]]), replicaKey, version)).toEqual([
      { sku: 'A', locationId: 'y', version: 1 },
    ]);
  });
});
