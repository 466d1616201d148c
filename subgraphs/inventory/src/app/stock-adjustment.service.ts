import { type Database, runIdempotent, type Tx } from '@stockgraph/persistence';
import { stockKey } from '@stockgraph/domain';
import {
  adjustRequestIdentity,
  type AdjustStockRequest,
  planAdjustment,
  validateAdjustRequest,
} from '../domain/adjust-stock';
import { InventoryError, type UserError } from '../domain/errors';
import { adjustmentBoundErrors, skuOnHandTotals } from '../domain/quantity-bound';
import { type StockChange, stockChange } from '../domain/stock-change';
import { actorOf, type Caller, requireLocation } from '@stockgraph/domain';
import { compareStockKeys, NO_STATES, type StockDelta, type StockLevel } from '../domain/stock-level';
import type { LocationRepository } from '../infra/location.repository';
import type { StockLevelRepository } from '../infra/stock-level.repository';
import type { HoldExpiry } from './hold-expiry.service';
import type { StockChangeRecorder } from './stock-change-recorder';

export interface AdjustResult {
  stockLevel: StockLevel | null;
  userErrors: UserError[];
}

export interface AdjustManyResult {
  /** In the order of the request; empty when refused. */
  stockLevels: StockLevel[];
  /** Each request's level's on hand before the call, in the order of the request (absent when refused, and from answers stored before it was kept). */
  onHandBefore?: number[];
  userErrors: UserError[];
}

/** Adjustments one call may apply together. */
const MAX_ADJUSTMENTS = 1000;

export interface StockAdjustmentServiceDeps {
  db: Database;
  levels: StockLevelRepository;
  locations: LocationRepository;
  /** Ends expired holds on the adjusted skus first, so the guard sees their units as free. */
  holds: Pick<HoldExpiry, 'expireStaleHolds'>;
  recorder: StockChangeRecorder;
  limits: { idempotencyTtlMs: number };
  /** Epoch ms; injectable so tests can move time. */
  clock?: () => number;
}

/** An adjustment applied, with the request it came from (its reason and reference go to the ledger). */
type AdjustmentChange = StockChange & { request: AdjustStockRequest };

/**
 * Operations' changes of on hand and safety stock (`adjustStock`, `adjustStocks`): by a
 * delta or to a value, optionally compare-and-set, all of one call in one transaction
 * through the guarded UPDATE, recorded with it.
 */
export class StockAdjustmentService {
  private readonly clock: () => number;

  constructor(private readonly deps: StockAdjustmentServiceDeps) {
    this.clock = deps.clock ?? Date.now;
  }

  /** Changes on hand or safety stock by a delta or to a value, optionally compare-and-set. */
  async adjust(request: AdjustStockRequest, idempotencyKey: string, caller: Caller): Promise<AdjustResult> {
    validateAdjustRequest(request, 'input');
    const result = await this.adjustEach([request], idempotencyKey, caller, 'adjustStock', () => 'input');
    return { stockLevel: result.stockLevels[0] ?? null, userErrors: result.userErrors };
  }

  /** Up to `MAX_ADJUSTMENTS` adjustments in one transaction: all apply, or none (with every reason why not). */
  async adjustMany(requests: AdjustStockRequest[], idempotencyKey: string, caller: Caller): Promise<AdjustManyResult> {
    checkMany(requests);
    return this.adjustEach(requests, idempotencyKey, caller, 'adjustStocks', (i) => `inputs.${i}`);
  }

  /**
   * What `adjustMany` would answer now, changing nothing: the same transaction, rolled
   * back at its end (so its ledger rows and events are never written), and no idempotency
   * key spent.
   */
  async preview(requests: AdjustStockRequest[], caller: Caller): Promise<AdjustManyResult> {
    checkMany(requests);
    requests.forEach((request, i) => requireLocation(caller, request.locationId, `inputs.${i}.locationId`));
    try {
      await this.deps.db.transaction(async (tx) => {
        throw new Preview(await this.adjustIn(tx, requests, 'preview', actorOf(caller), (i) => `inputs.${i}`));
      });
    } catch (error) {
      if (error instanceof Preview) return error.result;
      throw error;
    }
    throw new Error('a preview transaction ended without its answer');
  }

