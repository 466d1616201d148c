import { randomUUID } from 'node:crypto';
import { Database, decodeCursor, DomainError, Outbox, pageSize, requestHash, Tx } from '@stockgraph/shared';
import { OrderError, userError, UserError } from '../domain/errors';
import {
  decideCancelOrder,
  decideConfirmOrder,
  decideHoldOutcome,
  HoldOutcome,
  inventoryKeys,
  Order,
  OrderStatus,
  PlaceOrderRequest,
  validatePlaceOrder,
} from '../domain/order';
import { orderStatusMessage } from '../events/order-events';
import type { CatalogClient } from '../infra/clients/catalog.client';
import type { InventoryClient, InventoryUserError } from '../infra/clients/inventory.client';
import type { OrderPageFilter, OrderRepository, TransitionFields } from '../infra/order.repository';

export interface OrderResult {
  order: Order;
  userErrors: UserError[];
}

export interface OrderServiceDeps {
  db: Database;
  outbox: Outbox;
  orders: OrderRepository;
  inventory: InventoryClient;
  catalog: CatalogClient;
  clock?: () => number;
  /** Called right after inventory held an order's stock, before the order records it: the crash-test hook. */
  afterReserve?: (orderId: string) => void;
}

const MAX_KEY = 200;
/** Rounds of "someone else moved the order first, look again" before giving up. */
const MAX_RACES = 5;

/**
 * The order lifecycle, orchestrated over inventory (which holds the stock) and catalog
 * (which owns prices). Inventory is the arbiter of every race: an order moves only
 * after inventory agreed, and every call to inventory carries a key derived from the
 * order id, so a retry after a crash repeats nothing.
 */
export class OrderService {
  private readonly db: Database;
  private readonly outbox: Outbox;
  private readonly orders: OrderRepository;
  private readonly inventory: InventoryClient;
  private readonly catalog: CatalogClient;
  private readonly clock: () => number;
  private readonly afterReserve: (orderId: string) => void;

  constructor(deps: OrderServiceDeps) {
    this.db = deps.db;
    this.outbox = deps.outbox;
    this.orders = deps.orders;
    this.inventory = deps.inventory;
    this.catalog = deps.catalog;
    this.clock = deps.clock ?? Date.now;
    this.afterReserve = deps.afterReserve ?? (() => undefined);
  }

  /**
   * Saves the order, holds its stock and answers with the outcome. The same key with the
   * same request returns the first answer; an order left PENDING (by a crash or an
   * unreachable inventory) is carried on by the retry.
   */
  async place(request: PlaceOrderRequest, idempotencyKey: string): Promise<OrderResult> {
    validatePlaceOrder(request);
    if (idempotencyKey.length === 0 || idempotencyKey.length > MAX_KEY) {
      throw new DomainError('IDEMPOTENCY_KEY_INVALID', `idempotencyKey must be 1 to ${MAX_KEY} characters`, 'idempotencyKey');
    }
    const hash = requestHash({
      customerId: request.customerId.trim(),
      lines: request.lines.map(({ sku, quantity }) => ({ sku, quantity })),
      reference: request.reference ?? null,
    });
    const existing = await this.byKey(idempotencyKey, hash);
    if (existing) return existing.placeResult ? (JSON.parse(existing.placeResult) as OrderResult) : this.advance(existing.id);

    const order = await this.priced(request);
    try {
      await this.db.transaction(async (tx) => {
        await this.orders.insert(tx, order, idempotencyKey, hash);
        await this.recordTransition(tx, order, null, 'order placed');
      });
    } catch (error) {
      // A concurrent call with the same key inserted first: carry on with its order.
      const raced = await this.byKey(idempotencyKey, hash);
      if (!raced) throw error;
      return raced.placeResult ? (JSON.parse(raced.placeResult) as OrderResult) : this.advance(raced.id);
    }
    return this.advance(order.id);
  }

  /** Sells the held stock and marks the order paid. */
  async confirm(id: string, paymentReference: string): Promise<OrderResult> {
    if (paymentReference.trim().length === 0 || paymentReference.length > 200) {
      throw new OrderError('INVALID_PAYMENT_REFERENCE', 'paymentReference must be 1 to 200 characters', 'paymentReference');
    }
    for (let round = 0; round < MAX_RACES; round += 1) {
      const order = await this.load(id);
      const decision = decideConfirmOrder(order);
      if (decision.kind === 'done') return { order, userErrors: [] };
      if (decision.kind === 'refuse') return { order, userErrors: [decision.error] };
      if (!(await this.db.transaction((tx) => this.orders.notePaymentReference(tx, id, paymentReference)))) continue;
      const outcome = await this.inventory.confirm(order.reservationId as string, inventoryKeys.confirm(id));
      const problem = outcome.userErrors[0];
      const moved = problem
        ? await this.fail(order, problem)
        : await this.move(order, 'CONFIRMED', { paymentReference }, `confirmed, payment ${paymentReference}`);
      if (moved) return { order: moved, userErrors: problem ? [toOrderError(problem)] : [] };
    }
    throw raceLost(id);
  }

