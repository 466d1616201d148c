import type { LiveFilterSpec } from '../planning/filter-directives';
import type { FilterValues } from '../planning/live-selection';

/** One upstream subscription a group opened: its filters, and how to close it. */
export interface Generation {
  id: number;
  filters: Map<string, FilterValues>;
  /** It asked the subgraph for the current state first (a member wanted one). */
  current: boolean;
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

/**
 * What an upstream for these members watches, per filter argument: the union of their
 * values, or everything (null) once a member watches everything or the union passes `max`.
 */
export function unionOfFilters(
  specs: readonly LiveFilterSpec[],
  members: Iterable<{ readonly filters: ReadonlyMap<string, FilterValues> }>,
  max: number,
): Map<string, FilterValues> {
  const filters = new Map<string, FilterValues>();
  for (const spec of specs) {
    let union: Set<string> | null = new Set();
    for (const member of members) {
      const values = member.filters.get(spec.argument) ?? null;
      if (values === null) {
        union = null;
        break;
      }
      for (const value of values) union.add(value);
    }
    filters.set(spec.argument, union && union.size <= max ? union : null);
  }
  return filters;
}
