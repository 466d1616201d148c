import { DomainError } from './domain-error';
import { assertSku } from './sku';

/** A line of a sale at a store's till, as the till asks for it. */
export interface SaleLineRequest {
  sku: string;
  quantity: number;
}

export const MAX_SALE_LINES = 100;
export const MAX_SALE_QUANTITY = 100_000;
const SALE_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

/**
 * Throws for a malformed sale, with the field at fault; the store's till and the centre
 * apply the same rule, so a sale the till accepted is never refused centrally for its shape.
 */
export function validateSale(saleId: string, lines: readonly SaleLineRequest[]): void {
  assertTillId(saleId, 'saleId');
  validateLines(lines);
}

/** As `validateSale`, for a return of (some of) a sale's lines under the till's own return id. */
export function validateReturn(returnId: string, saleId: string, lines: readonly SaleLineRequest[]): void {
  assertTillId(returnId, 'returnId');
  assertTillId(saleId, 'saleId');
  validateLines(lines);
}

function assertTillId(id: string, field: string): void {
  if (!SALE_ID.test(id)) {
    throw new DomainError(
      field === 'returnId' ? 'INVALID_RETURN_ID' : 'INVALID_SALE_ID',
      `${field === 'returnId' ? 'a return' : 'a sale'} id is 1-64 letters, digits, '.', '_', ':' or '-', starting with a letter or digit`,
      field,
    );
  }
}

function validateLines(lines: readonly SaleLineRequest[]): void {
  if (lines.length === 0) throw new DomainError('EMPTY_REQUEST', 'a sale needs at least one line', 'lines');
  if (lines.length > MAX_SALE_LINES)
    throw new DomainError('TOO_MANY_LINES', `at most ${MAX_SALE_LINES} lines per sale, got ${lines.length}`, 'lines');
  const seen = new Map<string, number>();
  lines.forEach((line, i) => {
    assertSku(line.sku, `lines.${i}.sku`);
    const earlier = seen.get(line.sku);
    if (earlier !== undefined)
      throw new DomainError(
        'DUPLICATE_LINE',
        `lines ${earlier} and ${i} both sell ${line.sku}; combine them`,
        `lines.${i}.sku`,
      );
    seen.set(line.sku, i);
    if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_SALE_QUANTITY) {
      throw new DomainError(
        'INVALID_QUANTITY',
        `a sale line sells a whole number from 1 to ${MAX_SALE_QUANTITY}, got ${line.quantity}`,
        `lines.${i}.quantity`,
      );
    }
  });
}

/** True when a sale id sent again carries the same lines (in any order) as the sale recorded under it. */
export function sameSaleLines(recorded: readonly SaleLineRequest[], lines: readonly SaleLineRequest[]): boolean {
  const asked = new Map(lines.map((line) => [line.sku, line.quantity]));
  return recorded.length === asked.size && recorded.every((line) => asked.get(line.sku) === line.quantity);
}

/** The error for a sale id reused with other lines. */
export function saleIdReused(saleId: string, where: string): DomainError {
  return new DomainError(
    'SALE_ID_REUSED',
    `sale ${saleId} was already recorded at ${where} with other lines; a new sale needs a new id`,
    'saleId',
  );
}

/** The error for a return id reused for another sale or other lines. */
export function returnIdReused(returnId: string, where: string): DomainError {
  return new DomainError(
    'RETURN_ID_REUSED',
    `return ${returnId} was already recorded at ${where} for another sale or other lines; a new return needs a new id`,
    'returnId',
  );
}

/**
 * Lines of a return that take back more of a sku than the sale sold, counting what was
 * returned before: each with what may still come back. Empty when the return fits.
 */
export function returnOverruns(
  sold: ReadonlyMap<string, number>,
  returnedBefore: ReadonlyMap<string, number>,
  lines: readonly SaleLineRequest[],
): Array<{ index: number; sku: string; returnable: number }> {
  return lines.flatMap((line, index) => {
    const returnable = Math.max(0, (sold.get(line.sku) ?? 0) - (returnedBefore.get(line.sku) ?? 0));
    return line.quantity > returnable ? [{ index, sku: line.sku, returnable }] : [];
  });
}
