import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { availabilityByLocation } from '../domain/location-availability';
import { type InventoryContext, locationOf } from './context';
import { InventorySummaryType } from './inventory-summary.type';
import { LocationAvailabilityType } from './location-availability.type';

/** Availability per location beside the totals: public like `available`, and as batched. */
@Resolver(() => InventorySummaryType)
export class InventorySummaryResolver {
  @FieldResolver(() => [LocationAvailabilityType], {
    description: 'What each location with stock of this sku can still sell, in allocation order (priority, then id).',
  })
  async byLocation(
    @Root() summary: InventorySummaryType,
    @Ctx() { loaders }: InventoryContext,
  ): Promise<LocationAvailabilityType[]> {
    // The levels `Product.inventory` loaded (the loader keeps them for the request), and
    // the locations of every product on the page in one more query.
    const levels = await loaders.levelsBySku.load(summary.sku);
    const stocked = await Promise.all(
      levels.map(async (level) => ({ level, location: await locationOf(loaders, level.locationId) })),
    );
    return availabilityByLocation(stocked).map((entry) => Object.assign(new LocationAvailabilityType(), entry));
  }
}
