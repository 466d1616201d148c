import { randomUUID } from 'node:crypto';
import type { Caller } from '@stockgraph/domain';
import { bearer, graphqlData, graphqlRequest, type GraphQLResult, opsCaller, testDialects } from '@stockgraph/testing';
import { addLocations, startTestInventory, type TestInventory } from '../support/start-test-inventory';

const alice: Caller = { subject: 'alice', roles: ['customer'], locations: [] };
const bob: Caller = { subject: 'bob', roles: ['customer'], locations: [] };
const storeAtMadrid: Caller = { subject: 'staff-madrid', roles: ['store'], locations: ['madrid'] };
const storeAtBerlin: Caller = { subject: 'staff-berlin', roles: ['store'], locations: ['berlin'] };
const orderService: Caller = { subject: 'order', roles: ['service'], locations: [] };
const gatewayService: Caller = { subject: 'gateway', roles: ['service'], locations: [] };
const SKU = 'HOLD-1';

const RESERVE = `mutation ($input: ReserveStockInput!, $key: String!) {
  reserveStock(input: $input, idempotencyKey: $key) { reservation { id status reference } userErrors { code } }
}`;
const ENTITIES = `query ($r: [_Any!]!) {
  _entities(representations: $r) { ... on Reservation { id status reference expiresAt lines { sku quantity location { id } } } }
}`;
const LEVEL =
  'query ($skus: [ID!]!) { stockLevels(skus: $skus) { locationId: location { id } onHand reserved version } }';

interface Hold {
  id: string;
  status: string;
  reference: string | null;
  expiresAt: string;
  lines: Array<{ sku: string; quantity: number; location: { id: string } }>;
}
type Entities = { _entities: Array<Hold | null> };

/**
 * Who may read a hold through `_entities` (the way the gateway resolves `Order.reservation`
 * with the shopper's own token): the customer it was made for, store staff where it is,
 * operations and services; and only operations and services may say whom a hold is for.
 */
