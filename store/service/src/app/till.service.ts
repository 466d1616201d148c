import { type Database, isDuplicateKeyError, type Tx } from '@stockgraph/persistence';
import {
  returnIdReused,
  returnOverruns,
  type SaleLineRequest,
  saleIdReused,
  sameSaleLines,
  userError,
  type UserError,
  validateReturn,
  validateSale,
} from '@stockgraph/domain';
import { offlineSaleRefusals, type TillUserErrorCode } from '../domain/offline-sale-rule';
import { allowanceLeft, type Sale, type SaleReturn } from '../domain/sale';
import type { AllowanceRepository } from '../infra/allowance.repository';
import type { ReturnRepository } from '../infra/return.repository';
import type { SaleRepository } from '../infra/sale.repository';
import type { SyncOutboxRepository } from '../infra/sync-outbox.repository';
import type { SyncAgent } from './sync-agent';

/** What the till shows of the link with the centre. */
export interface SyncStatus {
  /** Null until the centre was first tried. */
  online: boolean | null;
  /** Sales not yet recorded centrally. */
  backlog: number;
  /** When the oldest of them was made, epoch ms. */
  oldestPendingAt: number | null;
  lastSyncedAt: number | null;
  /** Units the till may still sell without the centre, over all skus. */
  allowance: number;
}

export interface SellResult {
  sale: Sale | null;
  userErrors: Array<UserError<TillUserErrorCode>>;
}

export interface ReturnResult {
  saleReturn: SaleReturn | null;
  userErrors: Array<UserError<TillUserErrorCode>>;
}

/** Thrown inside the sale's transaction to write nothing. */
class Refused extends Error {
  constructor(readonly userErrors: Array<UserError<TillUserErrorCode>>) {
    super('sale refused');
  }
}

/**
 * Selling at the till. A sale is accepted only out of the allowance the centre has set
 * aside for the shop, less what is sold and not yet synced — online or not — so the shop
 * can never sell a unit the centre could also sell. Accepted, it is written with its
 * outbox row in one transaction and the sync agent is woken to record it centrally.
 */
export class TillService {
  constructor(
    private readonly db: Database,
    private readonly sales: SaleRepository,
    private readonly returns: ReturnRepository,
    private readonly queue: SyncOutboxRepository,
    private readonly allowances: AllowanceRepository,
    private readonly agent: Pick<SyncAgent, 'online' | 'lastSyncedAt' | 'kick'>,
    private readonly clock: () => number = Date.now,
  ) {}

  async sell(saleId: string, lines: readonly SaleLineRequest[]): Promise<SellResult> {
    validateSale(saleId, lines);
    try {
      return { sale: await this.db.transaction((tx) => this.sellIn(tx, saleId, lines)), userErrors: [] };
    } catch (error) {
      if (error instanceof Refused) return { sale: null, userErrors: error.userErrors };
      // The same sale from another till request at the same moment: answer with it.
      if (isDuplicateKeyError(error)) return { sale: await this.repeat(saleId, lines), userErrors: [] };
      throw error;
    }
  }

  /**
   * Takes back (some of) a sale of this till: never more of a sku than it sold, earlier
   * returns counted. Recorded locally and queued for the centre like a sale; a return the
   * centre cannot match (its sale was refused there) goes to the dead letters.
   */
  async returnSale(returnId: string, saleId: string, lines: readonly SaleLineRequest[]): Promise<ReturnResult> {
    validateReturn(returnId, saleId, lines);
    try {
      return {
        saleReturn: await this.db.transaction((tx) => this.returnIn(tx, returnId, saleId, lines)),
        userErrors: [],
      };
    } catch (error) {
      if (error instanceof Refused) return { saleReturn: null, userErrors: error.userErrors };
      throw error;
    }
  }

