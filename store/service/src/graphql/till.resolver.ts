import { decodeCursorAs, pageSize, toConnection } from '@stockgraph/graphql-service';
import { requireLocation } from '@stockgraph/domain';
import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { TillService } from '../app/till.service';
import type { StoreContext } from './context';
import {
  ReturnSalePayload,
  SaleConnection,
  SaleLineInput,
  SaleType,
  SellPayload,
  SyncDeadLetterType,
  SyncStatusType,
} from './sale.type';

const CURSOR = /^(\d{1,16}):(.{1,64})$/;

/** The till: sell, take back, list sales, see the link with the centre and what it refused. Store staff of this shop (a store token for its location). */
@Resolver()
export class TillResolver {
  constructor(
    private readonly till: TillService,
    private readonly locationId: string,
  ) {}

  @Authorized('store')
  @Mutation(() => SellPayload, {
    description:
      "Sells at the till, out of the shop's allowance (online or not). The sale id is the till's own: sending it again answers the same sale.",
  })
  async sell(
    @Arg('saleId', () => ID) saleId: string,
    @Arg('lines', () => [SaleLineInput]) lines: SaleLineInput[],
    @Ctx() { caller }: StoreContext,
  ): Promise<SellPayload> {
    requireLocation(caller, this.locationId);
    return SellPayload.from(await this.till.sell(saleId, lines));
  }

  @Authorized('store')
  @Query(() => SaleConnection, { description: 'Sales at this till, newest first.' })
  async sales(
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null | undefined,
    @Ctx() { caller }: StoreContext,
  ): Promise<SaleConnection> {
    requireLocation(caller, this.locationId);
    const size = pageSize(first);
    const position =
      after == null
        ? null
        : decodeCursorAs(after, (key) => {
            const match = CURSOR.exec(String(key));
            return match ? { createdAt: Number(match[1]), id: match[2] } : null;
          });
    const rows = await this.till.list(size, position);
    return toConnection(rows, size, SaleType.from, (sale) => `${sale.createdAt}:${sale.id}`, position !== null);
  }

  @Authorized('store')
  @Query(() => SyncStatusType, {
    description: "The shop's link with the centre: online, backlog, last sync, allowance left.",
  })
  async syncStatus(@Ctx() { caller }: StoreContext): Promise<SyncStatusType> {
    requireLocation(caller, this.locationId);
    return SyncStatusType.from(await this.till.status());
  }

  @Authorized('store')
  @Mutation(() => ReturnSalePayload, {
    description: "Takes back (some of) a sale of this till, never more than it sold. The return id is the till's own.",
  })
  async returnSale(
    @Arg('returnId', () => ID) returnId: string,
    @Arg('saleId', () => ID) saleId: string,
    @Arg('lines', () => [SaleLineInput]) lines: SaleLineInput[],
    @Ctx() { caller }: StoreContext,
  ): Promise<ReturnSalePayload> {
    requireLocation(caller, this.locationId);
    return ReturnSalePayload.from(await this.till.returnSale(returnId, saleId, lines));
  }

  @Authorized('store')
  @Query(() => [SyncDeadLetterType], {
    description: 'Sales and returns the centre refused for good, newest first (at most 100).',
  })
  async syncDeadLetters(@Ctx() { caller }: StoreContext): Promise<SyncDeadLetterType[]> {
    requireLocation(caller, this.locationId);
    return (await this.till.deadLetters(100)).map(SyncDeadLetterType.from);
  }
}
