import { Arg, ID, Resolver, Root, Subscription } from 'type-graphql';
import type { SubscribeResolverData } from 'type-graphql';
import { OrderError } from '../domain/errors';
import type { Order } from '../domain/order';
import type { OrderContext } from './context';
import { OrderType } from './order.type';

/** Following one order live: `orderUpdated`, fed by the order events every instance reads. */
@Resolver(() => OrderType)
export class OrderUpdatesResolver {
  @Subscription(() => OrderType, {
    description: 'The order as it stands now, then again after every status change.',
    subscribe: async ({ args, context }: SubscribeResolverData<unknown, { id: string }, OrderContext>) => {
      const updates = await context.updates.watch(args.id, (id) => context.loaders.orderById.load(id));
      if (!updates) throw new OrderError('ORDER_NOT_FOUND', `there is no order ${args.id}`, 'id', 'NOT_FOUND');
      return updates;
    },
  })
  orderUpdated(@Root() order: Order, @Arg('id', () => ID) _id: string): OrderType {
    return OrderType.from(order);
  }
}
