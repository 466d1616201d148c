import { toConnection } from '@stockgraph/graphql-service';
import { Arg, Authorized, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { ReservationQueryService } from '../app/reservation-query.service';
import type { ReservationStatus as Status } from '../domain/reservation';
import { reservationSortKey } from '../domain/reservation-listing';
import type { InventoryContext } from './context';
import { ReservationStatus } from './enums';
import { ReservationConnection, ReservationType } from './reservation.type';

/** Following holds: the reservations list of the ops and store pages. */
@Resolver()
export class ReservationQueryResolver {
  constructor(private readonly queries: ReservationQueryService) {}

  @Authorized('store', 'service')
  @Query(() => ReservationConnection, {
    description:
      'Holds, newest first: by status as availability counts it (an ACTIVE hold past expiresAt lists as EXPIRED), optionally only those with a line at locationId and/or for sku. Store staff see holds wholly at their own locations. first: 1 to 100 (20).',
  })
  async reservations(
    @Arg('status', () => ReservationStatus, { nullable: true, defaultValue: 'ACTIVE' }) status: Status | null,
    @Arg('locationId', () => ID, { nullable: true }) locationId: string | null,
    @Arg('sku', () => ID, { nullable: true }) sku: string | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() { caller }: InventoryContext,
  ): Promise<ReservationConnection> {
    const page = await this.queries.page({ status, locationId, sku, first, after }, caller);
    return toConnection(page.rows, page.size, ReservationType.from, reservationSortKey, page.hasPrevious);
  }
}
