import { assertSku } from '@stockgraph/domain';
import { InventoryError } from './errors';

/** Lines of a transfer or a purchase order: how many, and how many units each. */
export const STOCK_LINE_LIMITS = { maxLines: 100, maxQuantity: 1_000_000 } as const;

/** Throws unless `lines` are 1 (or 0, when they may be empty) to 100, each sku once, each 1 to 1,000,000 units. */
export function validateStockLines(
  lines: ReadonlyArray<{ sku: string; quantity: number }>,
  field: string,
  mayBeEmpty: boolean,
): void {
  if ((!mayBeEmpty && lines.length === 0) || lines.length > STOCK_LINE_LIMITS.maxLines)
    throw new InventoryError(
      'TOO_MANY_LINES',
      `give ${mayBeEmpty ? 0 : 1} to ${STOCK_LINE_LIMITS.maxLines} lines`,
      field,
    );
  const seen = new Set<string>();
  lines.forEach((line, i) => {
    assertSku(line.sku, `${field}.${i}.sku`);
    if (seen.has(line.sku))
      throw new InventoryError('DUPLICATE_LINE', `${line.sku} is named twice: one line per sku`, `${field}.${i}.sku`);
    seen.add(line.sku);
    if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > STOCK_LINE_LIMITS.maxQuantity)
      throw new InventoryError(
        'INVALID_QUANTITY',
        `quantity must be a whole number from 1 to ${STOCK_LINE_LIMITS.maxQuantity}, got ${line.quantity}`,
        `${field}.${i}.quantity`,
      );
  });
}
