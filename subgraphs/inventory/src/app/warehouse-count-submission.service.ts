import { randomUUID } from 'node:crypto';
import { assertSku, cloudEvent, Database, Outbox } from '@stockgraph/shared';
import { InventoryError } from '../domain/errors';
import { WAREHOUSE_STOCK_UPDATED, WAREHOUSE_TOPIC } from '../events/topics';

export interface WarehouseCountSubmission {
  sku: string;
  locationId: string;
  onHand: number;
  sequence?: number | null;
  /** Epoch ms; now when omitted. */
  observedAt?: number | null;
}

const MAX_COUNTS = 1000;

/**
 * For warehouse systems that speak GraphQL rather than Kafka (and for the embedded mode,
 * which has no Kafka): counts become `warehouse.stock-updated.v1` events on the bus,
 * through the outbox, and from there take exactly the path of any warehouse event.
 */
export class WarehouseCountSubmissionService {
  constructor(
    private readonly db: Database,
    private readonly outbox: Outbox,
  ) {}

  async submit(counts: readonly WarehouseCountSubmission[], source: string): Promise<number> {
    if (counts.length === 0 || counts.length > MAX_COUNTS) {
      throw new InventoryError('INVALID_COUNT', `send 1 to ${MAX_COUNTS} counts per call, got ${counts.length}`, 'counts');
    }
    if (!/^[A-Za-z0-9:/._-]{1,200}$/.test(source)) {
      throw new InventoryError('INVALID_COUNT', 'source must name the sending system, such as wms-madrid', 'source');
    }
    const now = new Date();
    const messages = counts.map((count, i) => {
      assertSku(count.sku, `counts.${i}.sku`);
      if (!Number.isInteger(count.onHand) || count.onHand < 0 || count.onHand > 1_000_000_000) {
        throw new InventoryError('INVALID_COUNT', `onHand must be a whole number from 0 to 1,000,000,000`, `counts.${i}.onHand`);
      }
      const event = cloudEvent({
        id: randomUUID(),
        source: `/warehouse/${source}`,
        type: WAREHOUSE_STOCK_UPDATED,
        subject: count.sku,
        time: now,
        data: {
          sku: count.sku,
          locationId: count.locationId,
          onHand: count.onHand,
          ...(count.sequence != null ? { sequence: count.sequence } : {}),
          observedAt: new Date(count.observedAt ?? now.getTime()).toISOString(),
        },
      });
      return { topic: WAREHOUSE_TOPIC, key: count.sku, value: JSON.stringify(event), headers: { 'content-type': 'application/cloudevents+json' } };
    });
    await this.db.transaction((tx) => this.outbox.append(tx, messages));
    return messages.length;
  }
}
