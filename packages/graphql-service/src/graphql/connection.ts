import { ClassType, Field, ObjectType } from 'type-graphql';
import { DomainError } from '@stockgraph/domain';
import { PageInfo } from './page-info.type';

export type PaginationErrorCode = 'INVALID_CURSOR' | 'INVALID_PAGE_SIZE';

export interface Edge<Node> {
  node: Node;
  cursor: string;
}

export interface Connection<Node> {
  edges: Edge<Node>[];
  pageInfo: PageInfo;
}

/**
 * Declares `<Name>Connection` and `<Name>Edge` object types for a node type:
 * `@ObjectType() class ProductConnection extends ConnectionType(Product, 'Product') {}`.
 */
export function ConnectionType<Node extends object>(nodeType: ClassType<Node>, name: string) {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field(() => nodeType)
    node!: Node;

    @Field({ description: 'Pass as `after` to fetch what follows this edge.' })
    cursor!: string;
  }

  @ObjectType()
  abstract class ConnectionClass {
    @Field(() => [EdgeType])
    edges!: EdgeType[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;
  }
  return ConnectionClass;
}

/** Cursors are opaque to clients: base64url of the sort key of the row they point at. */
export function encodeCursor(sortKey: string | number): string {
  return Buffer.from(JSON.stringify(sortKey), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, field = 'after'): string | number {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof value === 'string' || typeof value === 'number') return value;
  } catch {
    // reported below
  }
  throw invalidCursor(cursor, field);
}

/**
 * Decodes a cursor whose sort key has a shape of its own (a tuple such as `[available,
 * sku, location]`): `parse` answers null for a key of any other shape, which is refused
 * like a cursor that is not one at all.
 */
export function decodeCursorAs<Key>(
  cursor: string,
  parse: (sortKey: string | number) => Key | null,
  field = 'after',
): Key {
  const key = parse(decodeCursor(cursor, field));
  if (key === null) throw invalidCursor(cursor, field);
  return key;
}

function invalidCursor(cursor: string, field: string): DomainError<PaginationErrorCode> {
  return new DomainError<PaginationErrorCode>(
    'INVALID_CURSOR',
    `"${cursor}" is not a cursor from this list; pass an edge's cursor or pageInfo.endCursor`,
    field,
  );
}

/** Checks `first` and returns the number of rows to fetch (one extra, to learn whether more exist). */
export function pageSize(first: number | undefined | null, defaultSize = 20, max = 100): number {
  const size = first ?? defaultSize;
  if (!Number.isInteger(size) || size < 1 || size > max) {
    throw new DomainError<PaginationErrorCode>(
      'INVALID_PAGE_SIZE',
      `first must be from 1 to ${max}, got ${String(first)}`,
      'first',
    );
  }
  return size;
}

/** Turns `size + 1` fetched rows into a connection of at most `size` edges. */
export function toConnection<Row, Node>(
  rows: readonly Row[],
  size: number,
  toNode: (row: Row) => Node,
  sortKey: (row: Row) => string | number,
  hasPrevious: boolean,
): Connection<Node> {
  const page = rows.slice(0, size);
  const edges = page.map((row) => ({ node: toNode(row), cursor: encodeCursor(sortKey(row)) }));
  return {
    edges,
    pageInfo: Object.assign(new PageInfo(), {
      hasNextPage: rows.length > size,
      hasPreviousPage: hasPrevious,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    }),
  };
}
