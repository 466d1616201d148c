import { randomUUID } from 'node:crypto';
import type { Caller } from '@stockgraph/domain';
import { encodeCursor } from '@stockgraph/graphql-service';
import { bearer, graphqlRequest, type GraphQLResult, opsCaller, testDialects } from '@stockgraph/testing';
import { addLocations, startTestInventory, type TestInventory } from '../support/start-test-inventory';

const ops = opsCaller('test');
const atMadrid: Caller = { subject: 'staff-madrid', roles: ['store'], locations: ['madrid'] };
const alice: Caller = { subject: 'alice', roles: ['customer'], locations: [] };
const gateway: Caller = { subject: 'gateway', roles: ['service'], locations: [] };
const warehouseService: Caller = { subject: 'catalog', roles: ['service'], locations: [] };

const LOW = `query ($threshold: Int, $locationIds: [ID!], $first: Int, $after: String) {
  lowStockLevels(threshold: $threshold, locationIds: $locationIds, first: $first, after: $after) {
    edges { node { sku location { id } onHand reserved safetyStock available } }
    pageInfo { hasNextPage hasPreviousPage endCursor }
  }
}`;

interface Low {
  lowStockLevels: {
    edges: Array<{
      node: {
        sku: string;
        location: { id: string };
        onHand: number;
        reserved: number;
        safetyStock: number;
        available: number;
      };
    }>;
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
  };
}

/**
 * `lowStockLevels`: what is running out, for the ops page. Low is available at most the
 * safety stock or the threshold, whichever is larger; lowest first, then sku and location.
 */
