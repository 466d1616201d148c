import type { Caller } from '@stockgraph/domain';
import { customerPlacing } from '../domain/order-access';
import { randomUUID } from 'node:crypto';
import { type Database, requestHash } from '@stockgraph/persistence';
import { DomainError } from '@stockgraph/domain';
import { OrderError } from '../domain/errors';
import { endPlacing, inventoryKeys, type Order, type PendingOrder, type PlacingOutcome } from '../domain/order';
import { type PlaceOrderRequest, validatePlaceOrder } from '../domain/place-order-request';
import type { CatalogClient } from '../infra/clients/catalog.client';
import type { InventoryClient, ReservationOutcome } from '../infra/clients/inventory.client';
import type { OrderRepository } from '../infra/order.repository';
import type { OrderQueryService } from './order-query.service';
import { type OrderResult, parseStoredResult, resultOf, toOrderError } from './order-result';
import type { OrderTransitionRecorder } from './order-transition-recorder';

export interface OrderPlacementServiceDeps {
  db: Database;
  orders: OrderRepository;
  queries: OrderQueryService;
  transitions: OrderTransitionRecorder;
  inventory: InventoryClient;
  catalog: CatalogClient;
  clock?: () => number;
  /** Called right after inventory held an order's stock, before the order records it: the crash-test hook. */
  afterReserve?: (orderId: string) => void;
}

const MAX_KEY = 200;

/**
 * Placing an order: priced by catalog (which owns prices), saved PENDING, then its stock
 * held by inventory (which holds it), ending RESERVED or FAILED. The call to inventory
 * carries a key derived from the order id, so carrying on after a crash holds nothing twice.
 */
export class OrderPlacementService {
  private readonly clock: () => number;
  private readonly afterReserve: (orderId: string) => void;

  constructor(private readonly deps: OrderPlacementServiceDeps) {
    this.clock = deps.clock ?? Date.now;
    this.afterReserve = deps.afterReserve ?? (() => undefined);
  }

  /**
   * Saves the order, holds its stock and answers with the outcome. The same key with the
   * same request returns the first answer; an order left PENDING (by a crash or an
   * unreachable inventory) is carried on by the retry.
   */
  async place(
    input: Omit<PlaceOrderRequest, 'customerId'> & { customerId?: string | null },
    idempotencyKey: string,
    caller: Caller,
  ): Promise<OrderResult> {
    const request: PlaceOrderRequest = { ...input, customerId: customerPlacing(caller, input.customerId) };
    validatePlaceOrder(request);
    if (idempotencyKey.length === 0 || idempotencyKey.length > MAX_KEY) {
      throw new DomainError(
        'IDEMPOTENCY_KEY_INVALID',
        `idempotencyKey must be 1 to ${MAX_KEY} characters`,
        'idempotencyKey',
      );
    }
    const hash = requestHash({
      customerId: request.customerId.trim(),
      lines: request.lines.map(({ sku, quantity }) => ({ sku, quantity })),
      reference: request.reference ?? null,
    });
    const existing = await this.byKey(request.customerId.trim(), idempotencyKey, hash);
    if (existing) return existing.placeResult ? parseStoredResult(existing.placeResult) : this.advance(existing.id);

    const order = await this.priced(request);
    try {
      await this.deps.db.transaction(async (tx) => {
        this.deps.orders.insert(tx, order, idempotencyKey, hash);
        await this.deps.transitions.record(tx, order, null, 'order placed');
      });
    } catch (error) {
      // A concurrent call with the same key inserted first: carry on with its order.
      const raced = await this.byKey(order.customerId, idempotencyKey, hash);
      if (!raced) throw error;
      return raced.placeResult ? parseStoredResult(raced.placeResult) : this.advance(raced.id);
    }
    return this.advance(order.id);
  }

  /** Carries on placing an order a crash or an unreachable inventory left PENDING. */
  async resumePlacing(id: string): Promise<Order> {
    return (await this.advance(id)).order;
  }

