import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';

/** A raw Kafka client for tests and tools: publish anything (malformed included), read a topic, reset a group, expire a topic. */
export function kafkaTools(brokers: string, namespace = '') {
  const kafka = new Kafka({
    clientId: `tools-${randomUUID().slice(0, 6)}`,
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer();
  const admin = kafka.admin();
  let connected: Promise<void> | undefined;
  const connect = () => (connected ??= Promise.all([producer.connect(), admin.connect()]).then(() => undefined));
  return {
    async publish(
      topic: string,
      messages: Array<{ key: string; value: string; headers?: Record<string, string> }>,
    ): Promise<void> {
      await connect();
      await producer.send({
        topic: namespace + topic,
        messages: messages.map(({ key, value, headers }) => ({ key, value, ...(headers ? { headers } : {}) })),
      });
    },
    /** Every message of a topic so far, read by a throwaway group, until `count` are seen or `timeoutMs` passes. */
    async readAll(topic: string, count: number, timeoutMs = 20_000) {
      const consumer = kafka.consumer({ groupId: `tools-${randomUUID()}`, maxWaitTimeInMs: 100 });
      const seen: Array<{ key: string | null; value: string | null; headers: Record<string, string> }> = [];
      await consumer.connect();
      await consumer.subscribe({ topic: namespace + topic, fromBeginning: true });
      await consumer.run({
        eachMessage: ({ message }) => {
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = String(v);
          seen.push({ key: message.key?.toString() ?? null, value: message.value?.toString() ?? null, headers });
          return Promise.resolve();
        },
      });
      const deadline = Date.now() + timeoutMs;
      while (seen.length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      await consumer.disconnect();
      return seen;
    },
    /** Messages of `topic` that `groupId` has not committed yet, over every partition (all of them if it committed none). */
    async lag(groupId: string, topic: string): Promise<number> {
      await connect();
      const [committed] = await admin.fetchOffsets({ groupId: namespace + groupId, topics: [namespace + topic] });
      let lag = 0;
      for (const { partition, high, low } of await admin.fetchTopicOffsets(namespace + topic)) {
        const at = committed?.partitions.find((p) => p.partition === partition)?.offset ?? '-1';
        lag += Number(high) - Number(at === '-1' ? low : at);
      }
      return lag;
    },
    /** Moves a consumer group back to the start of a topic (the group must have no members). */
    async rewind(groupId: string, topic: string): Promise<void> {
      await connect();
      await admin.resetOffsets({ groupId: namespace + groupId, topic: namespace + topic, earliest: true });
    },
    /** Deletes everything a topic holds so far, as retention would: its low watermarks move up to its high ones. */
    async deleteAll(topic: string): Promise<void> {
      await connect();
      const partitions = (await admin.fetchTopicOffsets(namespace + topic)).map(({ partition, high }) => ({
        partition,
        offset: high,
      }));
      await admin.deleteTopicRecords({ topic: namespace + topic, partitions });
    },
    async close(): Promise<void> {
      if (connected) await Promise.all([producer.disconnect(), admin.disconnect()]);
    },
  };
}
