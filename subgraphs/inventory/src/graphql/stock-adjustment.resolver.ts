import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { StockAdjustmentService } from '../app/stock-adjustment.service';
import { AdjustStockInput } from './adjust-stock.input';
import type { InventoryContext } from './context';
import {
  AdjustStockPayload,
  AdjustStocksPayload,
  toAdjustManyPayload,
  toAdjustPayload,
} from './stock-adjustment.payload.type';

/** Operations' changes of on hand and safety stock. */
@Resolver()
export class StockAdjustmentResolver {
  constructor(private readonly adjustments: StockAdjustmentService) {}

  @Authorized('store')
  @Mutation(() => AdjustStockPayload, {
    description: 'Changes on-hand or safety stock, with an optional compare-and-set.',
  })
  async adjustStock(
    @Arg('input') input: AdjustStockInput,
    @Arg('idempotencyKey') idempotencyKey: string,
    @Ctx() { caller }: InventoryContext,
  ): Promise<AdjustStockPayload> {
    return toAdjustPayload(await this.adjustments.adjust(input, idempotencyKey, caller));
  }

  @Mutation(() => AdjustStocksPayload, {
    description: 'Up to 1,000 adjustments in one transaction: all are applied, or none (userErrors say why).',
  })
  @Authorized('store')
  async adjustStocks(
    @Arg('inputs', () => [AdjustStockInput]) inputs: AdjustStockInput[],
    @Arg('idempotencyKey') idempotencyKey: string,
    @Ctx() { caller }: InventoryContext,
  ): Promise<AdjustStocksPayload> {
    return toAdjustManyPayload(await this.adjustments.adjustMany(inputs, idempotencyKey, caller));
  }
}