  private adjustEach(
    requests: AdjustStockRequest[],
    idempotencyKey: string,
    caller: Caller,
    scope: string,
    fieldOf: (index: number) => string,
  ): Promise<AdjustManyResult> {
    requests.forEach((request, i) => requireLocation(caller, request.locationId, `${fieldOf(i)}.locationId`));
    const actor = actorOf(caller);
    return runIdempotent(
      this.deps.db,
      {
        scope,
        key: idempotencyKey,
        caller,
        request: requests.map(adjustRequestIdentity),
        ttlMs: this.deps.limits.idempotencyTtlMs,
      },
      (tx) => this.adjustIn(tx, requests, idempotencyKey, actor, fieldOf),
    );
  }

  private async adjustIn(
    tx: Tx,
    requests: AdjustStockRequest[],
    idempotencyKey: string,
    actor: string,
    fieldOf: (index: number) => string,
  ): Promise<AdjustManyResult> {
    const { levels, locations } = this.deps;
    const now = this.clock();
    const known = new Set(
      (await locations.findByIds(tx, [...new Set(requests.map((r) => r.locationId))])).map((l) => l.id),
    );
    const unknown = requests.findIndex((r) => !known.has(r.locationId));
    if (unknown >= 0) {
      throw new InventoryError(
        'UNKNOWN_LOCATION',
        `there is no location "${requests[unknown]?.locationId}"; query locations for the valid ids`,
        `${fieldOf(unknown)}.locationId`,
      );
    }
    await this.deps.holds.expireStaleHolds(tx, [...new Set(requests.map((r) => r.sku))].sort(), now);
    const keyOf = (r: { sku: string; locationId: string }) => stockKey(r.sku, r.locationId);
    const keys = [...new Map(requests.map((r) => [keyOf(r), { sku: r.sku, locationId: r.locationId }])).values()].sort(
      compareStockKeys,
    );
    // Every location of the skus, locked first in the fixed order: the bound on their total needs them all.
    const skus = [...new Set(requests.map((r) => r.sku))].sort();
    let allRows = await levels.lockBySkus(tx, skus);
    const current = new Map((await levels.lockByKeys(tx, keys)).map((level) => [keyOf(level), level]));
    const missing = keys.filter((key) => !current.has(keyOf(key)));
    const empty = (key: { sku: string; locationId: string }): StockLevel => ({
      ...key,
      onHand: 0,
      reserved: 0,
      safetyStock: 0,
      ...NO_STATES,
      version: 0,
      updatedAt: now,
    });
    // Plan everything before writing anything: one refusal refuses the whole call.
    const plan = () =>
      requests.map((request, i) => planAdjustment(current.get(keyOf(request)) ?? empty(request), request, fieldOf(i)));
    let plans = plan();
    const refused = plans.flatMap((p) => (p.ok ? [] : [p.error]));
    if (refused.length > 0) return { stockLevels: [], userErrors: refused };
    if (missing.length > 0) {
      // First adjustments create their rows; plan again in case another transaction created one first.
      await levels.ensureExists(tx, missing, now);
      for (const level of await levels.lockByKeys(tx, missing)) current.set(keyOf(level), level);
      plans = plan();
      const late = plans.flatMap((p) => (p.ok ? [] : [p.error]));
      if (late.length > 0) return { stockLevels: [], userErrors: late };
      // Rows another transaction is creating at other locations of these skus: wait for them.
      allRows = await levels.lockBySkus(tx, skus);
    }
    // No sku's onHand over all locations may leave the GraphQL Int range (domain/quantity-bound.ts).
    const outOfRange = adjustmentBoundErrors(
      skuOnHandTotals(allRows),
      requests.map((r, i) => ({
        sku: r.sku,
        locationId: r.locationId,
        delta: (plans[i] as { ok: true; delta: StockDelta }).delta,
        before: current.get(keyOf(r)) as StockLevel,
        field: `${fieldOf(i)}.${r.set != null ? 'set' : 'delta'}`,
      })),
    );
    if (outOfRange.length > 0) return { stockLevels: [], userErrors: outOfRange };
    const onHandBefore = requests.map((r) => (current.get(keyOf(r)) as StockLevel).onHand);
    const changes: AdjustmentChange[] = [];
    const order = requests.map((request, i) => ({ request, i })).sort((a, b) => compareStockKeys(a.request, b.request));
    for (const { request, i } of order) {
      const delta = (plans[i] as { ok: true; delta: StockDelta }).delta;
      const before = current.get(keyOf(request)) as StockLevel;
      if (!(await levels.applyDelta(tx, request.sku, request.locationId, delta, now))) {
        throw new Error(`guard refused a planned adjustment of locked row ${request.sku}@${request.locationId}`);
      }
      const change = stockChange(before, delta, now);
      current.set(keyOf(request), change.after);
      changes.push({ ...change, request });
    }
    await this.recordAdjustments(tx, changes, actor, idempotencyKey, now);
    const final = new Map(changes.map((c) => [keyOf(c.after), c.after]));
    return { stockLevels: requests.map((r) => final.get(keyOf(r)) as StockLevel), onHandBefore, userErrors: [] };
  }

