import type { Database, Tx } from '@stockgraph/persistence';
import type { Outbox } from '@stockgraph/messaging';
import type { Order, OrderStatus } from '../domain/order';
import { orderStatusMessage } from '../events/order-events';
import type { OrderRepository, TransitionFields } from '../infra/order.repository';
import { resultOf, storedResult } from './order-result';

export interface OrderTransitionRecorderDeps {
  db: Database;
  outbox: Outbox;
  orders: OrderRepository;
}

/**
 * Writes an order's status changes: the row, its history entry and its `order.events.v1`
 * event, always in one transaction, so no change is seen without its event or the reverse.
 * Placing and the lifecycle both move orders through it.
 */
export class OrderTransitionRecorder {
  constructor(private readonly deps: OrderTransitionRecorderDeps) {}

  /**
   * Moves an order from `from` (as it was read) to `next`, writing `fields` with the status,
   * in one transaction. Null when someone else moved it first. `endsPlacing` stores `next`'s
   * answer as placeOrder's, replayed for its idempotency key.
   */
  async move<Next extends Order>(
    from: Order,
    next: Next,
    fields: TransitionFields,
    cause: string,
    endsPlacing = false,
  ): Promise<Next | null> {
    const withResult = endsPlacing ? { ...fields, placeResult: storedResult(resultOf(next)) } : fields;
    return this.deps.db.transaction(async (tx) => {
      if (!(await this.deps.orders.transition(tx, from.id, from.status, next.status, withResult, next.updatedAt)))
        return null;
      await this.record(tx, next, from.status, cause);
      return next;
    });
  }

  /** The history entry and event of `order` having just reached its status from `from`, in the caller's transaction. */
  async record(tx: Tx, order: Order, from: OrderStatus | null, cause: string): Promise<void> {
    this.deps.orders.appendEvent(tx, { orderId: order.id, from, to: order.status, cause, at: order.updatedAt });
    await this.deps.outbox.append(tx, [orderStatusMessage(order, from, cause)]);
  }
}
