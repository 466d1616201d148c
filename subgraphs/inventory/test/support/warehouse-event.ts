import { randomUUID } from 'node:crypto';
import { cloudEvent, type OutgoingMessage } from '@stockgraph/messaging';

/** A `warehouse.stock-updated.v1` message as a warehouse system publishes it. */
export function warehouseEvent(count: {
  sku: string;
  locationId: string;
  onHand: number;
  observedAt: string | Date;
  id?: string;
  sequence?: number;
}): OutgoingMessage {
  const event = cloudEvent({
    id: count.id ?? randomUUID(),
    source: '/warehouse/test-wms',
    type: 'io.stockgraph.warehouse.stock-updated.v1',
    subject: count.sku,
    data: {
      sku: count.sku,
      locationId: count.locationId,
      onHand: count.onHand,
      ...(count.sequence !== undefined ? { sequence: count.sequence } : {}),
      observedAt: typeof count.observedAt === 'string' ? count.observedAt : count.observedAt.toISOString(),
    },
  });
  return {
    topic: 'warehouse.stock-updated.v1',
    key: count.sku,
    value: JSON.stringify(event),
    headers: { 'content-type': 'application/cloudevents+json' },
  };
}
