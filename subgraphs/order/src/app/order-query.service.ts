import type { Database } from '@stockgraph/persistence';
import { decodeCursor, pageSize } from '@stockgraph/graphql-service';
import { DomainError } from '@stockgraph/domain';
import { OrderError } from '../domain/errors';
import type { Order, OrderEvent } from '../domain/order';
import type { OrderPageFilter, OrderRepository } from '../infra/order.repository';

export interface OrderQueryServiceDeps {
  db: Database;
  orders: OrderRepository;
}

/** One page of orders, newest first, with what the connection needs to say about it. */
export interface OrderPage {
  /** Up to `size + 1` orders: one more than the page shows tells whether there is a next page. */
  rows: Order[];
  size: number;
  hasPrevious: boolean;
}

/** Reads of orders: by id, their history, pages of them, and the ones recovery looks at. */
export class OrderQueryService {
  constructor(private readonly deps: OrderQueryServiceDeps) {}

  /** The orders with these ids that exist, in no particular order. */
  ordersByIds(ids: readonly string[]): Promise<Order[]> {
    return this.deps.db.read((sql) => this.deps.orders.findByIds(sql, ids));
  }

  /** The order with this id; ORDER_NOT_FOUND when there is none. */
  async get(id: string): Promise<Order> {
    const [order] = await this.ordersByIds([id]);
    if (!order) throw new OrderError('ORDER_NOT_FOUND', `there is no order ${id}`, 'id', 'NOT_FOUND');
    return order;
  }

  /** The order waiting on a hold, or null. */
  orderByReservationId(reservationId: string): Promise<Order | null> {
    return this.deps.db.read((sql) => this.deps.orders.findByReservationId(sql, reservationId));
  }

  /** The status changes of these orders, oldest first. */
  historyOf(ids: readonly string[]): Promise<OrderEvent[]> {
    return this.deps.db.read((sql) => this.deps.orders.historyOf(sql, ids));
  }

  /** Newest first; `after` is a cursor this list gave out. */
  async page(
    filter: OrderPageFilter,
    first: number | null | undefined,
    after: string | null | undefined,
  ): Promise<OrderPage> {
    const size = pageSize(first);
    let position: { createdAt: number; id: string } | null = null;
    if (after) {
      const [createdAt, orderId] = String(decodeCursor(after)).split('|');
      if (!createdAt || !orderId || !Number.isFinite(Number(createdAt))) {
        throw new DomainError('INVALID_CURSOR', `"${after}" is not a cursor from this list`, 'after');
      }
      position = { createdAt: Number(createdAt), id: orderId };
    }
    const rows = await this.deps.db.read((session) => this.deps.orders.page(session, filter, position, size + 1));
    return { rows, size, hasPrevious: after != null };
  }

  /** Orders PENDING since before `before`, oldest first. */
  stalledOrders(before: number, limit: number): Promise<string[]> {
    return this.deps.db.read((sql) => this.deps.orders.stalledPending(sql, before, limit));
  }

  /** RESERVED orders whose hold lapsed before `before`. */
  lapsedHolds(before: number, limit: number): Promise<Array<{ id: string; reservationId: string }>> {
    return this.deps.db.read((sql) => this.deps.orders.lapsedHolds(sql, before, limit));
  }
}
