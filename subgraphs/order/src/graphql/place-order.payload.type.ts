import { Field, ObjectType } from 'type-graphql';
import type { OrderResult } from '../app/order-result';
import { OrderType, OrderUserErrorType } from './order.type';

@ObjectType('PlaceOrderPayload')
export class PlaceOrderPayload {
  @Field(() => OrderType, { description: 'The order, RESERVED when its stock is held, FAILED when not.' })
  order!: OrderType;

  @Field(() => [OrderUserErrorType])
  userErrors!: OrderUserErrorType[];
}

/** The payload of placeOrder. */
export function toPlaceOrderPayload(result: OrderResult): PlaceOrderPayload {
  return { order: OrderType.from(result.order), userErrors: result.userErrors };
}
