import { Arg, Authorized, Mutation, Query, Resolver } from 'type-graphql';
import type { LocationService } from '../app/location.service';
import type { StockQueryService } from '../app/stock-query.service';
import { LocationInput } from './location.input';
import { LocationType } from './location.type';

/** Where stock is held: listing locations, and operations creating or changing one. */
@Resolver()
export class LocationResolver {
  constructor(
    private readonly queries: StockQueryService,
    private readonly locationService: LocationService,
  ) {}

  @Query(() => [LocationType])
  locations(): Promise<LocationType[]> {
    return this.queries.locations();
  }

  @Authorized('ops')
  @Mutation(() => LocationType, { description: 'Creates a location or changes one.' })
  upsertLocation(@Arg('input') input: LocationInput): Promise<LocationType> {
    return this.locationService.upsert({ ...input });
  }
}
