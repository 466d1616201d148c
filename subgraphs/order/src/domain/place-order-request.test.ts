import { OrderError } from './errors';
import { MAX_ORDER_LINES, validatePlaceOrder } from './place-order-request';

const codeOf = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    return error instanceof OrderError ? error.code : 'NOT_AN_ORDER_ERROR';
  }
  return undefined;
};

describe('validatePlaceOrder', () => {
  const line = (sku: string, quantity: number) => ({ sku, quantity });

  it('accepts a well-formed order', () => {
    expect(
      codeOf(() => validatePlaceOrder({ customerId: 'c-1', lines: [line('SG-0001', 1), line('SG-0002', 3)] })),
    ).toBeUndefined();
  });

  it.each([
    ['no lines', { customerId: 'c', lines: [] }, 'EMPTY_ORDER'],
    ['a blank customer', { customerId: '  ', lines: [line('SG-0001', 1)] }, 'INVALID_CUSTOMER'],
    ['a zero quantity', { customerId: 'c', lines: [line('SG-0001', 0)] }, 'INVALID_QUANTITY'],
    ['a negative quantity', { customerId: 'c', lines: [line('SG-0001', -2)] }, 'INVALID_QUANTITY'],
    ['a fractional quantity', { customerId: 'c', lines: [line('SG-0001', 1.5)] }, 'INVALID_QUANTITY'],
    ['the same sku twice', { customerId: 'c', lines: [line('SG-0001', 1), line('SG-0001', 2)] }, 'DUPLICATE_LINE'],
    [
      'too many lines',
      { customerId: 'c', lines: Array.from({ length: MAX_ORDER_LINES + 1 }, (_, i) => line(`SKU-${i}`, 1)) },
      'TOO_MANY_LINES',
    ],
    [
      'an overlong reference',
      { customerId: 'c', lines: [line('SG-0001', 1)], reference: 'x'.repeat(501) },
      'INVALID_REFERENCE',
    ],
  ])('refuses %s', (_name, request, code) => {
    expect(codeOf(() => validatePlaceOrder(request))).toBe(code);
  });

  it('names the offending line in the error field', () => {
    try {
      validatePlaceOrder({ customerId: 'c', lines: [line('SG-0001', 1), line('SG-0002', 0)] });
      throw new Error('accepted');
    } catch (error) {
      expect((error as OrderError).field).toBe('input.lines.1.quantity');
    }
  });
});
