import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** Inventory's Reservation, referenced by orders. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('Reservation')
export class ReservationRef {
  @Field(() => ID)
  id!: string;
}
