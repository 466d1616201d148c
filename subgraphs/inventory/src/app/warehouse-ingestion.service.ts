import {
  ConsumerMetrics,
  Database,
  deadLetter,
  EventSchemas,
  inbox,
  IncomingMessage,
  isRetryableTransactionError,
  Logger,
  OutgoingMessage,
  Outbox,
  Tx,
} from '@stockgraph/shared';
import { isNewer, newestPerKey, WarehouseCount } from '../domain/warehouse-count';
import { DEFAULT_WAREHOUSE_CLOCK_SKEW_MS, isObservedInFuture, observedInFutureDetail } from '../domain/warehouse-clock';
import { WAREHOUSE_TOPIC } from '../events/topics';
import type { WarehouseWatermarkRepository } from '../infra/warehouse-watermark.repository';
import type { StockService } from './stock.service';

export const INGESTION_CONSUMER = 'warehouse-ingestion';

interface WarehouseData {
  sku: string;
  locationId: string;
  onHand: number;
  sequence?: number;
  observedAt: string;
}

type Parsed = { message: IncomingMessage; count: WarehouseCount };

/** Clock settings of ingestion. */
export interface IngestionClock {
  /** How far ahead of `clock` a count may be dated (WAREHOUSE_CLOCK_SKEW_MS). */
  clockSkewMs?: number;
  /** Epoch ms; injectable so tests can move time. */
  clock?: () => number;
}

/** How many events of a batch ended each way. */
export interface IngestTally {
  applied: number;
  unchanged: number;
  duplicate: number;
  stale: number;
  dead_lettered: number;
}

/**
 * Turns `warehouse.stock-updated.v1` batches into stock changes: each batch is checked
 * against its JSON Schema, de-duplicated by CloudEvent id (inbox), thinned to the newest
 * count per (sku, location), compared with the newest count already applied, and applied
 * in one transaction together with the dead letters it produced (through the outbox, so
 * none is lost). An event that keeps failing is dead-lettered alone and the rest go on.
 */
export class WarehouseIngestionService {
  constructor(
    private readonly db: Database,
    private readonly stock: StockService,
    private readonly watermarks: WarehouseWatermarkRepository,
    private readonly outbox: Outbox,
    private readonly schemas: EventSchemas,
    private readonly metrics: ConsumerMetrics,
    private readonly log: Logger,
    private readonly time: IngestionClock = {},
  ) {}

  async ingest(messages: IncomingMessage[]): Promise<IngestTally> {
    const parsed: Parsed[] = [];
    const rejected: OutgoingMessage[] = [];
    for (const message of messages) {
      const result = this.schemas.parse<WarehouseData>(WAREHOUSE_TOPIC, message);
      if (!result.ok) {
        rejected.push(this.deadLetter(message, result.reason, result.detail));
        continue;
      }
      const { event } = result;
      parsed.push({
        message,
        count: {
          eventId: event.id,
          sku: event.data.sku,
          locationId: event.data.locationId,
          onHand: event.data.onHand,
          sequence: event.data.sequence ?? null,
          observedAt: Date.parse(event.data.observedAt),
          publishedAt: Date.parse(event.time),
          source: event.source,
        },
      });
    }
    let tally: IngestTally;
    try {
      tally = await this.db.transaction((tx) => this.ingestIn(tx, parsed, rejected));
    } catch (error) {
      // Still deadlocked after the transaction's own retries, or the database is away: the
      // bus delivers the batch again.
      if (isRetryableTransactionError(error)) throw error;
      if (parsed.length <= 1) return this.poison(parsed, rejected, error);
      // Something in the batch cannot be applied: find it by applying one event at a time.
      this.log.warn({ err: error, events: parsed.length }, 'warehouse batch failed; applying its events one by one');
      tally = { applied: 0, unchanged: 0, duplicate: 0, stale: 0, dead_lettered: 0 };
      for (const [index, one] of parsed.entries()) {
        const single = await this.ingestOneSafely(one, index === 0 ? rejected : []);
        for (const key of Object.keys(tally) as Array<keyof IngestTally>) tally[key] += single[key];
      }
    }
    for (const [result, n] of Object.entries(tally)) if (n > 0) this.metrics.processed.inc({ consumer: INGESTION_CONSUMER, result }, n);
    return tally;
  }

