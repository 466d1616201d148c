import { newerChanges, type ProjectedStock, searchTokens, summarizeStock } from './stock-summary';

const row = (over: Partial<ProjectedStock>): ProjectedStock => ({
  sku: 'A',
  locationId: 'L1',
  region: 'eu-south',
  onHand: 5,
  reserved: 0,
  available: 5,
  version: 1,
  changedAt: 100,
  ...over,
});

describe('projected stock', () => {
  it('sums availability per sku and per region, and dates it by the newest change', () => {
    expect(
      summarizeStock([
        row({ available: 2 }),
        row({ locationId: 'L2', region: 'eu-central', available: 0, changedAt: 300 }),
        row({ locationId: 'L3', available: 4 }),
      ]),
    ).toEqual({
      available: 6,
      inStock: true,
      byRegion: [
        { region: 'eu-central', available: 0 },
        { region: 'eu-south', available: 6 },
      ],
      asOf: 300,
    });
    expect(summarizeStock([])).toEqual({ available: 0, inStock: false, byRegion: [], asOf: null });
  });

  it('applies only versions newer than projected, the newest of a batch per key', () => {
    const projected = new Map([['A\u0000L1', 3]]);
    const result = newerChanges(
      [
        row({ version: 2 }),
        row({ version: 3 }),
        row({ version: 5 }),
        row({ version: 4 }),
        row({ locationId: 'L2', version: 1 }),
      ],
      projected,
    );
    expect(result.map((r) => `${r.locationId}@${r.version}`).sort()).toEqual(['L1@5', 'L2@1']);
  });

  it('tokenises text into unique lower-case words', () => {
    expect(searchTokens('Pro Trail-Runner, trail edition 2')).toEqual(['pro', 'trail', 'runner', 'edition', '2']);
  });
});
