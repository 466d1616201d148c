import { consumerMetrics, EventSchemas, type IncomingMessage } from '@stockgraph/messaging';
import { Registry } from 'prom-client';
import { decodeWarehouseBatch } from './warehouse-ingestion.consumer';
import { TOPICS } from '@stockgraph/events';

const WAREHOUSE_TOPIC = TOPICS.warehouseStockUpdated;

const schemas = new EventSchemas();

function message(offset: string, value: string): IncomingMessage {
  return {
    topic: WAREHOUSE_TOPIC,
    partition: 2,
    offset,
    key: 'SG-1',
    value,
    headers: { 'content-type': 'application/cloudevents+json' },
    timestamp: 0,
  };
}

const event = {
  specversion: '1.0',
  id: 'evt-1',
  source: '/warehouse/wms-madrid',
  type: 'io.stockgraph.warehouse.stock-updated.v1',
  time: '2026-01-01T10:00:00.000Z',
  datacontenttype: 'application/json',
  data: { sku: 'SG-1', locationId: 'madrid', onHand: 12, sequence: 4, observedAt: '2026-01-01T09:59:00.000Z' },
};

/** Fresh metrics, and the dead letters they counted as [topic, reason, count]. */
function recordingMetrics() {
  const metrics = consumerMetrics(new Registry());
  const deadLetters = async () =>
    (await metrics.deadLetters.get()).values.map((v) => [v.labels.topic, v.labels.reason, v.value]);
  return { deadLetters, metrics };
}

describe('decodeWarehouseBatch', () => {
  it('turns a valid event into a count that can still dead-letter its own message', async () => {
    // Arrange
    const { deadLetters, metrics } = recordingMetrics();

    // Act
    const batch = decodeWarehouseBatch([message('41', JSON.stringify(event))], schemas, metrics);

    // Assert
    expect(batch.undecodable).toEqual([]);
    expect(batch.counts.map((c) => c.count)).toEqual([
      {
        eventId: 'evt-1',
        sku: 'SG-1',
        locationId: 'madrid',
        onHand: 12,
        sequence: 4,
        observedAt: Date.parse('2026-01-01T09:59:00.000Z'),
        publishedAt: Date.parse('2026-01-01T10:00:00.000Z'),
        source: '/warehouse/wms-madrid',
      },
    ]);
    expect(await deadLetters()).toEqual([]);
    const letter = batch.counts[0]?.deadLetter('BELOW_RESERVED', 'held for checkouts');
    expect(letter).toMatchObject({
      topic: `${WAREHOUSE_TOPIC}.dlq`,
      value: JSON.stringify(event),
      headers: { 'dlq-reason': 'BELOW_RESERVED', 'dlq-source-partition': '2', 'dlq-source-offset': '41' },
    });
    expect(await deadLetters()).toEqual([[WAREHOUSE_TOPIC, 'BELOW_RESERVED', 1]]);
  });

  it('dead-letters what does not parse or break its schema, with a reason, and keeps the rest', async () => {
    const { deadLetters, metrics } = recordingMetrics();
    const negative = { ...event, id: 'evt-2', data: { ...event.data, onHand: -5 } };

    const batch = decodeWarehouseBatch(
      [message('1', '{not json'), message('2', JSON.stringify(negative)), message('3', JSON.stringify(event))],
      schemas,
      metrics,
    );

    expect(batch.counts.map((c) => c.count.eventId)).toEqual(['evt-1']);
    expect(batch.undecodable.map((l) => [l.headers?.['dlq-source-offset'], l.headers?.['dlq-reason']])).toEqual([
      ['1', 'INVALID_JSON'],
      ['2', 'SCHEMA_VIOLATION'],
    ]);
    expect((await deadLetters()).map(([, reason]) => reason)).toEqual(['INVALID_JSON', 'SCHEMA_VIOLATION']);
  });
});
