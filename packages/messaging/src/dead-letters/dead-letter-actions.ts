import type { IncomingMessage } from '../event-bus';
import type { DeadLetterAction } from './dead-letter-replay';

const MAX_LETTERS = 20_000;

/**
 * What was done to each letter, as read from the actions topic (and as this desk did it),
 * oldest first. An action read twice (a rejoin, or a desk reading back its own) counts once.
 * Bounded: the letters acted on longest ago are forgotten first.
 */
export class DeadLetterActions {
  private readonly byLetter = new Map<string, DeadLetterAction[]>();
  private readonly ids = new Set<string>();

  of(letter: string): DeadLetterAction[] {
    return this.byLetter.get(letter) ?? [];
  }

  has(letter: string): boolean {
    return this.byLetter.has(letter);
  }

  /** An action as recorded on the topic; throws on anything else. */
  read(message: IncomingMessage): void {
    const action = JSON.parse(message.value ?? '') as Partial<DeadLetterAction>;
    if (
      typeof action.letter !== 'string' ||
      (action.action !== 'replayed' && action.action !== 'discarded') ||
      typeof action.by !== 'string' ||
      typeof action.at !== 'string' ||
      typeof action.reason !== 'string'
    )
      throw new Error('not a dead-letter action');
    this.remember(action as DeadLetterAction);
  }

  remember(action: DeadLetterAction): void {
    if (action.actionId !== undefined) {
      if (this.ids.has(action.actionId)) return;
      this.ids.add(action.actionId);
    }
    const list = this.byLetter.get(action.letter) ?? [];
    list.push(action);
    this.byLetter.set(action.letter, list);
    // Insertion order is age.
    for (const [oldest, forgotten] of this.byLetter) {
      if (this.byLetter.size <= MAX_LETTERS) break;
      this.byLetter.delete(oldest);
      for (const gone of forgotten) if (gone.actionId) this.ids.delete(gone.actionId);
    }
  }
}
