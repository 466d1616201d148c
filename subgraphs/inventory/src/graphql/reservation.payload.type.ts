import { Field, ObjectType } from 'type-graphql';
import type { ReservationResult } from '../app/reservation.service';
import { ReservationType } from './reservation.type';
import { InventoryUserErrorType } from './user-error.type';

@ObjectType('ReserveStockPayload')
export class ReserveStockPayload {
  @Field(() => ReservationType, { nullable: true, description: 'The hold, when every line could be reserved.' })
  reservation!: ReservationType | null;

  @Field(() => [InventoryUserErrorType])
  userErrors!: InventoryUserErrorType[];
}

@ObjectType('ReservationPayload')
export class ReservationPayload {
  @Field(() => ReservationType, { nullable: true })
  reservation!: ReservationType | null;

  @Field(() => [InventoryUserErrorType])
  userErrors!: InventoryUserErrorType[];
}

/** A reservation use case's result as its GraphQL payload. */
export function toReservationPayload(result: ReservationResult): ReservationPayload {
  return {
    reservation: result.reservation ? ReservationType.from(result.reservation) : null,
    userErrors: result.userErrors,
  };
}
