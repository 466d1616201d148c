import pino from 'pino';
import { waitFor } from '@stockgraph/testing';
import { startTickServer } from './support/tick-server';
import { UpstreamHub } from '../src/subscriptions/sharing/upstream-hub';

const log = pino({ level: 'silent' });
const target = (url: string, topic: string, scope: string) => ({
  serviceName: 'ticks',
  url,
  operation: 'subscription ($topic: String!) { ticks(topic: $topic) }',
  operationName: undefined,
  variables: { topic },
  scope,
});

/** connection_init payloads as the gateway's credentials make them: a service token (renewed: a new one each time asked) acting for the scope. */
function renewingParams() {
  let issued = 0;
  return async (scope: string): Promise<Record<string, unknown>> => {
    issued += 1;
    return { authorization: `Bearer service-${issued}`, actingFor: scope };
  };
}

describe('UpstreamHub against a real graphql-ws server', () => {
  it('opens one socket per scope with that scope in connection_init, and shares identical upstreams', async () => {
    const subgraph = await startTickServer();
    const hub = new UpstreamHub(log, renewingParams());
    const seen: number[][] = [[], [], []];
    const releases = [
      hub.listen(target(subgraph.url, 'a', 'scope-one'), {
        next: (d) => void seen[0]?.push(d.ticks as number),
        fail: () => undefined,
      }),
      hub.listen(target(subgraph.url, 'a', 'scope-one'), {
        next: (d) => void seen[1]?.push(d.ticks as number),
        fail: () => undefined,
      }),
      hub.listen(target(subgraph.url, 'a', 'scope-two'), {
        next: (d) => void seen[2]?.push(d.ticks as number),
        fail: () => undefined,
      }),
    ];
    await waitFor(() => subgraph.active() === 2, { what: 'two upstream subscriptions for three listeners' });
    expect(hub.size).toBe(2);
    expect(subgraph.connections.map((c) => c.actingFor).sort()).toEqual(['scope-one', 'scope-two']);
    expect(
      subgraph.connections.every(
        (c) => typeof c.authorization === 'string' && c.authorization.startsWith('Bearer service-'),
      ),
    ).toBe(true);
    subgraph.tick(7);
    await waitFor(() => seen.every((s) => s.length === 1), { what: 'every listener' });
    expect(seen).toEqual([[7], [7], [7]]);
    releases.forEach((release) => release());
    await waitFor(() => subgraph.active() === 0, { what: 'upstreams closed after the last listener left' });
    expect(hub.size).toBe(0);
    await hub.close();
    await subgraph.stop();
  });

  it('ends an upstream whose event came with errors at the subgraph too, not only for its listeners', async () => {
    const subgraph = await startTickServer();
    const hub = new UpstreamHub(log, renewingParams());
    const failures: string[] = [];
    hub.listen(
      {
        ...target(subgraph.url, 'x', 'scope-x'),
        operation: 'subscription { tickObjects { id secret } }',
        variables: {},
      },
      { next: () => undefined, fail: (errors) => void failures.push(...errors.map((e) => e.message)) },
    );
    await waitFor(() => subgraph.active() === 1, { what: 'the upstream' });
    subgraph.tick(1);
    await waitFor(() => failures.length > 0, { what: "the event's errors" });
    expect(failures).toEqual(['secret is not yours to read']);
    expect(hub.size).toBe(0);
    // A field error does not end a GraphQL subscription by itself: the gateway must say so.
    await waitFor(() => subgraph.active() === 0, { what: 'the subgraph to end the upstream subscription' });
    await hub.close();
    await subgraph.stop();
  });

  it('re-subscribes after the subgraph restarts with freshly asked credentials, and events resume', async () => {
    let subgraph = await startTickServer();
    const port = subgraph.port;
    const hub = new UpstreamHub(log, renewingParams());
    const seen: number[] = [];
    const failures: unknown[] = [];
    hub.listen(target(subgraph.url, 'r', 'scope-r'), {
      next: (d) => void seen.push(d.ticks as number),
      fail: (e) => void failures.push(e),
    });
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
    // The reconnect asked for credentials again (a renewed service token), for the same scope.
    expect(subgraph.connections).toHaveLength(1);
    expect(subgraph.connections[0]).toMatchObject({ actingFor: 'scope-r' });
    expect(subgraph.connections[0]?.authorization).not.toBe('Bearer service-1');
    await hub.close();
    await subgraph.stop();
  });
});
