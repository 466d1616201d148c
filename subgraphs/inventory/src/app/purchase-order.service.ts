import { randomUUID } from 'node:crypto';
import { actorOf, type Caller, requireLocation, stockKey } from '@stockgraph/domain';
import { type Database, runIdempotent, type Tx } from '@stockgraph/persistence';
import { InventoryError, type UserError } from '../domain/errors';
import {
  afterPurchaseReceipt,
  type CreatePurchaseOrderRequest,
  outstanding,
  type PurchaseOrder,
  purchaseOrderOpenProblem,
  type PurchaseOrderStatus,
  receiptProblems,
  requireReason,
  validatePurchaseOrder,
} from '../domain/purchase-order';
import { compareStockKeys, type StockLevel } from '../domain/stock-level';
import { validateStockLines } from '../domain/stock-lines';
import type { LocationRepository } from '../infra/location.repository';
import type { PurchaseOrderRepository } from '../infra/purchase-order.repository';
import type { StockLevelRepository } from '../infra/stock-level.repository';
import { readableLocations } from './location-access';
import { applyPlannedMoves, type PlannedMove } from './planned-moves';
import type { StockChangeRecorder } from './stock-change-recorder';

export interface PurchaseOrderResult {
  purchaseOrder: PurchaseOrder | null;
  userErrors: UserError[];
}

export interface PurchaseOrderServiceDeps {
  db: Database;
  purchaseOrders: PurchaseOrderRepository;
  levels: StockLevelRepository;
  locations: LocationRepository;
  recorder: StockChangeRecorder;
  limits: { idempotencyTtlMs: number };
  clock?: () => number;
}

/** A ledger reason is at most 32 characters: an over-receipt's reason is kept there. */
const MAX_OVER_REASON = 32;

/**
 * Incoming stock from suppliers (DESIGN.md §12): a purchase order makes its units the
 * location's `incoming`; receiving against it turns them into on hand (more than ordered
 * only with a reason); closing it short stops expecting the rest. Each step is one
 * transaction under the order's row lock, idempotent by key, with PURCHASE ledger rows and
 * stock events.
 */
export class PurchaseOrderService {
  private readonly clock: () => number;

  constructor(private readonly deps: PurchaseOrderServiceDeps) {
    this.clock = deps.clock ?? Date.now;
  }

  async create(
    request: CreatePurchaseOrderRequest,
    idempotencyKey: string,
    caller: Caller,
  ): Promise<PurchaseOrderResult> {
    validatePurchaseOrder(request);
    requireLocation(caller, request.locationId, 'input.locationId');
    return this.idempotent('createPurchaseOrder', idempotencyKey, caller, request, async (tx) => {
      const now = this.clock();
      if ((await this.deps.locations.findByIds(tx, [request.locationId])).length === 0)
        throw new InventoryError(
          'UNKNOWN_LOCATION',
          `there is no location "${request.locationId}"`,
          'input.locationId',
        );
      const order: PurchaseOrder = {
        id: randomUUID(),
        ...request,
        status: 'OPEN',
        closeReason: null,
        createdBy: actorOf(caller),
        lines: request.lines.map((line) => ({ sku: line.sku, expected: line.quantity, received: 0 })),
        createdAt: now,
        updatedAt: now,
      };
      await this.deps.purchaseOrders.insert(tx, order);
      const skus = order.lines.map((line) => line.sku);
      await this.deps.levels.ensureExists(
        tx,
        skus.map((sku) => ({ sku, locationId: order.locationId })),
        now,
      );
      const moves = order.lines.map((line) => this.at(order, line.sku, { incoming: line.expected }));
      await this.move(tx, order, moves, 'ordered', idempotencyKey, caller, now);
      return { purchaseOrder: order, userErrors: [] };
    });
  }

