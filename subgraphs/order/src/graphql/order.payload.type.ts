import { Field, ObjectType } from 'type-graphql';
import type { OrderResult } from '../app/order-result';
import { OrderType, OrderUserErrorType } from './order.type';

@ObjectType('OrderPayload')
export class OrderPayload {
  @Field(() => OrderType)
  order!: OrderType;

  @Field(() => [OrderUserErrorType])
  userErrors!: OrderUserErrorType[];
}

/** The payload of confirmOrder and cancelOrder. */
export function toOrderPayload(result: OrderResult): OrderPayload {
  return { order: OrderType.from(result.order), userErrors: result.userErrors };
}
