import { randomUUID } from 'node:crypto';
import type { OutgoingMessage } from '../event-bus';

/**
 * Where replays and discards are recorded: one append-only topic, keyed by letter, read
 * back by every desk (and the CLI) to know each letter's fate.
 */
export const DLQ_ACTIONS_TOPIC = 'stockgraph.dlq-actions.v1';

export type DeadLetterActionKind = 'replayed' | 'discarded';

/** One thing done to one dead letter, as recorded on the actions topic. */
export interface DeadLetterAction {
  /** Unique per action: a desk that reads its own action back counts it once. Older records have none. */
  actionId?: string;
  /** The letter's id (see `deadLetterId`). */
  letter: string;
  action: DeadLetterActionKind;
  /** A replay's: the letter's reason when replayed; a discard's: why, as the operator wrote it. */
  reason: string;
  /** Who did it: the ops caller's subject, or the CLI's operator. */
  by: string;
  at: string;
  /** The event id the replay carried (a fresh one each time: the consumer's inbox has the original's). */
  replayEventId?: string;
}

/** What a replay needs of a letter: where it came from and what it carried. */
export interface ReplayableLetter {
  id: string;
  sourceTopic: string;
  key: string;
  value: string;
  headers: Record<string, string>;
}

/**
 * The message that sends `letter` back to its source topic, its `replays`-th replay
 * (counting from 1). The CloudEvent gets an id derived from the original's and the count:
 * the consumer's inbox refused the original id, and two operators replaying the same
 * letter at once send the same id, which the inbox then applies once. The `dlq-*` headers
 * are dropped and `dlq-replay-of` names the letter.
 */
export function replayMessage(
  letter: ReplayableLetter,
  replays: number,
): { message: OutgoingMessage; replayEventId?: string } {
  let value = letter.value;
  let replayEventId: string | undefined;
  try {
    const event = JSON.parse(letter.value) as { id?: unknown };
    if (typeof event.id === 'string') {
      replayEventId = `${event.id.slice(0, 150)}~replay-${replays}`;
      value = JSON.stringify({ ...event, id: replayEventId });
    }
  } catch {
    // Not JSON (it may be why it was dead-lettered): sent back as it was.
  }
  const headers = Object.fromEntries(Object.entries(letter.headers).filter(([name]) => !name.startsWith('dlq-')));
  return {
    message: { topic: letter.sourceTopic, key: letter.key, value, headers: { ...headers, 'dlq-replay-of': letter.id } },
    ...(replayEventId ? { replayEventId } : {}),
  };
}

/** A letter's state from its actions: the last one decides. */
export function letterStatus(actions: readonly DeadLetterAction[]): 'waiting' | DeadLetterActionKind {
  return actions[actions.length - 1]?.action ?? 'waiting';
}

/** A new action on `letter`, by `by`, now. */
export function deadLetterAction(
  letter: string,
  kind: DeadLetterActionKind,
  reason: string,
  by: string,
  replayEventId?: string,
): DeadLetterAction {
  return {
    actionId: randomUUID(),
    letter,
    action: kind,
    reason,
    by,
    at: new Date().toISOString(),
    ...(replayEventId ? { replayEventId } : {}),
  };
}