  /** Gives the held stock back and ends the order. Cancelling a cancelled order changes nothing. */
  async cancel(id: string, reason: string | null): Promise<OrderResult> {
    if (reason !== null && reason.length > 500) {
      throw new OrderError('INVALID_REASON', 'reason must be at most 500 characters', 'reason');
    }
    for (let round = 0; round < MAX_RACES; round += 1) {
      const order = await this.load(id);
      const decision = decideCancelOrder(order);
      if (decision.kind === 'done') return { order, userErrors: [] };
      if (decision.kind === 'refuse') return { order, userErrors: [decision.error] };
      const outcome = await this.inventory.release(order.reservationId as string, reason ?? 'order cancelled');
      if (outcome.userErrors.some((e) => e.code === 'RESERVATION_ALREADY_CONFIRMED')) continue; // confirmed meanwhile
      const moved = await this.move(order, 'CANCELLED', {}, reason ? `cancelled: ${reason}` : 'cancelled');
      if (moved) return { order: moved, userErrors: [] };
    }
    throw raceLost(id);
  }

  /**
   * Records inventory's final word on a hold (its events, or recovery asking): the order
   * waiting on it is confirmed, cancelled or expired. Null when no order was waiting on it.
   */
  async settleHold(reservationId: string, outcome: HoldOutcome): Promise<Order | null> {
    const order = await this.db.read((sql) => this.orders.findByReservationId(sql, reservationId));
    const settlement = order && decideHoldOutcome(order, reservationId, outcome);
    if (!order || !settlement) return null;
    // Null when the order moved meanwhile: whatever moved it had the hold's news first.
    return this.move(order, settlement.to, settlement.failure ? { failure: settlement.failure } : {}, settlement.cause);
  }

  /** Carries on placing an order a crash or an unreachable inventory left PENDING. */
  async resumePlacing(id: string): Promise<Order> {
    return (await this.advance(id)).order;
  }

  /** Orders PENDING since before `before`, oldest first. */
  stalledOrders(before: number, limit: number): Promise<string[]> {
    return this.db.read((sql) => this.orders.stalledPending(sql, before, limit));
  }

  /** RESERVED orders whose hold lapsed before `before`. */
  lapsedHolds(before: number, limit: number): Promise<Array<{ id: string; reservationId: string }>> {
    return this.db.read((sql) => this.orders.lapsedHolds(sql, before, limit));
  }

  ordersByIds(ids: readonly string[]): Promise<Order[]> {
    return this.db.read((sql) => this.orders.findByIds(sql, ids));
  }

  historyOf(ids: readonly string[]) {
    return this.db.read((sql) => this.orders.historyOf(sql, ids));
  }

  /** Newest first. */
  async page(filter: OrderPageFilter, first: number | null | undefined, after: string | null | undefined) {
    const size = pageSize(first);
    let position: { createdAt: number; id: string } | null = null;
    if (after) {
      const [createdAt, orderId] = String(decodeCursor(after)).split('|');
      if (!createdAt || !orderId || !Number.isFinite(Number(createdAt))) {
        throw new DomainError('INVALID_CURSOR', `"${after}" is not a cursor from this list`, 'after');
      }
      position = { createdAt: Number(createdAt), id: orderId as string };
    }
    const rows = await this.db.read((session) => this.orders.page(session, filter, position, size + 1));
    return { rows, size, hasPrevious: after != null };
  }

  /** Reserves stock for a PENDING order and records the outcome; other statuses answer as they stand. */
  private async advance(id: string): Promise<OrderResult> {
    const order = await this.load(id);
    if (order.status !== 'PENDING') return this.placed(order);
    let outcome;
    try {
      outcome = await this.inventory.reserve(order.lines, order.id, inventoryKeys.reserve(order.id));
    } catch (error) {
      // Inventory stocks none of a sku: a business outcome for the shopper, not bad input.
      if (!(error instanceof DomainError && error.code === 'UNKNOWN_SKU')) throw error;
      outcome = { reservation: null, userErrors: [{ code: 'INSUFFICIENT_STOCK', message: error.message, field: error.field ?? null }] };
    }
    this.afterReserve(order.id);
    if (outcome.reservation) {
      const { id: reservationId, expiresAt } = outcome.reservation;
      const fields = { reservationId, holdExpiresAt: Date.parse(expiresAt) };
      const moved = await this.move(order, 'RESERVED', fields, `stock reserved (${reservationId})`, true);
      // Null: a concurrent retry of this order (same key, so the same hold) recorded it first.
      return this.placed(moved ?? (await this.load(id)));
    }
    const failure = toOrderError(outcome.userErrors[0] ?? { code: 'INSUFFICIENT_STOCK', message: 'stock could not be held', field: null });
    const moved = await this.move(order, 'FAILED', { failure }, failure.message, true);
    return this.placed(moved ?? (await this.load(id)));
  }

  /** placeOrder's stored answer, or the answer for an order that has moved on since. */
  private async placed(order: Order): Promise<OrderResult> {
    const stored = await this.db.read((sql) => this.orders.placeResult(sql, order.id));
    return stored ? (JSON.parse(stored) as OrderResult) : resultOf(order);
  }

