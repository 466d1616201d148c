import { type ConsumerMetrics, inbox, type OutgoingMessage, type Outbox } from '@stockgraph/messaging';
import { type Database, isRetryableTransactionError, type Tx } from '@stockgraph/persistence';
import type { Logger } from '@stockgraph/runtime';
import { stockKey } from '@stockgraph/domain';
import { type StockChange, stockChange } from '../domain/stock-change';
import { compareStockKeys } from '../domain/stock-level';
import { overBoundDetail, refuseOverBound, skuOnHandTotals } from '../domain/quantity-bound';
import { DEFAULT_WAREHOUSE_CLOCK_SKEW_MS, isObservedInFuture, observedInFutureDetail } from '../domain/warehouse-clock';
import { effectOfCount, isNewer, newestPerKey, type WarehouseCount } from '../domain/warehouse-count';
import { INGESTION_CONSUMER } from '../events/topics';
import type { LocationRepository } from '../infra/location.repository';
import type { StockLevelRepository } from '../infra/stock-level.repository';
import type { WarehouseWatermarkRepository } from '../infra/warehouse-watermark.repository';
import type { HoldExpiry } from './hold-expiry.service';
import type { StockChangeRecorder } from './stock-change-recorder';

/** A warehouse count decoded from its event, and how to dead-letter that event if it is refused. */
export interface DecodedCount {
  count: WarehouseCount;
  /** The dead letter of the event this count came from; `reason` and `detail` say why. */
  deadLetter(reason: string, detail: string): OutgoingMessage;
}

/** A batch of warehouse events as the consumer decoded them. */
export interface CountBatch {
  counts: DecodedCount[];
  /** Dead letters of the batch's events that could not be decoded, written with the batch's outcome. */
  undecodable: OutgoingMessage[];
}

/** How many events of a batch ended each way. */
export interface IngestTally {
  applied: number;
  unchanged: number;
  duplicate: number;
  stale: number;
  dead_lettered: number;
}

/** What became of a batch of warehouse counts. */
export interface CountsOutcome {
  applied: WarehouseCount[];
  unchanged: WarehouseCount[];
  rejected: Array<{
    count: WarehouseCount;
    reason: 'UNKNOWN_LOCATION' | 'UNKNOWN_SKU' | 'BELOW_RESERVED' | 'QUANTITY_OUT_OF_RANGE';
    detail: string;
  }>;
}

export interface WarehouseIngestionServiceDeps {
  db: Database;
  levels: StockLevelRepository;
  locations: LocationRepository;
  /** Ends expired holds on the counted skus first, so a count is compared with what is really held. */
  holds: Pick<HoldExpiry, 'expireStaleHolds'>;
  recorder: StockChangeRecorder;
  watermarks: WarehouseWatermarkRepository;
  outbox: Outbox;
  metrics: Pick<ConsumerMetrics, 'processed' | 'syncLatency'>;
  log: Logger;
  /** How far ahead of `clock` a count may be dated (WAREHOUSE_CLOCK_SKEW_MS). */
  clockSkewMs?: number;
  /** Epoch ms; injectable so tests can move time. */
  clock?: () => number;
}

/**
 * Turns decoded `warehouse.stock-updated.v1` batches into stock changes: de-duplicated by
 * CloudEvent id (inbox), thinned to the newest count per (sku, location), compared with
 * the newest count already applied, and applied in one transaction together with the dead
 * letters it produced (through the outbox, so none is lost). An event that keeps failing
 * is dead-lettered alone and the rest go on.
 */
export class WarehouseIngestionService {
  private readonly clock: () => number;

  constructor(private readonly deps: WarehouseIngestionServiceDeps) {
    this.clock = deps.clock ?? Date.now;
  }

  /** Applies one batch; throws only what is worth retrying the whole batch for. */
  async ingest({ counts, undecodable }: CountBatch): Promise<IngestTally> {
    let tally: IngestTally;
    try {
      tally = await this.deps.db.transaction((tx) => this.ingestIn(tx, counts, undecodable));
    } catch (error) {
      // Still deadlocked after the transaction's own retries, or the database is away: the
      // bus delivers the batch again.
      if (isRetryableTransactionError(error)) throw error;
      if (counts.length <= 1) {
        tally = await this.poison(counts, undecodable, error);
      } else {
        // Something in the batch cannot be applied: find it by applying one event at a time.
        this.deps.log.warn(
          { err: error, events: counts.length },
          'warehouse batch failed; applying its events one by one',
        );
        tally = { applied: 0, unchanged: 0, duplicate: 0, stale: 0, dead_lettered: 0 };
        for (const [index, one] of counts.entries()) {
          const single = await this.ingestOneSafely(one, index === 0 ? undecodable : []);
          for (const key of Object.keys(tally) as Array<keyof IngestTally>) tally[key] += single[key];
        }
      }
    }
    for (const [result, n] of Object.entries(tally) as Array<[keyof IngestTally, number]>) {
      if (n > 0) this.deps.metrics.processed.inc({ consumer: INGESTION_CONSUMER, result }, n);
    }
    return tally;
  }