  /** Adjustments carry their own reason and reference per row: one record call per (reason, reference). */
  private async recordAdjustments(
    tx: Tx,
    changes: readonly AdjustmentChange[],
    actor: string,
    idempotencyKey: string,
    now: number,
  ): Promise<void> {
    const byReason = new Map<string, AdjustmentChange[]>();
    for (const change of changes) {
      const group = JSON.stringify([change.request.reason, change.request.reference ?? '']);
      byReason.set(group, [...(byReason.get(group) ?? []), change]);
    }
    for (const group of byReason.values()) {
      const { reason, reference } = group[0].request;
      await this.deps.recorder.record(
        tx,
        group,
        'ADJUST',
        { actor, reason, reference: reference ?? null, idempotencyKey },
        now,
      );
    }
  }
}

/** Carries a preview's answer out of the transaction it rolls back. */
class Preview extends Error {
  constructor(readonly result: AdjustManyResult) {
    super('preview');
  }
}

/** One call's adjustments: 1 to MAX_ADJUSTMENTS, each valid, no quantity of a level changed twice. */
function checkMany(requests: readonly AdjustStockRequest[]): void {
  if (requests.length === 0) throw new InventoryError('EMPTY_REQUEST', 'give at least one adjustment', 'inputs');
  if (requests.length > MAX_ADJUSTMENTS) {
    throw new InventoryError(
      'TOO_MANY_LINES',
      `at most ${MAX_ADJUSTMENTS} adjustments per call, got ${requests.length}`,
      'inputs',
    );
  }
  // Per (sku, location), which adjustment already changes each quantity.
  const seen = new Map<string, Map<string, number>>();
  requests.forEach((request, i) => {
    validateAdjustRequest(request, `inputs.${i}`);
    const key = stockKey(request.sku, request.locationId);
    const quantities = seen.get(key) ?? new Map<string, number>();
    const quantity = request.quantity ?? 'ON_HAND';
    const earlier = quantities.get(quantity);
    if (earlier !== undefined) {
      throw new InventoryError(
        'DUPLICATE_LINE',
        `adjustments ${earlier} and ${i} change the same quantity of ${request.sku} at ${request.locationId}; combine them`,
        `inputs.${i}`,
      );
    }
    seen.set(key, quantities.set(quantity, i));
  });
}
