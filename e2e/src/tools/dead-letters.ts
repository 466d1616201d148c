import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import {
  type DeadLetterAction,
  deadLetterAction,
  deadLetterId,
  DLQ_ACTIONS_TOPIC,
  replayMessage,
} from '@stockgraph/messaging';

const DLQ_SUFFIX = '.dlq';

export interface DeadLetter {
  /** `<dlq topic>:<partition>:<offset>`: where it sits, unique and stable. */
  id: string;
  dlqTopic: string;
  sourceTopic: string;
  reason: string;
  detail: string;
  consumer: string | null;
  failedAt: string | null;
  key: string;
  value: string;
  headers: Record<string, string>;
  /** What was done with it so far, oldest first. */
  actions: DeadLetterAction[];
}

type Message = { key: string; value: string; headers: Record<string, string>; partition: number; offset: string };

/**
 * Operations' hands on the dead letters: every `<topic>.dlq` read whole, each letter's
 * fate from the actions topic, replay to the source topic (once the cause is fixed) and
 * discard with a reason, each recorded. Unlike the services' desk (the `deadLetters` query
 * and its mutations), it reads every letter, however old or large. Replays are built the
 * same way (`replayMessage`), so actions taken here and there count together.
 */
export function deadLetterDesk(brokers: string, namespace = '') {
  const kafka = new Kafka({
    clientId: `dlq-${randomUUID().slice(0, 6)}`,
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  const producer = kafka.producer();
  let connected: Promise<void> | undefined;
  const connect = () => (connected ??= Promise.all([admin.connect(), producer.connect()]).then(() => undefined));

  /** Every message a topic holds now: read by a throwaway group up to the high watermarks taken first. */
  const readWhole = async (topic: string, timeoutMs = 30_000): Promise<Message[]> => {
    const ends = await admin.fetchTopicOffsets(topic);
    const wanted = new Map(
      ends.filter((p) => Number(p.high) > Number(p.low)).map((p) => [p.partition, Number(p.high)]),
    );
    if (wanted.size === 0) return [];
    const consumer = kafka.consumer({ groupId: `dlq-read-${randomUUID()}`, maxWaitTimeInMs: 100 });
    const seen: Message[] = [];
    const done = new Set<number>();
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: ({ partition, message }) => {
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = String(v);
          seen.push({
            key: message.key?.toString() ?? '',
            value: message.value?.toString() ?? '',
            headers,
            partition,
            offset: message.offset,
          });
          if (Number(message.offset) + 1 >= (wanted.get(partition) ?? 0)) done.add(partition);
          return Promise.resolve();
        },
      });
      const deadline = Date.now() + timeoutMs;
      while (done.size < wanted.size && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      if (done.size < wanted.size) throw new Error(`could not read ${topic} to its end within ${timeoutMs} ms`);
    } finally {
      await consumer.disconnect();
    }
    return seen;
  };

  const actions = async (): Promise<DeadLetterAction[]> => {
    const topics = await admin.listTopics();
    if (!topics.includes(namespace + DLQ_ACTIONS_TOPIC)) return [];
    return (await readWhole(namespace + DLQ_ACTIONS_TOPIC)).map((m) => JSON.parse(m.value) as DeadLetterAction);
  };

  let actionsTopic: Promise<unknown> | undefined;
  const record = async (action: DeadLetterAction) => {
    // One partition: the actions read back in the order they were taken. Created on first use.
    actionsTopic ??= admin.createTopics({
      topics: [{ topic: namespace + DLQ_ACTIONS_TOPIC, numPartitions: 1 }],
      waitForLeaders: true,
    });
    await actionsTopic;
    await producer.send({
      topic: namespace + DLQ_ACTIONS_TOPIC,
      messages: [{ key: action.letter, value: JSON.stringify(action) }],
    });
  };

  return {
    /** Every dead letter of every `.dlq` topic (of this namespace), with what was done to it. */
    async list(): Promise<DeadLetter[]> {
      await connect();
      const done = await actions();
      const topics = (await admin.listTopics()).filter(
        (topic) => topic.startsWith(namespace) && topic.endsWith(DLQ_SUFFIX),
      );
      const letters: DeadLetter[] = [];
      for (const dlqTopic of topics.sort())
        for (const m of await readWhole(dlqTopic)) {
          // Topic names in headers and ids are the services' own, without the namespace.
          const logical = dlqTopic.slice(namespace.length);
          const id = deadLetterId(logical, m.partition, m.offset);
          letters.push({
            id,
            dlqTopic: logical,
            // The topic this .dlq belongs to, never one a header names.
            sourceTopic: logical.slice(0, -DLQ_SUFFIX.length),
            reason: m.headers['dlq-reason'] ?? 'UNKNOWN',
            detail: m.headers['dlq-detail'] ?? '',
            consumer: m.headers['dlq-consumer'] ?? null,
            failedAt: m.headers['dlq-failed-at'] ?? null,
            key: m.key,
            value: m.value,
            headers: m.headers,
            actions: done.filter((action) => action.letter === id),
          });
        }
      return letters;
    },

    /**
     * Sends each letter back to its source topic, with a fresh event id, and records it.
     * A letter already replayed or discarded is skipped unless `again`; returns what was sent.
     */
    async replay(letters: readonly DeadLetter[], by: string, again = false): Promise<DeadLetterAction[]> {
      await connect();
      const sent: DeadLetterAction[] = [];
      for (const letter of letters) {
        if (!again && letter.actions.length > 0) continue;
        const replays = letter.actions.filter((action) => action.action === 'replayed').length + 1;
        const { message, replayEventId } = replayMessage(letter, replays);
        await producer.send({ topic: namespace + message.topic, messages: [message] });
        const action = deadLetterAction(letter.id, 'replayed', letter.reason, by, replayEventId);
        await record(action);
        sent.push(action);
      }
      return sent;
    },

    /** Records that these letters are not to be replayed, and why. */
    async discard(letters: readonly DeadLetter[], reason: string, by: string): Promise<DeadLetterAction[]> {
      await connect();
      const recorded: DeadLetterAction[] = [];
      for (const letter of letters) {
        const action = deadLetterAction(letter.id, 'discarded', reason, by);
        await record(action);
        recorded.push(action);
      }
      return recorded;
    },

    async close(): Promise<void> {
      if (connected) await Promise.all([admin.disconnect(), producer.disconnect()]);
    },
  };
}
