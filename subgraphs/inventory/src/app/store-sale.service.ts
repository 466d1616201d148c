import { type Database, isDuplicateKeyError, type Tx } from '@stockgraph/persistence';
import { actorOf, type Caller, requireLocation, saleIdReused, sameSaleLines, validateSale } from '@stockgraph/domain';
import { userError, type UserError } from '../domain/errors';
import { type StockChange, stockChange } from '../domain/stock-change';
import { available } from '../domain/stock-level';
import { type SaleLineRequest, saleSources, type StoreSale, type StoreSaleLine } from '../domain/store-sale';
import type { LocationRepository } from '../infra/location.repository';
import type { StockLevelRepository } from '../infra/stock-level.repository';
import type { StoreAllowanceRepository } from '../infra/store-allowance.repository';
import type { StoreSaleRepository } from '../infra/store-sale.repository';
import { requireKnownLocation } from './known-location';
import type { HoldExpiry } from './hold-expiry.service';
import type { StockChangeRecorder } from './stock-change-recorder';

export interface StoreSaleResult {
  sale: StoreSale | null;
  userErrors: UserError[];
}

export interface StoreSaleServiceDeps {
  db: Database;
  levels: StockLevelRepository;
  locations: LocationRepository;
  allowances: StoreAllowanceRepository;
  sales: StoreSaleRepository;
  holds: Pick<HoldExpiry, 'expireStaleHolds'>;
  recorder: StockChangeRecorder;
  /** Epoch ms; injectable so tests can move time. */
  clock?: () => number;
}

/** A refusal that must undo the sale's claim on its id, so the till may send it again once stock allows. */
class SaleRefused extends Error {
  constructor(readonly userErrors: UserError[]) {
    super('sale refused');
  }
}

/**
 * Records a store till's sale centrally (`recordStoreSale`): units leave the store's
 * location for good (on hand drops), taken from the store's allowance first and then from
 * the location's free stock, in one transaction with its ledger movements (SALE, the sale
 * id as reference) and events. The sale id is claimed first, so a sale sent twice — in
 * parallel, or a day later after a crash — is recorded once and answered the same.
 */
export class StoreSaleService {
  private readonly clock: () => number;

  constructor(private readonly deps: StoreSaleServiceDeps) {
    this.clock = deps.clock ?? Date.now;
  }

  async record(
    locationId: string,
    saleId: string,
    lines: readonly SaleLineRequest[],
    caller: Caller,
  ): Promise<StoreSaleResult> {
    validateSale(saleId, lines);
    requireLocation(caller, locationId, 'locationId');
    try {
      return {
        sale: await this.deps.db.transaction((tx) => this.recordIn(tx, locationId, saleId, lines, actorOf(caller))),
        userErrors: [],
      };
    } catch (error) {
      if (error instanceof SaleRefused) return { sale: null, userErrors: error.userErrors };
      // A duplicate sent at the same moment claimed the id first and has committed: answer with its sale.
      if (isDuplicateKeyError(error)) return { sale: await this.recorded(locationId, saleId, lines), userErrors: [] };
      throw error;
    }
  }

  private async recordIn(
    tx: Tx,
    locationId: string,
    saleId: string,
    lines: readonly SaleLineRequest[],
    actor: string,
  ): Promise<StoreSale> {
    const { levels, locations, allowances, sales, holds, recorder } = this.deps;
    const earlier = await sales.find(tx, locationId, saleId);
    if (earlier) return answerRepeat(earlier, lines);
    const now = this.clock();
    await requireKnownLocation(tx, locations, locationId, 'locationId');
    await sales.claim(tx, { id: saleId, locationId, actor, recordedAt: now });
    const ordered = [...lines].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
    const skus = ordered.map((line) => line.sku);
    await holds.expireStaleHolds(tx, skus, now);
    const locked = new Map(
      (
        await levels.lockByKeys(
          tx,
          skus.map((sku) => ({ sku, locationId })),
        )
      ).map((level) => [level.sku, level]),
    );
    const allowance = new Map((await allowances.find(tx, locationId, skus)).map((row) => [row.sku, row.quantity]));
    const refused: UserError[] = [];
    const planned = ordered.map((line) => {
      const level = locked.get(line.sku);
      const sources = level ? saleSources(line.quantity, allowance.get(line.sku) ?? 0, available(level)) : null;
      if (!sources) {
        const field = `lines.${lines.indexOf(line)}.quantity`;
        refused.push(
          userError(
            'INSUFFICIENT_STOCK',
            `${line.sku} at ${locationId}: ${line.quantity} asked, ${(allowance.get(line.sku) ?? 0) + (level ? available(level) : 0)} can be sold (allowance and free stock); nothing was recorded`,
            field,
          ),
        );
      }
      return { line, level, sources };
    });
    if (refused.length > 0) throw new SaleRefused(refused);
    const changes: StockChange[] = [];
    const recordedLines: StoreSaleLine[] = [];
    for (const { line, level, sources } of planned) {
      if (!level || !sources) continue;
      const delta = { onHand: -line.quantity, reserved: -sources.fromAllowance, safetyStock: 0 };
      const takenFromAllowance =
        sources.fromAllowance === 0 ||
        (await allowances.applyDelta(tx, locationId, line.sku, -sources.fromAllowance, now));
      if (!takenFromAllowance || !(await levels.applyDelta(tx, line.sku, locationId, delta, now))) {
        throw new Error(`guard refused a planned sale of locked row ${line.sku}@${locationId}`);
      }
      changes.push(stockChange(level, delta, now));
      recordedLines.push({ sku: line.sku, quantity: line.quantity, fromAllowance: sources.fromAllowance });
    }
    const sale: StoreSale = { id: saleId, locationId, actor, recordedAt: now, lines: recordedLines };
    sales.addLines(tx, sale);
    await recorder.record(tx, changes, 'SALE', { actor, reason: 'store_sale', reference: saleId }, now);
    return sale;
  }

  private async recorded(locationId: string, saleId: string, lines: readonly SaleLineRequest[]): Promise<StoreSale> {
    const sale = await this.deps.db.read((sql) => this.deps.sales.find(sql, locationId, saleId));
    if (!sale) throw new Error(`sale ${saleId} at ${locationId} collided with a duplicate that is not there`);
    return answerRepeat(sale, lines);
  }
}

/** A sale id sent again: the same sale is answered as recorded; other lines under it are refused. */
function answerRepeat(sale: StoreSale, lines: readonly SaleLineRequest[]): StoreSale {
  if (!sameSaleLines(sale.lines, lines)) throw saleIdReused(sale.id, sale.locationId);
  return sale;
}
