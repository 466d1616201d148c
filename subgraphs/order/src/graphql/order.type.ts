import { ConnectionType, Money } from '@stockgraph/shared';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import type { UserError } from '../domain/errors';
import { Order, orderTotal } from '../domain/order';
import { OrderStatus, OrderUserErrorCode } from './enums';
import { ProductRef, ReservationRef } from './stubs.type';

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

  static from(order: Order): OrderType {
    return Object.assign(new OrderType(), {
      id: order.id,
      status: order.status,
      customerId: order.customerId,
      reference: order.reference,
      lines: order.lines.map((line) =>
        Object.assign(new OrderLineType(), {
          product: Object.assign(new ProductRef(), { sku: line.sku }),
          quantity: line.quantity,
          unitPrice: Money.of(line.unitPrice, order.currency),
        }),
      ),
      reservation: order.reservationId ? Object.assign(new ReservationRef(), { id: order.reservationId }) : null,
      holdExpiresAt: order.holdExpiresAt === null ? null : new Date(order.holdExpiresAt),
      paymentReference: order.paymentReference,
      failure: order.failure,
      total: Money.of(orderTotal(order), order.currency),
      createdAt: new Date(order.createdAt),
      updatedAt: new Date(order.updatedAt),
    });
  }
}

@ObjectType('OrderConnection')
export class OrderConnection extends ConnectionType(OrderType, 'Order') {}
