import { Arg, ID, Resolver, Root, Subscription } from 'type-graphql';
import type { SubscribeResolverData } from 'type-graphql';
import { OrderError } from '../domain/errors';
import { requireOwnOrder } from '../domain/order-access';
import { isAnonymous, unauthenticated } from '@stockgraph/domain';
import type { Order } from '../domain/order';
import type { OrderContext } from './context';
import { OrderType } from './order.type';

/** Following one order live: `orderUpdated`, fed by the order events every instance reads. */
@Resolver(() => OrderType)
export class OrderUpdatesResolver {
  @Subscription(() => OrderType, {
    description: 'The order as it stands now, then again after every status change.',
    subscribe: async ({ args, context }: SubscribeResolverData<unknown, { id: string }, OrderContext>) => {
      // Who may watch is checked on the order as it is when the subscription starts: it never changes hands.
      if (isAnonymous(context.caller))
        throw unauthenticated('orderUpdated needs you to sign in as the customer who placed the order');
      const updates = await context.updates.watch(args.id, async (id) => {
        const order = await context.loaders.orderById.load(id);
        if (order) requireOwnOrder(context.caller, order);
        return order;
      });
      if (!updates) throw new OrderError('ORDER_NOT_FOUND', `there is no order ${args.id}`, 'id', 'NOT_FOUND');
      return updates;
    },
  })
  orderUpdated(@Root() order: Order, @Arg('id', () => ID) _id: string): OrderType {
    return OrderType.from(order);
  }
}
