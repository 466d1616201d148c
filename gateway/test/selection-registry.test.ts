import pino from 'pino';
import type { ExecutionResult } from 'graphql';
import type { Delivery } from '@stockgraph/runtime';
import { waitFor } from '@stockgraph/testing';
import { UpstreamHub } from '../src/subscriptions/sharing/upstream-hub';
import { startTickServer } from './support/tick-server';
import { tickRegistry, tickSubscription } from './support/tick-subscriptions';

const log = pino({ level: 'silent' });
const FILTERED = 'subscription ($ids: [ID!]) { filteredTicks(ids: $ids) { id n } }';
const clientSubscription = tickSubscription;

/** Everything a subscription receives, as it arrives (each result as the wire carries it, parsed back). */
function record(iterator: AsyncIterableIterator<Delivery>): ExecutionResult[] {
  const seen: ExecutionResult[] = [];
  void (async () => {
    for await (const delivery of iterator) seen.push(JSON.parse(delivery.json) as ExecutionResult);
  })();
  return seen;
}

const ticksOf = (seen: ExecutionResult[]) =>
  seen.map((result) => (result.data as { filteredTicks: { id: string; n: number } } | undefined)?.filteredTicks.n);

describe('SelectionRegistry', () => {
  let subgraph: Awaited<ReturnType<typeof startTickServer>>;
  let hub: UpstreamHub;
  const losses: string[] = [];
  const groups = (maxFilterValues = 100, bufferSize = 1000, overlapMs = 300) =>
    tickRegistry({ hub, url: () => subgraph.url, losses, log, bufferSize, maxFilterValues, overlapMs });

  beforeEach(async () => {
    subgraph = await startTickServer();
    hub = new UpstreamHub(log, async (scope) => ({ actingFor: scope }));
    losses.length = 0;
  });
  afterEach(async () => {
    await hub.close();
    await subgraph.stop();
  });

  it('holds each identity to its update rate, every client ending on the latest value, the skipped ones counted', async () => {
    const gated = tickRegistry({ hub, url: () => subgraph.url, losses, log, maxUpdatesPerSecond: 10 });
    const subscription = clientSubscription('subscription { tickObjects { id n } }');
    const clients = [record(gated.join(subscription)), record(gated.join(subscription))];
    await waitFor(() => subgraph.active() === 1, { what: 'one upstream for both clients' });
    // Ticks 0..49 are about five identities (id-0 … id-4), ten each, sent in one burst.
    for (let n = 0; n < 50; n += 1) subgraph.tick(n);
    const last = (seen: ExecutionResult[], id: string) =>
      seen
        .map((r) => (r.data as { tickObjects: { id: string; n: number } }).tickObjects)
        .filter((t) => t.id === id)
        .pop()?.n;
    await waitFor(() => clients.every((seen) => [0, 1, 2, 3, 4].every((i) => last(seen, `id-${i}`) === 45 + i)), {
      what: 'every client to end on each identity’s last tick',
    });
    for (const seen of clients) {
      const ticks = seen.map((r) => (r.data as { tickObjects: { id: string; n: number } }).tickObjects);
      // Each identity's values in order, and fewer than sent: the burst is far faster than ten a second.
      for (let i = 0; i < 5; i += 1) {
        const ns = ticks.filter((t) => t.id === `id-${i}`).map((t) => t.n);
        expect([...ns].sort((a, b) => a - b)).toEqual(ns);
      }
      expect(ticks.length).toBeLessThan(50);
    }
    expect(clients[0]?.length).toBe(clients[1]?.length);
    expect(losses).toEqual(Array(2 * (50 - (clients[0]?.length ?? 0))).fill('rate_limited'));
  });

  it('keeps a slow client bounded at the latest value per identity, counted, while a fast one gets everything', async () => {
    const shared = groups(100, 5);
    const subscription = clientSubscription('subscription { tickObjects { id n } }');
    const slow = shared.join(subscription);
    const fastSeen = record(shared.join(subscription));
    await waitFor(() => subgraph.active() === 1, { what: 'one upstream for both clients' });
    for (let n = 0; n < 50; n += 1) subgraph.tick(n);
    await waitFor(() => fastSeen.length === 50, { what: 'the fast client to get all 50' });
    const slowSeen: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const delivery = (await slow.next()).value as Delivery;
      slowSeen.push((delivery.result.data as { tickObjects: { n: number } }).tickObjects.n);
    }
    expect(slowSeen.sort((a, b) => a - b)).toEqual([45, 46, 47, 48, 49]);
    expect(losses.length).toBe(45);
    expect(new Set(losses)).toEqual(new Set(['coalesced']));
    await slow.return?.();
  });

  it('serves clients watching different ids from one upstream carrying their union, each getting exactly its own events once and in order', async () => {
    const shared = groups();
    const a = record(shared.join(clientSubscription(FILTERED, { ids: ['id-1'] })));
    const b = record(
      shared.join(clientSubscription('subscription Other { filteredTicks(ids: ["id-2", "id-3"]) { id n } }')),
    );
    const all = record(shared.join(clientSubscription('subscription { filteredTicks { id n } }')));
    // The third watches everything: one upstream without a filter, after the two before it.
    await waitFor(() => subgraph.active() === 1 && subgraph.filters.at(-1) === null, {
      what: 'one upstream watching everything',
      timeoutMs: 5000,
    });
    for (let n = 0; n < 20; n += 1) subgraph.tick(n);
    await waitFor(() => all.length === 20, { what: 'every tick to the client watching all' });
    await waitFor(() => a.length === 4 && b.length === 8, { what: 'each client its own ticks' });
    expect(ticksOf(a)).toEqual([1, 6, 11, 16]);
    expect(ticksOf(b)).toEqual([2, 3, 7, 8, 12, 13, 17, 18]);
    expect(ticksOf(all)).toEqual(Array.from({ length: 20 }, (_unused, n) => n));
  });

  it('widens the upstream to the union when a client needs more, losing and repeating nothing across the switch', async () => {
    const shared = groups();
    const a = record(shared.join(clientSubscription(FILTERED, { ids: ['id-1'] })));
    await waitFor(() => subgraph.active() === 1, { what: 'the first upstream' });
    expect(subgraph.filters).toEqual([['id-1']]);
    const b = record(shared.join(clientSubscription(FILTERED, { ids: ['id-2'] })));
    await waitFor(() => subgraph.filters.length === 2, { what: 'the widened upstream' });
    expect(subgraph.filters[1]).toEqual(['id-1', 'id-2']);
    // Ticks while both upstreams are open, and after the old one closed.
    for (let n = 0; n < 10; n += 1) subgraph.tick(n);
    await waitFor(() => subgraph.active() === 1, { what: 'the old upstream to close after the overlap' });
    for (let n = 10; n < 20; n += 1) subgraph.tick(n);
    await waitFor(() => a.length === 4 && b.length === 4, { what: 'both clients their ticks' });
    expect(ticksOf(a)).toEqual([1, 6, 11, 16]);
    expect(ticksOf(b)).toEqual([2, 7, 12, 17]);
  });

  it('drops the filter upstream once the union would pass the limit', async () => {
    const shared = groups(2);
    record(shared.join(clientSubscription(FILTERED, { ids: ['id-1', 'id-2'] })));
    await waitFor(() => subgraph.active() === 1, { what: 'the first upstream' });
    record(shared.join(clientSubscription(FILTERED, { ids: ['id-3'] })));
    await waitFor(() => subgraph.filters.length === 2, { what: 'the replacing upstream' });
    expect(subgraph.filters[1]).toBeNull();
  });

  it('gives the subgraph refusal only to the client whose values caused it, and keeps serving the others', async () => {
    // The refusal must come back while the working upstream is still kept beside the new
    // one: on a loaded machine it took longer than the 300 ms the other tests overlap for,
    // the working upstream was released first, and the good client lost its events too.
    const shared = groups(100, 1000, 10_000);
    const good = record(shared.join(clientSubscription(FILTERED, { ids: ['id-1'] })));
    await waitFor(() => subgraph.active() === 1, { what: 'the first upstream' });
    const bad = record(shared.join(clientSubscription(FILTERED, { ids: ['bad-1'] })));
    await waitFor(() => bad.length === 1, { what: 'the refusal' });
    expect(bad[0]?.errors?.[0]?.message).toContain('"bad-1" is not an id');
    for (let n = 0; n < 10; n += 1) subgraph.tick(n);
    await waitFor(() => good.length === 2, { what: 'the good client to go on' });
    expect(ticksOf(good)).toEqual([1, 6]);
    expect(subgraph.filters).toEqual([['id-1']]);
  });
});
