/** One (sku, location) as the catalog's projection holds it. */
export interface ProjectedStock {
  sku: string;
  locationId: string;
  region: string;
  onHand: number;
  reserved: number;
  available: number;
  version: number;
  /** Epoch ms of the change in inventory. */
  changedAt: number;
}

export interface StockSummary {
  available: number;
  inStock: boolean;
  byRegion: Array<{ region: string; available: number }>;
  /** Epoch ms of the newest change seen; null when inventory has told nothing yet. */
  asOf: number | null;
}

/** What the storefront shows: totals per sku and per region, from the projected rows. */
export function summarizeStock(rows: readonly ProjectedStock[]): StockSummary {
  const regions = new Map<string, number>();
  let available = 0;
  let asOf: number | null = null;
  for (const row of rows) {
    available += row.available;
    regions.set(row.region, (regions.get(row.region) ?? 0) + row.available);
    asOf = asOf === null ? row.changedAt : Math.max(asOf, row.changedAt);
  }
  return {
    available,
    inStock: available > 0,
    byRegion: [...regions].sort(([a], [b]) => (a < b ? -1 : 1)).map(([region, n]) => ({ region, available: n })),
    asOf,
  };
}

/**
 * Of several changes of one (sku, location) only the newest version counts, and only if
 * newer than what is already projected: duplicates, replays and reordering change nothing.
 */
export function newerChanges(
  changes: readonly ProjectedStock[],
  projected: ReadonlyMap<string, number>,
): ProjectedStock[] {
  const newest = new Map<string, ProjectedStock>();
  for (const change of changes) {
    const key = `${change.sku}\u0000${change.locationId}`;
    const best = newest.get(key);
    if ((projected.get(key) ?? -1) >= change.version) continue;
    if (!best || change.version > best.version) newest.set(key, change);
  }
  return [...newest.values()];
}

/** Lower-case words of a product's name and description, for word-prefix search. */
export function searchTokens(text: string): string[] {
  const words = text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0 && w.length <= 64);
  return [...new Set(words)].slice(0, 64);
}
