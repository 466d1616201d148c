import type { Database } from '@stockgraph/persistence';
import { actorOf, assertSku, type Caller, requireLocation } from '@stockgraph/domain';
import { InventoryError } from '../domain/errors';
import { type StockChange, stockChange } from '../domain/stock-change';
import { available, compareStockKeys } from '../domain/stock-level';
import {
  type AllowanceTarget,
  allowanceChange,
  MAX_ALLOWANCE_LINES,
  type StoreAllowance,
  validateAllowanceTargets,
} from '../domain/store-allowance';
import type { LocationRepository } from '../infra/location.repository';
import type { StockLevelRepository } from '../infra/stock-level.repository';
import type { StoreAllowanceRepository } from '../infra/store-allowance.repository';
import { requireKnownLocation } from './known-location';
import type { HoldExpiry } from './hold-expiry.service';
import type { StockChangeRecorder } from './stock-change-recorder';

export interface StoreAllowanceServiceDeps {
  db: Database;
  levels: StockLevelRepository;
  locations: LocationRepository;
  allowances: StoreAllowanceRepository;
  /** Ends expired holds on the skus first, so their units count as free. */
  holds: Pick<HoldExpiry, 'expireStaleHolds'>;
  recorder: StockChangeRecorder;
  /** Epoch ms; injectable so tests can move time. */
  clock?: () => number;
}

/**
 * Sizes what a store keeps aside at its own location to sell offline (`setStoreAllowances`).
 * A target, not a delta, so sending it again is harmless: growing takes only free units
 * (through the guarded UPDATE, as a hold would), shrinking gives units back to online
 * sale. Each change is a ledger movement (ALLOWANCE) and a stock event like any other.
 */
export class StoreAllowanceService {
  private readonly clock: () => number;

  constructor(private readonly deps: StoreAllowanceServiceDeps) {
    this.clock = deps.clock ?? Date.now;
  }

  async size(locationId: string, targets: readonly AllowanceTarget[], caller: Caller): Promise<StoreAllowance[]> {
    validateAllowanceTargets(targets, 'allowances');
    requireLocation(caller, locationId, 'locationId');
    const { db, levels, locations, allowances, holds, recorder } = this.deps;
    const actor = actorOf(caller);
    const skus = targets.map((target) => target.sku).sort();
    return db.transaction(async (tx) => {
      const now = this.clock();
      await requireKnownLocation(tx, locations, locationId, 'locationId');
      await holds.expireStaleHolds(tx, skus, now);
      const locked = new Map(
        (
          await levels.lockByKeys(
            tx,
            skus.map((sku) => ({ sku, locationId })),
          )
        ).map((level) => [level.sku, level]),
      );
      // Setting units aside of a sku this location has never held is a mistake (a typo, the
      // wrong shop): refused whole, before anything changes, naming the line.
      const unheld = targets.findIndex((target) => target.quantity > 0 && !locked.has(target.sku));
      if (unheld >= 0) {
        throw new InventoryError(
          'UNKNOWN_SKU',
          `${locationId} holds no ${targets[unheld]?.sku ?? 'such sku'}: there is nothing to set aside; check the sku, or add stock there first`,
          `allowances.${unheld}.sku`,
        );
      }
      const current = new Map(
        (await allowances.find(tx, locationId, skus)).map((allowance) => [allowance.sku, allowance.quantity]),
      );
      const changes: StockChange[] = [];
      for (const target of [...targets].sort((a, b) => compareStockKeys({ ...a, locationId }, { ...b, locationId }))) {
        const level = locked.get(target.sku);
        // A sku never stocked here asked for nothing (checked above), so there is nothing to shrink.
        if (!level) continue;
        const delta = allowanceChange(current.get(target.sku) ?? 0, target.quantity, available(level));
        if (delta === 0) continue;
        const stockDelta = { onHand: 0, reserved: delta, safetyStock: 0 };
        if (
          !(await levels.applyDelta(tx, target.sku, locationId, stockDelta, now)) ||
          !(await allowances.applyDelta(tx, locationId, target.sku, delta, now))
        ) {
          throw new Error(`guard refused a planned allowance change of locked row ${target.sku}@${locationId}`);
        }
        changes.push(stockChange(level, stockDelta, now));
      }
      if (changes.length > 0)
        await recorder.record(tx, changes, 'ALLOWANCE', { actor, reason: 'store_allowance' }, now);
      return allowances.find(tx, locationId, skus);
    });
  }

  /** A store's allowances (all of them when `skus` is null). */
  async list(locationId: string, skus: readonly string[] | null, caller: Caller): Promise<StoreAllowance[]> {
    if (skus && skus.length > MAX_ALLOWANCE_LINES)
      throw new InventoryError(
        'TOO_MANY_SKUS',
        `at most ${MAX_ALLOWANCE_LINES} skus per call, got ${skus.length}`,
        'skus',
      );
    skus?.forEach((sku, i) => assertSku(sku, `skus.${i}`));
    requireLocation(caller, locationId, 'locationId');
    return this.deps.db.read((sql) => this.deps.allowances.find(sql, locationId, skus));
  }
}
