import { Arg, Authorized, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { InventoryContext } from './context';
import { toConnection } from '@stockgraph/graphql-service';
import type { LedgerHistoryService } from '../app/ledger-history.service';
import type { StockQueryService } from '../app/stock-query.service';
import { StockLevelAtType } from './stock-level-at.type';
import { StockLedgerCheckType } from './stock-ledger-check.type';
import { StockMovementConnection, StockMovementType } from './stock-movement.type';

/** The stock movement ledger: a sku's history, and the proof that levels match it. */
@Resolver()
export class StockLedgerResolver {
  constructor(
    private readonly queries: StockQueryService,
    private readonly history: LedgerHistoryService,
  ) {}

  @Authorized('store', 'service')
  @Query(() => StockMovementConnection, { description: "A sku's stock ledger, newest first." })
  async stockMovements(
    @Arg('sku', () => ID) sku: string,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() { caller }: InventoryContext,
  ): Promise<StockMovementConnection> {
    const page = await this.queries.movements(sku, first, after, caller);
    return toConnection(page.rows, page.size, StockMovementType.from, (row) => row.id, page.hasPrevious);
  }

  @Authorized('store', 'service')
  @Query(() => StockLevelAtType, {
    nullable: true,
    description:
      'A stock level as of a past moment (or now), answered from the ledger; null when nothing had been recorded for it by then. Store staff: their own locations.',
  })
  async stockLevelAt(
    @Arg('sku', () => ID) sku: string,
    @Arg('locationId', () => ID) locationId: string,
    @Arg('at') at: Date,
    @Ctx() { caller }: InventoryContext,
  ): Promise<StockLevelAtType | null> {
    const level = await this.history.levelAt(sku, locationId, at.getTime(), caller);
    return level && StockLevelAtType.from(level);
  }

  @Authorized('ops')
  @Query(() => StockLedgerCheckType, {
    description: 'Proves the ledger: every stock level equals the sum of its movements and breaks no invariant.',
  })
  async stockLedgerCheck(): Promise<StockLedgerCheckType> {
    const mismatches = await this.queries.ledgerMismatches();
    return { consistent: mismatches.length === 0, mismatches };
  }
}
