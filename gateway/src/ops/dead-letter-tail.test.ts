import pino from 'pino';
import {
  deadLetter,
  type ConsumerOptions,
  type EventBus,
  InProcessEventBus,
  type IncomingMessage,
} from '@stockgraph/messaging';
import { waitFor } from '@stockgraph/testing';
import { DEAD_LETTER_TOPICS, DeadLetterTail } from './dead-letter-tail';

const log = pino({ level: 'silent' });
const WAREHOUSE_DLQ = 'warehouse.stock-updated.v1.dlq';

/** A message as a consumer read it from `topic`, before it is dead-lettered. */
const original = (n: number, over: Partial<IncomingMessage> = {}): IncomingMessage => ({
  topic: 'warehouse.stock-updated.v1',
  partition: 0,
  offset: String(n),
  key: `SG-${String(n).padStart(4, '0')}`,
  value: `{"n":${n}`,
  headers: {},
  timestamp: 0,
  ...over,
});

/** A bus that hands the tail's handler to the test, so it can deliver whatever it likes. */
function capturingBus(): EventBus & { deliver(messages: IncomingMessage[]): Promise<void> } {
  let handler: ConsumerOptions['handleBatch'] | undefined;
  return {
    prepareTopics: () => Promise.resolve(),
    expiredPositions: () => Promise.resolve([]),
    publish: () => Promise.resolve(),
    consume: (options) => {
      handler = (messages) => options.handleBatch(messages);
      return Promise.resolve({ stop: () => Promise.resolve(), ended: new Promise<Error>(() => undefined) });
    },
    close: () => Promise.resolve(),
    deliver: (messages) => (handler ? handler(messages) : Promise.reject(new Error('the tail is not consuming'))),
  };
}

/** A dead letter as it lies on `<topic>.dlq`, accepted by the bus at `at`. */
const letter = (offset: number, at: number, over: Partial<IncomingMessage> = {}): IncomingMessage => ({
  topic: WAREHOUSE_DLQ,
  partition: 0,
  offset: String(offset),
  key: `k${offset}`,
  value: '{}',
  headers: { 'dlq-reason': 'SCHEMA_VIOLATION' },
  timestamp: at,
  ...over,
});

