import type { Outbox, OutgoingMessage } from '@stockgraph/messaging';
import type { Tx } from '@stockgraph/persistence';
import type { StockChange } from '../domain/stock-change';
import type { MovementDraft, MovementKind } from '../domain/stock-movement';
import { stockChangedMessage } from '../events/stock-events';
import type { LocationRepository } from '../infra/location.repository';
import type { StockMovementRepository } from '../infra/stock-movement.repository';

/** Ledger context shared by every change of one call. */
export interface ChangeContext {
  actor: string;
  reason?: string | null;
  reference?: string | null;
  reservationId?: string | null;
  idempotencyKey?: string | null;
}

export interface StockChangeRecorderDeps {
  outbox: Outbox;
  movements: StockMovementRepository;
  locations: LocationRepository;
}

/**
 * What every stock-changing use case does after its guarded UPDATEs: one ledger row and
 * one `stock.changed` event (the payload the catalog projects and `stockChanged` pushes)
 * per changed level, in the caller's transaction, so a change, its history and its events
 * exist together or not at all.
 */
export class StockChangeRecorder {
  constructor(private readonly deps: StockChangeRecorderDeps) {}

  /**
   * Writes the ledger rows and stock events of `changes`, plus `alongside` (further events
   * of the same change, such as a reservation's lifecycle event) in the same outbox append.
   */
  async record(
    tx: Tx,
    changes: readonly StockChange[],
    kind: MovementKind,
    context: ChangeContext,
    now: number,
    alongside: readonly OutgoingMessage[] = [],
  ): Promise<void> {
    const drafts: MovementDraft[] = changes.map(({ after, delta, source }) => ({
      sku: after.sku,
      locationId: after.locationId,
      kind,
      delta,
      after: {
        onHand: after.onHand,
        reserved: after.reserved,
        safetyStock: after.safetyStock,
        damaged: after.damaged,
        qualityControl: after.qualityControl,
        incoming: after.incoming,
        version: after.version,
      },
      reason: context.reason ?? null,
      reference: context.reference ?? null,
      actor: context.actor,
      reservationId: context.reservationId ?? null,
      idempotencyKey: context.idempotencyKey ?? null,
      sourceEventId: source?.eventId ?? null,
      createdAt: after.updatedAt,
    }));
    this.deps.movements.append(tx, drafts);
    const regions = new Map((await this.deps.locations.all(tx, now)).map((location) => [location.id, location.region]));
    await this.deps.outbox.append(tx, [
      ...changes.map((change) =>
        stockChangedMessage(change, kind, {
          region: regions.get(change.after.locationId) ?? 'unknown',
          reservationId: context.reservationId ?? null,
        }),
      ),
      ...alongside,
    ]);
  }
}