  private async ingestOneSafely(one: Parsed, rejected: OutgoingMessage[]): Promise<IngestTally> {
    try {
      return await this.db.transaction((tx) => this.ingestIn(tx, [one], rejected));
    } catch (error) {
      return this.poison([one], rejected, error);
    }
  }

  /** Dead-letters events that cannot be applied at all, so the consumer keeps going. */
  private async poison(events: Parsed[], rejected: OutgoingMessage[], error: unknown): Promise<IngestTally> {
    this.log.error({ err: error, eventIds: events.map((e) => e.count.eventId) }, 'warehouse event dead-lettered after failing to apply');
    const letters = [...rejected, ...events.map((e) => this.deadLetter(e.message, 'PROCESSING_FAILED', (error as Error).message ?? String(error)))];
    await this.db.transaction(async (tx) => {
      inbox.record(tx, INGESTION_CONSUMER, events.map((e) => e.count.eventId), Date.now());
      await this.outbox.append(tx, letters);
    });
    return { applied: 0, unchanged: 0, duplicate: 0, stale: 0, dead_lettered: letters.length };
  }

  private async ingestIn(tx: Tx, parsed: Parsed[], rejected: OutgoingMessage[]): Promise<IngestTally> {
    const now = (this.time.clock ?? Date.now)();
    const seen = await inbox.seen(tx, INGESTION_CONSUMER, [...new Set(parsed.map((p) => p.count.eventId))]);
    const fresh: Parsed[] = [];
    const ids = new Set<string>();
    for (const p of parsed) {
      if (seen.has(p.count.eventId) || ids.has(p.count.eventId)) continue;
      ids.add(p.count.eventId);
      fresh.push(p);
    }
    const byEvent = new Map(fresh.map((p) => [p.count.eventId, p]));
    // A count dated in the future would become the watermark and make every real count look
    // stale: dead-letter it, and record it in the inbox so a replay, once it is no longer
    // "in the future", does not apply it either (domain/warehouse-clock.ts).
    const skew = this.time.clockSkewMs ?? DEFAULT_WAREHOUSE_CLOCK_SKEW_MS;
    const future = fresh.filter((p) => isObservedInFuture(p.count.observedAt, now, skew));
    const { newest, superseded } = newestPerKey(fresh.filter((p) => !future.includes(p)).map((p) => p.count));
    const applied = await this.watermarks.find(tx, newest);
    const current = newest.filter((count) => isNewer(count, applied.get(`${count.sku}\u0000${count.locationId}`)));
    const outcome = await this.stock.applyCounts(tx, current);
    const letters = [
      ...rejected,
      ...future.map((p) => this.deadLetter(p.message, 'OBSERVED_IN_FUTURE', observedInFutureDetail(p.count.observedAt, now, skew))),
      ...outcome.rejected.map(({ count, reason, detail }) => this.deadLetter((byEvent.get(count.eventId) as Parsed).message, reason, detail)),
    ];
    this.watermarks.save(tx, [...outcome.applied, ...outcome.unchanged], now);
    inbox.record(tx, INGESTION_CONSUMER, [...ids], now);
    await this.outbox.append(tx, letters);
    tx.afterCommit(() => {
      for (const count of outcome.applied) this.metrics.syncLatency.observe({ consumer: INGESTION_CONSUMER }, (Date.now() - count.publishedAt) / 1000);
    });
    return {
      applied: outcome.applied.length,
      unchanged: outcome.unchanged.length,
      duplicate: parsed.length - fresh.length,
      stale: superseded.length + (newest.length - current.length),
      dead_lettered: letters.length,
    };
  }

  private deadLetter(message: IncomingMessage, reason: string, detail: string): OutgoingMessage {
    this.metrics.deadLetters.inc({ topic: message.topic, reason });
    return deadLetter(message, reason, detail);
  }
}
