import { toConnection } from '@stockgraph/shared';
import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { OrderQueryService } from '../app/order-query.service';
import type { OrderStatus as Status } from '../domain/order';
import type { OrderContext } from './context';
import { OrderStatus } from './enums';
import { OrderConnection, OrderEventType, OrderType } from './order.type';

/** Reading orders: one by id, pages of them, and each order's history. */
@Resolver(() => OrderType)
export class OrderQueryResolver {
  constructor(private readonly queries: OrderQueryService) {}

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
    const page = await this.queries.page({ customerId, status }, first, after);
    return toConnection(page.rows, page.size, OrderType.from, (o) => `${o.createdAt}|${o.id}`, page.hasPrevious);
  }

  @FieldResolver(() => [OrderEventType], { description: 'Every status change, oldest first.' })
  async history(@Root() order: OrderType, @Ctx() { loaders }: OrderContext): Promise<OrderEventType[]> {
    const events = await loaders.historyByOrderId.load(order.id);
    return events.map((e) => Object.assign(new OrderEventType(), { from: e.from, to: e.to, cause: e.cause, at: new Date(e.at) }));
  }
}
