import type { Sql } from '@stockgraph/persistence';
import { InventoryError } from '../domain/errors';
import type { LocationRepository } from '../infra/location.repository';

/** Throws UNKNOWN_LOCATION unless `locationId` names a location. */
export async function requireKnownLocation(
  sql: Sql,
  locations: LocationRepository,
  locationId: string,
  field: string,
): Promise<void> {
  if ((await locations.findByIds(sql, [locationId])).length === 0) {
    throw new InventoryError(
      'UNKNOWN_LOCATION',
      `there is no location "${locationId}"; query locations for the valid ids`,
      field,
    );
  }
}
