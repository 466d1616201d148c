import type { Caller } from '@stockgraph/domain';
import type { Database } from '@stockgraph/persistence';
import { requireOwnOrder } from '../domain/order-access';
import { decideConfirmOrder, requirePaymentReference } from '../domain/order';
import type { InventoryClient } from '../infra/clients/inventory.client';
import type { OrderRepository } from '../infra/order.repository';
import type { OrderLifecycleService } from './order-lifecycle.service';
import type { OrderQueryService } from './order-query.service';
import { type OrderResult, toOrderError } from './order-result';

export interface OrderPaymentServiceDeps {
  db: Database;
  orders: OrderRepository;
  queries: OrderQueryService;
  lifecycle: OrderLifecycleService;
  inventory: InventoryClient;
  /** How long a payment in flight keeps the order's hold, from when it begins. */
  paymentHoldSeconds: number;
}

/**
 * A payment in flight keeps its order's hold: before the shopper is sent to pay (a card
 * check, a bank's page), the order notes the payment and has inventory extend the hold to
 * cover it, so the sweeper does not end it mid-payment. A hold that expired first ends
 * the order as EXPIRED, as confirming it would.
 */
export class OrderPaymentService {
  constructor(private readonly deps: OrderPaymentServiceDeps) {}

  async begin(id: string, paymentReference: string, caller: Caller): Promise<OrderResult> {
    requirePaymentReference(paymentReference);
    const current = await this.deps.queries.get(id);
    requireOwnOrder(caller, current);
    const decision = decideConfirmOrder(current);
    if (decision.kind === 'done') return { order: current, userErrors: [] };
    if (decision.kind === 'refuse') return { order: current, userErrors: [decision.error] };
    const { order } = decision;
    await this.deps.db.transaction((tx) => this.deps.orders.notePaymentReference(tx, id, paymentReference));
    const outcome = await this.deps.inventory.extend(order.reservationId, this.deps.paymentHoldSeconds);
    const refused = outcome.userErrors[0];
    if (refused?.code === 'RESERVATION_EXPIRED' || refused?.code === 'RESERVATION_RELEASED') {
      const ended = await this.deps.lifecycle.settleHold(
        order.reservationId,
        refused.code === 'RESERVATION_EXPIRED' ? 'EXPIRED' : 'RELEASED',
      );
      return { order: ended ?? (await this.deps.queries.get(id)), userErrors: [toOrderError(refused)] };
    }
    if (refused) return { order: await this.deps.queries.get(id), userErrors: [toOrderError(refused)] };
    const expiresAt = outcome.reservation ? Date.parse(outcome.reservation.expiresAt) : Number.NaN;
    if (Number.isFinite(expiresAt))
      await this.deps.db.transaction((tx) => this.deps.orders.noteHoldExpiry(tx, id, expiresAt));
    return { order: await this.deps.queries.get(id), userErrors: [] };
  }
}