describe.each(testDialects())('low stock levels on %s', (dialect) => {
  let inventory: TestInventory;

  beforeAll(async () => {
    // No leftover poll: its statements would show in the query counts.
    inventory = await startTestInventory(dialect, 'inventory_low_stock', { OUTBOX_POLL_MS: '60000' });
    await addLocations(inventory, [
      { id: 'madrid', priority: 1 },
      { id: 'berlin', priority: 2 },
    ]);
    const set =
      (sku: string, locationId: string, onHand: number, safetyStock = 0) =>
      async () => {
        await inventory.stock.adjust({ sku, locationId, set: onHand, reason: 'received' }, randomUUID(), ops);
        if (safetyStock > 0)
          await inventory.stock.adjust(
            { sku, locationId, quantity: 'SAFETY_STOCK', set: safetyStock, reason: 'correction' },
            randomUUID(),
            ops,
          );
      };
    for (const level of [
      set('L-A', 'madrid', 0),
      set('L-A', 'berlin', 3),
      set('L-B', 'madrid', 3),
      set('L-C', 'madrid', 5),
      set('L-D', 'madrid', 6),
      set('L-E', 'madrid', 30, 10), // available 20: above its safety stock and the threshold
      set('L-F', 'madrid', 18, 10), // available 8: above the threshold, not above its safety stock
      set('L-G', 'berlin', 10), // 7 held: available 3
      set('L-H', 'berlin', 10), // 8 held, expired: available 10
    ]) {
      await level();
    }
    await inventory.stock.reserve({ lines: [{ sku: 'L-G', locationId: 'berlin', quantity: 7 }] }, randomUUID(), ops);
    await inventory.stock.reserve(
      { lines: [{ sku: 'L-H', locationId: 'berlin', quantity: 8 }], ttlSeconds: 1 },
      randomUUID(),
      ops,
    );
    inventory.advance(2000);
  });

  afterAll(() => inventory.stop());

  const low = async (variables: Record<string, unknown>, as: Caller = ops) =>
    graphqlRequest<Low>(inventory.url, LOW, variables, await bearer(as));
  const rows = (answer: GraphQLResult<Low>) => {
    if (answer.errors) throw new Error(JSON.stringify(answer.errors));
    return answer.data?.lowStockLevels.edges.map(({ node }) => `${node.sku}@${node.location.id}:${node.available}`);
  };
  const refusals = (answer: GraphQLResult<Low>) => ({
    data: answer.data?.lowStockLevels ?? null,
    errors: (answer.errors ?? []).map(
      (error) => `${String(error.extensions?.code)} ${String(error.extensions?.field)}: ${error.message}`,
    ),
  });

  it('lists levels at or below the threshold (5 by default), lowest available first, then sku and location', async () => {
    const answer = await low({});

    expect(rows(answer)).toEqual([
      'L-A@madrid:0',
      'L-A@berlin:3',
      'L-B@madrid:3',
      'L-G@berlin:3',
      'L-C@madrid:5',
      'L-F@madrid:8',
    ]);
    expect(answer.data?.lowStockLevels.edges.find(({ node }) => node.sku === 'L-G')?.node).toEqual({
      sku: 'L-G',
      location: { id: 'berlin' },
      onHand: 10,
      reserved: 7,
      safetyStock: 0,
      available: 3,
    });
  });

  it('keeps a level low while it is at or below its safety stock, whatever the threshold', async () => {
    expect(rows(await low({ threshold: 0 }))).toEqual(['L-A@madrid:0', 'L-F@madrid:8']);
    expect(rows(await low({ threshold: 6 }))).toContain('L-D@madrid:6');
  });

  it('counts an expired hold as released: its level is low only once the threshold reaches what is really there', async () => {
    expect(rows(await low({ threshold: 9 }))).not.toContain('L-H@berlin:10');
    expect(rows(await low({ threshold: 20 }))?.slice(-3)).toEqual(['L-F@madrid:8', 'L-H@berlin:10', 'L-E@madrid:20']);
  });

  it('pages by cursor in the same order, through ties on available, in one query a page', async () => {
    const seen: string[] = [];
    const flags: boolean[][] = [];
    let after: string | null = null;
    do {
      await inventory.outbox.idle();
      const before = inventory.db.queryCount;
      const answer: GraphQLResult<Low> = await graphqlRequest<Low>(
        inventory.url,
        'query ($after: String) { lowStockLevels(first: 2, after: $after) { edges { node { sku available } } pageInfo { hasNextPage hasPreviousPage endCursor } } }',
        { after },
        await bearer(ops),
      );
      expect(inventory.db.queryCount - before).toBe(1);
      const page = answer.data?.lowStockLevels;
      if (!page) throw new Error(JSON.stringify(answer.errors));
      seen.push(...page.edges.map(({ node }) => `${node.sku}:${node.available}`));
      flags.push([page.pageInfo.hasPreviousPage, page.pageInfo.hasNextPage]);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after !== null);

    expect(seen).toEqual(['L-A:0', 'L-A:3', 'L-B:3', 'L-G:3', 'L-C:5', 'L-F:8']);
    expect(flags).toEqual([
      [false, true],
      [true, true],
      [true, false],
    ]);
  });

  it('looks only at the locations named, and store staff only at their own', async () => {
    expect(rows(await low({ locationIds: ['berlin'] }))).toEqual(['L-A@berlin:3', 'L-G@berlin:3']);
    expect(rows(await low({}, atMadrid))).toEqual(['L-A@madrid:0', 'L-B@madrid:3', 'L-C@madrid:5', 'L-F@madrid:8']);
    expect(rows(await low({ locationIds: ['madrid'] }, atMadrid))).toEqual(rows(await low({}, atMadrid)));
    expect(rows(await low({}, warehouseService))).toEqual(rows(await low({})));
  });

  it('refuses store staff naming another location, customers and anonymous callers, and reads nothing', async () => {
    const anonymous = Buffer.from(JSON.stringify({ sub: null, roles: [], locations: [] })).toString('base64url');
    const before = inventory.db.queryCount;

    const elsewhere = await low({ locationIds: ['madrid', 'berlin'] }, atMadrid);
    const customer = await low({}, alice);
    const anonymousAnswer = await graphqlRequest<Low>(
      inventory.url,
      LOW,
      {},
      { ...(await bearer(gateway)), 'stockgraph-acting-for': anonymous },
    );

    expect(inventory.db.queryCount).toBe(before);
    expect(refusals(elsewhere)).toEqual({
      data: null,
      errors: ['FORBIDDEN locationIds.1: you may act at madrid, not at berlin'],
    });
    expect(refusals(customer).errors.map((error) => error.split(' ')[0])).toEqual(['FORBIDDEN']);
    expect(refusals(anonymousAnswer).errors.map((error) => error.split(' ')[0])).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses each bound with a code that states it, before reading anything', async () => {
    const before = inventory.db.queryCount;
    const locations = (n: number) => Array.from({ length: n }, (_, i) => `loc-${i}`);

    const answers = {
      negative: await low({ threshold: -1 }),
      huge: await low({ threshold: 1_000_001 }),
      none: await low({ first: 0 }),
      tooMany: await low({ first: 101 }),
      places: await low({ locationIds: locations(101) }),
      cursor: await low({ after: encodeCursor('[1,"L-A"]') }),
    };

    expect(inventory.db.queryCount).toBe(before);
    expect(Object.fromEntries(Object.entries(answers).map(([name, answer]) => [name, refusals(answer)]))).toEqual({
      negative: {
        data: null,
        errors: ['INVALID_THRESHOLD threshold: threshold must be a whole number from 0 to 1,000,000, got -1'],
      },
      huge: {
        data: null,
        errors: ['INVALID_THRESHOLD threshold: threshold must be a whole number from 0 to 1,000,000, got 1000001'],
      },
      none: { data: null, errors: ['INVALID_PAGE_SIZE first: first must be from 1 to 100, got 0'] },
      tooMany: { data: null, errors: ['INVALID_PAGE_SIZE first: first must be from 1 to 100, got 101'] },
      places: {
        data: null,
        errors: ['TOO_MANY_LOCATIONS locationIds: lowStockLevels takes at most 100 locationIds, got 101'],
      },
      cursor: {
        data: null,
        errors: [
          `INVALID_CURSOR after: "${encodeCursor('[1,"L-A"]')}" is not a cursor from this list; pass an edge's cursor or pageInfo.endCursor`,
        ],
      },
    });
    expect(rows(await low({ threshold: 1_000_000, first: 100, locationIds: locations(100) }))).toEqual([]);
  });
});
