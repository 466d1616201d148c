import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
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
  constructor(private readonly reservations: ReservationService) {}

  @Query(() => ReservationType, { nullable: true })
  async reservation(@Arg('id', () => ID) id: string, @Ctx() { loaders }: InventoryContext): Promise<ReservationType | null> {
    const reservation = await loaders.reservationById.load(id);
    return reservation ? ReservationType.from(reservation) : null;
  }

  @Mutation(() => ReserveStockPayload, {
    description: 'Holds stock for every line or none. Retrying with the same idempotencyKey returns the first answer.',
  })
  async reserveStock(
    @Arg('input') input: ReserveStockInput,
    @Arg('idempotencyKey') idempotencyKey: string,
    @Ctx() { actor }: InventoryContext,
  ): Promise<ReserveStockPayload> {
    return toReservationPayload(await this.reservations.reserve(input, idempotencyKey, { actor }));
  }

  @Mutation(() => ReservationPayload, { description: 'Sells the held units. Confirming a confirmed hold is a no-op.' })
  async confirmReservation(
    @Arg('id', () => ID) id: string,
    @Arg('idempotencyKey', () => String, { nullable: true }) idempotencyKey: string | null,
    @Ctx() { actor }: InventoryContext,
  ): Promise<ReservationPayload> {
    return toReservationPayload(await this.reservations.confirm(id, idempotencyKey ?? null, { actor }));
  }

  @Mutation(() => ReservationPayload, { description: 'Gives the held units back. Releasing an ended hold is a no-op.' })
  async releaseReservation(
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String, { nullable: true }) reason: string | null,
    @Arg('idempotencyKey', () => String, { nullable: true }) idempotencyKey: string | null,
    @Ctx() { actor }: InventoryContext,
  ): Promise<ReservationPayload> {
    return toReservationPayload(await this.reservations.release(id, reason ?? null, { actor }, idempotencyKey ?? null));
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
