import type { ConsumerOptions, EventBus, EventConsumer, IncomingMessage, OutgoingMessage } from './event-bus';
import type { Logger } from '@stockgraph/runtime';

const BATCH_SIZE = 100;
const RETRY_MS = 200;

interface TopicLog {
  /** Offset of `messages[0]`; older messages were trimmed. */
  base: number;
  messages: IncomingMessage[];
}

/**
 * An in-memory log per topic with per-group positions, standing in for Kafka when the
 * whole system runs in one process. It keeps Kafka's semantics where services rely on
 * them: per-key order (one partition per topic), every group sees every message, a batch
 * that throws is delivered again, and a new group can start from the beginning of what
 * is retained (the newest `retain` messages per topic).
 */
export class InProcessEventBus implements EventBus {
  private readonly topics = new Map<string, TopicLog>();
  private readonly groups = new Map<string, GroupPump>();
  private closed = false;

  constructor(
    private readonly log: Logger,
    private readonly retain = 100_000,
  ) {}

  prepareTopics(topics: readonly string[]): Promise<void> {
    for (const topic of topics) this.topic(topic);
    return Promise.resolve();
  }

  publish(messages: OutgoingMessage[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the event bus is closed'));
    const now = Date.now();
    const touched = new Set<string>();
    for (const message of messages) {
      const topic = this.topic(message.topic);
      topic.messages.push({
        topic: message.topic,
        partition: 0,
        offset: String(topic.base + topic.messages.length),
        key: message.key,
        value: message.value,
        headers: { ...message.headers },
        timestamp: now,
      });
      if (topic.messages.length > this.retain) {
        const drop = topic.messages.length - this.retain;
        topic.messages.splice(0, drop);
        topic.base += drop;
      }
      touched.add(message.topic);
    }
    for (const pump of this.groups.values()) if (pump.topics.some((t) => touched.has(t))) pump.wake();
    return Promise.resolve();
  }

  consume(options: ConsumerOptions): Promise<EventConsumer> {
    if (this.groups.has(options.groupId)) {
      return Promise.reject(new Error(`consumer group "${options.groupId}" already has a member in this process`));
    }
    const positions = new Map<string, number>();
    for (const name of options.topics) {
      const topic = this.topic(name);
      positions.set(name, options.fromBeginning ? topic.base : topic.base + topic.messages.length);
    }
    const pump = new GroupPump(options, positions, (name) => this.topic(name), this.log);
    this.groups.set(options.groupId, pump);
    pump.wake();
    return Promise.resolve({
      // In process nothing can give up on its own.
      ended: new Promise<Error>(() => undefined),
      stop: async () => {
        this.groups.delete(options.groupId);
        await pump.stop();
      },
    });
  }

  /** The in-process bus keeps every message while it lives: no position ever expires. */
  expiredPositions(): Promise<Array<{ topic: string; partition: number }>> {
    return Promise.resolve([]);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.groups.values()].map((pump) => pump.stop()));
    this.groups.clear();
  }

  private topic(name: string): TopicLog {
    let topic = this.topics.get(name);
    if (!topic) {
      topic = { base: 0, messages: [] };
      this.topics.set(name, topic);
    }
    return topic;
  }
}

/** Delivers one group's messages, one batch at a time, in order. */
class GroupPump {
  readonly topics: string[];
  private running: Promise<void> | undefined;
  private pending = false;
  private stopped = false;

  constructor(
    private readonly options: ConsumerOptions,
    private readonly positions: Map<string, number>,
    private readonly topicLog: (name: string) => TopicLog,
    private readonly log: Logger,
  ) {
    this.topics = options.topics;
  }

  wake(): void {
    this.pending = true;
    this.running ??= this.drain().finally(() => {
      this.running = undefined;
      if (this.pending && !this.stopped) this.wake();
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  private async drain(): Promise<void> {
    while (this.pending && !this.stopped) {
      this.pending = false;
      for (const name of this.topics) {
        for (;;) {
          if (this.stopped) return;
          const topic = this.topicLog(name);
          const position = Math.max(this.positions.get(name) ?? 0, topic.base);
          const batch = topic.messages.slice(position - topic.base, position - topic.base + BATCH_SIZE);
          if (batch.length === 0) break;
          try {
            await this.options.handleBatch(batch);
            this.positions.set(name, position + batch.length);
            this.options.onLag?.(name, 0, topic.base + topic.messages.length - (position + batch.length));
          } catch (error) {
            this.log.error(
              { err: error, groupId: this.options.groupId, topic: name },
              'event handler failed; retrying',
            );
            await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
          }
        }
      }
    }
  }
}
