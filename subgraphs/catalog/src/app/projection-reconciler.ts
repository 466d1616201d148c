import type { Database } from '@stockgraph/persistence';
import { type Logger, PeriodicTask, type PeriodicTaskOptions } from '@stockgraph/runtime';
import type { ProjectedStock } from '../domain/stock-summary';
import type { InventoryClient } from '../infra/clients/inventory.client';
import type { StockProjectionRepository } from '../infra/stock-projection.repository';

export interface ReconciliationReport {
  /** Skus compared. */
  checked: number;
  /** (sku, location) rows that differed from inventory. */
  mismatched: number;
  /** Rows written or removed to match inventory (0 on a dry run). */
  repaired: number;
}

const PAGE = 500;
const keyOf = (k: { sku: string; locationId: string }) => `${k.sku}\u0000${k.locationId}`;

function same(a: ProjectedStock, b: ProjectedStock): boolean {
  return (
    a.onHand === b.onHand &&
    a.reserved === b.reserved &&
    a.available === b.available &&
    a.version === b.version &&
    a.region === b.region
  );
}

/**
 * Compares the projection with inventory, the source of truth, a page of skus at a time,
 * and repairs what drifted (a lost event, a bug, a hand edit). A row is only overwritten
 * with a truth at least as new as it (truth is read again just before), so a repair never
 * undoes an event the projector applied meanwhile; a row ahead of inventory is left for
 * the events that will overtake it, and counted as mismatched.
 */
export class ProjectionReconciler {
  private readonly task: PeriodicTask<ReconciliationReport>;

  constructor(
    private readonly db: Database,
    private readonly projection: StockProjectionRepository,
    private readonly inventory: InventoryClient,
    log: Logger,
    intervalMs: number,
    private readonly onRepaired: (rows: number) => void = () => undefined,
    /** Scheduled passes run on one catalog instance at a time (seed 002: ~100 inventory calls a day, not per instance). */
    lease?: PeriodicTaskOptions<ReconciliationReport>['lease'],
  ) {
    this.task = new PeriodicTask(
      {
        name: 'stock projection reconciliation',
        intervalMs,
        ...(lease ? { lease } : {}),
        run: () => this.pass(false),
        onResult: (report) => report.repaired > 0 && log.warn(report, 'stock projection drifted and was repaired'),
      },
      log,
    );
  }

  /** One full pass; concurrent callers share the pass under way. */
  reconcile({ dryRun = false } = {}): Promise<ReconciliationReport> {
    return dryRun ? this.pass(true) : this.task.runNow();
  }

  /** Reconciles every `intervalMs` given to the constructor (0: never). */
  start(): void {
    this.task.start();
  }

  stop(): Promise<void> {
    return this.task.stop();
  }

  private async pass(dryRun: boolean): Promise<ReconciliationReport> {
    const report: ReconciliationReport = { checked: 0, mismatched: 0, repaired: 0 };
    for (let after = ''; ;) {
      const skus = await this.db.read((sql) => this.projection.skuPage(sql, after, PAGE));
      if (skus.length === 0) return report;
      after = skus[skus.length - 1];
      report.checked += skus.length;
      const drifted = await this.drift(skus);
      report.mismatched += drifted.length;
      if (!dryRun && drifted.length > 0) {
        const repaired = await this.repair([...new Set(drifted)]);
        report.repaired += repaired;
        this.onRepaired(repaired);
      }
      if (skus.length < PAGE) return report;
    }
  }

  /** Skus (one entry per differing row) whose projection differs from inventory. */
  private async drift(skus: string[]): Promise<string[]> {
    const [truth, projected] = await Promise.all([
      this.inventory.levels(skus),
      this.db.read((sql) => this.projection.forSkus(sql, skus)),
    ]);
    const truthBy = new Map(truth.map((row) => [keyOf(row), row]));
    const projectedBy = new Map(projected.map((row) => [keyOf(row), row]));
    const drifted: string[] = [];
    for (const [key, row] of truthBy) {
      const mine = projectedBy.get(key);
      if (!mine || !same(mine, row)) drifted.push(row.sku);
    }
    for (const [key, row] of projectedBy) if (!truthBy.has(key)) drifted.push(row.sku);
    return drifted;
  }

  private async repair(skus: string[]): Promise<number> {
    const truth = await this.inventory.levels(skus);
    return this.db.transaction(async (tx) => {
      const projected = new Map((await this.projection.forSkus(tx, skus)).map((row) => [keyOf(row), row]));
      const writes = truth.filter((row) => {
        const mine = projected.get(keyOf(row));
        return !mine || (!same(mine, row) && row.version >= mine.version);
      });
      const truthKeys = new Set(truth.map(keyOf));
      const removals = [...projected.values()].filter((row) => !truthKeys.has(keyOf(row)));
      this.projection.save(tx, writes, Date.now());
      this.projection.remove(tx, removals);
      return writes.length + removals.length;
    });
  }
}
