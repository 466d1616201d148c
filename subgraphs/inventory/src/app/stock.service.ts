import { randomUUID } from 'node:crypto';
import { Database, Outbox, OutgoingMessage, runIdempotent, Tx } from '@stockgraph/shared';
import { adjustRequestIdentity, AdjustStockRequest, planAdjustment, validateAdjustRequest } from '../domain/adjust-stock';
import { allocate, AllocationStrategy } from '../domain/allocate';
import { InventoryError, userError, UserError } from '../domain/errors';
import { decideConfirm, decideRelease, Reservation, ReservationStatus } from '../domain/reservation';
import {
  ReserveLimits,
  ReserveRequest,
  reserveRequestIdentity,
  validateReserveRequest,
  ValidReserveRequest,
} from '../domain/reserve-request';
import { applyDelta, compareStockKeys, StockDelta, StockLevel } from '../domain/stock-level';
import type { MovementDraft, MovementKind } from '../domain/stock-movement';
import { effectOfCount, WarehouseCount } from '../domain/warehouse-count';
import { adjustmentBoundErrors, overBoundDetail, refuseOverBound, skuOnHandTotals } from '../domain/quantity-bound';
import { reservationMessage, stockChangedMessage } from '../events/stock-events';
import type { LocationRepository } from '../infra/location.repository';
import type { ReservationRepository } from '../infra/reservation.repository';
import type { StockLevelRepository } from '../infra/stock-level.repository';
import type { StockMovementRepository } from '../infra/stock-movement.repository';

export interface ReservationResult {
  reservation: Reservation | null;
  userErrors: UserError[];
}

export interface AdjustResult {
  stockLevel: StockLevel | null;
  userErrors: UserError[];
}

/** What became of a batch of warehouse counts. */
export interface CountsOutcome {
  applied: WarehouseCount[];
  unchanged: WarehouseCount[];
  rejected: Array<{ count: WarehouseCount; reason: 'UNKNOWN_LOCATION' | 'UNKNOWN_SKU' | 'BELOW_RESERVED' | 'QUANTITY_OUT_OF_RANGE'; detail: string }>;
}

export interface AdjustManyResult {
  /** In the order of the request; empty when refused. */
  stockLevels: StockLevel[];
  userErrors: UserError[];
}

/** Adjustments one call may apply together. */
const MAX_ADJUSTMENTS = 1000;

export interface StockServiceDeps {
  db: Database;
  outbox: Outbox;
  levels: StockLevelRepository;
  reservations: ReservationRepository;
  movements: StockMovementRepository;
  locations: LocationRepository;
  limits: ReserveLimits & { strategy: AllocationStrategy; idempotencyTtlMs: number };
  /** Epoch ms; injectable so tests can move time. */
  clock?: () => number;
}

/** Who made a change and under which key, for the ledger. */
export interface Actor {
  actor: string;
}

/** Thrown when the guard refuses a row, to roll the whole reservation back. */
class GuardRefused extends Error {}

/**
 * Every stock-changing use case. Each runs in one transaction that changes stock levels
 * only through the guarded UPDATE, and writes the ledger rows and outbox events of the
 * change in that same transaction: a change, its history and its events exist together
 * or not at all.
 */
export class StockService {
  private readonly clock: () => number;

  constructor(private readonly deps: StockServiceDeps) {
    this.clock = deps.clock ?? Date.now;
  }

  /** Holds units for a cart, all lines or none. */
  async reserve(request: ReserveRequest, idempotencyKey: string, { actor }: Actor): Promise<ReservationResult> {
    const valid = validateReserveRequest(request, this.deps.limits);
    try {
      return await runIdempotent(
        this.deps.db,
        { scope: 'reserveStock', key: idempotencyKey, request: reserveRequestIdentity(request), ttlMs: this.deps.limits.idempotencyTtlMs },
        (tx) => this.reserveIn(tx, valid, idempotencyKey, actor),
      );
    } catch (error) {
      if (!(error instanceof GuardRefused)) throw error;
      // Rows are locked before they are written, so only a writer that bypasses the lock
      // order gets here. The guard had the last word, the transaction rolled back whole,
      // and the key was not spent: a retry runs again.
      return {
        reservation: null,
        userErrors: [userError('INSUFFICIENT_STOCK', 'stock changed while reserving; nothing was held, retry', 'input.lines')],
      };
    }
  }

