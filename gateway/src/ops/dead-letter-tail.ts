import { STORE_SYNC, TOPICS } from '@stockgraph/events';
import { deadLetterTopic, type EventBus, type IncomingMessage, ResilientConsumer } from '@stockgraph/messaging';
import type { Logger } from '@stockgraph/runtime';
import type { RecentDeadLetter, RecentDeadLetters } from '@stockgraph/domain';

/** Anything that can say what the newest dead letters are. */
export interface RecentDeadLettersSource {
  recent(): RecentDeadLetters;
}

/** The source of a gateway that reads no events (distributed without KAFKA_BROKERS). */
export const NO_DEAD_LETTER_TAIL: RecentDeadLettersSource = { recent: () => ({ available: false, topics: [] }) };

/** Every topic's dead-letter topic (DESIGN.md §5), warehouse counts' included, and the stores' sync's. */
export const DEAD_LETTER_TOPICS: readonly string[] = [...Object.values(TOPICS), STORE_SYNC].map(deadLetterTopic);

const DEFAULT_PER_TOPIC = 10;
const PREVIEW_CHARS = 200;
const LABEL_CHARS = 200;
// The dead-letter writer already cuts detail to 1,000; a foreign producer may not have.
const DETAIL_CHARS = 1000;

interface Kept {
  /** When the bus accepted it, epoch ms: letters from several partitions arrive out of time order. */
  at: number;
  letter: RecentDeadLetter;
}

interface TopicTail {
  seen: number;
  latest: Kept[];
  /** Last offset counted per partition: the group keeps no position, so a rejoin delivers again from the beginning. */
  counted: Map<number, bigint>;
}

/**
 * Reads every `<topic>.dlq` from its beginning, in a consumer group of this gateway
 * instance's own (every instance sees every letter), through the EventBus port, so it
 * works on the in-process bus (embedded) and on Kafka alike. It keeps in memory only a
 * count per topic and the newest few letters, each bounded, and is rebuilt from the
 * beginning on every start (the group commits no position). A message it cannot make
 * sense of is counted, shown with what it has, or skipped; it never stops the gateway.
 */
export class DeadLetterTail implements RecentDeadLettersSource {
  private readonly tails: Map<string, TopicTail>;
  private readonly consumer: ResilientConsumer;
  private readonly perTopic: number;

  constructor(
    bus: EventBus,
    groupId: string,
    private readonly log: Logger,
    options: { perTopic?: number; topics?: readonly string[] } = {},
  ) {
    const topics = options.topics ?? DEAD_LETTER_TOPICS;
    this.perTopic = options.perTopic ?? DEFAULT_PER_TOPIC;
    this.tails = new Map(topics.map((topic) => [topic, { seen: 0, latest: [], counted: new Map() }]));
    this.consumer = new ResilientConsumer(
      bus,
      {
        groupId,
        topics: [...topics],
        fromBeginning: true,
        commitPositions: false,
        handleBatch: (messages) => {
          this.record(messages);
          return Promise.resolve();
        },
      },
      log,
    );
  }

  /** Starts reading in the background, retrying while the broker is unreachable. */
  start(): void {
    this.consumer.start();
  }

  /** True once the consumer has joined its group. */
  get ready(): boolean {
    return this.consumer.ready;
  }

  async stop(): Promise<void> {
    await this.consumer.stop();
  }

  recent(): RecentDeadLetters {
    if (!this.consumer.ready) return { available: false, topics: [] };
    return {
      available: true,
      topics: [...this.tails].map(([topic, tail]) => ({
        topic,
        seen: tail.seen,
        latest: tail.latest.map((kept) => ({ ...kept.letter })),
      })),
    };
  }

  private record(messages: readonly IncomingMessage[]): void {
    for (const message of messages) {
      try {
        this.recordOne(message);
      } catch (error) {
        // A handler that threw would get the same batch forever; one odd letter must not stop the tail.
        this.log.warn(
          { err: error, topic: message.topic, partition: message.partition, offset: message.offset },
          'dead-letter tail skipped a message it could not read',
        );
      }
    }
  }

  private recordOne(message: IncomingMessage): void {
    const tail = this.tails.get(message.topic);
    if (!tail) return;
    const offset = /^\d{1,20}$/.test(message.offset) ? BigInt(message.offset) : null;
    if (offset !== null) {
      const last = tail.counted.get(message.partition);
      if (last !== undefined && offset <= last) return;
      tail.counted.set(message.partition, offset);
    }
    tail.seen += 1;
    const at = Number.isFinite(message.timestamp) ? message.timestamp : Date.now();
    // Letters older than every kept one are only counted: a replay of a long topic builds no previews.
    const full = tail.latest.length >= this.perTopic;
    const oldest = tail.latest[tail.latest.length - 1];
    if (full && oldest && at < oldest.at) return;
    // Equal times: the later arrival is the newer (one partition delivers in order).
    const index = tail.latest.findIndex((kept) => kept.at <= at);
    tail.latest.splice(index === -1 ? tail.latest.length : index, 0, { at, letter: toRecentDeadLetter(message) });
    if (tail.latest.length > this.perTopic) tail.latest.length = this.perTopic;
  }
}

/** What the ops page shows of one dead letter, every string bounded. */
export function toRecentDeadLetter(message: IncomingMessage): RecentDeadLetter {
  const header = (name: string, max: number): string | null => {
    const value = message.headers[name];
    return typeof value === 'string' ? bounded(value, max) : null;
  };
  const partition = message.headers['dlq-source-partition'];
  const offset = message.headers['dlq-source-offset'];
  return {
    key: message.key === null ? null : bounded(message.key, PREVIEW_CHARS),
    reason: header('dlq-reason', LABEL_CHARS),
    detail: header('dlq-detail', DETAIL_CHARS),
    consumer: header('dlq-consumer', LABEL_CHARS),
    failedAt: isoTime(message.headers['dlq-failed-at']) ?? isoTime(message.timestamp),
    sourceTopic: header('dlq-source-topic', LABEL_CHARS),
    sourcePartition: typeof partition === 'string' && /^\d{1,9}$/.test(partition) ? Number(partition) : null,
    sourceOffset: typeof offset === 'string' && /^\d{1,20}$/.test(offset) ? offset : null,
    valuePreview: message.value === null ? null : bounded(message.value, PREVIEW_CHARS),
  };
}

/**
 * At most `max` characters of `text`, a cut one ending with '…' (never half a surrogate
 * pair). The cut is copied: a V8 slice keeps its whole parent alive, and the parent may be
 * a megabyte-sized value.
 */
function bounded(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return Buffer.from(`${text.slice(0, end)}…`, 'utf8').toString('utf8');
}

/** An ISO 8601 time, or null when `value` is not one (or is out of Date's range). */
function isoTime(value: string | number | undefined): string | null {
  if (value === undefined || (typeof value === 'string' && value.length > 64)) return null;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? null : time.toISOString();
}
