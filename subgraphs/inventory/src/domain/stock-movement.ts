import type { StockDelta, StockLevel } from './stock-level';

/** Why a stock level changed; one ledger row per change per (sku, location). */
export type MovementKind =
  | 'RESERVE'
  | 'CONFIRM'
  | 'RELEASE'
  | 'EXPIRE'
  | 'ADJUST'
  | 'INGEST'
  | 'ALLOWANCE'
  | 'SALE'
  | 'RETURN'
  | 'STATE'
  | 'TRANSFER'
  | 'PURCHASE';

/** A row of the movement ledger: the change and the quantities it left behind. */
export interface StockMovement {
  id: number;
  sku: string;
  locationId: string;
  kind: MovementKind;
  delta: StockDelta;
  /** Quantities and version right after the change. */
  after: Pick<
    StockLevel,
    'onHand' | 'reserved' | 'safetyStock' | 'damaged' | 'qualityControl' | 'incoming' | 'version'
  >;
  reason: string | null;
  reference: string | null;
  actor: string;
  reservationId: string | null;
  idempotencyKey: string | null;
  sourceEventId: string | null;
  /** Epoch ms. */
  createdAt: number;
}

/**
 * What a use case records for one changed stock level. Its `createdAt` is the level's
 * `updatedAt` after the change, which never goes back for one level (see `stockChange`),
 * so a level's movements are in time order as they are in id order.
 */
export type MovementDraft = Omit<StockMovement, 'id'>;
