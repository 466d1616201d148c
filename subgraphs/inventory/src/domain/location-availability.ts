import { compareLocations, type Location } from './location';
import { available, type StockQuantities } from './stock-level';

/** What one location can still sell of a sku, with none of the quantities behind it. */
export interface LocationAvailability<L extends Pick<Location, 'id' | 'priority'> = Location> {
  location: L;
  available: number;
  /** The level's version, so a reader mixing this with stock events keeps the newer. */
  version: number;
}

/**
 * A sku's sellable units at each location that has a stock level for it, in allocation
 * order (priority, then id). Only `available` is kept: on hand, reserved and safety stock
 * stay with store staff and operations, while availability per place is for anyone.
 */
export function availabilityByLocation<L extends Pick<Location, 'id' | 'priority'>>(
  stocked: ReadonlyArray<{ location: L; level: StockQuantities & { version: number } }>,
): Array<LocationAvailability<L>> {
  return stocked
    .map(({ location, level }) => ({ location, available: available(level), version: level.version }))
    .sort((a, b) => compareLocations(a.location, b.location));
}
