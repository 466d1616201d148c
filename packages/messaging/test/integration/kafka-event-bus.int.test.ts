import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import pino from 'pino';
import { describeWithKafka, kafkaBrokers, waitFor } from '@stockgraph/testing';
import { KafkaEventBus } from '../../src/kafka-event-bus';
import { ResilientConsumer } from '../../src/resilient-consumer';
import type { IncomingMessage } from '../../src/event-bus';
import { eventBusContract } from '../contract/event-bus.contract';
import { kafkaRequestQueueClass, type KafkaRequestQueue } from '../../src/kafkajs-idle-fix';

const log = pino({ level: 'warn' });
const makeBus = async () =>
  new KafkaEventBus({ brokers: kafkaBrokers(), clientId: `test-${randomUUID().slice(0, 6)}`, partitions: 3, log });

describeWithKafka('KafkaEventBus', () => {
  eventBusContract('kafka', makeBus, { timeoutMs: 20_000 });

  it('leaves an idle consumer asleep between fetches: about one queue check per response, not one a millisecond', async () => {
    const bus = await makeBus();
    const consumer = await bus.consume({
      groupId: `g-${randomUUID()}`,
      topics: [`idle.${randomUUID().slice(0, 8)}.v1`],
      handleBatch: async () => undefined,
    });
    // Counted on kafkajs's own class: a response checks the queue once; the 1 ms loop of
    // kafkajs 2.2.4 made about a hundred checks between two 100 ms fetch responses.
    const { prototype } = kafkaRequestQueueClass();
    const counts = { checks: 0, responses: 0 };
    const { checkPendingRequests, fulfillRequest } = prototype;
    prototype.checkPendingRequests = function (this: KafkaRequestQueue) {
      counts.checks += 1;
      checkPendingRequests.call(this);
    };
    prototype.fulfillRequest = function (this: KafkaRequestQueue, response) {
      counts.responses += 1;
      fulfillRequest.call(this, response);
    };
    try {
      await waitFor(() => counts.responses >= 20, { timeoutMs: 30_000, what: '20 fetch responses at rest' });
      expect(counts.checks).toBeLessThanOrEqual(counts.responses * 2);
    } finally {
      Object.assign(prototype, { checkPendingRequests, fulfillRequest });
      await consumer.stop();
      await bus.close();
    }
  }, 60_000);

  it('keys messages so one key always lands on one partition, in order, across many keys', async () => {
    const bus = await makeBus();
    const topic = `keys.${randomUUID().slice(0, 8)}.v1`;
    const seen: IncomingMessage[] = [];
    const consumer = await bus.consume({
      groupId: `g-${randomUUID()}`,
      topics: [topic],
      fromBeginning: true,
      handleBatch: async (batch) => {
        seen.push(...batch);
      },
    });
    const keys = Array.from({ length: 12 }, (_, i) => `sku-${i}`);
    await bus.publish(Array.from({ length: 120 }, (_, n) => ({ topic, key: keys[n % 12], value: String(n) })));
    await waitFor(() => seen.length >= 120, { timeoutMs: 20_000, what: '120 messages' });
    for (const key of keys) {
      const mine = seen.filter((m) => m.key === key);
      expect(new Set(mine.map((m) => m.partition)).size).toBe(1);
      const values = mine.map((m) => Number(m.value));
      expect(values).toEqual([...values].sort((a, b) => a - b));
    }
    expect(new Set(seen.map((m) => m.partition)).size).toBeGreaterThan(1);
    await consumer.stop();
    await bus.close();
  });

  it('joins again when the client gave up on a consumer for good, and reads what came after', async () => {
    const bus = await makeBus();
    const topic = `crash.${randomUUID().slice(0, 8)}.v1`;
    const seen: string[] = [];
    let lagReports = 0;
    const consumer = new ResilientConsumer(
      bus,
      {
        groupId: `g-${randomUUID()}`,
        topics: [topic],
        fromBeginning: true,
        handleBatch: async (batch) => void seen.push(...batch.map((m) => m.value ?? '')),
        // A throw outside the handler's own retry is one kafkajs does not retry: it stops
        // the consumer and never restarts it.
        onLag: () => {
          lagReports += 1;
          if (lagReports === 1) throw new TypeError('a lag gauge that broke once');
        },
      },
      log,
    );
    try {
      consumer.start();
      await waitFor(() => consumer.ready, { timeoutMs: 30_000, what: 'the first join' });
      await bus.publish([{ topic, key: 'k', value: 'before' }]);
      await waitFor(() => lagReports >= 1, { timeoutMs: 20_000, what: 'the first batch' });
      await bus.publish([{ topic, key: 'k', value: 'after' }]);
      await waitFor(() => seen.includes('after'), { timeoutMs: 40_000, what: 'the event published after the crash' });
      expect(consumer.ready).toBe(true);
      // The batch whose report threw was never committed, so it came again: at least once.
      expect(seen.filter((value) => value === 'before').length).toBeGreaterThanOrEqual(1);
    } finally {
      await consumer.stop();
      await bus.close();
    }
  });

  it('tells a group whose position retention has deleted (a group that committed nothing too), and nothing while none was deleted', async () => {
    const bus = await makeBus();
    const topic = `expiry.${randomUUID().slice(0, 8)}.v1`;
    const groupId = `g-${randomUUID()}`;
    const seen: IncomingMessage[] = [];
    const consume = () =>
      bus.consume({
        groupId,
        topics: [topic],
        fromBeginning: true,
        handleBatch: async (batch) => void seen.push(...batch),
      });
    const consumer = await consume();
    await bus.publish(Array.from({ length: 30 }, (_, n) => ({ topic, key: `k-${n}`, value: String(n) })));
    await waitFor(() => seen.length >= 30, { timeoutMs: 20_000, what: '30 messages' });
    await consumer.stop();
    expect(await bus.expiredPositions(groupId, [topic])).toEqual([]);
    expect(await bus.expiredPositions(`g-${randomUUID()}`, [topic])).toEqual([]);

    // While the group is away, more is published and then deleted, as retention would.
    await bus.publish(Array.from({ length: 30 }, (_, n) => ({ topic, key: `k-${n}`, value: `late-${n}` })));
    const admin = new Kafka({ brokers: kafkaBrokers(), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    const partitions = (await admin.fetchTopicOffsets(topic)).map(({ partition, high }) => ({
      partition,
      offset: high,
    }));
    await admin.deleteTopicRecords({ topic, partitions });
    await admin.disconnect();
    const expired = await bus.expiredPositions(groupId, [topic]);
    expect(expired.length).toBeGreaterThan(0);
    expect(expired.every((entry) => entry.topic === topic)).toBe(true);
    // A group that committed nothing never read what was deleted either.
    const byPartition = (entries: typeof expired) => [...entries].sort((a, b) => a.partition - b.partition);
    expect(byPartition(await bus.expiredPositions(`g-${randomUUID()}`, [topic]))).toEqual(byPartition(expired));
    await bus.close();
  });
});
