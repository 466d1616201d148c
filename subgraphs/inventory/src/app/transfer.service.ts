import { randomUUID } from 'node:crypto';
import { actorOf, type Caller, forbidden, hasRole, requireLocation, stockKey } from '@stockgraph/domain';
import { type Database, runIdempotent, type Tx } from '@stockgraph/persistence';
import { InventoryError, userError, type UserError } from '../domain/errors';
import { available, compareStockKeys, type StockLevel } from '../domain/stock-level';
import {
  afterReceipt,
  type CreateTransferRequest,
  type ReceiveRequest,
  receiveProblems,
  type Transfer,
  type TransferStatus,
  transferStepProblem,
  validateCreateTransfer,
  validateReceive,
} from '../domain/transfer';
import type { LocationRepository } from '../infra/location.repository';
import type { StockLevelRepository } from '../infra/stock-level.repository';
import type { TransferRepository } from '../infra/transfer.repository';
import type { HoldExpiry } from './hold-expiry.service';
import { readableLocations } from './location-access';
import { applyPlannedMoves, type PlannedMove } from './planned-moves';
import type { StockChangeRecorder } from './stock-change-recorder';

export interface TransferResult {
  transfer: Transfer | null;
  userErrors: UserError[];
}

export interface TransferServiceDeps {
  db: Database;
  transfers: TransferRepository;
  levels: StockLevelRepository;
  locations: LocationRepository;
  holds: HoldExpiry;
  recorder: StockChangeRecorder;
  limits: { idempotencyTtlMs: number };
  clock?: () => number;
}

/**
 * Transfers between locations (DESIGN.md §12): created as a draft, shipped (units leave the
 * source's on hand and become the destination's incoming; only available units ship),
 * received in full or in part (incoming becomes on hand, or is written off as lost), or a
 * draft cancelled. Each step is one transaction under the transfer's row lock, idempotent
 * by key, with TRANSFER ledger rows and stock events for every level it moves.
 */
export class TransferService {
  private readonly clock: () => number;

  constructor(private readonly deps: TransferServiceDeps) {
    this.clock = deps.clock ?? Date.now;
  }

  async create(request: CreateTransferRequest, idempotencyKey: string, caller: Caller): Promise<TransferResult> {
    validateCreateTransfer(request);
    requireLocation(caller, request.sourceId, 'input.sourceId');
    return this.idempotent('createTransfer', idempotencyKey, caller, request, async (tx) => {
      const now = this.clock();
      const known = new Set(
        (await this.deps.locations.findByIds(tx, [request.sourceId, request.destinationId])).map((l) => l.id),
      );
      for (const [field, id] of [
        ['input.sourceId', request.sourceId],
        ['input.destinationId', request.destinationId],
      ] as const)
        if (!known.has(id)) throw new InventoryError('UNKNOWN_LOCATION', `there is no location "${id}"`, field);
      const transfer: Transfer = {
        id: randomUUID(),
        sourceId: request.sourceId,
        destinationId: request.destinationId,
        status: 'DRAFT',
        reference: request.reference ?? null,
        createdBy: actorOf(caller),
        lines: request.lines.map((line) => ({ sku: line.sku, quantity: line.quantity, received: 0, writtenOff: 0 })),
        createdAt: now,
        updatedAt: now,
      };
      await this.deps.transfers.insert(tx, transfer);
      return { transfer, userErrors: [] };
    });
  }

  ship(id: string, idempotencyKey: string, caller: Caller): Promise<TransferResult> {
    return this.idempotent('shipTransfer', idempotencyKey, caller, { id }, async (tx) => {
      const transfer = await this.locked(tx, id);
      requireLocation(caller, transfer.sourceId, 'id');
      const problem = transferStepProblem(transfer, 'ship');
      if (problem) return { transfer, userErrors: [problem] };
      const now = this.clock();
      const skus = transfer.lines.map((line) => line.sku).sort();
      await this.deps.holds.expireStaleHolds(tx, skus, now);
      let levels = await this.lockLevels(tx, transfer, skus);
      const short = transfer.lines.flatMap((line, i) => {
        const have = available(levels.get(stockKey(line.sku, transfer.sourceId)) ?? EMPTY);
        return have >= line.quantity
          ? []
          : [
              userError(
                'INSUFFICIENT_STOCK',
                `only ${have} of ${line.sku} are available at ${transfer.sourceId} to ship, ${line.quantity} in the transfer`,
                `lines.${i}.quantity`,
              ),
            ];
      });
      if (short.length > 0) return { transfer, userErrors: short };
      // The destination's rows are made only for a transfer that ships (as adjustments make theirs).
      const missing = skus.filter((sku) => !levels.has(stockKey(sku, transfer.destinationId)));
      if (missing.length > 0) {
        await this.deps.levels.ensureExists(
          tx,
          missing.map((sku) => ({ sku, locationId: transfer.destinationId })),
          now,
        );
        levels = await this.lockLevels(tx, transfer, skus);
      }
      const deltas = transfer.lines.flatMap((line) => [
        {
          sku: line.sku,
          locationId: transfer.sourceId,
          delta: { onHand: -line.quantity, reserved: 0, safetyStock: 0 },
        },
        {
          sku: line.sku,
          locationId: transfer.destinationId,
          delta: { onHand: 0, reserved: 0, safetyStock: 0, incoming: line.quantity },
        },
      ]);
      await this.move(tx, levels, deltas, transfer, 'shipped', idempotencyKey, caller, now);
      const shipped: Transfer = { ...transfer, status: 'SHIPPED', updatedAt: now };
      await this.deps.transfers.save(tx, shipped);
      return { transfer: shipped, userErrors: [] };
    });
  }

