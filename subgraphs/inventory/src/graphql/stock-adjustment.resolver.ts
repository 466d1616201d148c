import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { StockAdjustmentService } from '../app/stock-adjustment.service';
import type { StockImportService } from '../app/stock-import.service';
import type { StockStateService } from '../app/stock-state.service';
import { MoveStockStateInput } from './move-stock-state.input';
import { StockImportResultType } from './stock-import.type';
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
  constructor(
    private readonly adjustments: StockAdjustmentService,
    private readonly imports: StockImportService,
    private readonly states: StockStateService,
  ) {}

  @Authorized('store')
  @Mutation(() => AdjustStockPayload, {
    description:
      'Moves units on hand between sellable, damaged and quality control, or writes damaged or quality-control units off. Units held for carts never move: only sellable units not held may become damaged. Store staff: their own locations.',
  })
  async moveStockState(
    @Arg('input') input: MoveStockStateInput,
    @Arg('idempotencyKey') idempotencyKey: string,
    @Ctx() { caller }: InventoryContext,
  ): Promise<AdjustStockPayload> {
    return toAdjustPayload(await this.states.move(input, idempotencyKey, caller));
  }

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

  @Authorized('store')
  @Mutation(() => StockImportResultType, {
    description:
      "Counts and adjustments from CSV (header: sku, locationId, reason, set or delta; optional quantity, changeFrom, reference; at most 1,000 rows and 256 KiB): all applied in one transaction, or none, with every row's outcome. dryRun (the default) answers what each row would do now and changes nothing. Store staff: their own locations.",
  })
  async importStockAdjustments(
    @Arg('csv') csv: string,
    @Arg('idempotencyKey') idempotencyKey: string,
    @Arg('dryRun', { defaultValue: true }) dryRun: boolean,
    @Ctx() { caller }: InventoryContext,
  ): Promise<StockImportResultType> {
    return StockImportResultType.from(await this.imports.import(csv, dryRun, idempotencyKey, caller));
  }
}
