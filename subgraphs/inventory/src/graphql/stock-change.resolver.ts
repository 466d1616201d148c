import { assertSku, type Caller, isAnonymous, requireLocation, unauthenticated } from '@stockgraph/domain';
import { liveFilter, liveSnapshot } from '@stockgraph/graphql-service';
import { Arg, Ctx, Directive, FieldResolver, ID, Int, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { SubscribeResolverData } from 'type-graphql';
import { InventoryError } from '../domain/errors';
import { currentFirst } from '../events/current-stock';
import type { LiveStockChange, StockFilter } from '../events/live-stock-feed';
import type { InventoryContext } from './context';
import { LocationType } from './location.type';
import { MovementKind } from './enums';
import { StockChangeType } from './stock-change.type';

const MAX_SKUS = 1000;
const MAX_LOCATIONS = 100;

interface SubscribeArgs extends StockFilter {
  current?: boolean;
}

/** The skus a current state is read for: required, so the state is bounded by MAX_SKUS. */
function watchedSkus(filter: StockFilter): readonly string[] {
  if (!filter.skus) {
    throw new InventoryError(
      'FILTER_REQUIRED',
      'the current state is for given skus: name at most 1000 of them',
      'skus',
    );
  }
  return filter.skus;
}

function checkedFilter(args: StockFilter): StockFilter {
  if (args.skus && args.skus.length > MAX_SKUS) {
    throw new InventoryError(
      'TOO_MANY_SKUS',
      `stockChanged watches at most ${MAX_SKUS} skus, got ${args.skus.length}`,
      'skus',
    );
  }
  if (args.locationIds && args.locationIds.length > MAX_LOCATIONS) {
    throw new InventoryError(
      'TOO_MANY_LOCATIONS',
      `stockChanged watches at most ${MAX_LOCATIONS} locations`,
      'locationIds',
    );
  }
  args.skus?.forEach((sku, i) => assertSku(sku, `skus.${i}`));
  return args;
}

@Resolver(() => StockChangeType)
export class StockChangeResolver {
  // Pure filters of a pure stream: the gateway may share one upstream among clients watching
  // different skus, and answers `current` itself from `stockSnapshot` for each client asking.
  @Directive(liveFilter('skus', 'sku', MAX_SKUS))
  @Directive(liveFilter('locationIds', 'locationId', MAX_LOCATIONS))
  @Directive(liveSnapshot('current', 'stockSnapshot', 'version'))
  @Subscription(() => StockChangeType, {
    description:
      'Every committed stock change of the given skus (all when omitted), at the given locations, as it happens. With `current: true` (skus required), first the current level of each watched sku and location, then the changes: a client that (re)subscribes with it never keeps a level that changed while it was away; no level ever goes back to an older `version`.',
    subscribe: ({ args, context }: SubscribeResolverData<unknown, SubscribeArgs, InventoryContext>) => {
      const filter = checkedFilter(args);
      const live = context.liveStock.subscribe(filter);
      if (!args.current) return live;
      const skus = watchedSkus(filter);
      return currentFirst(live, () => context.currentStock.of({ ...filter, skus }));
    },
  })
  stockChanged(
    @Root() change: LiveStockChange,
    @Arg('skus', () => [ID], { nullable: true }) _skus: string[] | null,
    @Arg('locationIds', () => [ID], { nullable: true }) _locationIds: string[] | null,
    @Arg('current', () => Boolean, { defaultValue: false }) _current: boolean,
    @Ctx() { liveStock }: InventoryContext,
  ): StockChangeType {
    liveStock.executing(change);
    return StockChangeType.from(change);
  }

  // Public like stockChanged (the same staff-only fields below apply to its items).
  @Query(() => [StockChangeType], {
    description:
      'The current level of each of the skus at the given locations (all when omitted), as the change that made it: what `stockChanged(current: true)` starts with.',
  })
  async stockSnapshot(
    @Arg('skus', () => [ID]) skus: string[],
    @Arg('locationIds', () => [ID], { nullable: true }) locationIds: string[] | null,
    @Ctx() { currentStock }: InventoryContext,
  ): Promise<StockChangeType[]> {
    const filter = checkedFilter({ skus, locationIds });
    return (await currentStock.of({ ...filter, skus: watchedSkus(filter) })).map(StockChangeType.from);
  }

  // The public see what a location can sell (`available`, `flags`) and when and in which
  // order it changed (`changedAt`, `version`, a counter that only orders events); the
  // quantities behind it and the cause are staff's, as in `stockLevels`: ops and services
  // anywhere, store staff at their own locations. Checked per event for each subscriber's
  // own identity (the gateway shares an upstream only among callers with the same rights).
  @FieldResolver(() => Int)
  onHand(@Root() change: StockChangeType, @Ctx() { caller }: InventoryContext): number {
    return staffOnly(caller, change, 'onHand').onHand;
  }

  @FieldResolver(() => Int)
  reserved(@Root() change: StockChangeType, @Ctx() { caller }: InventoryContext): number {
    return staffOnly(caller, change, 'reserved').reserved;
  }

  @FieldResolver(() => Int)
  safetyStock(@Root() change: StockChangeType, @Ctx() { caller }: InventoryContext): number {
    return staffOnly(caller, change, 'safetyStock').safetyStock;
  }

  @FieldResolver(() => MovementKind)
  cause(@Root() change: StockChangeType, @Ctx() { caller }: InventoryContext): StockChangeType['cause'] {
    return staffOnly(caller, change, 'cause').cause;
  }

  @FieldResolver(() => LocationType)
  async location(@Root() change: StockChangeType, @Ctx() { loaders }: InventoryContext): Promise<LocationType> {
    const location = await loaders.locationById.load(change.locationId);
    if (!location) throw new Error(`location ${change.locationId} of a stock change is missing`);
    return location;
  }
}

function staffOnly(caller: Caller, change: StockChangeType, field: string): StockChangeType {
  if (isAnonymous(caller)) throw unauthenticated(`StockChange.${field} is for staff: sign in`);
  requireLocation(caller, change.locationId, field);
  return change;
}
