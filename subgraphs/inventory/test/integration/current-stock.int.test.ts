import { randomUUID } from 'node:crypto';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { bearer, graphqlRequest, opsCaller, testDialects, waitFor } from '@stockgraph/testing';
import { addLocations, startTestInventory, type TestInventory } from '../support/start-test-inventory';

const ops = opsCaller('test');
const SKU = 'CUR-1';
const LOCATIONS = ['madrid', 'berlin'];

interface Change {
  eventId: string;
  sku: string;
  locationId: string;
  available: number;
  version: number;
}

/**
 * `stockChanged(current: true)` at the subgraph itself (the gateway answers it the same way
 * from `stockSnapshot`): the current level of every watched level first, then the changes,
 * and never an older version after a newer one — even for a subscriber that starts in the
 * middle of a burst of changes.
 */
describe.each(testDialects())('the current state first, on %s', (dialect) => {
  let inventory: TestInventory;
  let client: Client;

  beforeAll(async () => {
    inventory = await startTestInventory(dialect, 'inventory_current');
    await addLocations(
      inventory,
      LOCATIONS.map((id, i) => ({ id, priority: i + 1 })),
    );
    for (const locationId of LOCATIONS)
      await inventory.stock.adjust({ sku: SKU, locationId, set: 100, reason: 'received' }, randomUUID(), ops);
    client = createClient({
      url: inventory.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: await bearer(ops),
      retryAttempts: 0,
    });
  });

  afterAll(async () => {
    await client?.dispose();
    await inventory?.stop();
  });

  const levels = async () =>
    new Map((await inventory.queries.levelsBySkus([SKU])).map((level) => [level.locationId, level.version] as const));

  test('stockSnapshot answers each level as it is now, as the change that made it', async () => {
    const answer = await graphqlRequest<{ stockSnapshot: Array<Change & { cause: string; onHand: number }> }>(
      inventory.url,
      'query ($skus: [ID!]!) { stockSnapshot(skus: $skus) { eventId sku locationId available version cause onHand } }',
      { skus: [SKU] },
      await bearer(ops),
    );
    const versions = await levels();
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.stockSnapshot).toHaveLength(2);
    for (const item of answer.data?.stockSnapshot ?? []) {
      expect(item).toMatchObject({ sku: SKU, available: 100, onHand: 100, cause: 'ADJUST' });
      expect(item.version).toBe(versions.get(item.locationId));
      expect(item.eventId).toBe(`current:${SKU}@${item.locationId}:${item.version}`);
    }
  });

  test('a subscriber starting in the middle of a burst gets every level, never goes back, and ends at the last version', async () => {
    const seen: Change[] = [];
    const burst = Array.from({ length: 40 }, (_, i) =>
      inventory.stock.adjust(
        { sku: SKU, locationId: LOCATIONS[i % 2], delta: -1, reason: 'correction' },
        randomUUID(),
        ops,
      ),
    );
    const unsubscribe = client.subscribe<{ stockChanged: Change }>(
      {
        query:
          'subscription ($skus: [ID!]) { stockChanged(skus: $skus, current: true) { eventId sku locationId available version } }',
        variables: { skus: [SKU] },
      },
      {
        next: (result) => result.data && seen.push(result.data.stockChanged),
        error: () => undefined,
        complete: () => undefined,
      },
    );
    await Promise.all(burst);
    const final = await levels();
    await waitFor(() => LOCATIONS.every((at) => seen.some((c) => c.locationId === at && c.version === final.get(at))), {
      what: 'the subscriber to reach the last version of every level',
      timeoutMs: 30_000,
    });
    unsubscribe();
    // The first thing it got of each level is its current state.
    for (const at of LOCATIONS) expect(seen.find((c) => c.locationId === at)?.eventId).toMatch(/^current:/);
    for (const at of LOCATIONS) {
      const versions = seen.filter((c) => c.locationId === at).map((c) => c.version);
      expect(versions).toEqual([...versions].sort((a, b) => a - b));
      expect(new Set(versions).size).toBe(versions.length);
    }
    expect(seen.at(-1)?.available).toBeGreaterThanOrEqual(0);
  });

  test('the current state of everything is refused: name the skus', async () => {
    const errors = await new Promise<unknown>((resolve) => {
      client.subscribe(
        { query: 'subscription { stockChanged(current: true) { sku } }' },
        { next: (result) => resolve(result.errors), error: resolve, complete: () => undefined },
      );
    });
    expect(JSON.stringify(errors)).toContain('FILTER_REQUIRED');
    const tooMany = await graphqlRequest(
      inventory.url,
      'query ($skus: [ID!]!) { stockSnapshot(skus: $skus) { sku } }',
      { skus: Array.from({ length: 1001 }, (_, i) => `SKU-${i}`) },
      await bearer(ops),
    );
    expect(tooMany.errors?.[0]?.extensions?.code).toBe('INPUT_LIST_TOO_LONG');
  });
});
