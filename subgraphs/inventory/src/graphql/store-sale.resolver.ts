import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { StoreAllowanceService } from '../app/store-allowance.service';
import type { StoreReturnService } from '../app/store-return.service';
import type { StoreSaleService } from '../app/store-sale.service';
import type { InventoryContext } from './context';
import { SetStoreAllowancesPayload, StoreAllowanceInput, StoreAllowanceType } from './store-allowance.type';
import { RecordStoreReturnPayload, RecordStoreSalePayload, StoreSaleLineInput } from './store-sale.type';

/**
 * What a store's service does centrally: size its offline allowance and record its till's
 * sales and returns. Store staff at their own location (a store token), services and operations.
 */
@Resolver()
export class StoreSaleResolver {
  constructor(
    private readonly allowances: StoreAllowanceService,
    private readonly sales: StoreSaleService,
    private readonly returns: StoreReturnService,
  ) {}

  @Authorized('store', 'service')
  @Query(() => [StoreAllowanceType], { description: "A store's allowances (of the given skus, or all)." })
  async storeAllowances(
    @Arg('locationId', () => ID) locationId: string,
    @Arg('skus', () => [ID], { nullable: true }) skus: string[] | null,
    @Ctx() { caller }: InventoryContext,
  ): Promise<StoreAllowanceType[]> {
    return (await this.allowances.list(locationId, skus, caller)).map(StoreAllowanceType.from);
  }

  @Authorized('store', 'service')
  @Mutation(() => SetStoreAllowancesPayload, {
    description:
      'Sizes what a store keeps aside to sell offline: a target per sku, so sending it again is harmless. Grows only by free units.',
  })
  async setStoreAllowances(
    @Arg('locationId', () => ID) locationId: string,
    @Arg('allowances', () => [StoreAllowanceInput]) allowances: StoreAllowanceInput[],
    @Ctx() { caller }: InventoryContext,
  ): Promise<SetStoreAllowancesPayload> {
    return { allowances: (await this.allowances.size(locationId, allowances, caller)).map(StoreAllowanceType.from) };
  }

  @Authorized('store', 'service')
  @Mutation(() => RecordStoreSalePayload, {
    description:
      "Records a till's sale: on hand drops at the store's location, from its allowance first. Once per sale id; sending it again answers the same.",
  })
  async recordStoreSale(
    @Arg('locationId', () => ID) locationId: string,
    @Arg('saleId', () => ID) saleId: string,
    @Arg('lines', () => [StoreSaleLineInput]) lines: StoreSaleLineInput[],
    @Ctx() { caller }: InventoryContext,
  ): Promise<RecordStoreSalePayload> {
    return RecordStoreSalePayload.from(await this.sales.record(locationId, saleId, lines, caller));
  }

  @Authorized('store', 'service')
  @Mutation(() => RecordStoreReturnPayload, {
    description:
      "Records a till's return of (some of) a recorded sale: the units come back on hand at the store's location. Once per return id.",
  })
  async recordStoreReturn(
    @Arg('locationId', () => ID) locationId: string,
    @Arg('returnId', () => ID) returnId: string,
    @Arg('saleId', () => ID) saleId: string,
    @Arg('lines', () => [StoreSaleLineInput]) lines: StoreSaleLineInput[],
    @Ctx() { caller }: InventoryContext,
  ): Promise<RecordStoreReturnPayload> {
    return RecordStoreReturnPayload.from(await this.returns.record(locationId, returnId, saleId, lines, caller));
  }
}
