import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { OrderContext } from './context';
import type { OrderLifecycleService } from '../app/order-lifecycle.service';
import type { OrderPaymentService } from '../app/order-payment.service';
import { OrderPayload, toOrderPayload } from './order.payload.type';

/** Moving a placed order on: `beginPayment`, `confirmOrder` and `cancelOrder`. */
@Resolver()
export class OrderLifecycleResolver {
  constructor(
    private readonly lifecycle: OrderLifecycleService,
    private readonly payment: OrderPaymentService,
  ) {}

  @Authorized('customer')
  @Mutation(() => OrderPayload, {
    description:
      'Says a payment for the order is in flight (before the shopper is sent to pay): its stock stays held for PAYMENT_HOLD_SECONDS from now, within the longest a hold may last. Then confirmOrder with the same paymentReference.',
  })
  async beginPayment(
    @Arg('id', () => ID) id: string,
    @Arg('paymentReference') paymentReference: string,
    @Ctx() { caller }: OrderContext,
  ): Promise<OrderPayload> {
    return toOrderPayload(await this.payment.begin(id, paymentReference, caller));
  }

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
