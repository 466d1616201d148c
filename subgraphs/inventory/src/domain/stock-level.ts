/**
 * Quantities of one sku at one location. `onHand` is every unit physically there;
 * `damaged` and `qualityControl` are units of it that may not be sold; `incoming` is
 * expected and not yet there (purchase orders, transfers in transit). The states are
 * optional here so a plain (onHand, reserved, safetyStock) still reads as "none in them".
 */
export interface StockQuantities {
  onHand: number;
  reserved: number;
  safetyStock: number;
  damaged?: number;
  qualityControl?: number;
  incoming?: number;
}

/** The states a unit on hand can be in besides sellable, and the incoming figure, by field. */
export const STOCK_STATES = ['damaged', 'qualityControl', 'incoming'] as const;
export type StockState = (typeof STOCK_STATES)[number];

/** A level with no unit damaged, in quality control or incoming. */
export const NO_STATES = { damaged: 0, qualityControl: 0, incoming: 0 } as const;

export interface StockLevel extends StockQuantities {
  damaged: number;
  qualityControl: number;
  incoming: number;
  sku: string;
  locationId: string;
  /** Bumped on every change; consumers apply an event only when its version is newer. */
  version: number;
  /** Epoch ms. */
  updatedAt: number;
}

/** Change applied to a stock level; a state it leaves out does not change. */
export interface StockDelta {
  onHand: number;
  reserved: number;
  safetyStock: number;
  damaged?: number;
  qualityControl?: number;
  incoming?: number;
}

/** Units on hand that a count or an adjustment may not take away: held for carts, damaged, or in quality control. */
export function committed(q: StockQuantities): number {
  return q.reserved + (q.damaged ?? 0) + (q.qualityControl ?? 0);
}

/**
 * Sellable units: on hand, less what is held for carts, the safety buffer, and the units
 * that may not be sold (damaged, in quality control); never below zero.
 */
export function available(q: StockQuantities): number {
  return Math.max(0, q.onHand - committed(q) - q.safetyStock);
}

export function applyDelta<T extends StockQuantities & { version: number }>(level: T, delta: StockDelta): T {
  const next: T = {
    ...level,
    onHand: level.onHand + delta.onHand,
    reserved: level.reserved + delta.reserved,
    safetyStock: level.safetyStock + delta.safetyStock,
    version: level.version + 1,
  };
  for (const state of STOCK_STATES) if (delta[state] !== undefined) next[state] = (level[state] ?? 0) + delta[state];
  return next;
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