  async receive(
    id: string,
    lines: ReadonlyArray<{ sku: string; quantity: number }>,
    overReason: string | null,
    idempotencyKey: string,
    caller: Caller,
  ): Promise<PurchaseOrderResult> {
    validateStockLines(lines, 'lines', false);
    if (overReason != null) requireReason(overReason, 'overReason');
    if (overReason != null && overReason.length > MAX_OVER_REASON)
      throw new InventoryError(
        'INVALID_REASON',
        `overReason must be at most ${MAX_OVER_REASON} characters`,
        'overReason',
      );
    return this.idempotent('receivePurchaseOrder', idempotencyKey, caller, { id, lines, overReason }, async (tx) => {
      const order = await this.locked(tx, id, caller);
      const problems = [purchaseOrderOpenProblem(order), ...receiptProblems(order, lines, overReason)].filter(
        (problem): problem is UserError => problem !== null,
      );
      if (problems.length > 0) return { purchaseOrder: order, userErrors: problems };
      const now = this.clock();
      const moves = lines.map((line) => {
        const ordered = order.lines.find((candidate) => candidate.sku === line.sku);
        return this.at(order, line.sku, {
          onHand: line.quantity,
          incoming: -Math.min(line.quantity, ordered ? outstanding(ordered) : 0),
        });
      });
      const over = lines.some((line) => {
        const ordered = order.lines.find((candidate) => candidate.sku === line.sku);
        return ordered !== undefined && line.quantity > outstanding(ordered);
      });
      await this.move(
        tx,
        order,
        moves,
        over ? (overReason ?? 'over_received') : 'received',
        idempotencyKey,
        caller,
        now,
      );
      const next = { ...afterPurchaseReceipt(order, lines), updatedAt: now };
      await this.deps.purchaseOrders.save(tx, next);
      return { purchaseOrder: next, userErrors: [] };
    });
  }

  /** Stops expecting what has not arrived, and why: the order ends CLOSED. */
  async close(id: string, reason: string, idempotencyKey: string, caller: Caller): Promise<PurchaseOrderResult> {
    requireReason(reason, 'reason');
    return this.idempotent('closePurchaseOrder', idempotencyKey, caller, { id, reason }, async (tx) => {
      const order = await this.locked(tx, id, caller);
      const problem = purchaseOrderOpenProblem(order);
      if (problem) return { purchaseOrder: order, userErrors: [problem] };
      const now = this.clock();
      const moves = order.lines
        .filter((line) => outstanding(line) > 0)
        .map((line) => this.at(order, line.sku, { incoming: -outstanding(line) }));
      if (moves.length > 0) await this.move(tx, order, moves, 'closed_short', idempotencyKey, caller, now);
      const closed: PurchaseOrder = { ...order, status: 'CLOSED', closeReason: reason, updatedAt: now };
      await this.deps.purchaseOrders.save(tx, closed);
      return { purchaseOrder: closed, userErrors: [] };
    });
  }

  /** The newest purchase orders at the caller's locations (all of them for operations). */
  list(status: PurchaseOrderStatus | null, first: number, caller: Caller): Promise<PurchaseOrder[]> {
    if (!Number.isInteger(first) || first < 1 || first > 100)
      throw new InventoryError('INVALID_QUANTITY', 'first must be from 1 to 100', 'first');
    const locationIds = readableLocations(caller, null, 'purchaseOrders');
    return this.deps.db.read((sql) => this.deps.purchaseOrders.list(sql, { locationIds, status }, first));
  }

  private at(order: PurchaseOrder, sku: string, change: { onHand?: number; incoming: number }): PlannedMove {
    return {
      sku,
      locationId: order.locationId,
      delta: { onHand: change.onHand ?? 0, reserved: 0, safetyStock: 0, incoming: change.incoming },
    };
  }

  private async locked(tx: Tx, id: string, caller: Caller): Promise<PurchaseOrder> {
    const order = await this.deps.purchaseOrders.lock(tx, id);
    if (!order)
      throw new InventoryError('PURCHASE_ORDER_NOT_FOUND', `there is no purchase order ${id}`, 'id', 'NOT_FOUND');
    requireLocation(caller, order.locationId, 'id');
    return order;
  }

  private async move(
    tx: Tx,
    order: PurchaseOrder,
    moves: PlannedMove[],
    reason: string,
    idempotencyKey: string,
    caller: Caller,
    now: number,
  ): Promise<void> {
    const keys = moves.map((m) => ({ sku: m.sku, locationId: m.locationId })).sort(compareStockKeys);
    const levels = new Map<string, StockLevel>(
      (await this.deps.levels.lockByKeys(tx, keys)).map((level) => [stockKey(level.sku, level.locationId), level]),
    );
    const reference = `urn:purchase-order:${order.id}`;
    await applyPlannedMoves(
      this.deps,
      tx,
      levels,
      moves,
      { kind: 'PURCHASE', reason, reference, idempotencyKey, caller },
      now,
    );
  }

  private idempotent(
    scope: string,
    key: string,
    caller: Caller,
    request: unknown,
    work: (tx: Tx) => Promise<PurchaseOrderResult>,
  ): Promise<PurchaseOrderResult> {
    return runIdempotent(this.deps.db, { scope, key, caller, request, ttlMs: this.deps.limits.idempotencyTtlMs }, work);
  }
}
