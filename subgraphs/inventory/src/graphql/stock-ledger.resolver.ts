import { Arg, Authorized, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { InventoryContext } from './context';
import { toConnection } from '@stockgraph/graphql-service';
import type { StockQueryService } from '../app/stock-query.service';
import { StockLedgerCheckType } from './stock-ledger-check.type';
import { StockMovementConnection, StockMovementType } from './stock-movement.type';

/** The stock movement ledger: a sku's history, and the proof that levels match it. */
@Resolver()
export class StockLedgerResolver {
  constructor(private readonly queries: StockQueryService) {}

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

  @Authorized('ops')
  @Query(() => StockLedgerCheckType, {
    description: 'Proves the ledger: every stock level equals the sum of its movements and breaks no invariant.',
  })
  async stockLedgerCheck(): Promise<StockLedgerCheckType> {
    const mismatches = await this.queries.ledgerMismatches();
    return { consistent: mismatches.length === 0, mismatches };
  }
}
