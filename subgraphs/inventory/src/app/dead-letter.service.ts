import { type Caller, textProblem } from '@stockgraph/domain';
import {
  type DeadLetterDesk,
  type DeskLetter,
  type DeskOutcome,
  type LetterSelection,
  MAX_LETTER_IDS,
} from '@stockgraph/messaging';
import { InventoryError } from '../domain/errors';

const MAX_LABEL = 200;
const MAX_ID = 300;
const MAX_WHY = 500;
const MAX_FIRST = 200;

/** How operators name letters to act on: by id, or every one of a reason (of one topic). */
export interface LetterChoice {
  ids?: readonly string[] | null;
  reason?: string | null;
  topic?: string | null;
}

/**
 * Operations' repair of dead letters (the desk in the messaging package reads and replays
 * them): every argument bounded and checked before the desk is asked, and each action
 * recorded with the operator's subject.
 */
export class DeadLetterService {
  constructor(private readonly desk: DeadLetterDesk) {}

  list(filter: {
    topic?: string | null;
    reason?: string | null;
    status?: DeskLetter['status'] | null;
    first?: number | null;
  }): { total: number; letters: DeskLetter[] } {
    const first = filter.first ?? 50;
    if (!Number.isInteger(first) || first < 1 || first > MAX_FIRST)
      throw new InventoryError('INVALID_DEAD_LETTER_SELECTION', `first must be from 1 to ${MAX_FIRST}`, 'first');
    return this.desk.list({
      ...optional('dlqTopic', label(filter.topic, 'topic')),
      ...optional('reason', label(filter.reason, 'reason')),
      ...optional('status', filter.status ?? undefined),
      first,
    });
  }

  replay(choice: LetterChoice, again: boolean, caller: Caller): Promise<DeskOutcome> {
    return this.desk.replay(selection(choice), operator(caller), again);
  }

  discard(choice: LetterChoice, why: string, caller: Caller): Promise<DeskOutcome> {
    const problem = textProblem(why, MAX_WHY);
    if (problem) throw new InventoryError('INVALID_REASON', `why ${problem}: it is recorded with the letters`, 'why');
    return this.desk.discard(selection(choice), why, operator(caller));
  }
}

function selection(choice: LetterChoice): LetterSelection {
  const ids = choice.ids ?? null;
  const reason = label(choice.reason, 'reason');
  if ((ids === null) === (reason === undefined))
    throw new InventoryError(
      'INVALID_DEAD_LETTER_SELECTION',
      'name the letters (ids) or a reason (with a topic, optionally), not both',
      'ids',
    );
  if (ids === null) return { reason: reason ?? '', ...optional('dlqTopic', label(choice.topic, 'topic')) };
  if (ids.length === 0 || ids.length > MAX_LETTER_IDS)
    throw new InventoryError('INVALID_DEAD_LETTER_SELECTION', `name 1 to ${MAX_LETTER_IDS} letters`, 'ids');
  const bad = ids.findIndex((id) => textProblem(id, MAX_ID) !== null);
  if (bad !== -1)
    throw new InventoryError(
      'INVALID_DEAD_LETTER_SELECTION',
      `ids.${bad} ${textProblem(ids[bad], MAX_ID)}`,
      `ids.${bad}`,
    );
  return { ids };
}

/** A topic or reason filter: absent, or a bounded text. */
function label(value: string | null | undefined, field: string): string | undefined {
  if (value === null || value === undefined) return undefined;
  const problem = textProblem(value, MAX_LABEL);
  if (problem) throw new InventoryError('INVALID_DEAD_LETTER_SELECTION', `${field} ${problem}`, field);
  return value;
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

/** Who the actions are recorded as: the ops caller's subject. */
function operator(caller: Caller): string {
  return caller.subject ?? 'unknown';
}
