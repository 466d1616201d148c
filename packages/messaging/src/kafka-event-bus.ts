import { setTimeout as delay } from 'node:timers/promises';
import {
  type Admin,
  type Consumer,
  Kafka,
  type KafkaMessage,
  logLevel,
  type LogEntry,
  Partitioners,
  type Producer,
} from 'kafkajs';
import type { Logger } from '@stockgraph/runtime';
import type { ConsumerOptions, EventBus, EventConsumer, IncomingMessage, OutgoingMessage } from './event-bus';
import { fixKafkajsIdleSpin } from './kafkajs-idle-fix';
import { untilTopicsLead } from './kafka-topic-leaders';

export interface KafkaEventBusOptions {
  brokers: string[];
  clientId: string;
  /** Partitions of the topics this bus creates. */
  partitions: number;
  /**
   * Prefixed to every topic and consumer group on the broker, so several deployments
   * (or test runs) can share one cluster; services keep seeing the plain names.
   */
  namespace?: string;
  /** How consumers fetch (KAFKA_FETCH_MAX_WAIT_MS, KAFKA_FETCH_MIN_BYTES); 1 byte and 1,000 ms by default (an event is handed over as soon as it arrives; the wait only sets how often an idle consumer asks). */
  fetch?: { maxWaitMs: number; minBytes: number };
  log: Logger;
}

/** kafkajs logs through the service log; its routine INFO chatter goes to debug. */
function logCreator(log: Logger) {
  return () =>
    ({ level, log: entry }: LogEntry) => {
      const { message, ...fields } = entry;
      // Retries are bounded on purpose (see the producer below); the outbox is the safety net.
      if (message.startsWith('Limiting retries for the idempotent producer')) return;
      const child = { kafka: fields };
      if (level === logLevel.ERROR) log.error(child, `kafka: ${message}`);
      else if (level === logLevel.WARN) log.warn(child, `kafka: ${message}`);
      else log.debug(child, `kafka: ${message}`);
    };
}

function toIncoming(topic: string, partition: number, message: KafkaMessage): IncomingMessage {
  // `topic` here is the service's name for it, without the namespace.
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.map(String).join(',') : String(value);
  }
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key ? message.key.toString('utf8') : null,
    value: message.value ? message.value.toString('utf8') : null,
    headers,
    timestamp: Number(message.timestamp),
  };
}

/**
 * The EventBus on Apache Kafka (kafkajs). Publishing uses an idempotent producer with
 * acks from all in-sync replicas, one request in flight (so a retry cannot reorder a
 * key's messages) and Java-compatible murmur2 partitioning by key. A send that still
 * fails after a few retries throws, and the outbox keeps its rows for the next pass.
 * Consumers commit a batch only after its handler resolved (groups that keep no position,
 * `commitPositions: false`, never commit); a handler that throws gets
 * the same batch again after a backoff, without losing the partition.
 */
export class KafkaEventBus implements EventBus {
  private readonly kafka: Kafka;
  private readonly producer: Producer;
  private readonly admin: Admin;
  private producerReady: Promise<void> | undefined;
  private adminReady: Promise<void> | undefined;
  private readonly knownTopics = new Set<string>();
  private readonly consumers = new Set<Consumer>();

