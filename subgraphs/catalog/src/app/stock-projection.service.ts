import type { ConsumerMetrics } from '@stockgraph/messaging';
import type { Database } from '@stockgraph/persistence';
import { newerChanges, type ProjectedStock } from '../domain/stock-summary';
import type { StockProjectionRepository } from '../infra/stock-projection.repository';

export const PROJECTION_CONSUMER = 'catalog-projection';

/** A stock change to project, with when its cause was first published (for lag). */
export interface StockChangeToProject extends ProjectedStock {
  /** Epoch ms the warehouse event behind it was published, if one was. */
  sourceTime: number | null;
}

/**
 * Projects inventory's stock changes into the catalog's own tables, a batch per
 * transaction. Per (sku, location) only a version newer than the projected one is
 * applied, so duplicates, replays from the beginning and reordering change nothing.
 */
export class StockProjectionService {
  constructor(
    private readonly db: Database,
    private readonly projection: StockProjectionRepository,
    private readonly metrics: ConsumerMetrics,
  ) {}

  async project(changes: readonly StockChangeToProject[]): Promise<void> {
    const applied = await this.db.transaction(async (tx) => {
      const projected = await this.projection.versions(tx, changes);
      const newer = newerChanges(changes, projected);
      this.projection.save(tx, newer, Date.now());
      return newer;
    });
    const now = Date.now();
    for (const change of changes) {
      // End to end when the change came from a warehouse event, else from the inventory commit.
      this.metrics.syncLatency.observe(
        { consumer: PROJECTION_CONSUMER },
        (now - (change.sourceTime ?? change.changedAt)) / 1000,
      );
    }
    const count = (result: string, n: number) =>
      n > 0 && this.metrics.processed.inc({ consumer: PROJECTION_CONSUMER, result }, n);
    count('applied', applied.length);
    count('stale', changes.length - applied.length);
  }
}
