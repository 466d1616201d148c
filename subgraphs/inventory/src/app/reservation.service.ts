import { randomUUID } from 'node:crypto';
import { type Database, runIdempotent, type Tx } from '@stockgraph/persistence';
import { actorOf, type Caller, stockKey } from '@stockgraph/domain';
import { allocate, type AllocationStrategy } from '../domain/allocate';
import { InventoryError, userError, type UserError } from '../domain/errors';
import type { Location } from '../domain/location';
import { decideConfirm, decideRelease, type Reservation } from '../domain/reservation';
import {
  checkRequestLocations,
  type ReserveLimits,
  type ReserveRequest,
  reserveRequestIdentity,
  validateReserveRequest,
  type ValidReserveRequest,
} from '../domain/reserve-request';
import { type StockChange, stockChange } from '../domain/stock-change';
import { requireMayEndHold, requireMayReserve } from './reservation-access';
import type { StockLevel } from '../domain/stock-level';
import { reservationMessage } from '../events/stock-events';
import type { LocationRepository } from '../infra/location.repository';
import type { ReservationRepository } from '../infra/reservation.repository';
import type { StockLevelRepository } from '../infra/stock-level.repository';
import type { StockChangeRecorder } from './stock-change-recorder';
import type { HoldExpiry } from './hold-expiry.service';

export interface ReservationResult {
  reservation: Reservation | null;
  userErrors: UserError[];
}

export interface ReservationServiceDeps {
  db: Database;
  levels: StockLevelRepository;
  reservations: ReservationRepository;
  locations: LocationRepository;
  recorder: StockChangeRecorder;
  /** Ends holds (released, expired) and applies per-line changes to their rows. */
  holds: HoldExpiry;
  limits: ReserveLimits & { strategy: AllocationStrategy; idempotencyTtlMs: number };
  /** Epoch ms; injectable so tests can move time. */
  clock?: () => number;
}

/** Thrown when the guard refuses a row, to roll the whole reservation back. */
class GuardRefused extends Error {}

/**
 * Holds for carts: reserve, confirm and release (their expiry is `HoldExpiry`'s). Each runs
 * in one transaction that changes stock only through the guarded UPDATE and records the
 * change with it.
 */
export class ReservationService {
  private readonly clock: () => number;

  constructor(private readonly deps: ReservationServiceDeps) {
    this.clock = deps.clock ?? Date.now;
  }

  /** Holds units for a cart, all lines or none. */
  async reserve(request: ReserveRequest, idempotencyKey: string, caller: Caller): Promise<ReservationResult> {
    const valid = validateReserveRequest(request, this.deps.limits);
    requireMayReserve(caller, valid);
    const actor = actorOf(caller);
    try {
      return await runIdempotent(
        this.deps.db,
        {
          scope: 'reserveStock',
          key: idempotencyKey,
          caller,
          request: reserveRequestIdentity(request),
          ttlMs: this.deps.limits.idempotencyTtlMs,
        },
        (tx) => this.reserveIn(tx, valid, idempotencyKey, actor),
      );
    } catch (error) {
      if (!(error instanceof GuardRefused)) throw error;
      // Rows are locked before they are written, so only a writer that bypasses the lock
      // order gets here. The guard had the last word, the transaction rolled back whole,
      // and the key was not spent: a retry runs again.
      return {
        reservation: null,
        userErrors: [
          userError('INSUFFICIENT_STOCK', 'stock changed while reserving; nothing was held, retry', 'input.lines'),
        ],
      };
    }
  }

  /** Turns a hold into a sale: on hand and reserved both drop. */
  async confirm(id: string, idempotencyKey: string | null, caller: Caller): Promise<ReservationResult> {
    const work = (tx: Tx) => this.confirmIn(tx, id, idempotencyKey, caller);
    if (idempotencyKey === null) return this.deps.db.transaction(work);
    return runIdempotent(
      this.deps.db,
      {
        scope: 'confirmReservation',
        key: idempotencyKey,
        caller,
        request: { id },
        ttlMs: this.deps.limits.idempotencyTtlMs,
      },
      work,
    );
  }

  /** Gives a hold's units back. Releasing an ended hold changes nothing and succeeds. */
  async release(
    id: string,
    reason: string | null,
    caller: Caller,
    idempotencyKey: string | null = null,
  ): Promise<ReservationResult> {
    if (reason !== null && reason.length > 500) {
      throw new InventoryError('INVALID_REASON', 'reason must be at most 500 characters', 'reason');
    }
    const work = (tx: Tx) => this.releaseIn(tx, id, reason, caller);
    if (idempotencyKey === null) return this.deps.db.transaction(work);
    return runIdempotent(
      this.deps.db,
      {
        scope: 'releaseReservation',
        key: idempotencyKey,
        caller,
        request: { id, reason },
        ttlMs: this.deps.limits.idempotencyTtlMs,
      },
      work,
    );
  }

