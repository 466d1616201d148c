import { type Caller, requireLocation } from '@stockgraph/domain';
import { TOPICS, WAREHOUSE_STOCK_UPDATED, type WarehouseStockUpdatedData } from '@stockgraph/events';
import { assertSku } from '@stockgraph/domain';
import { cloudEventMessage, EventSchemas, type Outbox } from '@stockgraph/messaging';
import type { Database } from '@stockgraph/persistence';
import { InventoryError } from '../domain/errors';
import { countsOverBound, overBoundDetail } from '../domain/quantity-bound';
import { DEFAULT_WAREHOUSE_CLOCK_SKEW_MS, isObservedInFuture, observedInFutureDetail } from '../domain/warehouse-clock';
import type { LocationRepository } from '../infra/location.repository';
import type { StockLevelRepository } from '../infra/stock-level.repository';

export interface WarehouseCountSubmission {
  sku: string;
  locationId: string;
  onHand: number;
  sequence?: number | null;
  /** Epoch ms; now when omitted. */
  observedAt?: number | null;
}

const MAX_COUNTS = 1000;

/** The contract ingestion checks every count against; compiled once, on first use. */
let contract: EventSchemas | null = null;

/**
 * For warehouse systems that speak GraphQL rather than Kafka (and for the embedded mode,
 * which has no Kafka): counts become `warehouse.stock-updated.v1` events on the bus,
 * through the outbox, and from there take exactly the path of any warehouse event.
 */
export class WarehouseCountSubmissionService {
  constructor(
    private readonly db: Database,
    private readonly outbox: Outbox,
    private readonly levels: StockLevelRepository,
    private readonly locations: LocationRepository,
    private readonly time: { clockSkewMs?: number; clock?: () => number } = {},
  ) {}

  async submit(counts: readonly WarehouseCountSubmission[], source: string, caller: Caller): Promise<number> {
    if (counts.length === 0 || counts.length > MAX_COUNTS) {
      throw new InventoryError(
        'INVALID_COUNT',
        `send 1 to ${MAX_COUNTS} counts per call, got ${counts.length}`,
        'counts',
      );
    }
    counts.forEach((count, i) => requireLocation(caller, count.locationId, `counts.${i}.locationId`));
    if (!/^[A-Za-z0-9:/._-]{1,200}$/.test(source)) {
      throw new InventoryError('INVALID_COUNT', 'source must name the sending system, such as wms-madrid', 'source');
    }
    const now = new Date((this.time.clock ?? Date.now)());
    const skew = this.time.clockSkewMs ?? DEFAULT_WAREHOUSE_CLOCK_SKEW_MS;
    const messages = counts.map((count, i) => {
      assertSku(count.sku, `counts.${i}.sku`);
      if (!Number.isInteger(count.onHand) || count.onHand < 0 || count.onHand > 1_000_000_000) {
        throw new InventoryError(
          'INVALID_COUNT',
          `onHand must be a whole number from 0 to 1,000,000,000`,
          `counts.${i}.onHand`,
        );
      }
      if (count.sequence != null && (!Number.isSafeInteger(count.sequence) || count.sequence < 0)) {
        throw new InventoryError(
          'INVALID_COUNT',
          'sequence must be a whole number from 0 up (higher is newer)',
          `counts.${i}.sequence`,
        );
      }
      // Ingestion would dead-letter it anyway; saying so here tells the sender at once.
      if (count.observedAt != null && isObservedInFuture(count.observedAt, now.getTime(), skew)) {
        throw new InventoryError(
          'OBSERVED_IN_FUTURE',
          observedInFutureDetail(count.observedAt, now.getTime(), skew),
          `counts.${i}.observedAt`,
        );
      }
      const data: WarehouseStockUpdatedData = {
        sku: count.sku,
        locationId: count.locationId,
        onHand: count.onHand,
        ...(count.sequence != null ? { sequence: count.sequence } : {}),
        observedAt: new Date(count.observedAt ?? now.getTime()).toISOString(),
      };
      return cloudEventMessage(TOPICS.warehouseStockUpdated, count.sku, {
        source: `/warehouse/${source}`,
        type: WAREHOUSE_STOCK_UPDATED,
        time: now,
        data,
      });
    });
    // Whatever ingestion would dead-letter for the count itself is refused here, with the
    // code and the line, so an answer of N means N counts on their way (issue 20: `sequence:
    // -5` and unknown locations were answered 1, then dead-lettered).
    contract ??= new EventSchemas();
    messages.forEach((message, i) => {
      const checked = (contract as EventSchemas).parse(TOPICS.warehouseStockUpdated, message);
      if (!checked.ok)
        throw new InventoryError(
          'INVALID_COUNT',
          `counts.${i} breaks the warehouse count contract: ${checked.detail.replaceAll('/data/', '')}`,
          `counts.${i}`,
        );
    });
    await this.refuseUnknownLocations(counts);
    await this.refuseOverBound(counts, now.getTime());
    await this.db.transaction((tx) => this.outbox.append(tx, messages));
    return messages.length;
  }

  private async refuseUnknownLocations(counts: readonly WarehouseCountSubmission[]): Promise<void> {
    const ids = [...new Set(counts.map((c) => c.locationId))];
    const known = new Set(
      (await this.db.read((sql) => this.locations.findByIds(sql, ids))).map((location) => location.id),
    );
    const index = counts.findIndex((c) => !known.has(c.locationId));
    if (index < 0) return;
    throw new InventoryError(
      'UNKNOWN_LOCATION',
      `nothing was submitted; there is no location "${counts[index]?.locationId}" (counts.${index}); query locations for the valid ids`,
      `counts.${index}.locationId`,
    );
  }

  /**
   * Refuses the whole call, naming each count, when counts would take a sku's onHand over
   * all locations past MAX_STOCK_QUANTITY. A read ahead of the bus: ingestion checks the
   * bound again under lock and dead-letters what a concurrent change made too much.
   */
  private async refuseOverBound(counts: readonly WarehouseCountSubmission[], now: number): Promise<void> {
    const skus = [...new Set(counts.map((c) => c.sku))];
    const levels = await this.db.read((sql) => this.levels.findBySkus(sql, skus, now));
    const refused = countsOverBound(levels, counts);
    const [first] = refused;
    if (!first) return;
    const detail = refused.map(({ index, total }) => {
      const count = counts[index];
      return `counts.${index}: ${overBoundDetail(count.sku, count.locationId, count.onHand, total)}`;
    });
    throw new InventoryError(
      'QUANTITY_OUT_OF_RANGE',
      `nothing was submitted; ${detail.join('; ')}`,
      `counts.${first.index}.onHand`,
    );
  }
}
