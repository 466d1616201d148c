import pino from 'pino';
import { waitFor } from '@stockgraph/shared/testing';
import { startTickServer } from './support/tick-server';
import { UpstreamHub } from '../src/subscriptions/upstream-hub';

const log = pino({ level: 'silent' });
const target = (url: string, topic: string, connectionParams: Record<string, unknown>) => ({
  serviceName: 'ticks',
  url,
  operation: 'subscription ($topic: String!) { ticks(topic: $topic) }',
  operationName: undefined,
  variables: { topic },
  connectionParams,
});

describe('UpstreamHub against a real graphql-ws server', () => {
  it('forwards the client connection_init payload and shares identical upstreams', async () => {
    const subgraph = await startTickServer();
    const hub = new UpstreamHub(log);
    const seen: number[][] = [[], [], []];
    const releases = [
      hub.listen(target(subgraph.url, 'a', { authorization: 'Bearer one' }), { next: (d) => void seen[0]?.push(d.ticks as number), fail: () => undefined }),
      hub.listen(target(subgraph.url, 'a', { authorization: 'Bearer one' }), { next: (d) => void seen[1]?.push(d.ticks as number), fail: () => undefined }),
      hub.listen(target(subgraph.url, 'a', { authorization: 'Bearer two' }), { next: (d) => void seen[2]?.push(d.ticks as number), fail: () => undefined }),
    ];
    await waitFor(() => subgraph.active() === 2, { what: 'two upstream subscriptions for three listeners' });
    expect(hub.size).toBe(2);
    expect(subgraph.connections.map((c) => c.authorization).sort()).toEqual(['Bearer one', 'Bearer two']);
    subgraph.tick(7);
    await waitFor(() => seen.every((s) => s.length === 1), { what: 'every listener' });
    expect(seen).toEqual([[7], [7], [7]]);
    releases.forEach((release) => release());
    await waitFor(() => subgraph.active() === 0, { what: 'upstreams closed after the last listener left' });
    expect(hub.size).toBe(0);
    await hub.close();
    await subgraph.stop();
  });

  it('re-subscribes after the subgraph restarts, and events resume', async () => {
    let subgraph = await startTickServer();
    const port = subgraph.port;
    const hub = new UpstreamHub(log);
    const seen: number[] = [];
    const failures: unknown[] = [];
    hub.listen(target(subgraph.url, 'r', {}), { next: (d) => void seen.push(d.ticks as number), fail: (e) => void failures.push(e) });
    await waitFor(() => subgraph.active() === 1, { what: 'the upstream' });
    subgraph.tick(1);
    await waitFor(() => seen.length === 1, { what: 'the first event' });
    await subgraph.stop();
    subgraph = await startTickServer(port);
    await waitFor(() => subgraph.active() === 1, { what: 're-subscription', timeoutMs: 15_000 });
    subgraph.tick(2);
    await waitFor(() => seen.length === 2, { what: 'the event after the restart' });
    expect(seen).toEqual([1, 2]);
    expect(failures).toEqual([]);
    await hub.close();
    await subgraph.stop();
  });
});
