import { type Database, runIdempotent, type Tx } from '@stockgraph/persistence';
import { actorOf, type Caller } from '@stockgraph/domain';
import { InventoryError } from '../domain/errors';
import { decideExtend } from '../domain/reservation';
import type { ReservationRepository } from '../infra/reservation.repository';
import type { HoldExpiry } from './hold-expiry.service';
import { requireMayExtendHold } from './reservation-access';
import type { ReservationResult } from './reservation.service';

export interface HoldExtensionDeps {
  db: Database;
  reservations: ReservationRepository;
  holds: HoldExpiry;
  limits: {
    minTtlSeconds: number;
    maxTtlSeconds: number;
    /** No hold lasts longer than this after it was made, however often it is extended. */
    maxLifetimeSeconds: number;
    idempotencyTtlMs: number;
  };
  clock?: () => number;
}

/**
 * Holds that follow payment: a hold whose payment is in flight is extended, so the sweeper
 * does not end it under the payment. Extension and the sweeper both lock the hold's row
 * first and decide on what they read under the lock: whichever comes second sees the
 * other's work (the sweeper a later expiry and passes it by; the extension an EXPIRED
 * hold and refuses), so a hold is never both extended and given back.
 */
export class HoldExtensionService {
  private readonly clock: () => number;

  constructor(private readonly deps: HoldExtensionDeps) {
    this.clock = deps.clock ?? Date.now;
  }

  async extend(
    id: string,
    ttlSeconds: number,
    caller: Caller,
    idempotencyKey: string | null = null,
  ): Promise<ReservationResult> {
    const { minTtlSeconds, maxTtlSeconds } = this.deps.limits;
    if (!Number.isInteger(ttlSeconds) || ttlSeconds < minTtlSeconds || ttlSeconds > maxTtlSeconds)
      throw new InventoryError(
        'INVALID_TTL',
        `ttlSeconds must be a whole number from ${minTtlSeconds} to ${maxTtlSeconds}, got ${ttlSeconds}`,
        'ttlSeconds',
      );
    const work = (tx: Tx) => this.extendIn(tx, id, ttlSeconds, caller);
    if (idempotencyKey === null) return this.deps.db.transaction(work);
    return runIdempotent(
      this.deps.db,
      {
        scope: 'extendReservation',
        key: idempotencyKey,
        caller,
        request: { id, ttlSeconds },
        ttlMs: this.deps.limits.idempotencyTtlMs,
      },
      work,
    );
  }

  private async extendIn(tx: Tx, id: string, ttlSeconds: number, caller: Caller): Promise<ReservationResult> {
    const now = this.clock();
    const reservation = await this.deps.reservations.lock(tx, id);
    if (!reservation)
      throw new InventoryError('RESERVATION_NOT_FOUND', `there is no reservation ${id}`, 'id', 'NOT_FOUND');
    requireMayExtendHold(caller, reservation);
    const decision = decideExtend(reservation, now, {
      seconds: ttlSeconds,
      maxLifetimeMs: this.deps.limits.maxLifetimeSeconds * 1000,
    });
    switch (decision.kind) {
      case 'extend':
        // The row is locked and ACTIVE: the update cannot miss.
        await this.deps.reservations.extend(tx, id, decision.expiresAt, now);
        return { reservation: { ...reservation, expiresAt: decision.expiresAt, updatedAt: now }, userErrors: [] };
      case 'unchanged':
        return { reservation, userErrors: [] };
      case 'expire-then-refuse':
        return {
          reservation: await this.deps.holds.endHold(
            tx,
            reservation,
            'EXPIRED',
            { actor: actorOf(caller), reason: 'expired' },
            now,
          ),
          userErrors: [decision.error],
        };
      case 'refuse':
        return { reservation, userErrors: [decision.error] };
    }
  }
}