  /** Turns a hold into a sale: on hand and reserved both drop. */
  async confirm(id: string, idempotencyKey: string | null, { actor }: Actor): Promise<ReservationResult> {
    const work = (tx: Tx) => this.confirmIn(tx, id, idempotencyKey, actor);
    if (idempotencyKey === null) return this.deps.db.transaction(work);
    return runIdempotent(
      this.deps.db,
      { scope: 'confirmReservation', key: idempotencyKey, request: { id }, ttlMs: this.deps.limits.idempotencyTtlMs },
      work,
    );
  }

  /** Gives a hold's units back. Releasing an ended hold changes nothing and succeeds. */
  async release(id: string, reason: string | null, { actor }: Actor, idempotencyKey: string | null = null): Promise<ReservationResult> {
    if (reason !== null && reason.length > 500) {
      throw new InventoryError('INVALID_REASON', 'reason must be at most 500 characters', 'reason');
    }
    const work = (tx: Tx) => this.releaseIn(tx, id, reason, actor);
    if (idempotencyKey === null) return this.deps.db.transaction(work);
    return runIdempotent(
      this.deps.db,
      { scope: 'releaseReservation', key: idempotencyKey, request: { id, reason }, ttlMs: this.deps.limits.idempotencyTtlMs },
      work,
    );
  }

  private async releaseIn(tx: Tx, id: string, reason: string | null, actor: string): Promise<ReservationResult> {
    const now = this.clock();
    const reservation = await this.lockReservation(tx, id);
    const decision = decideRelease(reservation, now);
    switch (decision.kind) {
      case 'release':
        return { reservation: await this.endHold(tx, reservation, 'RELEASED', { actor, reason }, now), userErrors: [] };
      case 'expire':
        return { reservation: await this.endHold(tx, reservation, 'EXPIRED', { actor, reason }, now), userErrors: [] };
      case 'already-ended':
        return { reservation, userErrors: [] };
      case 'refuse':
        return { reservation, userErrors: [decision.error] };
    }
  }

  /** Changes on hand or safety stock by a delta or to a value, optionally compare-and-set. */
  async adjust(request: AdjustStockRequest, idempotencyKey: string, actor: Actor): Promise<AdjustResult> {
    validateAdjustRequest(request, 'input');
    const result = await this.adjustEach([request], idempotencyKey, actor, 'adjustStock', () => 'input');
    return { stockLevel: result.stockLevels[0] ?? null, userErrors: result.userErrors };
  }

