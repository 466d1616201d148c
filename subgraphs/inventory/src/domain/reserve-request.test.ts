import { DomainError } from '@stockgraph/domain';
import { type ReserveRequest, reserveRequestIdentity, validateReserveRequest } from './reserve-request';

const limits = { maxLines: 3, maxQuantityPerLine: 100, defaultTtlSeconds: 900, minTtlSeconds: 1, maxTtlSeconds: 3600 };

function codeOf(request: ReserveRequest): { code: string; field?: string } {
  try {
    validateReserveRequest(request, limits);
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, ...(error.field ? { field: error.field } : {}) };
    throw error;
  }
  return { code: 'OK' };
}

describe('validateReserveRequest', () => {
  it('applies the default TTL and keeps each line index', () => {
    expect(validateReserveRequest({ lines: [{ sku: 'SG-1', quantity: 2 }] }, limits)).toEqual({
      lines: [{ index: 0, sku: 'SG-1', quantity: 2, locationId: null }],
      ttlSeconds: 900,
      reference: null,
      region: null,
      customerId: null,
    });
  });

  it('refuses a customerId a token subject could never be (surrounding whitespace, control characters)', () => {
    for (const customerId of [' alice', 'alice\n', 'alice\u0000', '\u001b[2Jalice']) {
      expect(() => validateReserveRequest({ lines: [{ sku: 'SG-1', quantity: 1 }], customerId }, limits)).toThrow(
        expect.objectContaining({ code: 'INVALID_CUSTOMER', field: 'input.customerId' }),
      );
    }
    expect(
      validateReserveRequest({ lines: [{ sku: 'SG-1', quantity: 1 }], customerId: 'alice' }, limits).customerId,
    ).toBe('alice');
  });

  it.each<[string, ReserveRequest, { code: string; field?: string }]>([
    ['no lines', { lines: [] }, { code: 'EMPTY_REQUEST', field: 'input.lines' }],
    [
      'too many lines',
      { lines: ['a', 'b', 'c', 'd'].map((sku) => ({ sku, quantity: 1 })) },
      { code: 'TOO_MANY_LINES', field: 'input.lines' },
    ],
    [
      'zero quantity',
      { lines: [{ sku: 'A', quantity: 0 }] },
      { code: 'INVALID_QUANTITY', field: 'input.lines.0.quantity' },
    ],
    [
      'negative quantity',
      { lines: [{ sku: 'A', quantity: -3 }] },
      { code: 'INVALID_QUANTITY', field: 'input.lines.0.quantity' },
    ],
    [
      'absurd quantity',
      { lines: [{ sku: 'A', quantity: 101 }] },
      { code: 'INVALID_QUANTITY', field: 'input.lines.0.quantity' },
    ],
    ['bad sku', { lines: [{ sku: ' drop table', quantity: 1 }] }, { code: 'INVALID_SKU', field: 'input.lines.0.sku' }],
    [
      'the same sku twice at the same place',
      {
        lines: [
          { sku: 'A', quantity: 1 },
          { sku: 'A', quantity: 2 },
        ],
      },
      { code: 'DUPLICATE_LINE', field: 'input.lines.1' },
    ],
    [
      'a TTL too long',
      { lines: [{ sku: 'A', quantity: 1 }], ttlSeconds: 3601 },
      { code: 'INVALID_TTL', field: 'input.ttlSeconds' },
    ],
    [
      'a TTL of zero',
      { lines: [{ sku: 'A', quantity: 1 }], ttlSeconds: 0 },
      { code: 'INVALID_TTL', field: 'input.ttlSeconds' },
    ],
    [
      'a huge reference',
      { lines: [{ sku: 'A', quantity: 1 }], reference: 'x'.repeat(501) },
      { code: 'INVALID_REFERENCE', field: 'input.reference' },
    ],
    [
      'an empty customerId',
      { lines: [{ sku: 'A', quantity: 1 }], customerId: '' },
      { code: 'INVALID_CUSTOMER', field: 'input.customerId' },
    ],
    [
      'a customerId over 128 characters',
      { lines: [{ sku: 'A', quantity: 1 }], customerId: 'c'.repeat(129) },
      { code: 'INVALID_CUSTOMER', field: 'input.customerId' },
    ],
    [
      'a customerId with a line break',
      { lines: [{ sku: 'A', quantity: 1 }], customerId: 'alice\nbob' },
      { code: 'INVALID_CUSTOMER', field: 'input.customerId' },
    ],
  ])('refuses %s', (_name, request, expected) => {
    expect(codeOf(request)).toEqual(expected);
  });

  it('accepts one sku at two different locations', () => {
    expect(
      codeOf({
        lines: [
          { sku: 'A', quantity: 1, locationId: 'madrid' },
          { sku: 'A', quantity: 1 },
        ],
      }),
    ).toEqual({ code: 'OK' });
  });
});

describe('reserveRequestIdentity', () => {
  const lines = [{ sku: 'A', quantity: 1 }];

  it('tells requests for different customers apart, so one key cannot hold for two', () => {
    expect(reserveRequestIdentity({ lines, customerId: 'alice' })).not.toEqual(
      reserveRequestIdentity({ lines, customerId: 'bob' }),
    );
    expect(reserveRequestIdentity({ lines, customerId: 'alice' })).not.toEqual(reserveRequestIdentity({ lines }));
  });

  it('is, without a customer, what it was before customers were recorded, so stored keys still match their retries', () => {
    const before = {
      lines: [{ sku: 'A', quantity: 1, locationId: null }],
      ttlSeconds: null,
      reference: null,
      region: null,
    };

    expect(reserveRequestIdentity({ lines })).toStrictEqual(before);
    expect(reserveRequestIdentity({ lines, customerId: null })).toStrictEqual(before);
  });
});