  async receive(id: string, request: ReceiveRequest, idempotencyKey: string, caller: Caller): Promise<TransferResult> {
    validateReceive(request);
    return this.idempotent('receiveTransfer', idempotencyKey, caller, { id, ...request }, async (tx) => {
      const transfer = await this.locked(tx, id);
      requireLocation(caller, transfer.destinationId, 'id');
      const problem = transferStepProblem(transfer, 'receive');
      if (problem) return { transfer, userErrors: [problem] };
      const problems = receiveProblems(transfer, request);
      if (problems.length > 0) return { transfer, userErrors: problems };
      const now = this.clock();
      const skus = [...new Set([...request.received, ...request.writtenOff].map((line) => line.sku))].sort();
      const levels = await this.lockLevels(tx, transfer, skus);
      const of = (list: ReceiveRequest['received'], sku: string) =>
        list.find((line) => line.sku === sku)?.quantity ?? 0;
      const deltas = skus.map((sku) => {
        const received = of(request.received, sku);
        return {
          sku,
          locationId: transfer.destinationId,
          delta: { onHand: received, reserved: 0, safetyStock: 0, incoming: -(received + of(request.writtenOff, sku)) },
        };
      });
      await this.move(
        tx,
        levels,
        deltas,
        transfer,
        request.received.length > 0 ? 'received' : 'lost_in_transit',
        idempotencyKey,
        caller,
        now,
      );
      const next = { ...afterReceipt(transfer, request), updatedAt: now };
      await this.deps.transfers.save(tx, next);
      return { transfer: next, userErrors: [] };
    });
  }

  cancel(id: string, idempotencyKey: string, caller: Caller): Promise<TransferResult> {
    return this.idempotent('cancelTransfer', idempotencyKey, caller, { id }, async (tx) => {
      const transfer = await this.locked(tx, id);
      requireLocation(caller, transfer.sourceId, 'id');
      const problem = transferStepProblem(transfer, 'cancel');
      if (problem) return { transfer, userErrors: [problem] };
      const cancelled: Transfer = { ...transfer, status: 'CANCELLED', updatedAt: this.clock() };
      await this.deps.transfers.save(tx, cancelled);
      return { transfer: cancelled, userErrors: [] };
    });
  }

  /** One transfer, to someone who may act at its source or its destination. */
  async get(id: string, caller: Caller): Promise<Transfer | null> {
    const transfer = await this.deps.db.read((sql) => this.deps.transfers.findById(sql, id));
    if (transfer && !mayRead(caller, transfer)) throw forbidden(`transfer ${id} is between other locations`, 'id');
    return transfer;
  }

  /** The newest transfers touching the caller's locations (all of them for operations), in `status` when given. */
  list(status: TransferStatus | null, first: number, caller: Caller): Promise<Transfer[]> {
    if (!Number.isInteger(first) || first < 1 || first > 100)
      throw new InventoryError('INVALID_QUANTITY', 'first must be from 1 to 100', 'first');
    const locationIds = readableLocations(caller, null, 'transfers');
    return this.deps.db.read((sql) => this.deps.transfers.list(sql, { locationIds, status }, first));
  }

  private idempotent(
    scope: string,
    key: string,
    caller: Caller,
    request: unknown,
    work: (tx: Tx) => Promise<TransferResult>,
  ): Promise<TransferResult> {
    return runIdempotent(this.deps.db, { scope, key, caller, request, ttlMs: this.deps.limits.idempotencyTtlMs }, work);
  }

  private async locked(tx: Tx, id: string): Promise<Transfer> {
    const transfer = await this.deps.transfers.lock(tx, id);
    if (!transfer) throw new InventoryError('TRANSFER_NOT_FOUND', `there is no transfer ${id}`, 'id', 'NOT_FOUND');
    return transfer;
  }

  private move(
    tx: Tx,
    levels: ReadonlyMap<string, StockLevel>,
    moves: readonly PlannedMove[],
    transfer: Transfer,
    reason: string,
    idempotencyKey: string,
    caller: Caller,
    now: number,
  ): Promise<unknown> {
    const reference = `urn:transfer:${transfer.id}`;
    return applyPlannedMoves(
      this.deps,
      tx,
      levels,
      moves,
      { kind: 'TRANSFER', reason, reference, idempotencyKey, caller },
      now,
    );
  }

  /** Both ends' rows of `skus`, locked in the one (sku, location) order every writer keeps. */
  private async lockLevels(tx: Tx, transfer: Transfer, skus: readonly string[]): Promise<Map<string, StockLevel>> {
    const keys = skus
      .flatMap((sku) => [
        { sku, locationId: transfer.sourceId },
        { sku, locationId: transfer.destinationId },
      ])
      .sort(compareStockKeys);
    const rows = await this.deps.levels.lockByKeys(tx, keys);
    return new Map(rows.map((level) => [stockKey(level.sku, level.locationId), level]));
  }
}

const EMPTY = { onHand: 0, reserved: 0, safetyStock: 0 };

function mayRead(caller: Caller, transfer: Transfer): boolean {
  if (hasRole(caller, 'ops', 'service')) return true;
  return (
    hasRole(caller, 'store') && [transfer.sourceId, transfer.destinationId].some((id) => caller.locations.includes(id))
  );
}