  constructor(private readonly options: KafkaEventBusOptions) {
    fixKafkajsIdleSpin();
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      logCreator: logCreator(options.log),
      logLevel: logLevel.INFO,
      retry: { initialRetryTime: 100, maxRetryTime: 2000, retries: 5 },
      connectionTimeout: 3000,
    });
    this.producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
      // Bounded, so an outage surfaces to the outbox (which keeps the rows) instead of
      // blocking a relay pass forever; duplicates from a retried batch are de-duplicated
      // by consumers on the CloudEvent id and stock versions.
      retry: { initialRetryTime: 100, maxRetryTime: 1000, retries: 5 },
    });
    this.admin = this.kafka.admin();
  }

  private get namespace(): string {
    return this.options.namespace ?? '';
  }

  async prepareTopics(topics: readonly string[]): Promise<void> {
    const missing = [...new Set(topics.map((topic) => this.namespace + topic))].filter(
      (topic) => !this.knownTopics.has(topic),
    );
    if (missing.length === 0) return;
    await this.connectOnce('admin');
    const existing = new Set(await this.admin.listTopics());
    const toCreate = missing.filter((topic) => !existing.has(topic));
    if (toCreate.length > 0) {
      await this.admin.createTopics({
        waitForLeaders: false,
        topics: toCreate.map((topic) => ({ topic, numPartitions: this.options.partitions, replicationFactor: -1 })),
      });
      await untilTopicsLead(this.admin, toCreate);
    }
    missing.forEach((topic) => this.knownTopics.add(topic));
  }

  async publish(messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const byTopic = new Map<string, OutgoingMessage[]>();
    for (const message of messages) {
      const list = byTopic.get(message.topic) ?? [];
      list.push(message);
      byTopic.set(message.topic, list);
    }
    await this.prepareTopics([...byTopic.keys()]);
    await this.connectOnce('producer');
    await this.producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, list]) => ({
        topic: this.namespace + topic,
        messages: list.map((m) => ({ key: m.key, value: m.value, headers: m.headers ?? {} })),
      })),
    });
  }

  async consume(options: ConsumerOptions): Promise<EventConsumer> {
    await this.prepareTopics(options.topics);
    // The namespace applies below: prepareTopics takes plain names.
    const groupId = this.namespace + options.groupId;
    const topics = options.topics.map((topic) => this.namespace + topic);
    const consumer = this.kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      // The broker's default minimum: after an outage a group rebalances only once the
      // old member's session has expired, so this bounds how long events wait.
      sessionTimeout: 6000,
      heartbeatInterval: 500,
      maxWaitTimeInMs: this.options.fetch?.maxWaitMs ?? 100,
      minBytes: this.options.fetch?.minBytes ?? 1,
    });
    // Joined, or the error kafkajs gave up with: a first join can fail for good (a group
    // coordinator still loading on a broker just started is not retried), and waiting for the
    // join alone then waited forever: the service never became ready. Settled as a value, so
    // a crash while `run` is still starting is never an unhandled rejection.
    // After the join, the same give-up ends the consumer for good: kafkajs has disconnected
    // it and will not restart it, so the owner must join again.
    let end: (error: Error) => void = () => undefined;
    const ended = new Promise<Error>((resolve) => (end = resolve));
    const joined = new Promise<Error | null>((resolve) => {
      consumer.on(consumer.events.GROUP_JOIN, () => resolve(null));
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        if (payload.restart) return;
        const error = payload.error ?? new Error(`consumer ${groupId} stopped on an error it does not retry`);
        resolve(error);
        end(error);
      });
    });
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: options.fromBeginning ?? false });
    const log = this.options.log;
    await consumer.run({
      partitionsConsumedConcurrently: options.concurrency ?? 1,
      autoCommit: options.commitPositions ?? true,
      eachBatchAutoResolve: false,
      eachBatch: async (payload) => {
        const { batch } = payload;
        if (batch.messages.length === 0) return;
        const topic = batch.topic.slice(this.namespace.length);
        const messages = batch.messages.map((m) => toIncoming(topic, batch.partition, m));
        for (let attempt = 1; ; attempt += 1) {
          try {
            await options.handleBatch(messages);
            break;
          } catch (error) {
            log.error(
              { err: error, groupId, topic: batch.topic, partition: batch.partition, attempt },
              'event handler failed; retrying the batch',
            );
            if (!payload.isRunning() || payload.isStale()) return;
            await payload.heartbeat();
            await delay(Math.min(5000, 100 * 2 ** Math.min(attempt, 6)));
          }
        }
        const last = batch.messages[batch.messages.length - 1]?.offset ?? batch.lastOffset();
        payload.resolveOffset(last);
        options.onLag?.(topic, batch.partition, Math.max(0, Number(batch.highWatermark) - Number(last) - 1));
        await payload.heartbeat();
      },
    });
    this.consumers.add(consumer);
    const failure = await joined;
    if (failure !== null) {
      this.consumers.delete(consumer);
      await consumer.disconnect();
      throw failure;
    }
    if (!options.fromBeginning && options.commitPositions !== false)
      await this.pinStartPositions(consumer, groupId, topics);
    return {
      ended,
      stop: async () => {
        this.consumers.delete(consumer);
        await consumer.disconnect();
      },
    };
  }

  async close(): Promise<void> {
    await Promise.all([...this.consumers].map((c) => c.disconnect()));
    this.consumers.clear();
    await Promise.all([this.producer.disconnect(), this.admin.disconnect()]);
  }

  async expiredPositions(
    groupId: string,
    topics: readonly string[],
  ): Promise<Array<{ topic: string; partition: number }>> {
    await this.connectOnce('admin');
    const names = topics.map((topic) => this.namespace + topic);
    const committed = await this.admin.fetchOffsets({ groupId: this.namespace + groupId, topics: names });
    const expired: Array<{ topic: string; partition: number }> = [];
    for (const { topic, partitions } of committed) {
      const low = new Map((await this.admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.low)]));
      for (const { partition, offset } of partitions) {
        // -1: nothing committed on this partition yet. Such a group would read from what is
        // kept, so it is as far behind as one positioned at offset 0: if retention deleted
        // anything there, it never read it (a store stopped before its first commit on a
        // partition, say). Counting it as expired costs at most one snapshot too many.
        const position = offset === '-1' ? 0n : BigInt(offset);
        if (position < (low.get(partition) ?? 0n))
          expired.push({ topic: topic.slice(this.namespace.length), partition });
      }
    }
    return expired;
  }

  /**
   * A group that starts "from now" has no committed position until it processes a
   * message; if it then lost the broker and rejoined, it would start from "now" again and
   * skip what was published meanwhile. Committing the start positions at once makes a
   * rejoin resume exactly where the group was.
   */
  private async pinStartPositions(consumer: Consumer, groupId: string, topics: string[]): Promise<void> {
    await this.connectOnce('admin');
    const committed = await this.admin.fetchOffsets({ groupId, topics });
    const toPin: Array<{ topic: string; partition: number; offset: string }> = [];
    for (const { topic, partitions } of committed) {
      const unpinned = new Set(partitions.filter((p) => p.offset === '-1').map((p) => p.partition));
      if (unpinned.size === 0) continue;
      for (const { partition, high } of await this.admin.fetchTopicOffsets(topic)) {
        if (unpinned.has(partition)) toPin.push({ topic, partition, offset: high });
      }
    }
    if (toPin.length > 0) await consumer.commitOffsets(toPin);
  }

  /** Connects the producer or the admin client once; a failed attempt is retried by the next caller. */
  private connectOnce(which: 'producer' | 'admin'): Promise<void> {
    const field = which === 'producer' ? 'producerReady' : 'adminReady';
    const existing = this[field];
    if (existing) return existing;
    const attempt = (which === 'producer' ? this.producer.connect() : this.admin.connect()).catch((error: unknown) => {
      this[field] = undefined;
      throw error;
    });
    this[field] = attempt;
    return attempt;
  }
}