  private async reserveIn(
    tx: Tx,
    request: ValidReserveRequest,
    idempotencyKey: string,
    actor: string,
  ): Promise<ReservationResult> {
    const { levels, reservations } = this.deps;
    const now = this.clock();
    const skus = [...new Set(request.lines.map((line) => line.sku))].sort();
    await this.deps.holds.expireStaleHolds(tx, skus, now);
    const locked = await levels.lockBySkus(tx, skus);
    const known = new Set(locked.map((level) => level.sku));
    const unknownLine = request.lines.find((line) => !known.has(line.sku));
    if (unknownLine) {
      throw new InventoryError(
        'UNKNOWN_SKU',
        `no location stocks ${unknownLine.sku}; check the sku or add stock for it first`,
        `input.lines.${unknownLine.index}.sku`,
      );
    }
    const byId = await this.checkedLocations(tx, request, locked, now);
    // A region narrows where allocation may look; lines that name a location were checked above.
    const candidates = locked.filter(
      (level) => request.region === null || byId.get(level.locationId)?.region === request.region,
    );
    const allocation = allocate(
      request.lines,
      candidates.map((level) => ({
        ...level,
        priority: byId.get(level.locationId)?.priority ?? Number.MAX_SAFE_INTEGER,
      })),
      this.deps.limits.strategy,
    );
    if (!allocation.ok) {
      return {
        reservation: null,
        userErrors: allocation.shortfalls.map((s) =>
          userError(
            'INSUFFICIENT_STOCK',
            `only ${s.available} of ${s.sku} can be reserved, ${s.requested} requested`,
            `input.lines.${s.index}.quantity`,
          ),
        ),
      };
    }
    const byKey = new Map(locked.map((level) => [stockKey(level.sku, level.locationId), level]));
    const changes: StockChange[] = [];
    for (const { sku, locationId, quantity } of allocation.allocations) {
      const delta = { onHand: 0, reserved: quantity, safetyStock: 0 };
      if (!(await levels.applyDelta(tx, sku, locationId, delta, now))) throw new GuardRefused();
      changes.push(stockChange(byKey.get(stockKey(sku, locationId)) as StockLevel, delta, now));
    }
    const reservation: Reservation = {
      id: randomUUID(),
      status: 'ACTIVE',
      reference: request.reference,
      customerId: request.customerId,
      expiresAt: now + request.ttlSeconds * 1000,
      createdAt: now,
      updatedAt: now,
      lines: allocation.allocations,
    };
    reservations.insert(tx, reservation);
    await this.deps.recorder.record(
      tx,
      changes,
      'RESERVE',
      { actor, reservationId: reservation.id, idempotencyKey },
      now,
      [reservationMessage(reservation, 'CREATED')],
    );
    return { reservation, userErrors: [] };
  }

  /** The locations by id, read again when the request or the rows name one the cached list lacks. */
  private async checkedLocations(
    tx: Tx,
    request: ValidReserveRequest,
    locked: readonly StockLevel[],
    now: number,
  ): Promise<Map<string, Location>> {
    const { locations } = this.deps;
    let allLocations = await locations.all(tx, now);
    const referenced = [...request.lines.map((line) => line.locationId), ...locked.map((level) => level.locationId)];
    if (
      referenced.some((id) => id !== null && !allLocations.some((location) => location.id === id)) ||
      (request.region !== null && !allLocations.some((location) => location.region === request.region))
    ) {
      // Something names a location the cached list lacks: it may be new, so look again.
      allLocations = await locations.all(tx, now, { fresh: true });
    }
    return checkRequestLocations(request, allLocations);
  }

  private async confirmIn(
    tx: Tx,
    id: string,
    idempotencyKey: string | null,
    caller: Caller,
  ): Promise<ReservationResult> {
    const now = this.clock();
    const reservation = await this.lockReservation(tx, id);
    requireMayEndHold(caller, reservation, 'confirm');
    const actor = actorOf(caller);
    const decision = decideConfirm(reservation, now);
    switch (decision.kind) {
      case 'confirm': {
        const changes = await this.deps.holds.changeLines(
          tx,
          reservation,
          (q) => ({ onHand: -q, reserved: -q, safetyStock: 0 }),
          now,
        );
        await this.deps.reservations.transition(tx, id, 'ACTIVE', 'CONFIRMED', now);
        const confirmed: Reservation = { ...reservation, status: 'CONFIRMED', updatedAt: now };
        await this.deps.recorder.record(tx, changes, 'CONFIRM', { actor, reservationId: id, idempotencyKey }, now, [
          reservationMessage(confirmed, 'CONFIRMED'),
        ]);
        return { reservation: confirmed, userErrors: [] };
      }
      case 'already-confirmed':
        return { reservation, userErrors: [] };
      case 'expire-then-refuse':
        return {
          reservation: await this.deps.holds.endHold(tx, reservation, 'EXPIRED', { actor, reason: 'expired' }, now),
          userErrors: [decision.error],
        };
      case 'refuse':
        return { reservation, userErrors: [decision.error] };
    }
  }

  private async releaseIn(tx: Tx, id: string, reason: string | null, caller: Caller): Promise<ReservationResult> {
    const now = this.clock();
    const reservation = await this.lockReservation(tx, id);
    requireMayEndHold(caller, reservation, 'release');
    const actor = actorOf(caller);
    const decision = decideRelease(reservation, now);
    switch (decision.kind) {
      case 'release':
        return {
          reservation: await this.deps.holds.endHold(tx, reservation, 'RELEASED', { actor, reason }, now),
          userErrors: [],
        };
      case 'expire':
        return {
          reservation: await this.deps.holds.endHold(tx, reservation, 'EXPIRED', { actor, reason }, now),
          userErrors: [],
        };
      case 'already-ended':
        return { reservation, userErrors: [] };
      case 'refuse':
        return { reservation, userErrors: [decision.error] };
    }
  }

  private async lockReservation(tx: Tx, id: string): Promise<Reservation> {
    const reservation = await this.deps.reservations.lock(tx, id);
    if (!reservation) {
      throw new InventoryError('RESERVATION_NOT_FOUND', `there is no reservation ${id}`, 'id', 'NOT_FOUND');
    }
    return reservation;
  }
}
