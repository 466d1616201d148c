import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { InventoryContext } from './context';
import { LocationType } from './location.type';
import { ProductType } from './product.type';
import { ReservationLineType } from './reservation.type';
import { StockLevelType } from './stock-level.type';

async function locationOf(loaders: InventoryContext['loaders'], id: string): Promise<LocationType> {
  const location = await loaders.locationById.load(id);
  if (!location) throw new Error(`location ${id} referenced by stock but missing`);
  return location;
}

@Resolver(() => StockLevelType)
export class StockLevelResolver {
  @FieldResolver(() => LocationType)
  location(@Root() level: StockLevelType, @Ctx() { loaders }: InventoryContext): Promise<LocationType> {
    return locationOf(loaders, level.locationId);
  }
}

@Resolver(() => ReservationLineType)
export class ReservationLineResolver {
  @FieldResolver(() => LocationType)
  location(@Root() line: ReservationLineType, @Ctx() { loaders }: InventoryContext): Promise<LocationType> {
    return locationOf(loaders, line.locationId);
  }

  @FieldResolver(() => ProductType)
  product(@Root() line: ReservationLineType): ProductType {
    return Object.assign(new ProductType(), { sku: line.sku });
  }
}
