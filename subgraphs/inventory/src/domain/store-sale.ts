import { assertSku } from '@stockgraph/shared/domain';
import { InventoryError } from './errors';

/** A sale made at a store's till, as recorded centrally. */
export interface StoreSale {
  /** The till's own id for the sale: the sale is recorded once per (location, id), however often it is sent. */
  id: string;
  locationId: string;
  lines: StoreSaleLine[];
  actor: string;
  /** Epoch ms. */
  recordedAt: number;
}

export interface StoreSaleLine {
  sku: string;
  quantity: number;
  /** Units taken from the store's allowance; the rest came from the location's free stock. */
  fromAllowance: number;
}

export interface SaleLineRequest {
  sku: string;
  quantity: number;
}

export const MAX_SALE_LINES = 100;
export const MAX_SALE_QUANTITY = 100_000;
const SALE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

/** Throws for a malformed sale; nothing is read before this passes. */
export function validateSale(saleId: string, lines: readonly SaleLineRequest[]): void {
  if (!SALE_ID.test(saleId)) {
    throw new InventoryError('INVALID_SALE_ID', "a sale id is 1-64 letters, digits, '.', '_', ':' or '-', starting with a letter or digit", 'saleId');
  }
  if (lines.length === 0) throw new InventoryError('EMPTY_REQUEST', 'a sale needs at least one line', 'lines');
  if (lines.length > MAX_SALE_LINES) throw new InventoryError('TOO_MANY_LINES', `at most ${MAX_SALE_LINES} lines per sale, got ${lines.length}`, 'lines');
  const seen = new Map<string, number>();
  lines.forEach((line, i) => {
    assertSku(line.sku, `lines.${i}.sku`);
    const earlier = seen.get(line.sku);
    if (earlier !== undefined) throw new InventoryError('DUPLICATE_LINE', `lines ${earlier} and ${i} both sell ${line.sku}; combine them`, `lines.${i}.sku`);
    seen.set(line.sku, i);
    if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_SALE_QUANTITY) {
      throw new InventoryError('INVALID_QUANTITY', `a sale line sells a whole number from 1 to ${MAX_SALE_QUANTITY}, got ${line.quantity}`, `lines.${i}.quantity`);
    }
  });
}

/**
 * Where a line's units come from: the store's allowance first, then the location's free
 * stock. Null when together they cannot cover it.
 */
export function saleSources(quantity: number, allowance: number, available: number): { fromAllowance: number; fromStock: number } | null {
  const fromAllowance = Math.min(quantity, allowance);
  const fromStock = quantity - fromAllowance;
  return fromStock <= available ? { fromAllowance, fromStock } : null;
}

/** True when a repeated sale id carries the same lines as the sale recorded under it. */
export function sameSale(recorded: Pick<StoreSale, 'lines'>, lines: readonly SaleLineRequest[]): boolean {
  const asked = new Map(lines.map((line) => [line.sku, line.quantity]));
  return recorded.lines.length === asked.size && recorded.lines.every((line) => asked.get(line.sku) === line.quantity);
}
