import { randomUUID } from 'node:crypto';
import type { Caller } from '@stockgraph/domain';
import { bearer, graphqlRequest, type GraphQLResult, opsCaller, testDialects } from '@stockgraph/testing';
import { encodeCursor } from '@stockgraph/graphql-service';
import { addLocations, startTestInventory, type TestInventory } from '../support/start-test-inventory';

const ops = opsCaller('test');
const atMadrid: Caller = { subject: 'staff-madrid', roles: ['store'], locations: ['madrid'] };
const atBerlin: Caller = { subject: 'staff-berlin', roles: ['store'], locations: ['berlin'] };
const atBoth: Caller = { subject: 'staff-both', roles: ['store'], locations: ['madrid', 'berlin'] };
const alice: Caller = { subject: 'alice', roles: ['customer'], locations: [] };
const gateway: Caller = { subject: 'gateway', roles: ['service'], locations: [] };
const orderService: Caller = { subject: 'order', roles: ['service'], locations: [] };

const LIST = `query ($status: ReservationStatus, $locationId: ID, $sku: ID, $first: Int, $after: String) {
  reservations(status: $status, locationId: $locationId, sku: $sku, first: $first, after: $after) {
    edges { cursor node { id status lines { sku quantity } } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

interface Listing {
  reservations: {
    edges: Array<{
      cursor: string;
      node: { id: string; status: string; lines: Array<{ sku: string; quantity: number }> };
    }>;
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  };
}

/**
 * `reservations`: holds newest first for the ops and store pages, filtered by status (as
 * availability counts it), location and sku, paged by cursor; store staff see the holds
 * wholly at their own locations, the rule that shows them one hold.
 */
describe.each(testDialects())('listing reservations on %s', (dialect) => {
  let inventory: TestInventory;
  /** Hold ids by name, made in this order, one millisecond apart. */
  const hold: Record<string, string> = {};

  beforeAll(async () => {
    // No leftover poll: its statements would show in the query counts.
    inventory = await startTestInventory(dialect, 'inventory_reservation_list', { OUTBOX_POLL_MS: '60000' });
    await addLocations(inventory, [
      { id: 'madrid', priority: 1 },
      { id: 'berlin', priority: 2 },
      { id: 'lisbon', priority: 3 },
    ]);
    for (const sku of ['R-A', 'R-B']) {
      for (const locationId of ['madrid', 'berlin', 'lisbon']) {
        await inventory.stock.adjust({ sku, locationId, set: 100, reason: 'received' }, randomUUID(), ops);
      }
    }
    const take = async (name: string, lines: Array<[string, string]>, ttlSeconds = 3600) => {
      inventory.advance(1);
      const { reservation } = await inventory.stock.reserve(
        { lines: lines.map(([sku, locationId]) => ({ sku, locationId, quantity: 1 })), ttlSeconds },
        randomUUID(),
        ops,
      );
      if (!reservation) throw new Error(`hold ${name} was not made`);
      hold[name] = reservation.id;
    };
    await take('madridA', [['R-A', 'madrid']]);
    await take('berlinB', [['R-B', 'berlin']]);
    await take('split', [
      ['R-A', 'madrid'],
      ['R-B', 'berlin'],
    ]);
    await take('confirmed', [['R-A', 'madrid']]);
    await take('released', [['R-B', 'madrid']]);
    await take('swept', [['R-A', 'lisbon']], 1);
    await inventory.stock.confirm(hold.confirmed ?? '', null, ops);
    await inventory.stock.release(hold.released ?? '', null, ops);
    inventory.advance(2000);
    expect(await inventory.sweeper.sweep()).toBe(1);
    // Expires too, but is not swept: its row still says ACTIVE, as when the sweeper is late.
    await take('lapsed', [['R-A', 'berlin']], 1);
    inventory.advance(2000);
  });

  afterAll(() => inventory.stop());

  const list = async (variables: Record<string, unknown>, as: Caller = ops) =>
    graphqlRequest<Listing>(inventory.url, LIST, variables, await bearer(as));
  const ids = (answer: GraphQLResult<Listing>) => {
    if (answer.errors) throw new Error(JSON.stringify(answer.errors));
    return answer.data?.reservations.edges.map((edge) => edge.node.id);
  };
  const named = (...names: string[]) => names.map((name) => hold[name]);
  const refusal = (answer: GraphQLResult<Listing>) => ({
    data: answer.data?.reservations ?? null,
    errors: (answer.errors ?? []).map((error) => ({
      code: error.extensions?.code,
      field: error.extensions?.field,
      message: error.message,
    })),
  });

  it('lists active holds newest first by default, with their lines, in one query', async () => {
    await inventory.outbox.idle();
    const before = inventory.db.queryCount;

    const answer = await list({});

    expect(inventory.db.queryCount - before).toBe(1);
    expect(ids(answer)).toEqual(named('split', 'berlinB', 'madridA'));
    expect(answer.data?.reservations.edges[0]?.node).toEqual({
      id: hold.split,
      status: 'ACTIVE',
      lines: [
        { sku: 'R-A', quantity: 1 },
        { sku: 'R-B', quantity: 1 },
      ],
    });
  });

  it('filters by status as availability counts it: a hold past its expiry is EXPIRED, swept or not', async () => {
    const expired = await list({ status: 'EXPIRED' });
    const stored = await inventory.db.read((sql) =>
      sql.select<{ status: string }>('SELECT status FROM reservations WHERE id = ?', [hold.lapsed]),
    );

    expect(ids(await list({ status: 'CONFIRMED' }))).toEqual(named('confirmed'));
    expect(ids(await list({ status: 'RELEASED' }))).toEqual(named('released'));
    expect(expired.data?.reservations.edges.map((edge) => [edge.node.id, edge.node.status])).toEqual([
      [hold.lapsed, 'EXPIRED'],
      [hold.swept, 'EXPIRED'],
    ]);
    expect(stored).toEqual([{ status: 'ACTIVE' }]);
  });

  it('filters by location and sku: a hold with such a line, and with both, one line with both', async () => {
    expect(ids(await list({ locationId: 'madrid' }))).toEqual(named('split', 'madridA'));
    expect(ids(await list({ sku: 'R-B' }))).toEqual(named('split', 'berlinB'));
    expect(ids(await list({ sku: 'R-B', locationId: 'berlin' }))).toEqual(named('split', 'berlinB'));
    expect(ids(await list({ sku: 'R-A', locationId: 'berlin' }))).toEqual([]);
    expect(ids(await list({ sku: 'R-A', locationId: 'berlin', status: 'EXPIRED' }))).toEqual(named('lapsed'));
  });

  it('pages by cursor: each page continues where the last ended, and says whether more follow', async () => {
    const pages: Listing['reservations'][] = [];
    let after: string | null = null;
    do {
      const answer: GraphQLResult<Listing> = await list({ first: 1, after });
      const page = answer.data?.reservations;
      if (!page) throw new Error(JSON.stringify(answer.errors));
      pages.push(page);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after !== null);

    expect(pages.map((page) => page.edges.map((edge) => edge.node.id))).toEqual([
      named('split'),
      named('berlinB'),
      named('madridA'),
    ]);
    expect(pages.map((page) => [page.pageInfo.hasPreviousPage, page.pageInfo.hasNextPage])).toEqual([
      [false, true],
      [true, true],
      [true, false],
    ]);
    expect(ids(await list({ first: 2, after: pages[0]?.pageInfo.endCursor }))).toEqual(named('berlinB', 'madridA'));
  });

  it('shows store staff only holds wholly at their own locations; services and ops see every one', async () => {
    expect(ids(await list({}, atMadrid))).toEqual(named('madridA'));
    expect(ids(await list({ locationId: 'madrid' }, atMadrid))).toEqual(named('madridA'));
    expect(ids(await list({}, atBerlin))).toEqual(named('berlinB'));
    expect(ids(await list({ status: 'EXPIRED' }, atBerlin))).toEqual(named('lapsed'));
    expect(ids(await list({}, atBoth))).toEqual(named('split', 'berlinB', 'madridA'));
    expect(ids(await list({}, orderService))).toEqual(named('split', 'berlinB', 'madridA'));
  });

  it('refuses store staff naming another location, customers and anonymous callers, and reads nothing', async () => {
    const anonymous = Buffer.from(JSON.stringify({ sub: null, roles: [], locations: [] })).toString('base64url');
    const before = inventory.db.queryCount;

    const elsewhere = await list({ locationId: 'berlin' }, atMadrid);
    const customer = await list({}, alice);
    const anonymousAnswer = await graphqlRequest<Listing>(
      inventory.url,
      LIST,
      {},
      { ...(await bearer(gateway)), 'stockgraph-acting-for': anonymous },
    );

    expect(inventory.db.queryCount).toBe(before);
    expect(refusal(elsewhere)).toEqual({
      data: null,
      errors: [{ code: 'FORBIDDEN', field: 'locationId', message: 'you may list holds at madrid, not at berlin' }],
    });
    expect(refusal(customer).errors.map((error) => error.code)).toEqual(['FORBIDDEN']);
    expect(refusal(anonymousAnswer).errors.map((error) => error.code)).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses a page size out of 1..100 and a cursor it did not give out, with codes, and reads nothing', async () => {
    const before = inventory.db.queryCount;

    const answers = {
      none: await list({ first: 0 }),
      tooMany: await list({ first: 101 }),
      garbage: await list({ after: '!!not-a-cursor' }),
      foreign: await list({ after: encodeCursor(42) }),
    };

    expect(inventory.db.queryCount).toBe(before);
    expect(
      Object.fromEntries(
        Object.entries(answers).map(([name, answer]) => [
          name,
          refusal(answer).errors.map((e) => `${String(e.code)} ${String(e.field)}: ${e.message}`),
        ]),
      ),
    ).toEqual({
      none: ['INVALID_PAGE_SIZE first: first must be from 1 to 100, got 0'],
      tooMany: ['INVALID_PAGE_SIZE first: first must be from 1 to 100, got 101'],
      garbage: [
        `INVALID_CURSOR after: "!!not-a-cursor" is not a cursor from this list; pass an edge's cursor or pageInfo.endCursor`,
      ],
      foreign: [
        `INVALID_CURSOR after: "${encodeCursor(42)}" is not a cursor from this list; pass an edge's cursor or pageInfo.endCursor`,
      ],
    });
    expect(Object.values(answers).every((answer) => answer.data?.reservations == null)).toBe(true);
  });
});
