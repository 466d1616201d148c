import { Field, ObjectType } from 'type-graphql';
import type { OrderResult } from '../app/order.service';
import { OrderType, OrderUserErrorType } from './order.type';

@ObjectType('PlaceOrderPayload')
export class PlaceOrderPayload {
  @Field(() => OrderType, { description: 'The order, RESERVED when its stock is held, FAILED when not.' })
  order!: OrderType;

  @Field(() => [OrderUserErrorType])
  userErrors!: OrderUserErrorType[];
}

@ObjectType('OrderPayload')
export class OrderPayload {
  @Field(() => OrderType)
  order!: OrderType;

  @Field(() => [OrderUserErrorType])
  userErrors!: OrderUserErrorType[];
}

export function toOrderPayload(result: OrderResult): OrderPayload {
  return { order: OrderType.from(result.order), userErrors: result.userErrors };
}
