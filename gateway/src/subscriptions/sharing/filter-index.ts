import type { LiveFilterSpec } from '../planning/filter-directives';
import type { FilterValues } from '../planning/live-selection';

/** Something that watches events by filter values (a client's subscription). */
export interface Watcher {
  readonly filters: ReadonlyMap<string, FilterValues>;
}

/**
 * Finds the watchers of an event by key, not by scanning: watchers are indexed by the
 * values of the first filter argument (those watching all of its values kept aside), and
 * the other filters are checked on those few. Without filters, everyone watches everything.
 */
export class FilterIndex<W extends Watcher> {
  private readonly byValue = new Map<string, Set<W>>();
  private readonly everyValue = new Set<W>();
  private readonly first: LiveFilterSpec | undefined;
  private readonly rest: readonly LiveFilterSpec[];

  constructor(specs: readonly LiveFilterSpec[]) {
    [this.first, ...this.rest] = specs;
  }

  add(watcher: W): void {
    const values = this.first ? watcher.filters.get(this.first.argument) : null;
    if (!values) {
      this.everyValue.add(watcher);
      return;
    }
    for (const value of values) {
      const set = this.byValue.get(value) ?? new Set<W>();
      set.add(watcher);
      this.byValue.set(value, set);
    }
  }

  remove(watcher: W): void {
    this.everyValue.delete(watcher);
    const values = this.first ? watcher.filters.get(this.first.argument) : null;
    for (const value of values ?? []) {
      const set = this.byValue.get(value);
      set?.delete(watcher);
      if (set?.size === 0) this.byValue.delete(value);
    }
  }

  /** The watchers of an event, given its filter fields' values (by field name). */
  watchersOf(fieldValues: (field: string) => unknown): W[] {
    const found: W[] = [];
    this.visit(fieldValues, (watcher) => {
      found.push(watcher);
      return true;
    });
    return found;
  }

  /** True when some watcher wants an event with these values: checked before any work is done for it. */
  wanted(fieldValues: (field: string) => unknown): boolean {
    let any = false;
    this.visit(fieldValues, () => {
      any = true;
      return false;
    });
    return any;
  }

  /** Calls `found` for each watcher of the event until it returns false; each event value is read once. */
  private visit(fieldValues: (field: string) => unknown, found: (watcher: W) => boolean): void {
    const key = this.first ? asKey(fieldValues(this.first.field)) : null;
    const others = this.rest.map((spec) => ({ argument: spec.argument, key: asKey(fieldValues(spec.field)) }));
    const matchesOthers = (watcher: W) =>
      others.every(({ argument, key: value }) => {
        const values = watcher.filters.get(argument) ?? null;
        return values === null || (value !== null && values.has(value));
      });
    for (const audience of [key === null ? undefined : this.byValue.get(key), this.everyValue]) {
      for (const watcher of audience ?? []) if (matchesOthers(watcher) && !found(watcher)) return;
    }
  }
}

function asKey(value: unknown): string | null {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}
