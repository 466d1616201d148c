import { Field, ObjectType } from 'type-graphql';
import type { AdjustManyResult, AdjustResult, ReservationResult } from '../app/stock.service';
import { ReservationType } from './reservation.type';
import { StockLevelType } from './stock-level.type';
import { InventoryUserErrorType } from './user-error.type';

@ObjectType('ReserveStockPayload')
export class ReserveStockPayload {
  @Field(() => ReservationType, { nullable: true, description: 'The hold, when every line could be reserved.' })
  reservation!: ReservationType | null;

  @Field(() => [InventoryUserErrorType])
  userErrors!: InventoryUserErrorType[];
}

@ObjectType('ReservationPayload')
export class ReservationPayload {
  @Field(() => ReservationType, { nullable: true })
  reservation!: ReservationType | null;

  @Field(() => [InventoryUserErrorType])
  userErrors!: InventoryUserErrorType[];
}

@ObjectType('AdjustStockPayload')
export class AdjustStockPayload {
  @Field(() => StockLevelType, { nullable: true })
  stockLevel!: StockLevelType | null;

  @Field(() => [InventoryUserErrorType])
  userErrors!: InventoryUserErrorType[];
}

@ObjectType('AdjustStocksPayload')
export class AdjustStocksPayload {
  @Field(() => [StockLevelType], { description: 'The stock levels after every adjustment, in request order; empty when refused.' })
  stockLevels!: StockLevelType[];

  @Field(() => [InventoryUserErrorType])
  userErrors!: InventoryUserErrorType[];
}

export function toAdjustManyPayload(result: AdjustManyResult): AdjustStocksPayload {
  return { stockLevels: result.stockLevels.map(StockLevelType.from), userErrors: result.userErrors };
}

export function toReservationPayload(result: ReservationResult): ReservationPayload {
  return {
    reservation: result.reservation ? ReservationType.from(result.reservation) : null,
    userErrors: result.userErrors,
  };
}

export function toAdjustPayload(result: AdjustResult): AdjustStockPayload {
  return {
    stockLevel: result.stockLevel ? StockLevelType.from(result.stockLevel) : null,
    userErrors: result.userErrors,
  };
}
