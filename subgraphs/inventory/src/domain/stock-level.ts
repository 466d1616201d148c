/** Quantities of one sku at one location. */
export interface StockQuantities {
  onHand: number;
  reserved: number;
  safetyStock: number;
}

export interface StockLevel extends StockQuantities {
  sku: string;
  locationId: string;
  /** Bumped on every change; consumers apply an event only when its version is newer. */
  version: number;
  /** Epoch ms. */
  updatedAt: number;
}

/** Change applied to a stock level. */
export interface StockDelta {
  onHand: number;
  reserved: number;
  safetyStock: number;
}

/** Sellable units: on hand, less what is held for carts and the safety buffer; never below zero. */
export function available(q: StockQuantities): number {
  return Math.max(0, q.onHand - q.reserved - q.safetyStock);
}

export function applyDelta<T extends StockQuantities & { version: number }>(level: T, delta: StockDelta): T {
  return {
    ...level,
    onHand: level.onHand + delta.onHand,
    reserved: level.reserved + delta.reserved,
    safetyStock: level.safetyStock + delta.safetyStock,
    version: level.version + 1,
  };
}

/** Set on a stock event when availability crosses zero, so badges and feeds can react to just those. */
export type StockFlag = 'OUT_OF_STOCK' | 'BACK_IN_STOCK';

export function stockFlags(before: StockQuantities, after: StockQuantities): StockFlag[] {
  const was = available(before);
  const now = available(after);
  if (was > 0 && now === 0) return ['OUT_OF_STOCK'];
  if (was === 0 && now > 0) return ['BACK_IN_STOCK'];
  return [];
}

/** Per-sku totals over locations. */
export interface StockSummary {
  onHand: number;
  reserved: number;
  available: number;
}

export function summarize(levels: readonly StockQuantities[]): StockSummary {
  return levels.reduce<StockSummary>(
    (sum, level) => ({
      onHand: sum.onHand + level.onHand,
      reserved: sum.reserved + level.reserved,
      available: sum.available + available(level),
    }),
    { onHand: 0, reserved: 0, available: 0 },
  );
}

/** Stable order in which rows are locked and written, so two transactions can never deadlock on them. */
export function compareStockKeys(
  a: { sku: string; locationId: string },
  b: { sku: string; locationId: string },
): number {
  if (a.sku !== b.sku) return a.sku < b.sku ? -1 : 1;
  if (a.locationId !== b.locationId) return a.locationId < b.locationId ? -1 : 1;
  return 0;
}
