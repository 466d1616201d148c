import type { FilterValues } from '../planning/live-selection';

/** One upstream subscription a group opened: its filters, and how to close it. */
export interface Generation {
  id: number;
  filters: Map<string, FilterValues>;
  release(): void;
}

/**
 * The group's upstream: none before its first member, one, two while a wider one replaces
 * the old (`overlapMs`), and none for good once closed.
 */
export type UpstreamPhase =
  | { name: 'idle' }
  | { name: 'open'; current: Generation }
  | { name: 'overlap'; current: Generation; replaced: Generation; timer: NodeJS.Timeout }
  | { name: 'closed' };
