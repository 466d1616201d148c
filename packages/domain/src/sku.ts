import { DomainError } from './domain-error';

/**
 * What every service accepts as a sku: 1–64 letters, digits and `. _ : -`, starting with
 * a letter or digit. ASCII only, so byte order (the database's) and string order (the
 * code's) agree when rows are locked in sku order.
 */
const SKU = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

export function isSku(value: string): boolean {
  return SKU.test(value);
}

/** Throws INVALID_SKU (bad input) naming `field` unless `value` is a sku. */
export function assertSku(value: string, field: string): void {
  if (!isSku(value)) {
    throw new DomainError(
      'INVALID_SKU',
      `"${value}" is not a sku: use 1-64 letters, digits, '.', '_', ':' or '-', starting with a letter or digit`,
      field,
    );
  }
}
