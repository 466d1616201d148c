import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { HoldExtensionService } from '../app/hold-extension.service';
import { requireLinesAt } from '../app/location-access';
import type { ReservationService } from '../app/reservation.service';
import { InventoryContext, locationOf } from './context';
import { LocationType } from './location.type';
import { ProductType } from './product.type';
import { ReservationPayload, ReserveStockPayload, toReservationPayload } from './reservation.payload.type';
import { ReservationLineType, ReservationType } from './reservation.type';
import { ReserveStockInput } from './reserve-stock.input';

/** Holds for carts: looking one up, taking one, and ending it by sale or release. */
@Resolver()
export class ReservationResolver {
  constructor(
    private readonly reservations: ReservationService,
    private readonly extensions: HoldExtensionService,
  ) {}

  @Authorized('store', 'service')
  @Query(() => ReservationType, { nullable: true })
  async reservation(
    @Arg('id', () => ID) id: string,
    @Ctx() { loaders, caller }: InventoryContext,
  ): Promise<ReservationType | null> {
    const reservation = await loaders.reservationById.load(id);
    if (reservation) requireLinesAt(caller, reservation.lines, 'id');
    return reservation ? ReservationType.from(reservation) : null;
  }

  @Mutation(() => ReserveStockPayload, {
    description: 'Holds stock for every line or none. Retrying with the same idempotencyKey returns the first answer.',
  })
  @Authorized('store', 'service')
  async reserveStock(
    @Arg('input') input: ReserveStockInput,
    @Arg('idempotencyKey') idempotencyKey: string,
    @Ctx() { caller }: InventoryContext,
  ): Promise<ReserveStockPayload> {
    return toReservationPayload(await this.reservations.reserve(input, idempotencyKey, caller));
  }

  @Mutation(() => ReservationPayload, { description: 'Sells the held units. Confirming a confirmed hold is a no-op.' })
  @Authorized('store', 'service')
  async confirmReservation(
    @Arg('id', () => ID) id: string,
    @Arg('idempotencyKey', () => String, { nullable: true }) idempotencyKey: string | null,
    @Ctx() { caller }: InventoryContext,
  ): Promise<ReservationPayload> {
    return toReservationPayload(await this.reservations.confirm(id, idempotencyKey ?? null, caller));
  }

  @Mutation(() => ReservationPayload, { description: 'Gives the held units back. Releasing an ended hold is a no-op.' })
  @Authorized('store', 'service')
  async releaseReservation(
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String, { nullable: true }) reason: string | null,
    @Arg('idempotencyKey', () => String, { nullable: true }) idempotencyKey: string | null,
    @Ctx() { caller }: InventoryContext,
  ): Promise<ReservationPayload> {
    return toReservationPayload(await this.reservations.release(id, reason ?? null, caller, idempotencyKey ?? null));
  }

  @Mutation(() => ReservationPayload, {
    description:
      "Keeps an active hold until ttlSeconds from now (a payment in flight), never past RESERVATION_MAX_LIFETIME_SECONDS after it was made; a hold that already lasts that long is unchanged. A customer's hold: the order service and operations only (beginPayment on the order).",
  })
  @Authorized('store', 'service')
  async extendReservation(
    @Arg('id', () => ID) id: string,
    @Arg('ttlSeconds', () => Int) ttlSeconds: number,
    @Arg('idempotencyKey', () => String, { nullable: true }) idempotencyKey: string | null,
    @Ctx() { caller }: InventoryContext,
  ): Promise<ReservationPayload> {
    return toReservationPayload(await this.extensions.extend(id, ttlSeconds, caller, idempotencyKey ?? null));
  }
}

@Resolver(() => ReservationLineType)
export class ReservationLineResolver {
  @FieldResolver(() => LocationType)
  location(@Root() line: ReservationLineType, @Ctx() { loaders }: InventoryContext): Promise<LocationType> {
    return locationOf(loaders, line.locationId);
  }

  @FieldResolver(() => ProductType)
  product(@Root() line: ReservationLineType): ProductType {
    return Object.assign(new ProductType(), { sku: line.sku });
  }
}
