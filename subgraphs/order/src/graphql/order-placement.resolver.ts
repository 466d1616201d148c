import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { OrderContext } from './context';
import type { OrderPlacementService } from '../app/order-placement.service';
import { PlaceOrderInput } from './place-order.input';
import { PlaceOrderPayload, toPlaceOrderPayload } from './place-order.payload.type';

/** Placing orders: `placeOrder`. */
@Resolver()
export class OrderPlacementResolver {
  constructor(private readonly placement: OrderPlacementService) {}

  @Mutation(() => PlaceOrderPayload, {
    description: 'Places an order and holds its stock. Retrying with the same idempotencyKey returns the first answer.',
  })
  @Authorized('customer')
  async placeOrder(
    @Arg('input') input: PlaceOrderInput,
    @Arg('idempotencyKey') idempotencyKey: string,
    @Ctx() { caller }: OrderContext,
  ): Promise<PlaceOrderPayload> {
    return toPlaceOrderPayload(await this.placement.place(input, idempotencyKey, caller));
  }
}
