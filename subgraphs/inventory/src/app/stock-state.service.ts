import { actorOf, type Caller, requireLocation } from '@stockgraph/domain';
import { type Database, runIdempotent, type Tx } from '@stockgraph/persistence';
import { InventoryError } from '../domain/errors';
import { stockChange } from '../domain/stock-change';
import { planStateMove, type StateMoveRequest, validateStateMove } from '../domain/stock-state-move';
import type { StockLevelRepository } from '../infra/stock-level.repository';
import type { HoldExpiry } from './hold-expiry.service';
import type { AdjustResult } from './stock-adjustment.service';
import type { StockChangeRecorder } from './stock-change-recorder';

export interface StockStateServiceDeps {
  db: Database;
  levels: StockLevelRepository;
  holds: HoldExpiry;
  recorder: StockChangeRecorder;
  limits: { idempotencyTtlMs: number };
  clock?: () => number;
}

/**
 * Moves units between states (DESIGN.md §12): sellable ⇄ damaged ⇄ quality control, and
 * damaged or quality-control units written off. One transaction per move, through the
 * guarded UPDATE (which keeps on hand ≥ reserved + damaged + in quality control, so a unit
 * held for a cart can never be marked damaged from under it), with its ledger row
 * (`STATE`, the reason) and its stock event.
 */
export class StockStateService {
  private readonly clock: () => number;

  constructor(private readonly deps: StockStateServiceDeps) {
    this.clock = deps.clock ?? Date.now;
  }

  async move(request: StateMoveRequest, idempotencyKey: string, caller: Caller): Promise<AdjustResult> {
    validateStateMove(request);
    requireLocation(caller, request.locationId, 'input.locationId');
    const actor = actorOf(caller);
    return runIdempotent(
      this.deps.db,
      {
        scope: 'moveStockState',
        key: idempotencyKey,
        caller,
        request: { ...request, reference: request.reference ?? null },
        ttlMs: this.deps.limits.idempotencyTtlMs,
      },
      (tx) => this.moveIn(tx, request, idempotencyKey, actor),
    );
  }

  private async moveIn(
    tx: Tx,
    request: StateMoveRequest,
    idempotencyKey: string,
    actor: string,
  ): Promise<AdjustResult> {
    const now = this.clock();
    await this.deps.holds.expireStaleHolds(tx, [request.sku], now);
    const [level] = await this.deps.levels.lockByKeys(tx, [request]);
    if (!level)
      throw new InventoryError(
        'UNKNOWN_SKU',
        `there is no stock of ${request.sku} at ${request.locationId}`,
        'input.sku',
        'NOT_FOUND',
      );
    const plan = planStateMove(level, request);
    if (!plan.ok) return { stockLevel: null, userErrors: [plan.error] };
    if (!(await this.deps.levels.applyDelta(tx, request.sku, request.locationId, plan.delta, now)))
      throw new Error(`guard refused a planned state move of locked row ${request.sku}@${request.locationId}`);
    const change = stockChange(level, plan.delta, now);
    await this.deps.recorder.record(
      tx,
      [change],
      'STATE',
      { actor, reason: request.reason, reference: request.reference ?? null, idempotencyKey },
      now,
    );
    return { stockLevel: change.after, userErrors: [] };
  }
}
