import { ConnectionType, Money } from '@stockgraph/graphql-service';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import type { UserError } from '../domain/errors';
import { Order, orderTotal } from '../domain/order';
import { toOrderRecord } from '../domain/order-record';
import { OrderStatus, OrderUserErrorCode } from './enums';
import { ProductRef } from './product-ref.type';
import { ReservationRef } from './reservation-ref.type';

@ObjectType('OrderLine')
export class OrderLineType {
  @Field(() => ProductRef)
  product!: ProductRef;

  @Field(() => Int)
  quantity!: number;

  @Field(() => Money, { description: 'The price when the order was placed.' })
  unitPrice!: Money;
}

@ObjectType('OrderEvent', { description: 'One status change of an order and why it happened.' })
export class OrderEventType {
  @Field(() => OrderStatus, { nullable: true })
  from!: string | null;

  @Field(() => OrderStatus)
  to!: string;

  @Field()
  cause!: string;

  @Field()
  at!: Date;
}

@ObjectType('OrderUserError', { description: 'A business outcome the caller should handle.' })
export class OrderUserErrorType {
  @Field(() => OrderUserErrorCode)
  code!: UserError['code'];

  @Field()
  message!: string;

  @Field(() => String, { nullable: true })
  field!: string | null;
}

@Directive('@key(fields: "id")')
@ObjectType('Order')
export class OrderType {
  @Field(() => ID)
  id!: string;

  @Field(() => OrderStatus)
  status!: Order['status'];

  @Field(() => ID)
  customerId!: string;

  @Field(() => String, { nullable: true })
  reference!: string | null;

  @Field(() => [OrderLineType])
  lines!: OrderLineType[];

  @Field(() => ReservationRef, { nullable: true, description: 'The stock hold behind the order, once reserved.' })
  reservation!: ReservationRef | null;

  @Field(() => Date, { nullable: true, description: 'When the stock hold lapses unless the order is confirmed.' })
  holdExpiresAt!: Date | null;

  @Field(() => String, { nullable: true })
  paymentReference!: string | null;

  @Field(() => OrderUserErrorType, { nullable: true, description: 'Why a FAILED or EXPIRED order ended.' })
  failure!: OrderUserErrorType | null;

  @Field(() => Money)
  total!: Money;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;

  /** The GraphQL view of an order; fields its status has not got are null. */
  static from(this: void, order: Order): OrderType {
    const record = toOrderRecord(order);
    return Object.assign(new OrderType(), {
      id: record.id,
      status: record.status,
      customerId: record.customerId,
      reference: record.reference,
      lines: record.lines.map((line) =>
        Object.assign(new OrderLineType(), {
          product: Object.assign(new ProductRef(), { sku: line.sku }),
          quantity: line.quantity,
          unitPrice: Money.of(line.unitPrice, record.currency),
        }),
      ),
      reservation: record.reservationId ? Object.assign(new ReservationRef(), { id: record.reservationId }) : null,
      holdExpiresAt: record.holdExpiresAt === null ? null : new Date(record.holdExpiresAt),
      paymentReference: record.paymentReference,
      failure: record.failure,
      total: Money.of(orderTotal(order), record.currency),
      createdAt: new Date(record.createdAt),
      updatedAt: new Date(record.updatedAt),
    });
  }
}

@ObjectType('OrderConnection')
export class OrderConnection extends ConnectionType(OrderType, 'Order') {}
