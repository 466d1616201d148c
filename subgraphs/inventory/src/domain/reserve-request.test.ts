import { DomainError } from '@stockgraph/shared/domain';
import { type ReserveRequest, validateReserveRequest } from './reserve-request';

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
    });
  });

  it.each<[string, ReserveRequest, { code: string; field?: string }]>([
    ['no lines', { lines: [] }, { code: 'EMPTY_REQUEST', field: 'input.lines' }],
    ['too many lines', { lines: ['a', 'b', 'c', 'd'].map((sku) => ({ sku, quantity: 1 })) }, { code: 'TOO_MANY_LINES', field: 'input.lines' }],
    ['zero quantity', { lines: [{ sku: 'A', quantity: 0 }] }, { code: 'INVALID_QUANTITY', field: 'input.lines.0.quantity' }],
    ['negative quantity', { lines: [{ sku: 'A', quantity: -3 }] }, { code: 'INVALID_QUANTITY', field: 'input.lines.0.quantity' }],
    ['absurd quantity', { lines: [{ sku: 'A', quantity: 101 }] }, { code: 'INVALID_QUANTITY', field: 'input.lines.0.quantity' }],
    ['bad sku', { lines: [{ sku: ' drop table', quantity: 1 }] }, { code: 'INVALID_SKU', field: 'input.lines.0.sku' }],
    [
      'the same sku twice at the same place',
      { lines: [{ sku: 'A', quantity: 1 }, { sku: 'A', quantity: 2 }] },
      { code: 'DUPLICATE_LINE', field: 'input.lines.1' },
    ],
    ['a TTL too long', { lines: [{ sku: 'A', quantity: 1 }], ttlSeconds: 3601 }, { code: 'INVALID_TTL', field: 'input.ttlSeconds' }],
    ['a TTL of zero', { lines: [{ sku: 'A', quantity: 1 }], ttlSeconds: 0 }, { code: 'INVALID_TTL', field: 'input.ttlSeconds' }],
    ['a huge reference', { lines: [{ sku: 'A', quantity: 1 }], reference: 'x'.repeat(501) }, { code: 'INVALID_REFERENCE', field: 'input.reference' }],
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
