import { assertSku, DomainError, requireLocation } from '@stockgraph/domain';
import { Arg, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { ReplicaService, StoreStockView } from '../app/replica.service';
import type { TillService } from '../app/till.service';
import type { StoreContext } from './context';
import { StoreStockType } from './store-stock.type';

/** Skus one `storeStocks` call may ask for. */
const MAX_SKUS = 100;

/** The till's view of stock, answered from the replica alone: it works when the centre is unreachable. */
@Resolver()
export class StoreStockResolver {
  constructor(
    private readonly replica: ReplicaService,
    private readonly till: Pick<TillService, 'allowanceLeft'>,
    private readonly locationId: string,
  ) {}

  private async withAllowance(views: readonly StoreStockView[]): Promise<StoreStockType[]> {
    const left = await this.till.allowanceLeft(views.map((view) => view.sku));
    return views.map((view) => StoreStockType.from(view, left.get(view.sku) ?? 0));
  }

  @Authorized('store')
  @Query(() => StoreStockType, { description: 'One sku at this shop, from the replica.' })
  async storeStock(@Arg('sku', () => ID) sku: string, @Ctx() { caller }: StoreContext): Promise<StoreStockType> {
    assertSku(sku, 'sku');
    requireLocation(caller, this.locationId);
    const [view] = await this.withAllowance(await this.replica.view([sku]));
    if (!view) throw new Error(`the replica answered nothing for ${sku}`);
    return view;
  }

  @Authorized('store')
  @Query(() => [StoreStockType], {
    description: `Up to ${MAX_SKUS} skus at this shop, from the replica, in the order asked.`,
  })
  async storeStocks(
    @Arg('skus', () => [ID]) skus: string[],
    @Ctx() { caller }: StoreContext,
  ): Promise<StoreStockType[]> {
    if (skus.length > MAX_SKUS)
      throw new DomainError('TOO_MANY_SKUS', `at most ${MAX_SKUS} skus per call, got ${skus.length}`, 'skus');
    skus.forEach((sku, i) => assertSku(sku, `skus.${i}`));
    requireLocation(caller, this.locationId);
    return this.withAllowance(await this.replica.view(skus));
  }
}