  /** Up to `maxAdjustments` adjustments in one transaction: all apply, or none (with every reason why not). */
  async adjustMany(requests: AdjustStockRequest[], idempotencyKey: string, actor: Actor): Promise<AdjustManyResult> {
    if (requests.length === 0) throw new InventoryError('EMPTY_REQUEST', 'give at least one adjustment', 'inputs');
    if (requests.length > MAX_ADJUSTMENTS) {
      throw new InventoryError('TOO_MANY_LINES', `at most ${MAX_ADJUSTMENTS} adjustments per call, got ${requests.length}`, 'inputs');
    }
    const seen = new Map<string, number>();
    requests.forEach((request, i) => {
      validateAdjustRequest(request, `inputs.${i}`);
      const key = `${request.sku}\u0000${request.locationId}\u0000${request.quantity ?? 'ON_HAND'}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        throw new InventoryError('DUPLICATE_LINE', `adjustments ${earlier} and ${i} change the same quantity of ${request.sku} at ${request.locationId}; combine them`, `inputs.${i}`);
      }
      seen.set(key, i);
    });
    return this.adjustEach(requests, idempotencyKey, actor, 'adjustStocks', (i) => `inputs.${i}`);
  }

  private adjustEach(
    requests: AdjustStockRequest[],
    idempotencyKey: string,
    { actor }: Actor,
    scope: string,
    fieldOf: (index: number) => string,
  ): Promise<AdjustManyResult> {
    return runIdempotent(
      this.deps.db,
      { scope, key: idempotencyKey, request: requests.map(adjustRequestIdentity), ttlMs: this.deps.limits.idempotencyTtlMs },
      (tx) => this.adjustIn(tx, requests, idempotencyKey, actor, fieldOf),
    );
  }

  private async reserveIn(tx: Tx, request: ValidReserveRequest, idempotencyKey: string, actor: string): Promise<ReservationResult> {
    const { levels, locations, reservations } = this.deps;
    const now = this.clock();
    const skus = [...new Set(request.lines.map((line) => line.sku))].sort();
    await this.expireStaleHolds(tx, skus, now);
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
    let allLocations = await locations.all(tx, now);
    const referenced = [...request.lines.map((line) => line.locationId), ...locked.map((level) => level.locationId)];
    if (
      referenced.some((id) => id !== null && !allLocations.some((location) => location.id === id)) ||
      (request.region !== null && !allLocations.some((location) => location.region === request.region))
    ) {
      // Something names a location the cached list lacks: it may be new, so look again.
      allLocations = await locations.all(tx, now, { fresh: true });
    }
    const byId = new Map(allLocations.map((location) => [location.id, location]));
    for (const line of request.lines) {
      if (line.locationId === null) continue;
      const location = byId.get(line.locationId);
      if (!location) {
        throw new InventoryError(
          'UNKNOWN_LOCATION',
          `there is no location "${line.locationId}"; query locations for the valid ids`,
          `input.lines.${line.index}.locationId`,
        );
      }
      if (request.region !== null && location.region !== request.region) {
        throw new InventoryError(
          'LOCATION_OUTSIDE_REGION',
          `location ${location.id} is in ${location.region}, not in the requested region ${request.region}`,
          `input.lines.${line.index}.locationId`,
        );
      }
    }
    if (request.region !== null && !allLocations.some((location) => location.region === request.region)) {
      throw new InventoryError('UNKNOWN_REGION', `no location is in region "${request.region}"`, 'input.region');
    }
    // A region narrows where allocation may look; lines that name a location were checked above.
    const candidates = locked.filter((level) => request.region === null || byId.get(level.locationId)?.region === request.region);
    const allocation = allocate(
      request.lines,
      candidates.map((level) => ({ ...level, priority: byId.get(level.locationId)?.priority ?? Number.MAX_SAFE_INTEGER })),
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
    const byKey = new Map(locked.map((level) => [`${level.sku}\u0000${level.locationId}`, level]));
    const changes: Array<{ before: StockLevel; after: StockLevel; delta: StockDelta }> = [];
    for (const { sku, locationId, quantity } of allocation.allocations) {
      const delta = { onHand: 0, reserved: quantity, safetyStock: 0 };
      if (!(await levels.applyDelta(tx, sku, locationId, delta, now))) throw new GuardRefused();
      const before = byKey.get(`${sku}\u0000${locationId}`) as StockLevel;
      changes.push({ before, after: { ...applyDelta(before, delta), updatedAt: now }, delta });
    }
    const reservation: Reservation = {
      id: randomUUID(),
      status: 'ACTIVE',
      reference: request.reference,
      expiresAt: now + request.ttlSeconds * 1000,
      createdAt: now,
      updatedAt: now,
      lines: allocation.allocations,
    };
    await reservations.insert(tx, reservation);
    await this.record(tx, changes, 'RESERVE', { actor, reservationId: reservation.id, idempotencyKey }, now, [
      reservationMessage(reservation, 'CREATED'),
    ]);
    return { reservation, userErrors: [] };
  }

  private async confirmIn(tx: Tx, id: string, idempotencyKey: string | null, actor: string): Promise<ReservationResult> {
    const now = this.clock();
    const reservation = await this.lockReservation(tx, id);
    const decision = decideConfirm(reservation, now);
    switch (decision.kind) {
      case 'confirm': {
        const changes = await this.changeLines(tx, reservation, (q) => ({ onHand: -q, reserved: -q, safetyStock: 0 }), now);
        await this.deps.reservations.transition(tx, id, 'ACTIVE', 'CONFIRMED', now);
        const confirmed: Reservation = { ...reservation, status: 'CONFIRMED', updatedAt: now };
        await this.record(tx, changes, 'CONFIRM', { actor, reservationId: id, idempotencyKey }, now, [
          reservationMessage(confirmed, 'CONFIRMED'),
        ]);
        return { reservation: confirmed, userErrors: [] };
      }
      case 'already-confirmed':
        return { reservation, userErrors: [] };
      case 'expire-then-refuse':
        return {
          reservation: await this.endHold(tx, reservation, 'EXPIRED', { actor, reason: 'expired' }, now),
          userErrors: [decision.error],
        };
      case 'refuse':
        return { reservation, userErrors: [decision.error] };
    }
  }

  private async adjustIn(
    tx: Tx,
    requests: AdjustStockRequest[],
    idempotencyKey: string,
    actor: string,
    fieldOf: (index: number) => string,
  ): Promise<AdjustManyResult> {
    const { levels, locations } = this.deps;
    const now = this.clock();
    const known = new Set((await locations.findByIds(tx, [...new Set(requests.map((r) => r.locationId))])).map((l) => l.id));
    const unknown = requests.findIndex((r) => !known.has(r.locationId));
    if (unknown >= 0) {
      throw new InventoryError(
        'UNKNOWN_LOCATION',
        `there is no location "${requests[unknown]?.locationId}"; query locations for the valid ids`,
        `${fieldOf(unknown)}.locationId`,
      );
    }
    await this.expireStaleHolds(tx, [...new Set(requests.map((r) => r.sku))].sort(), now);
    const keyOf = (r: { sku: string; locationId: string }) => `${r.sku}\u0000${r.locationId}`;
    const keys = [...new Map(requests.map((r) => [keyOf(r), { sku: r.sku, locationId: r.locationId }])).values()].sort(compareStockKeys);
    // Every location of the skus, locked first in the fixed order: the bound on their total needs them all.
    const skus = [...new Set(requests.map((r) => r.sku))].sort();
    let allRows = await levels.lockBySkus(tx, skus);
    const current = new Map((await levels.lockByKeys(tx, keys)).map((level) => [keyOf(level), level]));
    const missing = keys.filter((key) => !current.has(keyOf(key)));
    const empty = (key: { sku: string; locationId: string }): StockLevel => ({ ...key, onHand: 0, reserved: 0, safetyStock: 0, version: 0, updatedAt: now });
    // Plan everything before writing anything: one refusal refuses the whole call.
    const plan = () =>
      requests.map((request, i) => planAdjustment(current.get(keyOf(request)) ?? empty(request), request, fieldOf(i)));
    let plans = plan();
    const refused = plans.flatMap((p) => (p.ok ? [] : [p.error]));
    if (refused.length > 0) return { stockLevels: [], userErrors: refused };
    if (missing.length > 0) {
      // First adjustments create their rows; plan again in case another transaction created one first.
      await levels.ensureExists(tx, missing, now);
      for (const level of await levels.lockByKeys(tx, missing)) current.set(keyOf(level), level);
      plans = plan();
      const late = plans.flatMap((p) => (p.ok ? [] : [p.error]));
      if (late.length > 0) return { stockLevels: [], userErrors: late };
      // Rows another transaction is creating at other locations of these skus: wait for them.
      allRows = await levels.lockBySkus(tx, skus);
    }
    // No sku's onHand over all locations may leave the GraphQL Int range (domain/quantity-bound.ts).
    const outOfRange = adjustmentBoundErrors(
      skuOnHandTotals(allRows),
      requests.map((r, i) => ({
        sku: r.sku,
        locationId: r.locationId,
        delta: (plans[i] as { ok: true; delta: StockDelta }).delta,
        before: current.get(keyOf(r)) as StockLevel,
        field: `${fieldOf(i)}.${r.set != null ? 'set' : 'delta'}`,
      })),
    );
    if (outOfRange.length > 0) return { stockLevels: [], userErrors: outOfRange };
    const changes: Array<{ before: StockLevel; after: StockLevel; delta: StockDelta; request: AdjustStockRequest }> = [];
    const order = requests.map((request, i) => ({ request, i })).sort((a, b) => compareStockKeys(a.request, b.request));
    for (const { request, i } of order) {
      const delta = (plans[i] as { ok: true; delta: StockDelta }).delta;
      const before = current.get(keyOf(request)) as StockLevel;
      if (!(await levels.applyDelta(tx, request.sku, request.locationId, delta, now))) {
        throw new Error(`guard refused a planned adjustment of locked row ${request.sku}@${request.locationId}`);
      }
      const after = { ...applyDelta(before, delta), updatedAt: now };
      current.set(keyOf(request), after);
      changes.push({ before, after, delta, request });
    }
    await this.recordAdjustments(tx, changes, actor, idempotencyKey, now);
    const final = new Map(changes.map((c) => [keyOf(c.after), c.after]));
    return { stockLevels: requests.map((r) => final.get(keyOf(r)) as StockLevel), userErrors: [] };
  }

  /**
   * Applies warehouse counts (absolute on-hand per sku and location) inside the caller's
   * transaction: the same guard, ledger (INGEST, reason cycle_count, the event id as source)
   * and stock events as any other change. Counts for unknown locations or skus, and counts
   * below what is held, are returned as rejected, not applied.
   */
  async applyCounts(tx: Tx, counts: readonly WarehouseCount[]): Promise<CountsOutcome> {
    const { levels, locations } = this.deps;
    const now = this.clock();
    const outcome: CountsOutcome = { applied: [], unchanged: [], rejected: [] };
    if (counts.length === 0) return outcome;
    let known = new Set((await locations.all(tx, now)).map((l) => l.id));
    if (counts.some((c) => !known.has(c.locationId))) known = new Set((await locations.all(tx, now, { fresh: true })).map((l) => l.id));
    const located = counts.filter((count) => {
      if (known.has(count.locationId)) return true;
      outcome.rejected.push({ count, reason: 'UNKNOWN_LOCATION', detail: `there is no location "${count.locationId}"` });
      return false;
    });
    const keyOf = (k: { sku: string; locationId: string }) => `${k.sku}\u0000${k.locationId}`;
    const skus = [...new Set(located.map((c) => c.sku))].sort();
    await this.expireStaleHolds(tx, skus, now);
    const keys = located.map(({ sku, locationId }) => ({ sku, locationId })).sort(compareStockKeys);
    // Every location of the skus, locked first in the fixed order: the bound on their total needs them all.
    const totals = skuOnHandTotals(await levels.lockBySkus(tx, skus));
    const rows = new Map((await levels.lockByKeys(tx, keys)).map((level) => [keyOf(level), level]));
    const missing = keys.filter((key) => !rows.has(keyOf(key)));
    // A sku inventory stocks somewhere may be counted somewhere new; a sku it has never stocked is a mistake.
    const stocked = missing.length > 0 ? await levels.knownSkus(tx, [...new Set(missing.map((k) => k.sku))]) : new Set<string>();
    // A count of nothing where there is no row changes nothing, and creates no row.
    const counted = new Map(located.map((c) => [keyOf(c), c.onHand]));
    const creatable = missing.filter((key) => stocked.has(key.sku) && (counted.get(keyOf(key)) ?? 0) > 0);
    if (creatable.length > 0) {
      await levels.ensureExists(tx, creatable, now);
      for (const level of await levels.lockByKeys(tx, creatable)) rows.set(keyOf(level), level);
    }
    const changes: Array<{ before: StockLevel; after: StockLevel; delta: StockDelta; source: { eventId: string; time: number } }> = [];
    for (const count of [...located].sort(compareStockKeys)) {
      const before = rows.get(keyOf(count));
      if (!before) {
        if (stocked.has(count.sku)) outcome.unchanged.push(count);
        else outcome.rejected.push({ count, reason: 'UNKNOWN_SKU', detail: `no location stocks ${count.sku}; add it with adjustStock first` });
        continue;
      }
      const effect = effectOfCount(before, count);
      if (effect.kind === 'unchanged') outcome.unchanged.push(count);
      else if (effect.kind === 'below-reserved') {
        outcome.rejected.push({
          count,
          reason: 'BELOW_RESERVED',
          detail: `counted ${count.onHand} of ${count.sku} at ${count.locationId}, but ${effect.reserved} are held for checkouts`,
        });
      } else {
        changes.push({ before, after: { ...applyDelta(before, effect.delta), updatedAt: now }, delta: effect.delta, source: { eventId: count.eventId, time: count.publishedAt } });
        outcome.applied.push(count);
      }
    }
    // No sku's onHand over all locations may leave the GraphQL Int range (domain/quantity-bound.ts).
    const overBound = refuseOverBound(totals, changes.map((change, i) => ({ sku: change.before.sku, onHandChange: change.delta.onHand, i })));
    for (const { proposal, total } of overBound.reverse()) {
      const [count] = outcome.applied.splice(proposal.i, 1) as [WarehouseCount];
      changes.splice(proposal.i, 1);
      outcome.rejected.push({ count, reason: 'QUANTITY_OUT_OF_RANGE', detail: overBoundDetail(count.sku, count.locationId, count.onHand, total) });
    }
    const affected = await tx.executeAll(changes.map(({ before, delta }) => levels.deltaStatement(before.sku, before.locationId, delta, now)));
    if (affected.some((n) => n !== 1)) throw new Error('guard refused a count on a locked row');
    await this.record(tx, changes, 'INGEST', { actor: 'warehouse', reason: 'cycle_count' }, now);
    return outcome;
  }

  /**
   * Ends up to `limit` holds past their expiry, as EXPIRED, giving their units back with
   * ledger rows and events. Safe with several instances sweeping at once. Returns how many.
   */
  expireDue(limit: number): Promise<number> {
    return this.deps.db.transaction(async (tx) => {
      const now = this.clock();
      const ids = await this.deps.reservations.claimExpired(tx, now, limit);
      for (const id of ids) await this.expireIfStale(tx, id, now, 'expiry-sweeper');
      return ids.length;
    });
  }

  /**
   * Expired holds count as released at once, before any sweeper runs: a write that touches
   * a sku first ends the expired holds on it, in its own transaction, so the guard sees
   * their units as available.
   */
  private async expireStaleHolds(tx: Tx, skus: readonly string[], now: number): Promise<void> {
    for (const id of await this.deps.reservations.expiredHolding(tx, skus, now)) {
      await this.expireIfStale(tx, id, now, 'expiry');
    }
  }

  private async expireIfStale(tx: Tx, id: string, now: number, actor: string): Promise<void> {
    const reservation = await this.deps.reservations.lock(tx, id);
    if (reservation && reservation.status === 'ACTIVE' && reservation.expiresAt <= now) {
      await this.endHold(tx, reservation, 'EXPIRED', { actor, reason: 'expired' }, now);
    }
  }

  private async lockReservation(tx: Tx, id: string): Promise<Reservation> {
    const reservation = await this.deps.reservations.lock(tx, id);
    if (!reservation) {
      throw new InventoryError('RESERVATION_NOT_FOUND', `there is no reservation ${id}`, 'id', 'NOT_FOUND');
    }
    return reservation;
  }

  /** Releases an active hold's units and ends it as RELEASED or EXPIRED. */
  private async endHold(
    tx: Tx,
    reservation: Reservation,
    status: Extract<ReservationStatus, 'RELEASED' | 'EXPIRED'>,
    context: { actor: string; reason: string | null },
    now: number,
  ): Promise<Reservation> {
    const changes = await this.changeLines(tx, reservation, (q) => ({ onHand: 0, reserved: -q, safetyStock: 0 }), now);
    await this.deps.reservations.transition(tx, reservation.id, 'ACTIVE', status, now);
    const ended: Reservation = { ...reservation, status, updatedAt: now };
    await this.record(
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
  private async changeLines(
    tx: Tx,
    reservation: Reservation,
    deltaFor: (quantity: number) => StockDelta,
    now: number,
  ): Promise<Array<{ before: StockLevel; after: StockLevel; delta: StockDelta }>> {
    const locked = await this.deps.levels.lockByKeys(tx, reservation.lines);
    const changes = [];
    for (const before of locked) {
      const line = reservation.lines.find((l) => l.sku === before.sku && l.locationId === before.locationId);
      if (!line) continue;
      const delta = deltaFor(line.quantity);
      if (!(await this.deps.levels.applyDelta(tx, before.sku, before.locationId, delta, now))) {
        throw new Error(`stock of ${before.sku}@${before.locationId} no longer covers reservation ${reservation.id}`);
      }
      changes.push({ before, after: { ...applyDelta(before, delta), updatedAt: now }, delta });
    }
    return changes;
  }

  /** Adjustments carry their own reason and reference per row. */
  private async recordAdjustments(
    tx: Tx,
    changes: ReadonlyArray<{ before: StockLevel; after: StockLevel; delta: StockDelta; request: AdjustStockRequest }>,
    actor: string,
    idempotencyKey: string,
    now: number,
  ): Promise<void> {
    const byReason = new Map<string, typeof changes[number][]>();
    for (const change of changes) {
      const group = `${change.request.reason}\u0000${change.request.reference ?? ''}`;
      byReason.set(group, [...(byReason.get(group) ?? []), change]);
    }
    for (const group of byReason.values()) {
      const { reason, reference } = (group[0] as typeof changes[number]).request;
      await this.record(tx, group, 'ADJUST', { actor, reason, reference: reference ?? null, idempotencyKey }, now);
    }
  }

  /** Writes the ledger rows and stock events of a set of changes. */
  private async record(
    tx: Tx,
    changes: ReadonlyArray<{ before: StockLevel; after: StockLevel; delta: StockDelta; source?: { eventId: string; time: number } }>,
    kind: MovementKind,
    context: { actor: string; reason?: string | null; reference?: string | null; reservationId?: string | null; idempotencyKey?: string | null },
    now: number,
    /** Further events of the same change (reservation lifecycle), written in the same statement. */
    alongside: OutgoingMessage[] = [],
  ): Promise<void> {
    const drafts: MovementDraft[] = changes.map(({ after, delta, source }) => ({
      sku: after.sku,
      locationId: after.locationId,
      kind,
      delta,
      after: { onHand: after.onHand, reserved: after.reserved, safetyStock: after.safetyStock, version: after.version },
      reason: context.reason ?? null,
      reference: context.reference ?? null,
      actor: context.actor,
      reservationId: context.reservationId ?? null,
      idempotencyKey: context.idempotencyKey ?? null,
      sourceEventId: source?.eventId ?? null,
    }));
    await this.deps.movements.append(tx, drafts, now);
    const regions = new Map((await this.deps.locations.all(tx, now)).map((location) => [location.id, location.region]));
    await this.deps.outbox.append(tx, [
      ...changes.map(({ before, after, delta, source }) =>
        stockChangedMessage(before, after, delta, kind, {
          region: regions.get(after.locationId) ?? 'unknown',
          reservationId: context.reservationId ?? null,
          sourceEventId: source?.eventId ?? null,
          sourceTime: source?.time ?? null,
        }),
      ),
      ...alongside,
    ]);
  }
}
