import { textProblem, UnreachableCaseError } from '@stockgraph/domain';
import { InventoryError, userError, type UserError } from './errors';
import { validateStockLines } from './stock-lines';

/** OPEN until every expected unit is received (RECEIVED), or closed short with a reason (CLOSED). */
export type PurchaseOrderStatus = 'OPEN' | 'RECEIVED' | 'CLOSED';

export interface PurchaseOrderLine {
  sku: string;
  expected: number;
  received: number;
}

export interface PurchaseOrder {
  id: string;
  locationId: string;
  supplierReference: string;
  /** When the supplier said it would arrive, epoch ms. */
  expectedAt: number;
  status: PurchaseOrderStatus;
  closeReason: string | null;
  createdBy: string;
  lines: PurchaseOrderLine[];
  createdAt: number;
  updatedAt: number;
}

export interface CreatePurchaseOrderRequest {
  locationId: string;
  supplierReference: string;
  expectedAt: number;
  lines: ReadonlyArray<{ sku: string; quantity: number }>;
}

/** Expected units not yet received: what the order still counts as incoming. */
export const outstanding = (line: PurchaseOrderLine): number => Math.max(0, line.expected - line.received);

const MAX_TEXT = 200;

/** Throws for a malformed purchase order. */
export function validatePurchaseOrder(request: CreatePurchaseOrderRequest): void {
  const problem = textProblem(request.supplierReference, MAX_TEXT);
  if (problem) throw new InventoryError('INVALID_REFERENCE', `supplierReference ${problem}`, 'input.supplierReference');
  validateStockLines(request.lines, 'input.lines', false);
  if (!Number.isFinite(request.expectedAt))
    throw new InventoryError(
      'INVALID_TIME',
      'expectedAt must be a time, such as 2026-12-24T09:00:00Z',
      'input.expectedAt',
    );
}

/** Throws for a reason that is blank, too long or holds control characters. */
export function requireReason(reason: string, field: string): void {
  const problem = textProblem(reason, MAX_TEXT);
  if (problem) throw new InventoryError('INVALID_REASON', `${field} ${problem}`, field);
}

/** Whether an order may still take receipts or be closed: null when it may, else the user error. */
export function purchaseOrderOpenProblem(order: PurchaseOrder): UserError | null {
  switch (order.status) {
    case 'OPEN':
      return null;
    case 'RECEIVED':
    case 'CLOSED':
      return userError('PURCHASE_ORDER_ENDED', `purchase order ${order.id} is ${order.status}: create a new one`, 'id');
    default:
      throw new UnreachableCaseError(order.status);
  }
}

/**
 * The receipt's user errors: a sku the order lacks, or more than it still expects without
 * a reason for the over-receipt (the supplier sent more; it is taken in, with the reason).
 */
export function receiptProblems(
  order: PurchaseOrder,
  lines: ReadonlyArray<{ sku: string; quantity: number }>,
  overReason: string | null,
): UserError[] {
  return lines.flatMap((line, i) => {
    const ordered = order.lines.find((candidate) => candidate.sku === line.sku);
    if (!ordered)
      return [
        userError('PURCHASE_ORDER_LINE_UNKNOWN', `purchase order ${order.id} has no ${line.sku}`, `lines.${i}.sku`),
      ];
    if (line.quantity > outstanding(ordered) && overReason === null)
      return [
        userError(
          'OVER_RECEIPT',
          `${outstanding(ordered)} units of ${line.sku} are still expected, ${line.quantity} received: give overReason to take in more than ordered`,
          `lines.${i}.quantity`,
        ),
      ];
    return [];
  });
}

/** The order after a receipt: RECEIVED once nothing is outstanding. */
export function afterPurchaseReceipt(
  order: PurchaseOrder,
  lines: ReadonlyArray<{ sku: string; quantity: number }>,
): PurchaseOrder {
  const next = order.lines.map((line) => ({
    ...line,
    received: line.received + (lines.find((receipt) => receipt.sku === line.sku)?.quantity ?? 0),
  }));
  return { ...order, lines: next, status: next.every((line) => outstanding(line) === 0) ? 'RECEIVED' : 'OPEN' };
}
