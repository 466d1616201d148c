import type { Database, Tx } from '@stockgraph/persistence';
import type { Reservation, ReservationStatus } from '../domain/reservation';
import { type StockChange, stockChange } from '../domain/stock-change';
import type { StockDelta } from '../domain/stock-level';
import { reservationMessage } from '../events/stock-events';
import type { ReservationRepository } from '../infra/reservation.repository';
import type { StockLevelRepository } from '../infra/stock-level.repository';
import type { StockChangeRecorder } from './stock-change-recorder';

export interface HoldExpiryDeps {
  db: Database;
  levels: StockLevelRepository;
  reservations: ReservationRepository;
  recorder: StockChangeRecorder;
  /** Epoch ms; injectable so tests can move time. */
  clock?: () => number;
}

/**
 * How holds end without a sale: expired (swept, or on the spot when a write touches a sku
 * with expired holds) or released. Their units go back through the guarded UPDATE, with
 * ledger rows and events in the same transaction.
 */
export class HoldExpiry {
  private readonly clock: () => number;

  constructor(private readonly deps: HoldExpiryDeps) {
    this.clock = deps.clock ?? Date.now;
  }

  /**
   * Ends up to `limit` holds past their expiry, as EXPIRED, giving their units back with
   * ledger rows and events. Safe with several instances sweeping at once. Returns how many.
   */
  expireDue(limit: number): Promise<number> {
    return this.deps.db.transaction(async (tx) => {
      const now = this.clock();
      const ids = await this.deps.reservations.claimExpired(tx, now, limit);
      await this.expireAll(tx, ids, now, 'expiry-sweeper', []);
      return ids.length;
    });
  }

  /**
   * Expired holds count as released at once, before any sweeper runs: a write that touches
   * a sku first ends the expired holds on it, in its own transaction, so the guard sees
   * their units as available. Every stock-changing use case calls this before locking rows;
   * when there were holds to end, every row of `skus` is locked when it returns.
   */
  async expireStaleHolds(tx: Tx, skus: readonly string[], now: number): Promise<void> {
    const ids = await this.deps.reservations.expiredHolding(tx, skus, now);
    await this.expireAll(tx, ids, now, 'expiry', skus);
  }

  /**
   * Ends the holds among `ids` that are still active and past their expiry. Locks follow
   * the one order every writer keeps, holds before stock rows: all the holds first (by
   * id), then every stock row they or the caller's `skus` touch, in one statement. Locking
   * hold by hold, each with its own rows, would take stock rows before the next hold and
   * deadlock against a confirm holding that hold and waiting for those rows.
   */
  private async expireAll(
    tx: Tx,
    ids: readonly string[],
    now: number,
    actor: string,
    skus: readonly string[],
  ): Promise<void> {
    const stale = (await this.deps.reservations.lockMany(tx, ids)).filter(
      (reservation) => reservation.status === 'ACTIVE' && reservation.expiresAt <= now,
    );
    if (stale.length === 0) return;
    const touched = new Set([...skus, ...stale.flatMap((reservation) => reservation.lines.map((line) => line.sku))]);
    await this.deps.levels.lockBySkus(tx, [...touched].sort());
    for (const reservation of stale) await this.endHold(tx, reservation, 'EXPIRED', { actor, reason: 'expired' }, now);
  }

  /** Releases an active hold's units and ends it as RELEASED or EXPIRED. */
  async endHold(
    tx: Tx,
    reservation: Reservation,
    status: Extract<ReservationStatus, 'RELEASED' | 'EXPIRED'>,
    context: { actor: string; reason: string | null },
    now: number,
  ): Promise<Reservation> {
    const changes = await this.changeLines(tx, reservation, (q) => ({ onHand: 0, reserved: -q, safetyStock: 0 }), now);
    await this.deps.reservations.transition(tx, reservation.id, 'ACTIVE', status, now);
    const ended: Reservation = { ...reservation, status, updatedAt: now };
    await this.deps.recorder.record(
      tx,
      changes,
      status === 'RELEASED' ? 'RELEASE' : 'EXPIRE',
      { actor: context.actor, reason: context.reason, reservationId: reservation.id },
      now,
      [reservationMessage(ended, status === 'RELEASED' ? 'RELEASED' : 'EXPIRED')],
    );
    return ended;
  }

  /** Applies a per-line change to a reservation's rows, locked in the fixed order. */
  async changeLines(
    tx: Tx,
    reservation: Reservation,
    deltaFor: (quantity: number) => StockDelta,
    now: number,
  ): Promise<StockChange[]> {
    const locked = await this.deps.levels.lockByKeys(tx, reservation.lines);
    const changes: StockChange[] = [];
    for (const before of locked) {
      const line = reservation.lines.find((l) => l.sku === before.sku && l.locationId === before.locationId);
      if (!line) continue;
      const delta = deltaFor(line.quantity);
      if (!(await this.deps.levels.applyDelta(tx, before.sku, before.locationId, delta, now))) {
        throw new Error(`stock of ${before.sku}@${before.locationId} no longer covers reservation ${reservation.id}`);
      }
      changes.push(stockChange(before, delta, now));
    }
    return changes;
  }
}
