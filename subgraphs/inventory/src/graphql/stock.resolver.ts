import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { toConnection } from '@stockgraph/shared';
import type { StockQueryService } from '../app/stock-query.service';
import { InventoryError } from '../domain/errors';
import type { StockService } from '../app/stock.service';
import { AdjustStockInput } from './adjust-stock.input';
import type { InventoryContext } from './context';
import { LocationType } from './location.type';
import {
  AdjustStockPayload,
  AdjustStocksPayload,
  ReservationPayload,
  ReserveStockPayload,
  toAdjustManyPayload,
  toAdjustPayload,
  toReservationPayload,
} from './payload.type';
import { ReservationType } from './reservation.type';
import { ReserveStockInput } from './reserve-stock.input';
import { StockLevelType } from './stock-level.type';
import { StockLedgerCheckType } from './stock-ledger-check.type';
import { StockMovementConnection, StockMovementType } from './stock-movement.type';

const MAX_SKUS = 1000;

@Resolver()
export class StockResolver {
  constructor(
    private readonly stock: StockService,
    private readonly queries: StockQueryService,
  ) {}

  @Query(() => [StockLevelType], { description: 'Stock levels of up to 1,000 skus, optionally at some locations only.' })
  async stockLevels(
    @Arg('skus', () => [ID]) skus: string[],
    @Arg('locationIds', () => [ID], { nullable: true }) locationIds: string[] | null,
    @Ctx() { loaders }: InventoryContext,
  ): Promise<StockLevelType[]> {
    if (skus.length > MAX_SKUS) {
      throw new InventoryError(
        'TOO_MANY_SKUS',
        `stockLevels takes at most ${MAX_SKUS} skus per call, got ${skus.length}`,
        'skus',
      );
    }
    const wanted = locationIds ? new Set(locationIds) : null;
    const levels = (await loaders.levelsBySku.loadMany(skus)).flatMap((result) => (result instanceof Error ? [] : result));
    return levels.filter((level) => !wanted || wanted.has(level.locationId)).map(StockLevelType.from);
  }

  @Query(() => [LocationType])
  locations(): Promise<LocationType[]> {
    return this.queries.locations();
  }

  @Query(() => ReservationType, { nullable: true })
  async reservation(@Arg('id', () => ID) id: string, @Ctx() { loaders }: InventoryContext): Promise<ReservationType | null> {
    const reservation = await loaders.reservationById.load(id);
    return reservation ? ReservationType.from(reservation) : null;
  }

  @Query(() => StockMovementConnection, { description: "A sku's stock ledger, newest first." })
  async stockMovements(
    @Arg('sku', () => ID) sku: string,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<StockMovementConnection> {
    const page = await this.queries.movements(sku, first, after);
    return toConnection(page.rows, page.size, StockMovementType.from, (row) => row.id, page.hasPrevious);
  }

  @Mutation(() => ReserveStockPayload, {
    description: 'Holds stock for every line or none. Retrying with the same idempotencyKey returns the first answer.',
  })
  async reserveStock(
    @Arg('input') input: ReserveStockInput,
    @Arg('idempotencyKey') idempotencyKey: string,
    @Ctx() { actor }: InventoryContext,
  ): Promise<ReserveStockPayload> {
    return toReservationPayload(await this.stock.reserve(input, idempotencyKey, { actor }));
  }

  @Mutation(() => ReservationPayload, { description: 'Sells the held units. Confirming a confirmed hold is a no-op.' })
  async confirmReservation(
    @Arg('id', () => ID) id: string,
    @Arg('idempotencyKey', () => String, { nullable: true }) idempotencyKey: string | null,
    @Ctx() { actor }: InventoryContext,
  ): Promise<ReservationPayload> {
    return toReservationPayload(await this.stock.confirm(id, idempotencyKey ?? null, { actor }));
  }

  @Mutation(() => ReservationPayload, { description: 'Gives the held units back. Releasing an ended hold is a no-op.' })
  async releaseReservation(
    @Arg('id', () => ID) id: string,
    @Arg('reason', () => String, { nullable: true }) reason: string | null,
    @Arg('idempotencyKey', () => String, { nullable: true }) idempotencyKey: string | null,
    @Ctx() { actor }: InventoryContext,
  ): Promise<ReservationPayload> {
    return toReservationPayload(await this.stock.release(id, reason ?? null, { actor }, idempotencyKey ?? null));
  }

  @Query(() => StockLedgerCheckType, {
    description: 'Proves the ledger: every stock level equals the sum of its movements and breaks no invariant.',
  })
  async stockLedgerCheck(): Promise<StockLedgerCheckType> {
    const mismatches = await this.queries.ledgerMismatches();
    return { consistent: mismatches.length === 0, mismatches };
  }

  @Mutation(() => AdjustStockPayload, { description: 'Changes on-hand or safety stock, with an optional compare-and-set.' })
  async adjustStock(
    @Arg('input') input: AdjustStockInput,
    @Arg('idempotencyKey') idempotencyKey: string,
    @Ctx() { actor }: InventoryContext,
  ): Promise<AdjustStockPayload> {
    return toAdjustPayload(await this.stock.adjust(input, idempotencyKey, { actor }));
  }

  @Mutation(() => AdjustStocksPayload, {
    description: 'Up to 1,000 adjustments in one transaction: all are applied, or none (userErrors say why).',
  })
  async adjustStocks(
    @Arg('inputs', () => [AdjustStockInput]) inputs: AdjustStockInput[],
    @Arg('idempotencyKey') idempotencyKey: string,
    @Ctx() { actor }: InventoryContext,
  ): Promise<AdjustStocksPayload> {
    return toAdjustManyPayload(await this.stock.adjustMany(inputs, idempotencyKey, { actor }));
  }
}
