import { Arg, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { readableLocations } from '../app/location-access';
import { InventoryError } from '../domain/errors';
import { InventoryContext, locationOf } from './context';
import { LocationType } from './location.type';
import { StockLevelType } from './stock-level.type';

const MAX_SKUS = 1000;

@Resolver(() => StockLevelType)
export class StockLevelResolver {
  @Authorized('store', 'service')
  @Query(() => [StockLevelType], {
    description: 'Stock levels of up to 1,000 skus, optionally at some locations only.',
  })
  async stockLevels(
    @Arg('skus', () => [ID]) skus: string[],
    @Arg('locationIds', () => [ID], { nullable: true }) requested: string[] | null,
    @Ctx() { loaders, caller }: InventoryContext,
  ): Promise<StockLevelType[]> {
    const locationIds = readableLocations(caller, requested, 'locationIds');
    if (skus.length > MAX_SKUS) {
      throw new InventoryError(
        'TOO_MANY_SKUS',
        `stockLevels takes at most ${MAX_SKUS} skus per call, got ${skus.length}`,
        'skus',
      );
    }
    const wanted = locationIds ? new Set(locationIds) : null;
    const levels = (await loaders.levelsBySku.loadMany(skus)).flatMap((result) =>
      result instanceof Error ? [] : result,
    );
    return levels.filter((level) => !wanted || wanted.has(level.locationId)).map(StockLevelType.from);
  }

  @FieldResolver(() => LocationType)
  location(@Root() level: StockLevelType, @Ctx() { loaders }: InventoryContext): Promise<LocationType> {
    return locationOf(loaders, level.locationId);
  }
}
