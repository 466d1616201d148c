import { UnreachableCaseError } from '@stockgraph/domain';
import { userError, type UserError } from './errors';

export type ReservationStatus = 'ACTIVE' | 'CONFIRMED' | 'RELEASED' | 'EXPIRED';

export interface ReservationLine {
  sku: string;
  locationId: string;
  quantity: number;
}

export interface Reservation {
  id: string;
  status: ReservationStatus;
  reference: string | null;
  /** The customer the hold was made for, who may then see it; null when it is no customer's (a store's own hold). */
  customerId: string | null;
  /** Epoch ms. */
  expiresAt: number;
  createdAt: number;
  updatedAt: number;
  lines: ReservationLine[];
}

/** What confirming a reservation in its current state means. */
export type ConfirmDecision =
  | { kind: 'confirm' }
  | { kind: 'already-confirmed' }
  /** An active hold past its expiry: release its units for real, then refuse. */
  | { kind: 'expire-then-refuse'; error: UserError }
  | { kind: 'refuse'; error: UserError };

export function decideConfirm(
  reservation: Pick<Reservation, 'id' | 'status' | 'expiresAt'>,
  now: number,
): ConfirmDecision {
  switch (reservation.status) {
    case 'ACTIVE':
      return reservation.expiresAt <= now
        ? { kind: 'expire-then-refuse', error: expiredError(reservation.id) }
        : { kind: 'confirm' };
    case 'CONFIRMED':
      return { kind: 'already-confirmed' };
    case 'EXPIRED':
      return { kind: 'refuse', error: expiredError(reservation.id) };
    case 'RELEASED':
      return { kind: 'refuse', error: releasedError(reservation.id) };
    default:
      throw new UnreachableCaseError(reservation.status);
  }
}

/** What releasing a reservation in its current state means. Release is idempotent. */
export type ReleaseDecision =
  | { kind: 'release' }
  /** Past its expiry but not yet swept: it ends as EXPIRED, which is what it already was. */
  | { kind: 'expire' }
  | { kind: 'already-ended' }
  | { kind: 'refuse'; error: UserError };

export function decideRelease(
  reservation: Pick<Reservation, 'id' | 'status' | 'expiresAt'>,
  now: number,
): ReleaseDecision {
  switch (reservation.status) {
    case 'ACTIVE':
      return reservation.expiresAt <= now ? { kind: 'expire' } : { kind: 'release' };
    case 'RELEASED':
    case 'EXPIRED':
      return { kind: 'already-ended' };
    case 'CONFIRMED':
      return {
        kind: 'refuse',
        error: userError(
          'RESERVATION_ALREADY_CONFIRMED',
          `reservation ${reservation.id} is confirmed: its units are sold; adjust stock to return them`,
          'id',
        ),
      };
    default:
      throw new UnreachableCaseError(reservation.status);
  }
}

function releasedError(id: string): UserError {
  return userError('RESERVATION_RELEASED', `reservation ${id} was released; reserve again`, 'id');
}

function expiredError(id: string): UserError {
  return userError('RESERVATION_EXPIRED', `reservation ${id} expired before it was confirmed; reserve again`, 'id');
}

/** How far a hold may be extended: by `seconds` from now, never past its creation plus `maxLifetimeMs`. */
export interface ExtendRequest {
  seconds: number;
  maxLifetimeMs: number;
}

/** What extending a reservation in its current state means. */
export type ExtendDecision =
  /** Its expiry moves to `expiresAt`. */
  | { kind: 'extend'; expiresAt: number }
  /** It already lasts at least that long: nothing changes (so a retried extension changes nothing). */
  | { kind: 'unchanged' }
  /** An active hold past its expiry (not yet swept): it ends as EXPIRED, then the extension is refused. */
  | { kind: 'expire-then-refuse'; error: UserError }
  | { kind: 'refuse'; error: UserError };

/**
 * A pending payment keeps its hold: an active hold's expiry moves to now + `seconds`,
 * within its lifetime bound. An expired hold is not brought back; an ended one is refused
 * as confirm and release refuse it.
 */
export function decideExtend(
  reservation: Pick<Reservation, 'id' | 'status' | 'expiresAt' | 'createdAt'>,
  now: number,
  request: ExtendRequest,
): ExtendDecision {
  switch (reservation.status) {
    case 'ACTIVE': {
      if (reservation.expiresAt <= now) return { kind: 'expire-then-refuse', error: expiredError(reservation.id) };
      const wanted = now + request.seconds * 1000;
      if (wanted <= reservation.expiresAt) return { kind: 'unchanged' };
      const latest = reservation.createdAt + request.maxLifetimeMs;
      if (wanted > latest)
        return {
          kind: 'refuse',
          error: userError(
            'HOLD_LIFETIME_EXCEEDED',
            `reservation ${reservation.id} may be held until ${new Date(latest).toISOString()} at most (${Math.round(request.maxLifetimeMs / 1000)} s after it was made): extend it by at most ${Math.max(0, Math.floor((latest - now) / 1000))} s, or reserve again`,
            'ttlSeconds',
          ),
        };
      return { kind: 'extend', expiresAt: wanted };
    }
    case 'CONFIRMED':
      return {
        kind: 'refuse',
        error: userError('RESERVATION_ALREADY_CONFIRMED', `reservation ${reservation.id} is already sold`, 'id'),
      };
    case 'EXPIRED':
      return { kind: 'refuse', error: expiredError(reservation.id) };
    case 'RELEASED':
      return { kind: 'refuse', error: releasedError(reservation.id) };
    default:
      throw new UnreachableCaseError(reservation.status);
  }
}
