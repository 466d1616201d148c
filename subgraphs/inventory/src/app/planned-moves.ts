import { actorOf, type Caller, stockKey } from '@stockgraph/domain';
import type { Tx } from '@stockgraph/persistence';
import { type StockChange, stockChange } from '../domain/stock-change';
import { compareStockKeys, type StockDelta, type StockLevel } from '../domain/stock-level';
import type { MovementKind } from '../domain/stock-movement';
import type { StockLevelRepository } from '../infra/stock-level.repository';
import type { StockChangeRecorder } from './stock-change-recorder';

/** One planned change of one locked level. */
export interface PlannedMove {
  sku: string;
  locationId: string;
  delta: StockDelta;
}

/**
 * Applies changes already planned on locked rows (`levels`, by `stockKey`) through the
 * guard, in the one (sku, location) order, and records them together: ledger rows of
 * `kind` and stock events. A refusal here means a row moved under its lock: a bug, thrown.
 */
export async function applyPlannedMoves(
  deps: { levels: StockLevelRepository; recorder: StockChangeRecorder },
  tx: Tx,
  levels: ReadonlyMap<string, StockLevel>,
  moves: readonly PlannedMove[],
  record: { kind: MovementKind; reason: string; reference: string; idempotencyKey: string; caller: Caller },
  now: number,
): Promise<StockChange[]> {
  const changes: StockChange[] = [];
  for (const { sku, locationId, delta } of [...moves].sort(compareStockKeys)) {
    const before = levels.get(stockKey(sku, locationId));
    if (!before || !(await deps.levels.applyDelta(tx, sku, locationId, delta, now)))
      throw new Error(`guard refused a planned ${record.kind} move of locked row ${sku}@${locationId}`);
    changes.push(stockChange(before, delta, now));
  }
  await deps.recorder.record(
    tx,
    changes,
    record.kind,
    {
      actor: actorOf(record.caller),
      reason: record.reason,
      reference: record.reference,
      idempotencyKey: record.idempotencyKey,
    },
    now,
  );
  return changes;
}
