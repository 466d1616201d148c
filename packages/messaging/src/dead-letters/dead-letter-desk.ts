import { STORE_SYNC, TOPICS } from '@stockgraph/events';
import { DomainError, type RecentDeadLetter, type RecentDeadLetters } from '@stockgraph/domain';
import type { Logger } from '@stockgraph/runtime';
import { deadLetterTopic } from '../dead-letter';
import type { EventBus, IncomingMessage, OutgoingMessage } from '../event-bus';
import { ResilientConsumer } from '../resilient-consumer';
import { DeadLetterActions } from './dead-letter-actions';
import {
  type DeadLetterAction,
  type DeadLetterActionKind,
  deadLetterAction as action,
  DLQ_ACTIONS_TOPIC,
  letterStatus,
  replayMessage,
} from './dead-letter-replay';
import { DeadLetterShelves, type HeldLetter } from './dead-letter-shelves';

/** Every topic's dead-letter topic (DESIGN.md §5), warehouse counts' included, and the stores' sync's. */
export const DEAD_LETTER_TOPICS: readonly string[] = [...Object.values(TOPICS), STORE_SYNC].map(deadLetterTopic);

/** A dead letter as the desk lists it: the bounded view, where it sits, its value when held, and its fate. */
export interface DeskLetter extends RecentDeadLetter {
  id: string;
  dlqTopic: string;
  /** The value as it was dead-lettered; null when larger than the desk holds (the CLI replays those). */
  value: string | null;
  status: 'waiting' | DeadLetterActionKind;
  actions: DeadLetterAction[];
}

/** Which letters an operator acts on: named ones, or every one of a reason (of one topic, optionally). */
export type LetterSelection = { ids: readonly string[] } | { reason: string; dlqTopic?: string };

export interface DeskOutcome {
  done: DeadLetterAction[];
  skipped: Array<{ letter: string; why: string }>;
}

export interface DeskOptions {
  topics?: readonly string[];
  /** Letters held per topic, newest first; older ones are counted only. */
  heldPerTopic?: number;
  /** Letters per topic in `recent()`. */
  recentPerTopic?: number;
  /** A value longer than this is not held (so not replayable from the desk). */
  maxValueChars?: number;
}

/** Letters one call may name. */
export const MAX_LETTER_IDS = 100;

/**
 * Operations' hands on the dead letters. Reads every `<topic>.dlq` and the actions topic
 * from the beginning, in a consumer group of this instance's own (every instance sees every
 * letter), through the EventBus port, so it works on the in-process bus and on Kafka alike.
 * It replays letters (to the topic the letter's `.dlq` belongs to, never one a header names)
 * and discards them, each action recorded on the actions topic for every desk and the CLI.
 * A message it cannot make sense of is counted, shown with what it has, or skipped; it
 * never stops the service.
 */