  /** Reserves stock for a PENDING order and records the outcome; other statuses answer as they stand. */
  private async advance(id: string): Promise<OrderResult> {
    const order = await this.deps.queries.get(id);
    if (order.status !== 'PENDING') return this.placed(order);
    const outcome = placingOutcome(await this.reserve(order));
    this.afterReserve(order.id);
    const next = endPlacing(order, outcome, this.clock());
    const fields =
      outcome.kind === 'reserved'
        ? { reservationId: outcome.reservationId, holdExpiresAt: outcome.holdExpiresAt }
        : { failure: outcome.failure };
    const cause = outcome.kind === 'reserved' ? `stock reserved (${outcome.reservationId})` : outcome.failure.message;
    const moved = await this.deps.transitions.move(order, next, fields, cause, true);
    // Null: a concurrent retry of this order (same key, so the same hold) recorded it first.
    return this.placed(moved ?? (await this.deps.queries.get(id)));
  }

  private async reserve(order: PendingOrder): Promise<ReservationOutcome> {
    try {
      return await this.deps.inventory.reserve(
        order.lines,
        { reference: order.id, customerId: order.customerId },
        inventoryKeys.reserve(order.id),
      );
    } catch (error) {
      // Inventory refused the request itself (a sku it stocks nowhere, a customer id it
      // will not store): asking again would be refused the same way, so the order ends
      // FAILED now instead of waiting on a retry that cannot succeed.
      if (!(error instanceof DomainError && error.category === 'BAD_USER_INPUT')) throw error;
      return {
        reservation: null,
        userErrors: [{ code: String(error.code), message: error.message, field: error.field ?? null }],
      };
    }
  }

  /** placeOrder's stored answer, or the answer for an order that has moved on since. */
  private async placed(order: Order): Promise<OrderResult> {
    const stored = await this.deps.db.read((sql) => this.deps.orders.placeResult(sql, order.id));
    return stored ? parseStoredResult(stored) : resultOf(order);
  }

  private async priced(request: PlaceOrderRequest): Promise<PendingOrder> {
    const skus = request.lines.map((line) => line.sku);
    const prices = await this.deps.catalog.prices(skus);
    const lines = request.lines.map((line, index) => {
      const price = prices.get(line.sku);
      if (!price) throw new OrderError('UNKNOWN_SKU', `there is no product ${line.sku}`, `input.lines.${index}.sku`);
      if (!price.active) {
        throw new OrderError(
          'PRODUCT_UNAVAILABLE',
          `${line.sku} is not for sale at the moment`,
          `input.lines.${index}.sku`,
        );
      }
      return { sku: line.sku, quantity: line.quantity, unitPrice: price.amount, currency: price.currency };
    });
    const currencies = new Set(lines.map((line) => line.currency));
    if (currencies.size > 1) {
      throw new OrderError(
        'MIXED_CURRENCIES',
        `the products are priced in ${[...currencies].join(' and ')}; order them separately`,
        'input.lines',
      );
    }
    const now = this.clock();
    return {
      id: randomUUID(),
      customerId: request.customerId.trim(),
      status: 'PENDING',
      reference: request.reference ?? null,
      currency: lines[0]?.currency ?? 'EUR',
      lines: lines.map(({ sku, quantity, unitPrice }) => ({ sku, quantity, unitPrice })),
      createdAt: now,
      updatedAt: now,
    };
  }

  private async byKey(customerId: string, key: string, hash: string) {
    const found = await this.deps.db.read((sql) => this.deps.orders.findByIdempotencyKey(sql, customerId, key));
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

/** Inventory's answer to the hold in the order's terms. */
function placingOutcome(outcome: ReservationOutcome): PlacingOutcome {
  if (outcome.reservation) {
    return {
      kind: 'reserved',
      reservationId: outcome.reservation.id,
      holdExpiresAt: Date.parse(outcome.reservation.expiresAt),
    };
  }
  const failure = toOrderError(
    outcome.userErrors[0] ?? { code: 'INSUFFICIENT_STOCK', message: 'stock could not be held', field: null },
  );
  return { kind: 'failed', failure };
}
