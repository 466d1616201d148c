import { ConsumerMetrics, Database, deadLetter, EventSchemas, IncomingMessage, OutgoingMessage, Outbox } from '@stockgraph/shared';
import { newerChanges, ProjectedStock } from '../domain/stock-summary';
import type { StockProjectionRepository } from '../infra/stock-projection.repository';

export const PROJECTION_CONSUMER = 'catalog-projection';
export const INVENTORY_STOCK_TOPIC = 'inventory.stock.v1';

interface StockChangedData {
  sku: string;
  locationId: string;
  region: string;
  onHand: number;
  reserved: number;
  available: number;
  version: number;
  changedAt: number;
  sourceTime?: number | null;
}

/**
 * Projects inventory.stock.v1 into the catalog's own tables, a batch per transaction.
 * Per (sku, location) only a version newer than the projected one is applied, so
 * duplicates, replays from the beginning and reordering change nothing. Events that do
 * not match their schema are dead-lettered with the reason.
 */
export class StockProjectionService {
  constructor(
    private readonly db: Database,
    private readonly projection: StockProjectionRepository,
    private readonly outbox: Outbox,
    private readonly schemas: EventSchemas,
    private readonly metrics: ConsumerMetrics,
  ) {}

  async project(messages: IncomingMessage[]): Promise<void> {
    const changes: Array<ProjectedStock & { sourceTime: number | null }> = [];
    const letters: OutgoingMessage[] = [];
    for (const message of messages) {
      const parsed = this.schemas.parse<StockChangedData>(INVENTORY_STOCK_TOPIC, message);
      if (!parsed.ok) {
        this.metrics.deadLetters.inc({ topic: message.topic, reason: parsed.reason });
        letters.push(deadLetter(message, parsed.reason, parsed.detail));
        continue;
      }
      const d = parsed.event.data;
      changes.push({
        sku: d.sku,
        locationId: d.locationId,
        region: d.region,
        onHand: d.onHand,
        reserved: d.reserved,
        available: d.available,
        version: d.version,
        changedAt: d.changedAt,
        sourceTime: d.sourceTime ?? null,
      });
    }
    const applied = await this.db.transaction(async (tx) => {
      const projected = await this.projection.versions(tx, changes);
      const newer = newerChanges(changes, projected);
      this.projection.save(tx, newer, Date.now());
      await this.outbox.append(tx, letters);
      return newer;
    });
    const now = Date.now();
    for (const change of changes) {
      // End to end when the change came from a warehouse event, else from the inventory commit.
      this.metrics.syncLatency.observe({ consumer: PROJECTION_CONSUMER }, (now - ((change as { sourceTime: number | null }).sourceTime ?? change.changedAt)) / 1000);
    }
    const count = (result: string, n: number) => n > 0 && this.metrics.processed.inc({ consumer: PROJECTION_CONSUMER, result }, n);
    count('applied', applied.length);
    count('stale', changes.length - applied.length);
    count('dead_lettered', letters.length);
  }
}
