import { randomUUID } from 'node:crypto';
import { waitFor } from '@stockgraph/testing';
import type { EventBus, IncomingMessage } from '../../src/event-bus';

/**
 * What every EventBus adapter must do, run against each of them (in-process and Kafka):
 * services rely on exactly these properties and nothing else.
 */
export function eventBusContract(
  name: string,
  makeBus: () => Promise<EventBus>,
  options: { timeoutMs?: number } = {},
): void {
  const timeoutMs = options.timeoutMs ?? 10_000;

  describe(`EventBus contract: ${name}`, () => {
    let bus: EventBus;
    const consumers: Array<{ stop(): Promise<void> }> = [];

    beforeEach(async () => {
      bus = await makeBus();
    });

    afterEach(async () => {
      await Promise.all(consumers.splice(0).map((c) => c.stop()));
      await bus.close();
    });

    const topicName = () => `contract.${randomUUID().slice(0, 8)}.v1`;

    const collect = async (topic: string, groupId = `g-${randomUUID()}`) => {
      const seen: IncomingMessage[] = [];
      consumers.push(
        await bus.consume({
          groupId,
          topics: [topic],
          fromBeginning: true,
          handleBatch: async (batch) => {
            seen.push(...batch);
          },
        }),
      );
      return seen;
    };

    it('delivers one key in the order published, with key, value and headers intact', async () => {
      const topic = topicName();
      const seen = await collect(topic);
      for (let i = 0; i < 20; i += 1) {
        await bus.publish([{ topic, key: 'sku-1', value: JSON.stringify({ i }), headers: { 'ce-id': `e${i}` } }]);
      }
      await waitFor(() => seen.length >= 20, { timeoutMs, what: '20 messages' });
      expect(seen.map((m) => (JSON.parse(m.value ?? 'null') as { i: number }).i)).toEqual([...Array(20).keys()]);
      expect(seen[3]).toMatchObject({ topic, key: 'sku-1', headers: { 'ce-id': 'e3' } });
    });

    it('gives every consumer group every message', async () => {
      const topic = topicName();
      const first = await collect(topic);
      const second = await collect(topic);
      await bus.publish(['a', 'b', 'c'].map((key) => ({ topic, key, value: key })));
      await waitFor(() => first.length >= 3 && second.length >= 3, { timeoutMs, what: 'both groups' });
      expect(first.map((m) => m.value).sort()).toEqual(['a', 'b', 'c']);
      expect(second.map((m) => m.value).sort()).toEqual(['a', 'b', 'c']);
    });

    it('lets a new group read from the beginning', async () => {
      const topic = topicName();
      await bus.publish([{ topic, key: 'k', value: 'early' }]);
      const late = await collect(topic);
      await waitFor(() => late.length >= 1, { timeoutMs, what: 'the early message' });
      expect(late[0]?.value).toBe('early');
    });

    it('lets a group that commits no position read everything again each time it starts', async () => {
      const topic = topicName();
      const groupId = `g-${randomUUID()}`;
      const start = async () => {
        const seen: string[] = [];
        const consumer = await bus.consume({
          groupId,
          topics: [topic],
          fromBeginning: true,
          commitPositions: false,
          handleBatch: async (batch) => {
            seen.push(...batch.map((m) => m.value ?? ''));
          },
        });
        return { seen, consumer };
      };
      await bus.publish([
        { topic, key: 'k', value: 'one' },
        { topic, key: 'k', value: 'two' },
      ]);
      const first = await start();
      await waitFor(() => first.seen.length >= 2, { timeoutMs, what: 'the first reading' });
      await first.consumer.stop();

      const second = await start();
      consumers.push(second.consumer);

      await waitFor(() => second.seen.length >= 2, { timeoutMs, what: 'the same messages read again' });
      expect(second.seen).toEqual(['one', 'two']);
    });

    it('delivers a batch again when its handler throws, skipping nothing', async () => {
      const topic = topicName();
      const handled: string[] = [];
      let failures = 0;
      consumers.push(
        await bus.consume({
          groupId: `g-${randomUUID()}`,
          topics: [topic],
          fromBeginning: true,
          handleBatch: async (batch) => {
            if (batch.some((m) => m.value === 'poison-once') && failures === 0) {
              failures += 1;
              throw new Error('transient');
            }
            handled.push(...batch.map((m) => m.value ?? ''));
          },
        }),
      );
      await bus.publish([
        { topic, key: 'k', value: 'one' },
        { topic, key: 'k', value: 'poison-once' },
        { topic, key: 'k', value: 'three' },
      ]);
      await waitFor(() => handled.includes('three'), { timeoutMs, what: 'redelivery' });
      expect(failures).toBe(1);
      expect(handled.filter((v) => v === 'poison-once')).toHaveLength(1);
      expect(handled.indexOf('poison-once')).toBeLessThan(handled.indexOf('three'));
    });
  });
}
