import { Field, ObjectType } from 'type-graphql';
import type { AdjustManyResult, AdjustResult } from '../app/stock-adjustment.service';
import { StockLevelType } from './stock-level.type';
import { InventoryUserErrorType } from './user-error.type';

@ObjectType('AdjustStockPayload')
export class AdjustStockPayload {
  @Field(() => StockLevelType, { nullable: true })
  stockLevel!: StockLevelType | null;

  @Field(() => [InventoryUserErrorType])
  userErrors!: InventoryUserErrorType[];
}

@ObjectType('AdjustStocksPayload')
export class AdjustStocksPayload {
  @Field(() => [StockLevelType], {
    description: 'The stock levels after every adjustment, in request order; empty when refused.',
  })
  stockLevels!: StockLevelType[];

  @Field(() => [InventoryUserErrorType])
  userErrors!: InventoryUserErrorType[];
}

/** `adjustStock`'s result as its payload. */
export function toAdjustPayload(result: AdjustResult): AdjustStockPayload {
  return {
    stockLevel: result.stockLevel ? StockLevelType.from(result.stockLevel) : null,
    userErrors: result.userErrors,
  };
}

/** `adjustStocks`' result as its payload. */
export function toAdjustManyPayload(result: AdjustManyResult): AdjustStocksPayload {
  return { stockLevels: result.stockLevels.map(StockLevelType.from), userErrors: result.userErrors };
}
