export type LocationKind = 'WAREHOUSE' | 'STORE';

/** A place that holds stock. */
export interface Location {
  id: string;
  name: string;
  kind: LocationKind;
  region: string;
  /** Allocation order when a line names no location: lower first. */
  priority: number;
}

/** Allocation order: lower priority first, then id (byte order, as the database sorts). */
export function compareLocations(a: Pick<Location, 'id' | 'priority'>, b: Pick<Location, 'id' | 'priority'>): number {
  if (a.priority !== b.priority) return a.priority - b.priority;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
