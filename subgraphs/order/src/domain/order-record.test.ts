import { userError } from './errors';
import type { Order } from './order';
import { InvalidOrderRecordError, orderFromRecord, type OrderRecord, toOrderRecord } from './order-record';

const record = (fields: Partial<OrderRecord>): OrderRecord => ({
  id: 'o-1',
  customerId: 'c-1',
  status: 'PENDING',
  reference: null,
  currency: 'EUR',
  lines: [{ sku: 'SG-0001', quantity: 1, unitPrice: 100 }],
  reservationId: null,
  holdExpiresAt: null,
  paymentReference: null,
  failure: null,
  createdAt: 1,
  updatedAt: 2,
  ...fields,
});
const failure = userError('RESERVATION_EXPIRED', 'the hold expired', 'id');
const hold = { reservationId: 'r-1', holdExpiresAt: 9000, paymentReference: 'pay-1' };

describe('order records', () => {
  it.each([
    ['PENDING', record({})],
    ['RESERVED', record({ status: 'RESERVED', ...hold })],
    ['CONFIRMED', record({ status: 'CONFIRMED', ...hold })],
    ['CANCELLED by the shopper', record({ status: 'CANCELLED', ...hold })],
    [
      'CANCELLED in inventory',
      record({ status: 'CANCELLED', ...hold, failure: userError('RESERVATION_RELEASED', 'released', 'id') }),
    ],
    ['EXPIRED', record({ status: 'EXPIRED', ...hold, failure })],
    [
      'FAILED',
      record({ status: 'FAILED', failure: userError('INSUFFICIENT_STOCK', 'no stock', 'input.lines.0.quantity') }),
    ],
  ])('reads a %s record back as it was written', (_name, written) => {
    expect(toOrderRecord(orderFromRecord(written))).toEqual(written);
  });

  it('gives a held order its reservation, and a pending one none', () => {
    const reserved: Order = orderFromRecord(record({ status: 'RESERVED', ...hold }));
    expect(reserved).toMatchObject({ status: 'RESERVED', reservationId: 'r-1', holdExpiresAt: 9000 });
    expect(orderFromRecord(record({}))).not.toHaveProperty('reservationId');
  });

  it('treats what an event leaves out as null', () => {
    const { paymentReference: _absent, ...withoutPayment } = record({ status: 'RESERVED', ...hold });
    expect(orderFromRecord(withoutPayment as OrderRecord)).toMatchObject({ paymentReference: null });
  });

  it.each([
    ['a RESERVED order without its reservation', record({ status: 'RESERVED', holdExpiresAt: 9000 })],
    ['a CONFIRMED order without its hold expiry', record({ status: 'CONFIRMED', reservationId: 'r-1' })],
    ['an EXPIRED order without why', record({ status: 'EXPIRED', ...hold })],
    ['a FAILED order without why', record({ status: 'FAILED' })],
  ])('refuses %s', (_name, invalid) => {
    expect(() => orderFromRecord(invalid)).toThrow(InvalidOrderRecordError);
  });
});