describe.each(testDialects())('who may see a reservation on %s', (dialect) => {
  let inventory: TestInventory;

  beforeAll(async () => {
    inventory = await startTestInventory(dialect, 'inventory_hold_visibility');
    await addLocations(inventory, [
      { id: 'madrid', priority: 1 },
      { id: 'berlin', priority: 2 },
    ]);
    await inventory.stock.adjust(
      { sku: SKU, locationId: 'madrid', set: 50, reason: 'received' },
      randomUUID(),
      opsCaller(),
    );
  });

  afterAll(() => inventory.stop());

  const reserve = async (as: Caller, input: Record<string, unknown>, key = randomUUID()) =>
    graphqlRequest<{
      reserveStock: {
        reservation: { id: string; status: string; reference: string | null } | null;
        userErrors: Array<{ code: string }>;
      } | null;
    }>(inventory.url, RESERVE, { input, key }, await bearer(as));
  /** A hold the order service made for `customerId`, referenced by a made-up order id. */
  const holdFor = async (customerId: string): Promise<string> => {
    const answer = await reserve(orderService, {
      lines: [{ sku: SKU, quantity: 1 }],
      reference: `order-${randomUUID()}`,
      customerId,
    });
    const id = answer.data?.reserveStock?.reservation?.id;
    if (!id) throw new Error(`the hold was not made: ${JSON.stringify(answer)}`);
    return id;
  };
  const entities = (ids: string[], headers: Record<string, string>) =>
    graphqlRequest<Entities>(
      inventory.url,
      ENTITIES,
      { r: ids.map((id) => ({ __typename: 'Reservation', id })) },
      headers,
    );
  const codes = (answer: GraphQLResult) => (answer.errors ?? []).map((error) => error.extensions?.code);
  const levels = () => graphqlData(inventory.url, LEVEL, { skus: [SKU] });

  it('records the customer a service names, and shows that customer the hold: status, lines, reference', async () => {
    const id = await holdFor('alice');

    const answer = await entities([id], await bearer(alice));

    expect(answer.errors).toBeUndefined();
    expect(answer.data?._entities).toEqual([
      {
        id,
        status: 'ACTIVE',
        reference: expect.stringMatching(/^order-/),
        expiresAt: expect.any(String),
        lines: [{ sku: SKU, quantity: 1, location: { id: 'madrid' } }],
      },
    ]);
    const [row] = await inventory.db.read((sql) =>
      sql.select<{ customer_id: string | null }>('SELECT customer_id FROM reservations WHERE id = ?', [id]),
    );
    expect(row).toEqual({ customer_id: 'alice' });
  });

  it("refuses another customer's hold with FORBIDDEN and no data, in a batch that still answers the caller's own", async () => {
    const ofAlice = await holdFor('alice');
    const ofBob = await holdFor('bob');

    const alone = await entities([ofAlice], await bearer(bob));
    const mixed = await entities([ofBob, ofAlice], await bearer(bob));

    expect({ codes: codes(alone), data: alone.data?._entities }).toEqual({ codes: ['FORBIDDEN'], data: [null] });
    expect(mixed.data?._entities.map((hold) => hold?.id ?? null)).toEqual([ofBob, null]);
    expect((mixed.errors ?? []).map((error) => ({ code: error.extensions?.code, path: error.path }))).toEqual([
      { code: 'FORBIDDEN', path: ['_entities', 1] },
    ]);
  });

  it('shows a hold to store staff where it is and refuses staff elsewhere; operations and services see any', async () => {
    const id = await holdFor('alice');

    const elsewhere = await entities([id], await bearer(storeAtBerlin));
    const here = await entities([id], await bearer(storeAtMadrid));
    const ops = await entities([id], await bearer(opsCaller('ana')));
    const service = await entities([id], await bearer(gatewayService));

    expect({ codes: codes(elsewhere), data: elsewhere.data?._entities }).toEqual({
      codes: ['FORBIDDEN'],
      data: [null],
    });
    for (const answer of [here, ops, service])
      expect({ codes: codes(answer), id: answer.data?._entities[0]?.id }).toEqual({ codes: [], id });
  });

  it('refuses a tokenless caller with 401, and an anonymous caller the gateway acts for with UNAUTHENTICATED', async () => {
    const id = await holdFor('alice');
    const actingForAnonymous = Buffer.from(JSON.stringify({ sub: null, roles: [], locations: [] })).toString(
      'base64url',
    );

    const tokenless = await fetch(inventory.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: ENTITIES, variables: { r: [{ __typename: 'Reservation', id }] } }),
    });
    const tokenlessBody = (await tokenless.json()) as GraphQLResult<Entities>;
    const viaGateway = await entities([id], {
      ...(await bearer(gatewayService)),
      'stockgraph-acting-for': actingForAnonymous,
    });

    expect({ status: tokenless.status, codes: codes(tokenlessBody), data: tokenlessBody.data ?? null }).toEqual({
      status: 401,
      codes: ['UNAUTHENTICATED'],
      data: null,
    });
    expect({ codes: codes(viaGateway), data: viaGateway.data?._entities }).toEqual({
      codes: ['UNAUTHENTICATED'],
      data: [null],
    });
  });

  it('shows no customer a hold made for nobody, such as one store staff took', async () => {
    const answer = await reserve(storeAtMadrid, { lines: [{ sku: SKU, quantity: 1, locationId: 'madrid' }] });
    const id = answer.data?.reserveStock?.reservation?.id ?? '';

    const seen = await entities([id], await bearer(alice));

    expect(id).not.toBe('');
    expect({ codes: codes(seen), data: seen.data?._entities }).toEqual({ codes: ['FORBIDDEN'], data: [null] });
  });

  it('refuses store staff who name a customer with FORBIDDEN on input.customerId, and holds nothing', async () => {
    const before = await levels();
    const holdsBefore = await inventory.db.read((sql) =>
      sql.select<{ n: number }>('SELECT COUNT(*) AS n FROM reservations'),
    );

    const answer = await reserve(storeAtMadrid, {
      lines: [{ sku: SKU, quantity: 5, locationId: 'madrid' }],
      customerId: 'alice',
    });

    expect({
      data: answer.data?.reserveStock ?? null,
      errors: (answer.errors ?? []).map((e) => ({ code: e.extensions?.code, field: e.extensions?.field })),
    }).toEqual({
      data: null,
      errors: [{ code: 'FORBIDDEN', field: 'input.customerId' }],
    });
    expect(await levels()).toEqual(before);
    expect(
      await inventory.db.read((sql) => sql.select<{ n: number }>('SELECT COUNT(*) AS n FROM reservations')),
    ).toEqual(holdsBefore);
  });

  it('lets operations hold for a named customer, and refuses a malformed customerId before holding anything', async () => {
    const before = await levels();
    const bad = await reserve(opsCaller('ana'), { lines: [{ sku: SKU, quantity: 1 }], customerId: 'c'.repeat(129) });
    expect({ codes: codes(bad), levels: await levels() }).toEqual({ codes: ['INVALID_CUSTOMER'], levels: before });

    const made = await reserve(opsCaller('ana'), { lines: [{ sku: SKU, quantity: 1 }], customerId: 'bob' });
    const id = made.data?.reserveStock?.reservation?.id ?? '';

    expect((await entities([id], await bearer(bob))).data?._entities[0]?.id).toBe(id);
    expect(codes(await entities([id], await bearer(alice)))).toEqual(['FORBIDDEN']);
  });

  it('counts the customer in the idempotency key: the same key for another customer is IDEMPOTENCY_KEY_REUSED', async () => {
    const key = randomUUID();
    const lines = [{ sku: SKU, quantity: 1 }];
    const first = await reserve(orderService, { lines, reference: 'order-x', customerId: 'alice' }, key);
    const before = await levels();

    const other = await reserve(orderService, { lines, reference: 'order-x', customerId: 'bob' }, key);
    const retry = await reserve(orderService, { lines, reference: 'order-x', customerId: 'alice' }, key);

    expect(codes(other)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    expect(retry.data?.reserveStock).toEqual(first.data?.reserveStock);
    expect(await levels()).toEqual(before);
  });

  it('keeps Query.reservation for store staff and services: a customer is refused there even for their own hold', async () => {
    const id = await holdFor('alice');
    const QUERY = 'query ($id: ID!) { reservation(id: $id) { id } }';

    const asAlice = await graphqlRequest(inventory.url, QUERY, { id }, await bearer(alice));
    const asService = await graphqlRequest(inventory.url, QUERY, { id }, await bearer(orderService));

    expect({ codes: codes(asAlice), data: asAlice.data?.reservation ?? null }).toEqual({
      codes: ['FORBIDDEN'],
      data: null,
    });
    expect(asService.data?.reservation).toEqual({ id });
  });
});
