import type { Caller } from '@stockgraph/domain';
import { requireOwnOrder } from '../domain/order-access';
import type { Database } from '@stockgraph/persistence';
import { UnreachableCaseError } from '@stockgraph/domain';
import { OrderError } from '../domain/errors';
import {
  decideCancelOrder,
  decideConfirmOrder,
  decideHoldOutcome,
  endHold,
  type HoldEnding,
  type HoldOutcome,
  inventoryKeys,
  type Order,
  requirePaymentReference,
  type ReservedOrder,
} from '../domain/order';
import type { InventoryClient, InventoryUserError } from '../infra/clients/inventory.client';
import type { OrderRepository, TransitionFields } from '../infra/order.repository';
import type { OrderQueryService } from './order-query.service';
import { type OrderResult, toOrderError } from './order-result';
import type { OrderTransitionRecorder } from './order-transition-recorder';

export interface OrderLifecycleServiceDeps {
  db: Database;
  orders: OrderRepository;
  queries: OrderQueryService;
  transitions: OrderTransitionRecorder;
  inventory: InventoryClient;
  clock?: () => number;
}

/** Rounds of "someone else moved the order first, look again" before giving up. */
const MAX_RACES = 5;

/**
 * A RESERVED order's way out: confirmed, cancelled, or ended by what inventory did with its
 * hold. Inventory is the arbiter of every race: an order moves only after inventory agreed,
 * and a move is conditional on the status it was read in, so the loser looks again.
 */
export class OrderLifecycleService {
  private readonly clock: () => number;

  constructor(private readonly deps: OrderLifecycleServiceDeps) {
    this.clock = deps.clock ?? Date.now;
  }

  /** Sells the held stock and marks the order paid. */
  async confirm(id: string, paymentReference: string, caller: Caller): Promise<OrderResult> {
    requirePaymentReference(paymentReference);
    for (let round = 0; round < MAX_RACES; round += 1) {
      const current = await this.deps.queries.get(id);
      requireOwnOrder(caller, current);
      const decision = decideConfirmOrder(current);
      if (decision.kind === 'done') return { order: current, userErrors: [] };
      if (decision.kind === 'refuse') return { order: current, userErrors: [decision.error] };
      const { order } = decision;
      if (!(await this.deps.db.transaction((tx) => this.deps.orders.notePaymentReference(tx, id, paymentReference))))
        continue;
      const outcome = await this.deps.inventory.confirm(order.reservationId, inventoryKeys.confirm(id));
      const problem = outcome.userErrors[0];
      const moved = problem
        ? await this.fail(order, problem)
        : await this.end(
            order,
            { to: 'CONFIRMED', paymentReference, failure: null },
            `confirmed, payment ${paymentReference}`,
          );
      if (moved) return { order: moved, userErrors: problem ? [toOrderError(problem)] : [] };
    }
    throw raceLost(id);
  }

  /** Gives the held stock back and ends the order. Cancelling a cancelled order changes nothing. */
  async cancel(id: string, reason: string | null, caller: Caller): Promise<OrderResult> {
    if (reason !== null && reason.length > 500) {
      throw new OrderError('INVALID_REASON', 'reason must be at most 500 characters', 'reason');
    }
    for (let round = 0; round < MAX_RACES; round += 1) {
      const current = await this.deps.queries.get(id);
      requireOwnOrder(caller, current);
      const decision = decideCancelOrder(current);
      if (decision.kind === 'done') return { order: current, userErrors: [] };
      if (decision.kind === 'refuse') return { order: current, userErrors: [decision.error] };
      const { order } = decision;
      const outcome = await this.deps.inventory.release(order.reservationId, reason ?? 'order cancelled');
      if (outcome.userErrors.some((e) => e.code === 'RESERVATION_ALREADY_CONFIRMED')) continue; // confirmed meanwhile
      const moved = await this.end(
        order,
        { to: 'CANCELLED', failure: null },
        reason ? `cancelled: ${reason}` : 'cancelled',
      );
      if (moved) return { order: moved, userErrors: [] };
    }
    throw raceLost(id);
  }

  /**
   * Records inventory's final word on a hold (its events, or recovery asking): the order
   * waiting on it is confirmed, cancelled or expired. Null when no order was waiting on it.
   */
  async settleHold(reservationId: string, outcome: HoldOutcome): Promise<Order | null> {
    const order = await this.deps.queries.orderByReservationId(reservationId);
    const settlement = order && decideHoldOutcome(order, reservationId, outcome);
    if (!settlement) return null;
    // Null when the order moved meanwhile: whatever moved it had the hold's news first.
    return this.end(settlement.order, settlement, settlement.cause);
  }

  /** Ends a RESERVED order whose hold inventory refused to confirm: it expired, or was released. */
  private fail(order: ReservedOrder, problem: InventoryUserError): Promise<Order | null> {
    const outcome: HoldOutcome = problem.code === 'RESERVATION_RELEASED' ? 'RELEASED' : 'EXPIRED';
    const settlement = decideHoldOutcome(order, order.reservationId, outcome);
    if (!settlement) return Promise.resolve(null);
    // Inventory's own words say why the hold ended, in place of the settlement's.
    const failure = toOrderError(problem);
    const ending: HoldEnding = settlement.to === 'CONFIRMED' ? settlement : { to: settlement.to, failure };
    return this.end(order, ending, settlement.cause);
  }

  /** Moves a RESERVED order to how its hold ended; null when someone else moved it first. */
  private end(order: ReservedOrder, ending: HoldEnding, cause: string): Promise<Order | null> {
    return this.deps.transitions.move(order, endHold(order, ending, this.clock()), fieldsOf(ending), cause);
  }
}

/** What a hold's ending writes besides the status: only what it changes, never a blank over a noted value. */
function fieldsOf(ending: HoldEnding): TransitionFields {
  switch (ending.to) {
    case 'CONFIRMED':
      return ending.paymentReference === null ? {} : { paymentReference: ending.paymentReference };
    case 'CANCELLED':
      return ending.failure === null ? {} : { failure: ending.failure };
    case 'EXPIRED':
      return { failure: ending.failure };
    default:
      throw new UnreachableCaseError(ending);
  }
}

function raceLost(id: string): OrderError {
  return new OrderError('ORDER_IN_FLIGHT', `order ${id} kept changing under this request; retry`, 'id', 'CONFLICT');
}
