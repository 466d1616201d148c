import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { OrderContext } from './context';
import type { OrderLifecycleService } from '../app/order-lifecycle.service';
import { OrderPayload, toOrderPayload } from './order.payload.type';

/** Moving a placed order on: `confirmOrder` and `cancelOrder`. */
@Resolver()
export class OrderLifecycleResolver {
  constructor(private readonly lifecycle: OrderLifecycleService) {}

  @Authorized('customer')
  @Mutation(() => OrderPayload, { description: 'Confirms payment: the held stock is sold.' })
  async confirmOrder(
    @Arg('id', () => ID) id: string,
    @Arg('paymentReference') paymentReference: string,
    @Ctx() { caller }: OrderContext,
  ): Promise<OrderPayload> {
    return toOrderPayload(await this.lifecycle.confirm(id, paymentReference, caller));
  }

  @Authorized('customer')
  @Mutation(() => OrderPayload, { description: 'Cancels an order and releases its stock.' })
  async cancelOrder(
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String, { nullable: true }) reason: string | null,
    @Ctx() { caller }: OrderContext,
  ): Promise<OrderPayload> {
    return toOrderPayload(await this.lifecycle.cancel(id, reason ?? null, caller));
  }
}
