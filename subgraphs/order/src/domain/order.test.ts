import { OrderError, userError } from './errors';
import {
  decideCancelOrder,
  decideConfirmOrder,
  decideHoldOutcome,
  endHold,
  endPlacing,
  type Order,
  type OrderStatus,
  orderTotal,
  type PendingOrder,
  type ReservedOrder,
  statusRank,
} from './order';

const base = {
  id: 'o-1',
  customerId: 'c-1',
  reference: null,
  currency: 'EUR',
  lines: [
    { sku: 'SG-0001', quantity: 2, unitPrice: 1050 },
    { sku: 'SG-0002', quantity: 1, unitPrice: 99 },
  ],
  createdAt: 0,
  updatedAt: 0,
};
const hold = { reservationId: 'r-1', holdExpiresAt: 900_000, paymentReference: null };
const noStock = userError('INSUFFICIENT_STOCK', 'no stock', 'input.lines.0.quantity');
const expiredHold = userError('RESERVATION_EXPIRED', 'the hold expired', 'id');

const pending = (): PendingOrder => ({ ...base, status: 'PENDING' });
const reserved = (): ReservedOrder => ({ ...base, ...hold, status: 'RESERVED' });

/** An order in `status` as our transitions leave it. */
const order = (status: OrderStatus): Order => {
  switch (status) {
    case 'PENDING':
      return pending();
    case 'RESERVED':
      return reserved();
    case 'CONFIRMED':
      return { ...base, ...hold, status: 'CONFIRMED' };
    case 'CANCELLED':
      return { ...base, ...hold, status: 'CANCELLED', failure: null };
    case 'EXPIRED':
      return { ...base, ...hold, status: 'EXPIRED', failure: expiredHold };
    case 'FAILED':
      return { ...base, status: 'FAILED', failure: noStock };
  }
};

const codeOf = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    return error instanceof OrderError ? error.code : 'NOT_AN_ORDER_ERROR';
  }
  return undefined;
};

describe('order decisions', () => {
  it('totals the lines in minor units', () => {
    expect(orderTotal(order('RESERVED'))).toBe(2199);
  });

  it('confirms only a RESERVED order; a confirmed one is done; an expired one says the hold expired', () => {
    expect(decideConfirmOrder(order('RESERVED'))).toEqual({ kind: 'confirm', order: reserved() });
    expect(decideConfirmOrder(order('CONFIRMED'))).toEqual({ kind: 'done' });
    expect(decideConfirmOrder(order('EXPIRED'))).toMatchObject({
      kind: 'refuse',
      error: { code: 'RESERVATION_EXPIRED' },
    });
    for (const status of ['CANCELLED', 'FAILED'] as const) {
      expect(decideConfirmOrder(order(status))).toMatchObject({
        kind: 'refuse',
        error: { code: 'ORDER_NOT_CONFIRMABLE' },
      });
    }
    expect(codeOf(() => decideConfirmOrder(order('PENDING')))).toBe('ORDER_IN_FLIGHT');
  });

  it('cancels only a RESERVED order; a cancelled one is done; a confirmed one must be refunded', () => {
    expect(decideCancelOrder(order('RESERVED'))).toEqual({ kind: 'cancel', order: reserved() });
    expect(decideCancelOrder(order('CANCELLED'))).toEqual({ kind: 'done' });
    expect(decideCancelOrder(order('CONFIRMED'))).toMatchObject({
      kind: 'refuse',
      error: { code: 'ORDER_ALREADY_CONFIRMED' },
    });
    for (const status of ['EXPIRED', 'FAILED'] as const) {
      expect(decideCancelOrder(order(status))).toMatchObject({
        kind: 'refuse',
        error: { code: 'ORDER_NOT_CANCELLABLE' },
      });
    }
    // Its hold may exist already; cancelling before that is known could strand it.
    expect(codeOf(() => decideCancelOrder(order('PENDING')))).toBe('ORDER_IN_FLIGHT');
  });

  it('settles a RESERVED order by what inventory did with its hold', () => {
    expect(decideHoldOutcome(order('RESERVED'), 'r-1', 'EXPIRED')).toMatchObject({
      to: 'EXPIRED',
      failure: { code: 'RESERVATION_EXPIRED' },
    });
    expect(decideHoldOutcome(order('RESERVED'), 'r-1', 'RELEASED')).toMatchObject({
      to: 'CANCELLED',
      failure: { code: 'RESERVATION_RELEASED' },
    });
    expect(decideHoldOutcome(order('RESERVED'), 'r-1', 'CONFIRMED')).toMatchObject({ to: 'CONFIRMED', failure: null });
  });

  it('leaves alone an order that is not waiting on that hold', () => {
    expect(decideHoldOutcome(order('RESERVED'), 'r-other', 'EXPIRED')).toBeNull();
    for (const status of ['PENDING', 'CONFIRMED', 'CANCELLED', 'EXPIRED', 'FAILED'] as const) {
      expect(decideHoldOutcome(order(status), 'r-1', 'EXPIRED')).toBeNull();
    }
  });

  it('ends placing RESERVED with the hold, or FAILED with why', () => {
    expect(endPlacing(pending(), { kind: 'reserved', reservationId: 'r-9', holdExpiresAt: 5000 }, 42)).toEqual({
      ...base,
      status: 'RESERVED',
      reservationId: 'r-9',
      holdExpiresAt: 5000,
      paymentReference: null,
      updatedAt: 42,
    });
    expect(endPlacing(pending(), { kind: 'failed', failure: noStock }, 42)).toEqual({
      ...base,
      status: 'FAILED',
      failure: noStock,
      updatedAt: 42,
    });
  });

  it('ends a hold keeping its reservation, and keeps a noted payment when inventory confirmed on its own', () => {
    const noted: ReservedOrder = { ...reserved(), paymentReference: 'pay-noted' };
    expect(endHold(noted, { to: 'CONFIRMED', paymentReference: 'pay-2', failure: null }, 7)).toEqual({
      ...noted,
      status: 'CONFIRMED',
      paymentReference: 'pay-2',
      updatedAt: 7,
    });
    expect(endHold(noted, { to: 'CONFIRMED', paymentReference: null, failure: null }, 7)).toMatchObject({
      paymentReference: 'pay-noted',
    });
    expect(endHold(reserved(), { to: 'CANCELLED', failure: null }, 7)).toEqual({
      ...reserved(),
      status: 'CANCELLED',
      failure: null,
      updatedAt: 7,
    });
    expect(endHold(reserved(), { to: 'EXPIRED', failure: expiredHold }, 7)).toEqual({
      ...reserved(),
      status: 'EXPIRED',
      failure: expiredHold,
      updatedAt: 7,
    });
  });

  it('ranks statuses so that news of a later one is always newer', () => {
    expect(statusRank('PENDING')).toBeLessThan(statusRank('RESERVED'));
    for (const final of ['CONFIRMED', 'CANCELLED', 'EXPIRED', 'FAILED'] as const) {
      expect(statusRank('RESERVED')).toBeLessThan(statusRank(final));
    }
  });
});