  private async ingestOneSafely(one: DecodedCount, undecodable: readonly OutgoingMessage[]): Promise<IngestTally> {
    try {
      return await this.deps.db.transaction((tx) => this.ingestIn(tx, [one], undecodable));
    } catch (error) {
      return this.poison([one], undecodable, error);
    }
  }

  /** Dead-letters events that cannot be applied at all, so the consumer keeps going. */
  private async poison(
    events: readonly DecodedCount[],
    undecodable: readonly OutgoingMessage[],
    error: unknown,
  ): Promise<IngestTally> {
    this.deps.log.error(
      { err: error, eventIds: events.map((e) => e.count.eventId) },
      'warehouse event dead-lettered after failing to apply',
    );
    const letters = [
      ...undecodable,
      ...events.map((e) => e.deadLetter('PROCESSING_FAILED', (error as Error).message ?? String(error))),
    ];
    await this.deps.db.transaction(async (tx) => {
      inbox.record(
        tx,
        INGESTION_CONSUMER,
        events.map((e) => e.count.eventId),
        Date.now(),
      );
      await this.deps.outbox.append(tx, letters);
    });
    return { applied: 0, unchanged: 0, duplicate: 0, stale: 0, dead_lettered: letters.length };
  }

  private async ingestIn(
    tx: Tx,
    decoded: readonly DecodedCount[],
    undecodable: readonly OutgoingMessage[],
  ): Promise<IngestTally> {
    const now = this.clock();
    const seen = await inbox.seen(tx, INGESTION_CONSUMER, [...new Set(decoded.map((d) => d.count.eventId))]);
    const fresh: DecodedCount[] = [];
    const ids = new Set<string>();
    for (const d of decoded) {
      if (seen.has(d.count.eventId) || ids.has(d.count.eventId)) continue;
      ids.add(d.count.eventId);
      fresh.push(d);
    }
    const byEvent = new Map(fresh.map((d) => [d.count.eventId, d]));
    // A count dated in the future would become the watermark and make every real count look
    // stale: dead-letter it, and record it in the inbox so a replay, once it is no longer
    // "in the future", does not apply it either (domain/warehouse-clock.ts).
    const skew = this.deps.clockSkewMs ?? DEFAULT_WAREHOUSE_CLOCK_SKEW_MS;
    const future = fresh.filter((d) => isObservedInFuture(d.count.observedAt, now, skew));
    const { newest, superseded } = newestPerKey(fresh.filter((d) => !future.includes(d)).map((d) => d.count));
    const applied = await this.deps.watermarks.find(tx, newest);
    const current = newest.filter((count) => isNewer(count, applied.get(stockKey(count.sku, count.locationId))));
    const outcome = await this.applyCounts(tx, current);
    const letters = [
      ...undecodable,
      ...future.map((d) => d.deadLetter('OBSERVED_IN_FUTURE', observedInFutureDetail(d.count.observedAt, now, skew))),
      ...outcome.rejected.map(({ count, reason, detail }) =>
        (byEvent.get(count.eventId) as DecodedCount).deadLetter(reason, detail),
      ),
    ];
    this.deps.watermarks.save(tx, [...outcome.applied, ...outcome.unchanged], now);
    inbox.record(tx, INGESTION_CONSUMER, [...ids], now);
    await this.deps.outbox.append(tx, letters);
    tx.afterCommit(() => {
      for (const count of outcome.applied)
        this.deps.metrics.syncLatency.observe(
          { consumer: INGESTION_CONSUMER },
          (Date.now() - count.publishedAt) / 1000,
        );
    });
    return {
      applied: outcome.applied.length,
      unchanged: outcome.unchanged.length,
      duplicate: decoded.length - fresh.length,
      stale: superseded.length + (newest.length - current.length),
      dead_lettered: letters.length,
    };
  }

