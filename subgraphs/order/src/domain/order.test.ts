import { OrderError } from './errors';
import {
  decideCancelOrder,
  decideConfirmOrder,
  decideHoldOutcome,
  MAX_ORDER_LINES,
  Order,
  OrderStatus,
  orderTotal,
  statusRank,
  validatePlaceOrder,
} from './order';

const order = (status: OrderStatus, reservationId: string | null = 'r-1'): Order => ({
  id: 'o-1',
  customerId: 'c-1',
  status,
  reference: null,
  currency: 'EUR',
  lines: [
    { sku: 'SG-0001', quantity: 2, unitPrice: 1050 },
    { sku: 'SG-0002', quantity: 1, unitPrice: 99 },
  ],
  reservationId,
  holdExpiresAt: null,
  paymentReference: null,
  failure: null,
  createdAt: 0,
  updatedAt: 0,
});

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
    expect(codeOf(() => validatePlaceOrder({ customerId: 'c-1', lines: [line('SG-0001', 1), line('SG-0002', 3)] }))).toBeUndefined();
  });

  it.each([
    ['no lines', { customerId: 'c', lines: [] }, 'EMPTY_ORDER'],
    ['a blank customer', { customerId: '  ', lines: [line('SG-0001', 1)] }, 'INVALID_CUSTOMER'],
    ['a zero quantity', { customerId: 'c', lines: [line('SG-0001', 0)] }, 'INVALID_QUANTITY'],
    ['a negative quantity', { customerId: 'c', lines: [line('SG-0001', -2)] }, 'INVALID_QUANTITY'],
    ['a fractional quantity', { customerId: 'c', lines: [line('SG-0001', 1.5)] }, 'INVALID_QUANTITY'],
    ['the same sku twice', { customerId: 'c', lines: [line('SG-0001', 1), line('SG-0001', 2)] }, 'DUPLICATE_LINE'],
    ['too many lines', { customerId: 'c', lines: Array.from({ length: MAX_ORDER_LINES + 1 }, (_, i) => line(`SKU-${i}`, 1)) }, 'TOO_MANY_LINES'],
    ['an overlong reference', { customerId: 'c', lines: [line('SG-0001', 1)], reference: 'x'.repeat(501) }, 'INVALID_REFERENCE'],
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

describe('order decisions', () => {
  it('totals the lines in minor units', () => {
    expect(orderTotal(order('RESERVED'))).toBe(2199);
  });

  it('confirms only a RESERVED order; a confirmed one is done; an expired one says the hold expired', () => {
    expect(decideConfirmOrder(order('RESERVED'))).toEqual({ kind: 'confirm' });
    expect(decideConfirmOrder(order('CONFIRMED'))).toEqual({ kind: 'done' });
    expect(decideConfirmOrder(order('EXPIRED'))).toMatchObject({ kind: 'refuse', error: { code: 'RESERVATION_EXPIRED' } });
    for (const status of ['CANCELLED', 'FAILED'] as const) {
      expect(decideConfirmOrder(order(status))).toMatchObject({ kind: 'refuse', error: { code: 'ORDER_NOT_CONFIRMABLE' } });
    }
    expect(codeOf(() => decideConfirmOrder(order('PENDING')))).toBe('ORDER_IN_FLIGHT');
  });

  it('cancels only a RESERVED order; a cancelled one is done; a confirmed one must be refunded', () => {
    expect(decideCancelOrder(order('RESERVED'))).toEqual({ kind: 'cancel' });
    expect(decideCancelOrder(order('CANCELLED'))).toEqual({ kind: 'done' });
    expect(decideCancelOrder(order('CONFIRMED'))).toMatchObject({ kind: 'refuse', error: { code: 'ORDER_ALREADY_CONFIRMED' } });
    for (const status of ['EXPIRED', 'FAILED'] as const) {
      expect(decideCancelOrder(order(status))).toMatchObject({ kind: 'refuse', error: { code: 'ORDER_NOT_CANCELLABLE' } });
    }
    // Its hold may exist already; cancelling before that is known could strand it.
    expect(codeOf(() => decideCancelOrder(order('PENDING')))).toBe('ORDER_IN_FLIGHT');
  });

  it('settles a RESERVED order by what inventory did with its hold', () => {
    expect(decideHoldOutcome(order('RESERVED'), 'r-1', 'EXPIRED')).toMatchObject({ to: 'EXPIRED', failure: { code: 'RESERVATION_EXPIRED' } });
    expect(decideHoldOutcome(order('RESERVED'), 'r-1', 'RELEASED')).toMatchObject({ to: 'CANCELLED', failure: { code: 'RESERVATION_RELEASED' } });
    expect(decideHoldOutcome(order('RESERVED'), 'r-1', 'CONFIRMED')).toMatchObject({ to: 'CONFIRMED', failure: null });
  });

  it('leaves alone an order that is not waiting on that hold', () => {
    expect(decideHoldOutcome(order('RESERVED'), 'r-other', 'EXPIRED')).toBeNull();
    for (const status of ['PENDING', 'CONFIRMED', 'CANCELLED', 'EXPIRED', 'FAILED'] as const) {
      expect(decideHoldOutcome(order(status), 'r-1', 'EXPIRED')).toBeNull();
    }
  });

  it('ranks statuses so that news of a later one is always newer', () => {
    expect(statusRank('PENDING')).toBeLessThan(statusRank('RESERVED'));
    for (const final of ['CONFIRMED', 'CANCELLED', 'EXPIRED', 'FAILED'] as const) {
      expect(statusRank('RESERVED')).toBeLessThan(statusRank(final));
    }
  });
});
