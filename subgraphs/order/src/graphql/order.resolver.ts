import { toConnection } from '@stockgraph/shared';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { SubscribeResolverData } from 'type-graphql';
import type { OrderService } from '../app/order.service';
import { OrderError } from '../domain/errors';
import type { Order, OrderStatus as Status } from '../domain/order';
import type { OrderContext } from './context';
import { OrderStatus } from './enums';
import { OrderConnection, OrderEventType, OrderType } from './order.type';
import { OrderPayload, PlaceOrderPayload, toOrderPayload } from './payload.type';
import { PlaceOrderInput } from './place-order.input';

@Resolver(() => OrderType)
export class OrderResolver {
  constructor(private readonly service: OrderService) {}

  @Query(() => OrderType, { nullable: true })
  async order(@Arg('id', () => ID) id: string, @Ctx() { loaders }: OrderContext): Promise<OrderType | null> {
    const order = await loaders.orderById.load(id);
    return order ? OrderType.from(order) : null;
  }

  @Query(() => OrderConnection, { description: 'Orders, newest first.' })
  async orders(
    @Arg('customerId', () => ID, { nullable: true }) customerId: string | null,
    @Arg('status', () => OrderStatus, { nullable: true }) status: Status | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<OrderConnection> {
    const page = await this.service.page({ customerId, status }, first, after);
    return toConnection(page.rows, page.size, OrderType.from, (o) => `${o.createdAt}|${o.id}`, page.hasPrevious);
  }

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

  @FieldResolver(() => [OrderEventType], { description: 'Every status change, oldest first.' })
  async history(@Root() order: OrderType, @Ctx() { loaders }: OrderContext): Promise<OrderEventType[]> {
    const events = await loaders.historyByOrderId.load(order.id);
    return events.map((e) => Object.assign(new OrderEventType(), { from: e.from, to: e.to, cause: e.cause, at: new Date(e.at) }));
  }

  @Mutation(() => PlaceOrderPayload, {
    description: 'Places an order and holds its stock. Retrying with the same idempotencyKey returns the first answer.',
  })
  async placeOrder(@Arg('input') input: PlaceOrderInput, @Arg('idempotencyKey') idempotencyKey: string): Promise<PlaceOrderPayload> {
    return toOrderPayload(await this.service.place(input, idempotencyKey));
  }

  @Mutation(() => OrderPayload, { description: 'Confirms payment: the held stock is sold.' })
  async confirmOrder(@Arg('id', () => ID) id: string, @Arg('paymentReference') paymentReference: string): Promise<OrderPayload> {
    return toOrderPayload(await this.service.confirm(id, paymentReference));
  }

  @Mutation(() => OrderPayload, { description: 'Cancels an order and releases its stock.' })
  async cancelOrder(
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String, { nullable: true }) reason: string | null,
  ): Promise<OrderPayload> {
    return toOrderPayload(await this.service.cancel(id, reason ?? null));
  }
}
