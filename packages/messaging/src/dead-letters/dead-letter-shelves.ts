import type { DeadLetterTopicTail, RecentDeadLetter } from '@stockgraph/domain';
import type { IncomingMessage } from '../event-bus';
import { deadLetterId, toRecentDeadLetter } from './dead-letter-view';

/** One dead letter as held in memory. */
export interface HeldLetter {
  /** When the bus accepted it, epoch ms: letters from several partitions arrive out of time order. */
  at: number;
  id: string;
  dlqTopic: string;
  view: RecentDeadLetter;
  key: string;
  /** The value whole; null when longer than the shelves hold. */
  value: string | null;
  headers: Record<string, string>;
}

interface Shelf {
  seen: number;
  held: HeldLetter[];
  /** Last offset counted per partition: the group keeps no position, so a rejoin delivers again from the beginning. */
  counted: Map<number, bigint>;
}

/**
 * The dead letters read so far, one shelf per `<topic>.dlq`: a count of every letter, and
 * the newest `heldPerTopic` held whole (values up to `maxValueChars`), newest first. A
 * letter delivered again (a rejoin reads from the beginning) is counted once.
 */
export class DeadLetterShelves {
  private readonly shelves: Map<string, Shelf>;

  constructor(
    topics: readonly string[],
    readonly heldPerTopic: number,
    private readonly maxValueChars: number,
  ) {
    this.shelves = new Map(topics.map((topic) => [topic, { seen: 0, held: [], counted: new Map() }]));
  }

  has(topic: string): boolean {
    return this.shelves.has(topic);
  }

  /** Each topic's count and newest `perTopic` letters. */
  tails(perTopic: number): DeadLetterTopicTail[] {
    return [...this.shelves].map(([topic, shelf]) => ({
      topic,
      seen: shelf.seen,
      latest: shelf.held.slice(0, perTopic).map((held) => ({ ...held.view })),
    }));
  }

  /** Every held letter, newest first. */
  all(): HeldLetter[] {
    return [...this.shelves.values()].flatMap((shelf) => shelf.held).sort((a, b) => b.at - a.at);
  }

  put(message: IncomingMessage): void {
    const shelf = this.shelves.get(message.topic);
    if (!shelf) return;
    const offset = /^\d{1,20}$/.test(message.offset) ? BigInt(message.offset) : null;
    if (offset !== null) {
      const last = shelf.counted.get(message.partition);
      if (last !== undefined && offset <= last) return;
      shelf.counted.set(message.partition, offset);
    }
    shelf.seen += 1;
    const at = Number.isFinite(message.timestamp) ? message.timestamp : Date.now();
    // Letters older than every held one are only counted: a long topic read again holds nothing more.
    const full = shelf.held.length >= this.heldPerTopic;
    const oldest = shelf.held[shelf.held.length - 1];
    if (full && oldest && at < oldest.at) return;
    const value = message.value !== null && message.value.length <= this.maxValueChars ? message.value : null;
    const held: HeldLetter = {
      at,
      id: deadLetterId(message.topic, message.partition, message.offset),
      dlqTopic: message.topic,
      view: toRecentDeadLetter(message),
      key: message.key ?? '',
      value,
      headers: value === null ? {} : { ...message.headers },
    };
    // Equal times: the later arrival is the newer (one partition delivers in order).
    const index = shelf.held.findIndex((kept) => kept.at <= at);
    shelf.held.splice(index === -1 ? shelf.held.length : index, 0, held);
    if (shelf.held.length > this.heldPerTopic) shelf.held.length = this.heldPerTopic;
  }
}
