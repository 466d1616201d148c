import { UnreachableCaseError } from '@stockgraph/domain';
import { InventoryError, userError, type UserError } from './errors';
import { assertReference } from './reserve-request';
import { validateStockLines } from './stock-lines';

/** DRAFT → SHIPPED → RECEIVED (every unit received or written off), or DRAFT → CANCELLED. */
export type TransferStatus = 'DRAFT' | 'SHIPPED' | 'RECEIVED' | 'CANCELLED';

export interface TransferLine {
  sku: string;
  quantity: number;
  received: number;
  writtenOff: number;
}

export interface Transfer {
  id: string;
  sourceId: string;
  destinationId: string;
  status: TransferStatus;
  reference: string | null;
  createdBy: string;
  lines: TransferLine[];
  /** Epoch ms. */
  createdAt: number;
  updatedAt: number;
}

export interface CreateTransferRequest {
  sourceId: string;
  destinationId: string;
  lines: ReadonlyArray<{ sku: string; quantity: number }>;
  reference?: string | null;
}

/** What a receipt takes in (at the destination) and writes off (lost on the way), per sku. */
export interface ReceiveRequest {
  received: ReadonlyArray<{ sku: string; quantity: number }>;
  writtenOff: ReadonlyArray<{ sku: string; quantity: number }>;
}

/** Units of a line still on the way. */
export const inTransit = (line: TransferLine): number => line.quantity - line.received - line.writtenOff;

/** Throws for a malformed transfer; nothing is read before this passes. */
export function validateCreateTransfer(request: CreateTransferRequest): void {
  if (request.sourceId === request.destinationId)
    throw new InventoryError(
      'INVALID_TRANSFER',
      'a transfer goes between two different locations',
      'input.destinationId',
    );
  validateStockLines(request.lines, 'input.lines', false);
  assertReference(request.reference, 'input.reference');
}

/** Throws for a malformed receipt: 1 to 100 lines over both lists, each sku once per list, quantities from 1. */
export function validateReceive(request: ReceiveRequest): void {
  if (request.received.length + request.writtenOff.length === 0)
    throw new InventoryError('EMPTY_REQUEST', 'receive some units, or write some off', 'received');
  validateStockLines(request.received, 'received', true);
  validateStockLines(request.writtenOff, 'writtenOff', true);
}

/** Whether a transfer in `status` may take `step` now: null when it may, else the user error to answer. */
export function transferStepProblem(transfer: Transfer, step: 'ship' | 'receive' | 'cancel'): UserError | null {
  const allowed: Record<typeof step, TransferStatus> = { ship: 'DRAFT', receive: 'SHIPPED', cancel: 'DRAFT' };
  if (transfer.status === allowed[step]) return null;
  return userError(
    'TRANSFER_NOT_IN_STEP',
    `transfer ${transfer.id} is ${transfer.status}: ${stepHint(transfer.status, step)}`,
    'id',
  );
}

function stepHint(status: TransferStatus, step: 'ship' | 'receive' | 'cancel'): string {
  switch (status) {
    case 'DRAFT':
      return step === 'receive' ? 'ship it first' : 'it can be shipped or cancelled';
    case 'SHIPPED':
      return step === 'cancel'
        ? 'its units have left the source: receive them, or write them off as lost'
        : 'it is on its way: receive it at the destination';
    case 'RECEIVED':
      return 'every unit was received or written off';
    case 'CANCELLED':
      return 'it was cancelled; create a new one';
    default:
      throw new UnreachableCaseError(status);
  }
}

/** The receipt's user errors: a line the transfer lacks, or more than is still on the way. */
export function receiveProblems(transfer: Transfer, request: ReceiveRequest): UserError[] {
  const asked = new Map<string, number>();
  for (const line of [...request.received, ...request.writtenOff])
    asked.set(line.sku, (asked.get(line.sku) ?? 0) + line.quantity);
  const problems: UserError[] = [];
  for (const [sku, quantity] of asked) {
    const line = transfer.lines.find((candidate) => candidate.sku === sku);
    if (!line)
      problems.push(userError('TRANSFER_LINE_UNKNOWN', `transfer ${transfer.id} carries no ${sku}`, 'received'));
    else if (quantity > inTransit(line))
      problems.push(
        userError(
          'TRANSFER_EXCEEDED',
          `only ${inTransit(line)} units of ${sku} are still on the way in transfer ${transfer.id}; ${quantity} given`,
          'received',
        ),
      );
  }
  return problems;
}

/** A line after a receipt; the transfer is RECEIVED once no unit is on the way. */
export function afterReceipt(transfer: Transfer, request: ReceiveRequest): Transfer {
  const of = (list: ReceiveRequest['received'], sku: string) => list.find((line) => line.sku === sku)?.quantity ?? 0;
  const lines = transfer.lines.map((line) => ({
    ...line,
    received: line.received + of(request.received, line.sku),
    writtenOff: line.writtenOff + of(request.writtenOff, line.sku),
  }));
  return { ...transfer, lines, status: lines.every((line) => inTransit(line) === 0) ? 'RECEIVED' : 'SHIPPED' };
}
