import { DomainError } from '@stockgraph/domain';
import { decodeCursor, decodeCursorAs, encodeCursor, pageSize, toConnection } from './connection';

describe('cursor connections', () => {
  it('round-trips cursors and refuses foreign ones with INVALID_CURSOR', () => {
    expect(decodeCursor(encodeCursor('SG-0001'))).toBe('SG-0001');
    expect(decodeCursor(encodeCursor(42))).toBe(42);
    expect(() => decodeCursor('!!not-a-cursor')).toThrow(DomainError);
    try {
      decodeCursor('e30');
    } catch (error) {
      expect((error as DomainError).code).toBe('INVALID_CURSOR');
    }
  });

  it('decodes a sort key of its own shape, and refuses any other shape with INVALID_CURSOR on the field', () => {
    const pair = (key: string | number) => (typeof key === 'string' && key.includes('|') ? key.split('|') : null);

    expect(decodeCursorAs(encodeCursor('a|b'), pair)).toEqual(['a', 'b']);
    expect(() => decodeCursorAs(encodeCursor(42), pair, 'next')).toThrow(
      expect.objectContaining({ code: 'INVALID_CURSOR', field: 'next' }),
    );
    expect(() => decodeCursorAs('!!not-a-cursor', pair)).toThrow(
      expect.objectContaining({ code: 'INVALID_CURSOR', field: 'after' }),
    );
  });

  it('bounds the page size', () => {
    expect(pageSize(undefined)).toBe(20);
    expect(pageSize(100)).toBe(100);
    expect(() => pageSize(0)).toThrow('first must be from 1 to 100, got 0');
    expect(() => pageSize(101)).toThrow('first must be from 1 to 100, got 101');
  });

  it('uses the extra row only to tell whether there is a next page', () => {
    const page = toConnection(
      [1, 2, 3],
      2,
      (n) => ({ n }),
      (n) => n,
      false,
    );
    expect(page.edges.map((e) => e.node.n)).toEqual([1, 2]);
    expect(page.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false, endCursor: encodeCursor(2) });
    expect(
      toConnection(
        [1],
        2,
        (n) => n,
        (n) => n,
        true,
      ).pageInfo,
    ).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });
});
