import { ConnectionType } from '@stockgraph/graphql-service';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import type { Reservation } from '../domain/reservation';
import { ReservationStatus } from './enums';

@ObjectType('ReservationLine', { description: 'Units held at one location for one sku.' })
export class ReservationLineType {
  @Field(() => ID)
  sku!: string;

  /** Resolved into `location` and `product` by ReservationLineResolver. */
  locationId!: string;

  @Field(() => Int)
  quantity!: number;
}

@Directive('@key(fields: "id")')
@ObjectType('Reservation', { description: 'A hold on stock for a cart, until it is confirmed, released or expires.' })
export class ReservationType {
  @Field(() => ID)
  id!: string;

  @Field(() => ReservationStatus)
  status!: Reservation['status'];

  @Field(() => String, { nullable: true, description: "The caller's own reference, such as an order id." })
  reference!: string | null;

  @Field({ description: 'When an ACTIVE hold stops counting and its units return.' })
  expiresAt!: Date;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;

  @Field(() => [ReservationLineType])
  lines!: ReservationLineType[];

  static from(this: void, reservation: Reservation): ReservationType {
    return Object.assign(new ReservationType(), {
      id: reservation.id,
      status: reservation.status,
      reference: reservation.reference,
      expiresAt: new Date(reservation.expiresAt),
      createdAt: new Date(reservation.createdAt),
      updatedAt: new Date(reservation.updatedAt),
      lines: reservation.lines.map((line) => Object.assign(new ReservationLineType(), line)),
    });
  }
}

@ObjectType('ReservationConnection')
export class ReservationConnection extends ConnectionType(ReservationType, 'Reservation') {}
