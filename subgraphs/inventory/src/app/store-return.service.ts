import { type Database, isDuplicateKeyError, type Tx } from '@stockgraph/persistence';
import {
  actorOf,
  type Caller,
  requireLocation,
  returnIdReused,
  returnOverruns,
  sameSaleLines,
  validateReturn,
} from '@stockgraph/domain';
import { userError, type UserError } from '../domain/errors';
import { type StockChange, stockChange } from '../domain/stock-change';
import { compareStockKeys } from '../domain/stock-level';
import type { SaleLineRequest, StoreReturn } from '../domain/store-sale';
import type { LocationRepository } from '../infra/location.repository';
import type { StockLevelRepository } from '../infra/stock-level.repository';
import type { StoreSaleRepository } from '../infra/store-sale.repository';
import { requireKnownLocation } from './known-location';
import type { StockChangeRecorder } from './stock-change-recorder';

export interface StoreReturnResult {
  storeReturn: StoreReturn | null;
  userErrors: UserError[];
}

export interface StoreReturnServiceDeps {
  db: Database;
  levels: StockLevelRepository;
  locations: LocationRepository;
  sales: StoreSaleRepository;
  recorder: StockChangeRecorder;
  clock?: () => number;
}

/** A refusal that must undo the return's claim on its id. */
class ReturnRefused extends Error {
  constructor(readonly userErrors: UserError[]) {
    super('return refused');
  }
}

/**
 * Records a return at a store's till (`recordStoreReturn`): the units come back on hand at
 * the store's location (RETURN movements, the return id as reference). Only a sale the
 * centre recorded can be returned, never more of a sku than it sold (returns of one sale
 * are taken one at a time), and a return id counts once however often it is sent.
 */
export class StoreReturnService {
  private readonly clock: () => number;

  constructor(private readonly deps: StoreReturnServiceDeps) {
    this.clock = deps.clock ?? Date.now;
  }

  async record(
    locationId: string,
    returnId: string,
    saleId: string,
    lines: readonly SaleLineRequest[],
    caller: Caller,
  ): Promise<StoreReturnResult> {
    validateReturn(returnId, saleId, lines);
    requireLocation(caller, locationId, 'locationId');
    try {
      return {
        storeReturn: await this.deps.db.transaction((tx) =>
          this.recordIn(tx, locationId, returnId, saleId, lines, actorOf(caller)),
        ),
        userErrors: [],
      };
    } catch (error) {
      if (error instanceof ReturnRefused) return { storeReturn: null, userErrors: error.userErrors };
      if (isDuplicateKeyError(error)) {
        const earlier = await this.deps.db.read((sql) => this.deps.sales.findReturn(sql, locationId, returnId));
        if (!earlier)
          throw new Error(`return ${returnId} at ${locationId} collided with a duplicate that is not there`, {
            cause: error,
          });
        return { storeReturn: answerRepeat(earlier, saleId, lines), userErrors: [] };
      }
      throw error;
    }
  }

  private async recordIn(
    tx: Tx,
    locationId: string,
    returnId: string,
    saleId: string,
    lines: readonly SaleLineRequest[],
    actor: string,
  ): Promise<StoreReturn> {
    const { levels, locations, sales, recorder } = this.deps;
    const earlier = await sales.findReturn(tx, locationId, returnId);
    if (earlier) return answerRepeat(earlier, saleId, lines);
    await requireKnownLocation(tx, locations, locationId, 'locationId');
    const sale = await sales.lock(tx, locationId, saleId);
    if (!sale)
      throw new ReturnRefused([
        userError(
          'SALE_UNKNOWN',
          `no sale ${saleId} was recorded at ${locationId}; only a recorded sale can be returned`,
          'saleId',
        ),
      ]);
    const now = this.clock();
    await sales.claimReturn(tx, { id: returnId, saleId, locationId, actor, recordedAt: now });
    const overruns = returnOverruns(
      new Map(sale.lines.map((line) => [line.sku, line.quantity])),
      await sales.returnedOf(tx, locationId, saleId),
      lines,
    );
    if (overruns.length > 0) {
      throw new ReturnRefused(
        overruns.map(({ index, sku, returnable }) =>
          userError(
            'RETURN_EXCEEDS_SALE',
            `sale ${saleId} leaves ${returnable} of ${sku} to return, not ${lines[index]?.quantity}; nothing was recorded`,
            `lines.${index}.quantity`,
          ),
        ),
      );
    }
    const ordered = [...lines].sort((a, b) => compareStockKeys({ ...a, locationId }, { ...b, locationId }));
    const locked = new Map(
      (
        await levels.lockByKeys(
          tx,
          ordered.map(({ sku }) => ({ sku, locationId })),
        )
      ).map((level) => [level.sku, level]),
    );
    const changes: StockChange[] = [];
    for (const line of ordered) {
      const level = locked.get(line.sku);
      const delta = { onHand: line.quantity, reserved: 0, safetyStock: 0 };
      // A sold sku has its level: the sale made it.
      if (!level || !(await levels.applyDelta(tx, line.sku, locationId, delta, now)))
        throw new Error(`no stock level to return ${line.sku}@${locationId} to`);
      changes.push(stockChange(level, delta, now));
    }
    const entry: StoreReturn = { id: returnId, saleId, locationId, actor, recordedAt: now, lines: [...lines] };
    sales.addReturnLines(tx, entry);
    await recorder.record(tx, changes, 'RETURN', { actor, reason: 'store_return', reference: returnId }, now);
    return entry;
  }
}

function answerRepeat(earlier: StoreReturn, saleId: string, lines: readonly SaleLineRequest[]): StoreReturn {
  if (earlier.saleId !== saleId || !sameSaleLines(earlier.lines, lines))
    throw returnIdReused(earlier.id, earlier.locationId);
  return earlier;
}