  /**
   * Applies warehouse counts (absolute on-hand per sku and location) inside the caller's
   * transaction: the same guard, ledger (INGEST, reason cycle_count, the event id as source)
   * and stock events as any other change. Counts for unknown locations or skus, and counts
   * below what is held, are returned as rejected, not applied.
   */
  async applyCounts(tx: Tx, counts: readonly WarehouseCount[]): Promise<CountsOutcome> {
    const { levels, locations } = this.deps;
    const now = this.clock();
    const outcome: CountsOutcome = { applied: [], unchanged: [], rejected: [] };
    if (counts.length === 0) return outcome;
    let known = new Set((await locations.all(tx, now)).map((l) => l.id));
    if (counts.some((c) => !known.has(c.locationId)))
      known = new Set((await locations.all(tx, now, { fresh: true })).map((l) => l.id));
    const located = counts.filter((count) => {
      if (known.has(count.locationId)) return true;
      outcome.rejected.push({
        count,
        reason: 'UNKNOWN_LOCATION',
        detail: `there is no location "${count.locationId}"`,
      });
      return false;
    });
    const keyOf = (k: { sku: string; locationId: string }) => stockKey(k.sku, k.locationId);
    const skus = [...new Set(located.map((c) => c.sku))].sort();
    await this.deps.holds.expireStaleHolds(tx, skus, now);
    const keys = located.map(({ sku, locationId }) => ({ sku, locationId })).sort(compareStockKeys);
    // Every location of the skus, locked first in the fixed order: the bound on their total needs them all.
    const totals = skuOnHandTotals(await levels.lockBySkus(tx, skus));
    const rows = new Map((await levels.lockByKeys(tx, keys)).map((level) => [keyOf(level), level]));
    const missing = keys.filter((key) => !rows.has(keyOf(key)));
    // A sku inventory stocks somewhere may be counted somewhere new; a sku it has never stocked is a mistake.
    const stocked =
      missing.length > 0 ? await levels.knownSkus(tx, [...new Set(missing.map((k) => k.sku))]) : new Set<string>();
    // A count of nothing where there is no row changes nothing, and creates no row.
    const counted = new Map(located.map((c) => [keyOf(c), c.onHand]));
    const creatable = missing.filter((key) => stocked.has(key.sku) && (counted.get(keyOf(key)) ?? 0) > 0);
    if (creatable.length > 0) {
      await levels.ensureExists(tx, creatable, now);
      for (const level of await levels.lockByKeys(tx, creatable)) rows.set(keyOf(level), level);
    }
    const changes: StockChange[] = [];
    for (const count of [...located].sort(compareStockKeys)) {
      const before = rows.get(keyOf(count));
      if (!before) {
        if (stocked.has(count.sku)) outcome.unchanged.push(count);
        else
          outcome.rejected.push({
            count,
            reason: 'UNKNOWN_SKU',
            detail: `no location stocks ${count.sku}; add it with adjustStock first`,
          });
        continue;
      }
      const effect = effectOfCount(before, count);
      if (effect.kind === 'unchanged') outcome.unchanged.push(count);
      else if (effect.kind === 'below-reserved') {
        outcome.rejected.push({
          count,
          reason: 'BELOW_RESERVED',
          detail: `counted ${count.onHand} of ${count.sku} at ${count.locationId}, but ${effect.reserved} are held for checkouts, damaged or in quality control`,
        });
      } else {
        changes.push(stockChange(before, effect.delta, now, { eventId: count.eventId, time: count.publishedAt }));
        outcome.applied.push(count);
      }
    }
    // No sku's onHand over all locations may leave the GraphQL Int range (domain/quantity-bound.ts).
    const overBound = refuseOverBound(
      totals,
      changes.map((change, i) => ({ sku: change.before.sku, onHandChange: change.delta.onHand, i })),
    );
    for (const { proposal, total } of overBound.reverse()) {
      const [count] = outcome.applied.splice(proposal.i, 1) as [WarehouseCount];
      changes.splice(proposal.i, 1);
      outcome.rejected.push({
        count,
        reason: 'QUANTITY_OUT_OF_RANGE',
        detail: overBoundDetail(count.sku, count.locationId, count.onHand, total),
      });
    }
    const affected = await tx.executeAll(
      changes.map(({ before, delta }) => levels.deltaStatement(before.sku, before.locationId, delta, now)),
    );
    if (affected.some((n) => n !== 1)) throw new Error('guard refused a count on a locked row');
    await this.deps.recorder.record(tx, changes, 'INGEST', { actor: 'warehouse', reason: 'cycle_count' }, now);
    return outcome;
  }
}
