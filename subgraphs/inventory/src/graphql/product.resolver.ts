import { Arg, Authorized, Ctx, FieldResolver, ID, Resolver, Root } from 'type-graphql';
import { readableLocations } from '../app/location-access';
import { summarize } from '../domain/stock-level';
import type { InventoryContext } from './context';
import { InventorySummaryType } from './inventory-summary.type';
import { ProductType } from './product.type';
import { StockLevelType } from './stock-level.type';

/** The stock fields inventory adds to the catalog's Product; both share one batched query per request. */
@Resolver(() => ProductType)
export class ProductResolver {
  @FieldResolver(() => InventorySummaryType, { description: 'Totals over all locations, live from inventory.' })
  async inventory(@Root() product: ProductType, @Ctx() { loaders }: InventoryContext): Promise<InventorySummaryType> {
    return InventorySummaryType.from(product.sku, summarize(await loaders.levelsBySku.load(product.sku)));
  }

  @Authorized('store', 'service')
  @FieldResolver(() => [StockLevelType], { description: 'Stock per location, optionally only at some locations.' })
  async stockLevels(
    @Root() product: ProductType,
    @Arg('locationIds', () => [ID], { nullable: true }) requested: string[] | null,
    @Ctx() { loaders, caller }: InventoryContext,
  ): Promise<StockLevelType[]> {
    const locationIds = readableLocations(caller, requested, 'locationIds');
    const levels = await loaders.levelsBySku.load(product.sku);
    const wanted = locationIds ? new Set(locationIds) : null;
    return levels.filter((level) => !wanted || wanted.has(level.locationId)).map(StockLevelType.from);
  }
}
