import type { Database } from '@stockgraph/persistence';
import { decodeCursorAs, pageSize } from '@stockgraph/graphql-service';
import type { Caller } from '@stockgraph/domain';
import type { Reservation, ReservationStatus } from '../domain/reservation';
import { parseReservationSortKey } from '../domain/reservation-listing';
import type { ReservationRepository } from '../infra/reservation.repository';
import { listableReservations } from './reservation-access';

export interface ReservationListRequest {
  status?: ReservationStatus | null;
  locationId?: string | null;
  sku?: string | null;
  first?: number | null;
  after?: string | null;
}

/** Following holds: which are active (or ended how), where, on what, newest first. */
export class ReservationQueryService {
  constructor(
    private readonly db: Database,
    private readonly reservations: ReservationRepository,
    private readonly clock: () => number,
  ) {}

  /**
   * A page of holds, newest first (ACTIVE ones when no status is named), that the caller
   * may see: store staff only holds wholly at their own locations. Bounds and cursor are
   * checked before anything is read.
   */
  async page(
    request: ReservationListRequest,
    caller: Caller,
  ): Promise<{ rows: Reservation[]; size: number; hasPrevious: boolean }> {
    const size = pageSize(request.first);
    const position = request.after ? decodeCursorAs(request.after, parseReservationSortKey) : null;
    const locationId = request.locationId ?? null;
    const within = listableReservations(caller, locationId);
    const filter = { status: request.status ?? 'ACTIVE', locationId, sku: request.sku ?? null, within };
    const rows = await this.db.read((sql) => this.reservations.page(sql, filter, position, size + 1, this.clock()));
    return { rows, size, hasPrevious: request.after != null };
  }
}