describe('DeadLetterTail', () => {
  let bus: InProcessEventBus;
  let tail: DeadLetterTail | undefined;

  beforeEach(() => {
    bus = new InProcessEventBus(log);
  });

  afterEach(async () => {
    await tail?.stop();
    await bus.close();
  });

  it('is unavailable until it reads, then lists every dead-letter topic', async () => {
    tail = new DeadLetterTail(bus, 'gateway-dlq-tail-test', log);
    expect(tail.recent()).toEqual({ available: false, topics: [] });

    tail.start();
    await waitFor(() => tail?.ready, { what: 'the tail to join' });

    const recent = tail.recent();
    expect(recent.available).toBe(true);
    expect(recent.topics.map((t) => t.topic)).toEqual(DEAD_LETTER_TOPICS);
    expect(DEAD_LETTER_TOPICS).toContain(WAREHOUSE_DLQ);
    expect(recent.topics.every((t) => t.seen === 0 && t.latest.length === 0)).toBe(true);
  });

  it('keeps the newest ten per topic, newest first, counting every one, from the beginning of the topic', async () => {
    await bus.publish(
      Array.from({ length: 15 }, (_, n) =>
        deadLetter(original(n), 'UNKNOWN_SKU', `no location stocks ${n}`, 'warehouse-ingestion'),
      ),
    );
    tail = new DeadLetterTail(bus, 'gateway-dlq-tail-test', log);
    tail.start();
    await bus.publish(
      Array.from({ length: 10 }, (_, n) =>
        deadLetter(original(15 + n), 'INVALID_JSON', 'Unexpected end of JSON input', 'warehouse-ingestion'),
      ),
    );

    await waitFor(() => tail?.recent().topics.find((t) => t.topic === WAREHOUSE_DLQ)?.seen === 25, {
      what: '25 dead letters',
    });
    const warehouse = tail.recent().topics.find((t) => t.topic === WAREHOUSE_DLQ);

    expect(warehouse?.latest.map((l) => l.key)).toEqual(
      Array.from({ length: 10 }, (_, i) => `SG-${String(24 - i).padStart(4, '0')}`),
    );
    expect(warehouse?.latest[0]).toEqual({
      key: 'SG-0024',
      reason: 'INVALID_JSON',
      detail: 'Unexpected end of JSON input',
      consumer: 'warehouse-ingestion',
      failedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) as unknown,
      sourceTopic: 'warehouse.stock-updated.v1',
      sourcePartition: 0,
      sourceOffset: '24',
      valuePreview: '{"n":24',
    });
    expect(
      tail
        .recent()
        .topics.filter((t) => t.topic !== WAREHOUSE_DLQ)
        .every((t) => t.seen === 0),
    ).toBe(true);
  });

  it('orders letters from several partitions by when the bus took them, and counts a letter delivered again once', async () => {
    const captured = capturingBus();
    tail = new DeadLetterTail(captured, 'gateway-dlq-tail-test', log, { perTopic: 3 });
    tail.start();
    await waitFor(() => tail?.ready, { what: 'the tail to join' });

    // Partition 1 is read before partition 0, as Kafka may, and a rejoin delivers partition 1 again.
    await captured.deliver([letter(0, 1000, { partition: 1 }), letter(1, 4000, { partition: 1 })]);
    await captured.deliver([letter(0, 2000), letter(1, 3000), letter(2, 500)]);
    await captured.deliver([letter(0, 1000, { partition: 1 }), letter(1, 4000, { partition: 1 })]);

    const warehouse = tail.recent().topics.find((t) => t.topic === WAREHOUSE_DLQ);
    expect(warehouse?.seen).toBe(5);
    expect(warehouse?.latest.map((l) => [l.key, l.failedAt])).toEqual([
      ['k1', new Date(4000).toISOString()],
      ['k1', new Date(3000).toISOString()],
      ['k0', new Date(2000).toISOString()],
    ]);
  });

  it('bounds what it keeps of a huge letter, and shows a letter without headers, key or value with what it has', async () => {
    const captured = capturingBus();
    tail = new DeadLetterTail(captured, 'gateway-dlq-tail-test', log);
    tail.start();
    await waitFor(() => tail?.ready, { what: 'the tail to join' });
    const huge = 'x'.repeat(1_000_000);

    await captured.deliver([
      letter(0, 1000, {
        key: huge,
        value: `😀${huge}`,
        headers: {
          'dlq-reason': huge,
          'dlq-detail': huge,
          'dlq-consumer': huge,
          'dlq-source-topic': huge,
          'dlq-source-partition': 'two',
          'dlq-source-offset': '-1',
          'dlq-failed-at': 'yesterday',
        },
      }),
      letter(1, Number.NaN, { key: null, value: null, headers: {} }),
    ]);

    // The bare letter has no time of its own either: it counts as read now, so it is the newest.
    const [bare, big] = tail.recent().topics.find((t) => t.topic === WAREHOUSE_DLQ)?.latest ?? [];
    expect(big?.key).toHaveLength(200);
    expect(big?.key?.endsWith('…')).toBe(true);
    expect(big?.valuePreview?.startsWith('😀x')).toBe(true);
    expect(big?.valuePreview?.length).toBeLessThanOrEqual(200);
    expect([big?.reason?.length, big?.detail?.length, big?.consumer?.length, big?.sourceTopic?.length]).toEqual([
      200, 1000, 200, 200,
    ]);
    expect([big?.sourcePartition, big?.sourceOffset, big?.failedAt]).toEqual([
      null,
      null,
      new Date(1000).toISOString(),
    ]);
    expect(bare).toEqual({
      key: null,
      reason: null,
      detail: null,
      consumer: null,
      failedAt: null,
      sourceTopic: null,
      sourcePartition: null,
      sourceOffset: null,
      valuePreview: null,
    });
  });
});
