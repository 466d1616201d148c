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