  /** Ends a RESERVED order whose hold inventory refused to confirm: it expired, or was released. */
  private fail(order: Order, problem: InventoryUserError): Promise<Order | null> {
    const outcome: HoldOutcome = problem.code === 'RESERVATION_RELEASED' ? 'RELEASED' : 'EXPIRED';
    const settlement = decideHoldOutcome(order, order.reservationId as string, outcome);
    if (!settlement) return Promise.resolve(null);
    return this.move(order, settlement.to, { failure: toOrderError(problem) }, settlement.cause);
  }

  /**
   * Moves an order from its current status to `to`, with its history row and event, in
   * one transaction. Null when someone else moved it first.
   */
  private async move(order: Order, to: OrderStatus, fields: TransitionFields, cause: string, endsPlacing = false): Promise<Order | null> {
    const now = this.clock();
    const next: Order = {
      ...order,
      status: to,
      updatedAt: now,
      ...(fields.reservationId !== undefined ? { reservationId: fields.reservationId } : {}),
      ...(fields.holdExpiresAt !== undefined ? { holdExpiresAt: fields.holdExpiresAt } : {}),
      ...(fields.paymentReference !== undefined ? { paymentReference: fields.paymentReference } : {}),
      ...(fields.failure !== undefined ? { failure: fields.failure } : {}),
    };
    const withResult = endsPlacing ? { ...fields, placeResult: JSON.stringify(resultOf(next)) } : fields;
    return this.db.transaction(async (tx) => {
      if (!(await this.orders.transition(tx, order.id, order.status, to, withResult, now))) return null;
      await this.recordTransition(tx, next, order.status, cause);
      return next;
    });
  }

  private async recordTransition(tx: Tx, order: Order, from: OrderStatus | null, cause: string): Promise<void> {
    await this.orders.appendEvent(tx, { orderId: order.id, from, to: order.status, cause, at: order.updatedAt });
    await this.outbox.append(tx, [orderStatusMessage(order, from, cause)]);
  }

  private async priced(request: PlaceOrderRequest): Promise<Order> {
    const skus = request.lines.map((line) => line.sku);
    const prices = await this.catalog.prices(skus);
    const lines = request.lines.map((line, index) => {
      const price = prices.get(line.sku);
      if (!price) throw new OrderError('UNKNOWN_SKU', `there is no product ${line.sku}`, `input.lines.${index}.sku`);
      if (!price.active) {
        throw new OrderError('PRODUCT_UNAVAILABLE', `${line.sku} is not for sale at the moment`, `input.lines.${index}.sku`);
      }
      return { sku: line.sku, quantity: line.quantity, unitPrice: price.amount, currency: price.currency };
    });
    const currencies = new Set(lines.map((line) => line.currency));
    if (currencies.size > 1) {
      throw new OrderError('MIXED_CURRENCIES', `the products are priced in ${[...currencies].join(' and ')}; order them separately`, 'input.lines');
    }
    const now = this.clock();
    return {
      id: randomUUID(),
      customerId: request.customerId.trim(),
      status: 'PENDING',
      reference: request.reference ?? null,
      currency: lines[0]?.currency ?? 'EUR',
      lines: lines.map(({ sku, quantity, unitPrice }) => ({ sku, quantity, unitPrice })),
      reservationId: null,
      holdExpiresAt: null,
      paymentReference: null,
      failure: null,
      createdAt: now,
      updatedAt: now,
    };
  }

  private async load(id: string): Promise<Order> {
    const [order] = await this.ordersByIds([id]);
    if (!order) throw new OrderError('ORDER_NOT_FOUND', `there is no order ${id}`, 'id', 'NOT_FOUND');
    return order;
  }

  private async byKey(key: string, hash: string) {
    const found = await this.db.read((sql) => this.orders.findByIdempotencyKey(sql, key));
    if (found && found.requestHash !== hash) {
      throw new DomainError(
        'IDEMPOTENCY_KEY_REUSED',
        `idempotencyKey "${key}" was already used for a different order; use a new key for a new order`,
        'idempotencyKey',
        'CONFLICT',
      );
    }
    return found;
  }
}

function resultOf(order: Order): OrderResult {
  const failed = order.status === 'FAILED' || order.status === 'EXPIRED';
  return { order, userErrors: failed && order.failure ? [order.failure] : [] };
}

const PASSED_THROUGH = new Set<string>(['INSUFFICIENT_STOCK', 'RESERVATION_EXPIRED', 'RESERVATION_RELEASED']);

function toOrderError(problem: InventoryUserError): UserError {
  const code = PASSED_THROUGH.has(problem.code) ? (problem.code as UserError['code']) : 'INSUFFICIENT_STOCK';
  // Inventory was sent the order's lines in order, so its field paths name the same lines.
  return userError(code, problem.message, problem.field);
}

function raceLost(id: string): OrderError {
  return new OrderError('ORDER_IN_FLIGHT', `order ${id} kept changing under this request; retry`, 'id', 'CONFLICT');
}
