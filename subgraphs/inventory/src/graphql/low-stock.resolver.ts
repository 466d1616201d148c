import { toConnection } from '@stockgraph/graphql-service';
import { Arg, Authorized, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { LowStockQueryService } from '../app/low-stock-query.service';
import { LOW_STOCK_LIMITS, lowStockSortKey } from '../domain/low-stock';
import type { InventoryContext } from './context';
import { StockLevelConnection, StockLevelType } from './stock-level.type';

/** What is running out, for the ops page's restocking list. */
@Resolver()
export class LowStockResolver {
  constructor(private readonly lowStock: LowStockQueryService) {}

  @Authorized('store', 'service')
  @Query(() => StockLevelConnection, {
    description:
      'Stock levels whose available is at most max(safetyStock, threshold), lowest available first, then sku and location. Store staff: their own locations only. threshold: 0 to 1,000,000; locationIds: at most 100; first: 1 to 100 (20).',
  })
  async lowStockLevels(
    @Arg('threshold', () => Int, { nullable: true, defaultValue: LOW_STOCK_LIMITS.defaultThreshold })
    threshold: number | null,
    @Arg('locationIds', () => [ID], { nullable: true }) locationIds: string[] | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() { caller }: InventoryContext,
  ): Promise<StockLevelConnection> {
    const page = await this.lowStock.page({ threshold, locationIds, first, after }, caller);
    return toConnection(page.rows, page.size, StockLevelType.from, lowStockSortKey, page.hasPrevious);
  }
}
