import { toConnection } from '@stockgraph/graphql-service';
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { customerListed, requireOwnOrder } from '../domain/order-access';
import type { OrderQueryService } from '../app/order-query.service';
import type { OrderStatus as Status } from '../domain/order';
import type { OrderContext } from './context';
import { OrderStatus } from './enums';
import { OrderConnection, OrderEventType, OrderType } from './order.type';

/** Reading orders: one by id, pages of them, and each order's history. */
@Resolver(() => OrderType)
export class OrderQueryResolver {
  constructor(private readonly queries: OrderQueryService) {}

  @Authorized('customer', 'service')
  @Query(() => OrderType, { nullable: true })
  async order(@Arg('id', () => ID) id: string, @Ctx() { loaders, caller }: OrderContext): Promise<OrderType | null> {
    const order = await loaders.orderById.load(id);
    if (order) requireOwnOrder(caller, order);
    return order ? OrderType.from(order) : null;
  }

  @Authorized('customer', 'service')
  @Query(() => OrderConnection, { description: "Orders, newest first: a customer's own, or (operations) anyone's." })
  async orders(
    @Arg('customerId', () => ID, { nullable: true }) customerId: string | null,
    @Arg('status', () => OrderStatus, { nullable: true }) status: Status | null,
    @Arg('excludeStatuses', () => [OrderStatus], {
      nullable: true,
      description: 'Statuses left out, such as FAILED (orders that were never placed: nothing was held).',
    })
    excludeStatuses: Status[] | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() { caller }: OrderContext,
  ): Promise<OrderConnection> {
    const page = await this.queries.page(
      { customerId: customerListed(caller, customerId), status, excludeStatuses: [...new Set(excludeStatuses ?? [])] },
      first,
      after,
    );
    return toConnection(page.rows, page.size, OrderType.from, (o) => `${o.createdAt}|${o.id}`, page.hasPrevious);
  }

  @FieldResolver(() => [OrderEventType], { description: 'Every status change, oldest first.' })
  async history(@Root() order: OrderType, @Ctx() { loaders }: OrderContext): Promise<OrderEventType[]> {
    const events = await loaders.historyByOrderId.load(order.id);
    return events.map((e) =>
      Object.assign(new OrderEventType(), { from: e.from, to: e.to, cause: e.cause, at: new Date(e.at) }),
    );
  }
}
