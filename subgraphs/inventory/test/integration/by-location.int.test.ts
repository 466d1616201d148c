import { randomUUID } from 'node:crypto';
import type { Caller } from '@stockgraph/domain';
import { bearer, graphqlRequest, opsCaller, testDialects } from '@stockgraph/testing';
import { addLocations, startTestInventory, type TestInventory } from '../support/start-test-inventory';

const ops = opsCaller('test');
const alice: Caller = { subject: 'alice', roles: ['customer'], locations: [] };
const gateway: Caller = { subject: 'gateway', roles: ['service'], locations: [] };
const SKU = 'BYLOC-1';

const BY_LOCATION = `query ($r: [_Any!]!) {
  _entities(representations: $r) { ... on Product { sku inventory { available byLocation { location { id priority } available } } } }
}`;

type Answer = {
  _entities: Array<{
    sku: string;
    inventory: {
      available: number;
      byLocation: Array<{ location: { id: string; priority: number }; available: number }>;
    };
  }>;
};

/**
 * `InventorySummary.byLocation`: what each location can still sell of a product, for the
 * storefront's product page. Public like `available`; its figures are the ones reservations
 * go by, with an expired hold counted as released before the sweeper gets to it.
 */
describe.each(testDialects())('availability by location on %s', (dialect) => {
  let inventory: TestInventory;

  beforeAll(async () => {
    inventory = await startTestInventory(dialect, 'inventory_by_location');
    // Two locations share a priority: id decides between them.
    await addLocations(inventory, [
      { id: 'madrid', priority: 2 },
      { id: 'lisbon', priority: 1 },
      { id: 'berlin', priority: 1 },
    ]);
    await inventory.stock.adjust({ sku: SKU, locationId: 'madrid', set: 10, reason: 'received' }, randomUUID(), ops);
    await inventory.stock.adjust(
      { sku: SKU, locationId: 'madrid', quantity: 'SAFETY_STOCK', set: 2, reason: 'correction' },
      randomUUID(),
      ops,
    );
    await inventory.stock.adjust({ sku: SKU, locationId: 'berlin', set: 5, reason: 'received' }, randomUUID(), ops);
    await inventory.stock.adjust({ sku: SKU, locationId: 'lisbon', set: 3, reason: 'received' }, randomUUID(), ops);
    const hold = (locationId: string, quantity: number, ttlSeconds: number) =>
      inventory.stock.reserve({ lines: [{ sku: SKU, locationId, quantity }], ttlSeconds }, randomUUID(), ops);
    await hold('madrid', 3, 3600);
    await hold('lisbon', 3, 3600);
    // Past its expiry by the service's clock, and not swept: its 4 units already count as released.
    await hold('berlin', 4, 1);
    inventory.advance(2000);
  });

  afterAll(() => inventory.stop());

  const read = (headers: Record<string, string>, skus = [SKU]) =>
    graphqlRequest<Answer>(
      inventory.url,
      BY_LOCATION,
      { r: skus.map((sku) => ({ __typename: 'Product', sku })) },
      headers,
    );

  it('lists every location stocking the sku in priority order, then id, each with what it can sell', async () => {
    const answer = await read(await bearer(ops));

    expect(answer.errors).toBeUndefined();
    expect(answer.data?._entities[0]?.inventory).toEqual({
      available: 10,
      byLocation: [
        { location: { id: 'berlin', priority: 1 }, available: 5 },
        { location: { id: 'lisbon', priority: 1 }, available: 0 },
        { location: { id: 'madrid', priority: 2 }, available: 5 },
      ],
    });
  });

  it('counts the expired hold as released until it is swept, and the same after', async () => {
    const before = (await read(await bearer(ops))).data?._entities[0]?.inventory.byLocation;

    expect(await inventory.sweeper.sweep()).toBe(1);
    const after = (await read(await bearer(ops))).data?._entities[0]?.inventory.byLocation;

    expect(before?.find((entry) => entry.location.id === 'berlin')?.available).toBe(5);
    expect(after).toEqual(before);
  });

  it('answers an empty list for a sku no location stocks', async () => {
    const answer = await read(await bearer(ops), ['BYLOC-NONE']);

    expect(answer.data?._entities[0]?.inventory).toEqual({ available: 0, byLocation: [] });
  });

  it('answers customers and anonymous shoppers (through the gateway) alike', async () => {
    const anonymous = Buffer.from(JSON.stringify({ sub: null, roles: [], locations: [] })).toString('base64url');
    const asOps = await read(await bearer(ops));

    const asCustomer = await read(await bearer(alice));
    const asAnonymous = await read({ ...(await bearer(gateway)), 'stockgraph-acting-for': anonymous });

    for (const answer of [asCustomer, asAnonymous]) expect(answer).toEqual(asOps);
  });

  it('has no field for the quantities behind availability', async () => {
    const answer = await graphqlRequest<{ __type: { fields: Array<{ name: string }> } }>(
      inventory.url,
      '{ __type(name: "LocationAvailability") { fields { name } } }',
    );

    // The version is a change counter (so store replicas keep the newer figure), not a quantity.
    expect(answer.data?.__type.fields.map((field) => field.name)).toEqual(['location', 'available', 'version']);
  });
});
