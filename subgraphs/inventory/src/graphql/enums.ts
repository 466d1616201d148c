import { registerEnumType } from 'type-graphql';
import { STATE_MOVE_REASONS, STOCK_STATE_NAMES } from '../domain/stock-state-move';
import { ADJUSTMENT_REASONS } from '../domain/adjust-stock';

/** GraphQL enums mirror the domain's string unions; the objects exist only to register them. */
export const LocationKind = { WAREHOUSE: 'WAREHOUSE', STORE: 'STORE' } as const;
registerEnumType(LocationKind, { name: 'LocationKind', description: 'What kind of place holds the stock.' });

export const ReservationStatus = {
  ACTIVE: 'ACTIVE',
  CONFIRMED: 'CONFIRMED',
  RELEASED: 'RELEASED',
  EXPIRED: 'EXPIRED',
} as const;
registerEnumType(ReservationStatus, {
  name: 'ReservationStatus',
  description: 'ACTIVE holds units until expiresAt; CONFIRMED sold them; RELEASED and EXPIRED gave them back.',
});

export const InventoryUserErrorCode = {
  INSUFFICIENT_STOCK: 'INSUFFICIENT_STOCK',
  CHANGE_FROM_STALE: 'CHANGE_FROM_STALE',
  ADJUSTMENT_OUT_OF_RANGE: 'ADJUSTMENT_OUT_OF_RANGE',
  RESERVATION_EXPIRED: 'RESERVATION_EXPIRED',
  RESERVATION_RELEASED: 'RESERVATION_RELEASED',
  RESERVATION_ALREADY_CONFIRMED: 'RESERVATION_ALREADY_CONFIRMED',
  SALE_UNKNOWN: 'SALE_UNKNOWN',
  RETURN_EXCEEDS_SALE: 'RETURN_EXCEEDS_SALE',
  HOLD_LIFETIME_EXCEEDED: 'HOLD_LIFETIME_EXCEEDED',
} as const;
registerEnumType(InventoryUserErrorCode, {
  name: 'InventoryUserErrorCode',
  description: 'Business outcomes of inventory mutations that a caller is expected to handle.',
});

export const AdjustmentReason = Object.fromEntries(ADJUSTMENT_REASONS.map((r) => [r.toUpperCase(), r])) as {
  [K in (typeof ADJUSTMENT_REASONS)[number] as Uppercase<K>]: K;
};
registerEnumType(AdjustmentReason, {
  name: 'AdjustmentReason',
  description: 'Why stock was adjusted; kept in the ledger.',
});

export const AdjustedQuantity = { ON_HAND: 'ON_HAND', SAFETY_STOCK: 'SAFETY_STOCK' } as const;
registerEnumType(AdjustedQuantity, { name: 'AdjustedQuantity', description: 'Which quantity an adjustment changes.' });

export const MovementKind = {
  RESERVE: 'RESERVE',
  CONFIRM: 'CONFIRM',
  RELEASE: 'RELEASE',
  EXPIRE: 'EXPIRE',
  ADJUST: 'ADJUST',
  INGEST: 'INGEST',
  /** A store's allowance grew or shrank (units set aside for it to sell offline, or given back). */
  ALLOWANCE: 'ALLOWANCE',
  /** A store's till sold units. */
  SALE: 'SALE',
  /** A store's till took sold units back. */
  RETURN: 'RETURN',
  /** Units moved between states: to or from damaged or quality control, or written off from them. */
  STATE: 'STATE',
  /** Units shipped from a location, or received (or written off) at one, by a transfer. */
  TRANSFER: 'TRANSFER',
  /** Units expected from a supplier (incoming), received against a purchase order, or no longer expected. */
  PURCHASE: 'PURCHASE',
} as const;
registerEnumType(MovementKind, { name: 'MovementKind', description: 'What caused a stock movement.' });

export const StockStateName = Object.fromEntries(STOCK_STATE_NAMES.map((name) => [name, name])) as {
  [K in (typeof STOCK_STATE_NAMES)[number]]: K;
};
registerEnumType(StockStateName, {
  name: 'StockStateName',
  description:
    'Where units on hand are: SELLABLE, DAMAGED or QUALITY_CONTROL (neither may be sold); WRITTEN_OFF takes them out of stock.',
});

export const StateMoveReason = Object.fromEntries(STATE_MOVE_REASONS.map((r) => [r.toUpperCase(), r])) as {
  [K in (typeof STATE_MOVE_REASONS)[number] as Uppercase<K>]: K;
};
registerEnumType(StateMoveReason, {
  name: 'StateMoveReason',
  description: 'Why units changed state; kept in the ledger.',
});