export class DeadLetterDesk {
  private readonly shelves: DeadLetterShelves;
  private readonly actions = new DeadLetterActions();
  private readonly consumer: ResilientConsumer;
  private readonly recentPerTopic: number;
  /** One operation at a time: two replays of one letter count their replays in turn. */
  private turn: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly bus: EventBus,
    groupId: string,
    private readonly log: Logger,
    options: DeskOptions = {},
  ) {
    const topics = options.topics ?? DEAD_LETTER_TOPICS;
    this.shelves = new DeadLetterShelves(topics, options.heldPerTopic ?? 500, options.maxValueChars ?? 64 * 1024);
    this.recentPerTopic = options.recentPerTopic ?? 10;
    this.consumer = new ResilientConsumer(
      bus,
      {
        groupId,
        topics: [...topics, DLQ_ACTIONS_TOPIC],
        fromBeginning: true,
        commitPositions: false,
        handleBatch: (messages) => {
          this.read(messages);
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

  /** The newest few of each topic, for the operations summary. */
  recent(): RecentDeadLetters {
    if (!this.consumer.ready) return { available: false, topics: [] };
    return { available: true, topics: this.shelves.tails(this.recentPerTopic) };
  }

  /** Held letters, newest first, and how many match in all. */
  list(filter: { dlqTopic?: string; reason?: string; status?: DeskLetter['status']; first: number }): {
    total: number;
    letters: DeskLetter[];
  } {
    this.requireReady();
    const matching = this.shelves
      .all()
      .map((held) => this.toDeskLetter(held))
      .filter(
        (letter) =>
          (filter.dlqTopic === undefined || letter.dlqTopic === filter.dlqTopic) &&
          (filter.reason === undefined || letter.reason === filter.reason) &&
          (filter.status === undefined || letter.status === filter.status),
      );
    return { total: matching.length, letters: matching.slice(0, filter.first) };
  }

  /**
   * Sends each selected letter back to its source topic (fix the cause first) and records it.
   * A letter already replayed or discarded is skipped unless `again`.
   */
  replay(selection: LetterSelection, by: string, again = false): Promise<DeskOutcome> {
    return this.inTurn(async () => {
      const outcome: DeskOutcome = { done: [], skipped: [] };
      const messages: OutgoingMessage[] = [];
      for (const held of this.select(selection, again)) {
        const earlier = this.actions.of(held.id);
        if (!again && earlier.length > 0) {
          outcome.skipped.push({ letter: held.id, why: `already ${letterStatus(earlier)}` });
          continue;
        }
        if (held.value === null) {
          outcome.skipped.push({ letter: held.id, why: 'too large for the desk: replay it with `npm run dlq`' });
          continue;
        }
        const replays = earlier.filter((action) => action.action === 'replayed').length + 1;
        const sourceTopic = held.dlqTopic.slice(0, -'.dlq'.length);
        const replay = replayMessage({ ...held, sourceTopic, value: held.value }, replays);
        messages.push(replay.message);
        outcome.done.push(action(held.id, 'replayed', held.view.reason ?? 'UNKNOWN', by, replay.replayEventId));
      }
      if (messages.length > 0) await this.bus.publish(messages);
      await this.record(outcome.done);
      return outcome;
    });
  }

  /** Records that the selected letters are not to be replayed, and why. */
  discard(selection: LetterSelection, why: string, by: string): Promise<DeskOutcome> {
    return this.inTurn(async () => {
      const outcome: DeskOutcome = { done: [], skipped: [] };
      for (const held of this.select(selection, false)) {
        if (letterStatus(this.actions.of(held.id)) === 'discarded')
          outcome.skipped.push({ letter: held.id, why: 'already discarded' });
        else outcome.done.push(action(held.id, 'discarded', why, by));
      }
      await this.record(outcome.done);
      return outcome;
    });
  }

  private inTurn<T>(operation: () => Promise<T>): Promise<T> {
    const next = this.turn.then(operation, operation);
    this.turn = next.catch(() => undefined);
    return next;
  }

  private requireReady(): void {
    if (!this.consumer.ready)
      throw new DomainError(
        'DEAD_LETTERS_UNAVAILABLE',
        'the dead letters are not readable yet: the event bus is unreachable or still joining; try again shortly',
        undefined,
        'UNAVAILABLE',
      );
  }

  /** The named letters (every id must be held), or the letters of a reason not yet acted on (every one, with `again`). */
  private select(selection: LetterSelection, again: boolean): HeldLetter[] {
    this.requireReady();
    const all = this.shelves.all();
    if ('reason' in selection)
      return all.filter(
        (held) =>
          held.view.reason === selection.reason &&
          (selection.dlqTopic === undefined || held.dlqTopic === selection.dlqTopic) &&
          (again || !this.actions.has(held.id)),
      );
    if (selection.ids.length === 0 || selection.ids.length > MAX_LETTER_IDS)
      throw new DomainError('INVALID_DEAD_LETTER_SELECTION', `name 1 to ${MAX_LETTER_IDS} letters, or a reason`, 'ids');
    const unknown = selection.ids.filter((id) => !all.some((held) => held.id === id));
    if (unknown.length > 0)
      throw new DomainError(
        'DEAD_LETTER_NOT_FOUND',
        `no dead letter ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ' …' : ''}: list them for their ids ` +
          `(the newest ${this.shelves.heldPerTopic} of each topic are held here; \`npm run dlq\` reads them all)`,
        'ids',
        'NOT_FOUND',
      );
    return all.filter((held) => selection.ids.includes(held.id));
  }

  /** On the actions topic for every reader, and here at once, so the caller reads its own action back. */
  private async record(actions: DeadLetterAction[]): Promise<void> {
    if (actions.length === 0) return;
    await this.bus.publish(
      actions.map((done) => ({ topic: DLQ_ACTIONS_TOPIC, key: done.letter, value: JSON.stringify(done) })),
    );
    for (const done of actions) this.actions.remember(done);
  }

  private toDeskLetter(held: HeldLetter): DeskLetter {
    const actions = this.actions.of(held.id);
    return {
      ...held.view,
      id: held.id,
      dlqTopic: held.dlqTopic,
      value: held.value,
      status: letterStatus(actions),
      actions: [...actions],
    };
  }

  private read(messages: readonly IncomingMessage[]): void {
    for (const message of messages) {
      try {
        if (message.topic === DLQ_ACTIONS_TOPIC) this.actions.read(message);
        else this.shelves.put(message);
      } catch (error) {
        // A handler that threw would get the same batch forever; one odd message must not stop the desk.
        this.log.warn(
          { err: error, topic: message.topic, partition: message.partition, offset: message.offset },
          'dead-letter desk skipped a message it could not read',
        );
      }
    }
  }
}
