import type { SaleLineRequest } from '@stockgraph/domain';

/** A sale made at a store's till, as recorded centrally. */
export interface StoreSale {
  /** The till's own id for the sale: the sale is recorded once per (location, id), however often it is sent. */
  id: string;
  locationId: string;
  lines: StoreSaleLine[];
  actor: string;
  /** Epoch ms. */
  recordedAt: number;
}

export interface StoreSaleLine {
  sku: string;
  quantity: number;
  /** Units taken from the store's allowance; the rest came from the location's free stock. */
  fromAllowance: number;
}

export type { SaleLineRequest };

/**
 * Where a line's units come from: the store's allowance first, then the location's free
 * stock. Null when together they cannot cover it.
 */
export function saleSources(
  quantity: number,
  allowance: number,
  available: number,
): { fromAllowance: number; fromStock: number } | null {
  const fromAllowance = Math.min(quantity, allowance);
  const fromStock = quantity - fromAllowance;
  return fromStock <= available ? { fromAllowance, fromStock } : null;
}

/** A return at a store's till of (some of) a recorded sale, as recorded centrally. */
export interface StoreReturn {
  /** The till's own id for the return: recorded once per (location, id). */
  id: string;
  saleId: string;
  locationId: string;
  lines: SaleLineRequest[];
  actor: string;
  /** Epoch ms. */
  recordedAt: number;
}
