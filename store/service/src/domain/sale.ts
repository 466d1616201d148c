import type { SaleLineRequest } from '@stockgraph/domain';

/** PENDING: in the local outbox; SYNCED: recorded centrally; REJECTED: the centre refused it (see the dead letters). */
export type SaleStatus = 'PENDING' | 'SYNCED' | 'REJECTED';

export interface SaleLine extends SaleLineRequest {
  /** Units the centre took from the store's allowance; null until synced. */
  fromAllowance: number | null;
}

/** A sale made at this shop's till. */
export interface Sale {
  id: string;
  status: SaleStatus;
  /** Made while the centre could not be reached. */
  offline: boolean;
  lines: SaleLine[];
  /** Epoch ms. */
  createdAt: number;
  syncedAt: number | null;
}

/** What the till may still sell of a sku without asking the centre: the allowance less what is sold but not yet synced. */
export function allowanceLeft(granted: number, pendingSales: number): number {
  return Math.max(0, granted - pendingSales);
}

/** A return at this shop's till of (some of) one of its sales. */
export interface SaleReturn {
  id: string;
  saleId: string;
  /** As a sale's: PENDING until recorded centrally, REJECTED if the centre refused it. */
  status: SaleStatus;
  lines: SaleLineRequest[];
  /** Epoch ms. */
  createdAt: number;
  syncedAt: number | null;
}