  private async returnIn(
    tx: Tx,
    returnId: string,
    saleId: string,
    lines: readonly SaleLineRequest[],
  ): Promise<SaleReturn> {
    const earlier = await this.returns.find(tx, returnId);
    if (earlier) {
      if (earlier.saleId !== saleId || !sameSaleLines(earlier.lines, lines))
        throw returnIdReused(returnId, 'this shop');
      return earlier;
    }
    // Locked: two returns of one sale are taken one at a time.
    const [sale] = await this.sales.find(tx, [saleId], { lock: true });
    if (!sale)
      throw new Refused([userError<TillUserErrorCode>('SALE_UNKNOWN', `this till made no sale ${saleId}`, 'saleId')]);
    const overruns = returnOverruns(
      new Map(sale.lines.map((line) => [line.sku, line.quantity])),
      await this.returns.returnedOf(tx, saleId),
      lines,
    );
    if (overruns.length > 0) {
      throw new Refused(
        overruns.map(({ index, sku, returnable }) =>
          userError<TillUserErrorCode>(
            'RETURN_EXCEEDS_SALE',
            `sale ${saleId} leaves ${returnable} of ${sku} to return`,
            `lines.${index}.quantity`,
          ),
        ),
      );
    }
    const createdAt = this.clock();
    this.returns.add(tx, { id: returnId, saleId, createdAt, lines });
    this.queue.enqueue(tx, 'RETURN', returnId, createdAt);
    tx.afterCommit(() => this.agent.kick());
    return { id: returnId, saleId, status: 'PENDING', createdAt, syncedAt: null, lines: [...lines] };
  }

  /** Sales newest first; `after` is the last sale of the previous page. */
  async list(first: number, after: { createdAt: number; id: string } | null): Promise<Sale[]> {
    return this.db.read((sql) => this.sales.page(sql, first, after));
  }

  async status(): Promise<SyncStatus> {
    return this.db.read(async (sql) => {
      const backlog = await this.queue.backlog(sql);
      const granted = await this.allowances.all(sql);
      const pending = await this.queue.pendingSaleUnits(sql, null);
      let allowance = 0;
      for (const [sku, units] of granted) allowance += allowanceLeft(units, pending.get(sku) ?? 0);
      return {
        online: this.agent.online,
        backlog: backlog.count,
        oldestPendingAt: backlog.oldestAt,
        lastSyncedAt: this.agent.lastSyncedAt,
        allowance,
      };
    });
  }

  /** What the centre refused for good, newest first. */
  deadLetters(limit: number) {
    return this.db.read((sql) => this.queue.deadLetters(sql, limit));
  }

  /** Allowance left per sku, for the till's stock view. */
  async allowanceLeft(skus: readonly string[]): Promise<Map<string, number>> {
    return this.db.read(async (sql) => {
      const granted = await this.allowances.all(sql);
      const pending = await this.queue.pendingSaleUnits(sql, skus);
      return new Map(skus.map((sku) => [sku, allowanceLeft(granted.get(sku) ?? 0, pending.get(sku) ?? 0)]));
    });
  }

  private async sellIn(tx: Tx, saleId: string, lines: readonly SaleLineRequest[]): Promise<Sale> {
    const [earlier] = await this.sales.find(tx, [saleId]);
    if (earlier) return answerRepeat(earlier, lines);
    const skus = lines.map((line) => line.sku).sort();
    const granted = await this.allowances.lock(tx, skus);
    const pending = await this.queue.pendingSaleUnits(tx, skus);
    const offline = this.agent.online === false;
    const refused = offlineSaleRefusals(lines, granted, pending, offline);
    if (refused.length > 0) throw new Refused(refused);
    const createdAt = this.clock();
    this.sales.add(tx, { id: saleId, offline, createdAt, lines });
    this.queue.enqueue(tx, 'SALE', saleId, createdAt);
    tx.afterCommit(() => this.agent.kick());
    return {
      id: saleId,
      status: 'PENDING',
      offline,
      createdAt,
      syncedAt: null,
      lines: lines.map((line) => ({ sku: line.sku, quantity: line.quantity, fromAllowance: null })),
    };
  }

  private async repeat(saleId: string, lines: readonly SaleLineRequest[]): Promise<Sale> {
    const [sale] = await this.db.read((sql) => this.sales.find(sql, [saleId]));
    if (!sale) throw new Error(`sale ${saleId} collided with a duplicate that is not there`);
    return answerRepeat(sale, lines);
  }
}

function answerRepeat(sale: Sale, lines: readonly SaleLineRequest[]): Sale {
  if (!sameSaleLines(sale.lines, lines)) throw saleIdReused(sale.id, 'this shop');
  return sale;
}
