import type { Database } from '@stockgraph/persistence';
import { InventoryError } from '../domain/errors';
import type { Location } from '../domain/location';
import type { LocationRepository } from '../infra/location.repository';

const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const REGION = /^[a-z0-9-]{1,64}$/;

/** Creates and changes locations (operations). */
export class LocationService {
  constructor(
    private readonly db: Database,
    private readonly locations: LocationRepository,
    private readonly clock: () => number,
  ) {}

  async upsert(location: Location): Promise<Location> {
    if (!ID.test(location.id))
      throw new InventoryError('INVALID_LOCATION', 'id must be 1-64 lower-case letters, digits and -', 'input.id');
    if (!REGION.test(location.region))
      throw new InventoryError(
        'INVALID_LOCATION',
        'region must be 1-64 lower-case letters, digits and -',
        'input.region',
      );
    if (location.name.trim().length === 0 || location.name.length > 200) {
      throw new InventoryError('INVALID_LOCATION', 'name must be 1 to 200 characters', 'input.name');
    }
    if (!Number.isInteger(location.priority) || location.priority < 0 || location.priority > 1_000_000) {
      throw new InventoryError(
        'INVALID_LOCATION',
        'priority must be a whole number from 0 to 1,000,000',
        'input.priority',
      );
    }
    await this.db.transaction((tx) => this.locations.upsert(tx, location, this.clock()));
    return location;
  }
}
